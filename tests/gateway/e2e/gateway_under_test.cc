#include "gateway_under_test.h"

#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/crypto.h"
#include "gateway/http/auth.h"
#include "http_test_support.h"

namespace mg::e2e {
namespace {

namespace fs = std::filesystem;

std::string KeyLine(const char* name, const char* key, const char* scope) {
  return std::string("  - {name: ") + name + ", sha256: " + mg::HexEncode(mg::Sha256(key)) +
         ", scopes: [" + scope + "]}\n";
}

}  // namespace

GatewayUnderTest::GatewayUnderTest(GatewayOptions options) : options_(std::move(options)) {
  std::string dir = (fs::temp_directory_path() / "mg-e2e-XXXXXX").string();
  if (::mkdtemp(dir.data()) != nullptr) dir_ = dir;
  config_ = dir_ + "/marketgate.yaml";
  db_ = dir_ + "/gateway.db";
}

GatewayUnderTest::~GatewayUnderTest() {
  process_.reset();  // kills a process still running
  if (!dir_.empty()) fs::remove_all(dir_);
}

bool GatewayUnderTest::Start() {
  if (dir_.empty()) {
    failure_ = "no temporary directory";
    return false;
  }
  std::ofstream config(config_);
  config
      << "listen: 127.0.0.1:0\n"
      << "admin_listen: 127.0.0.1:0\n"
      << "regions_dir: " << options_.regions_dir << "\n"
      << "default_return_url: https://app.example/return\n"
      << "store: {driver: sqlite, path: " << db_ << "}\n"
      << "api_keys:\n"
      << KeyLine("reader", kReadKey, "read") << KeyLine("app", kPurchasesKey, "purchases")
      << KeyLine("ad_tools", kAdsKey, "ads")
      << KeyLine("ops", kAdminKey, "admin")
      // The in-process sandbox, by name, for every provider the markets route to.
      << "providers:\n  stripe: {kind: sandbox}\n  adyen: {kind: sandbox}\n  pix: {kind: sandbox}\n"
      << "limits: {max_body_bytes: " << options_.max_body_bytes << ", shutdown_drain_ms: 2000}\n"
      << "log_level: warning\n";
  if (options_.tls) {
    http::testing::TestCertificate certificate = http::testing::MakeSelfSignedCertificate();
    for (const char* file : {"cert.pem", "key.pem"}) {
      fs::copy_file(fs::path(certificate.dir) / file, fs::path(dir_) / file,
                    fs::copy_options::overwrite_existing);
    }
    fs::remove_all(certificate.dir);
    ca_file_ = dir_ + "/cert.pem";
    config << "tls: {cert: " << ca_file_ << ", key: " << dir_ << "/key.pem}\n"
           << "admin_tls: {cert: " << ca_file_ << ", key: " << dir_ << "/key.pem}\n";
  }
  config.close();

  process_ = std::make_unique<http::testing::ServeProcess>(
      MG_MARKETGATE_BINARY, std::vector<std::string>{"serve", "--config", config_});
  port_ = process_->ReadPort();
  admin_port_ = process_->ReadPort(/*admin=*/true);
  if (port_ == 0 || admin_port_ == 0) {
    failure_ = "marketgate serve did not announce its ports (see its stderr above)";
    return false;
  }
  WireClient client = PublicClient();
  for (int i = 0; i < 200; ++i) {
    std::optional<WireResponse> ready = client.Exchange(http::Verb::get, "/readyz", "");
    if (ready && ready->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  failure_ = "/readyz never answered 200: " + client.error();
  return false;
}

long long GatewayUnderTest::CountRows(const std::string& table) const {
  sqlite3* db = nullptr;
  long long rows = -1;
  if (sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    std::string sql = "SELECT COUNT(*) FROM " + table;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      rows = sqlite3_column_int64(statement, 0);
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return rows;
}

}  // namespace mg::e2e
