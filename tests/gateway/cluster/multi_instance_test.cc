// Three `marketgate serve` processes on one PostgreSQL database, the
// providers played by the sandbox: the same Idempotency-Key sent to every
// instance at once charges once and answers the same body everywhere, and a
// spending limit holds across instances.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <barrier>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "base/crypto.h"
#include "gateway/sandbox/sandbox_server.h"
#include "http_test_support.h"
#include "postgres_server.h"
#include "regions_with_spend_limit.h"
#include "serve_process.h"

namespace mg::cluster {
namespace {

namespace fs = std::filesystem;
using http::testing::ServeProcess;

constexpr const char* kKey = "sk_cluster_test_purchases";
constexpr int kInstances = 3;

struct Answer {
  int status = 0;
  std::string body;
};

// One purchase request; a 409 idempotency_key_in_progress (another instance
// is running the same key) is retried, as the API asks clients to.
Answer Purchase(unsigned short port, const std::string& idempotency_key, const std::string& body) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    http::RawRequest request =
        http::testing::MakeRequest(http::Verb::post, "/v1/purchases", kKey, body);
    request.set("Idempotency-Key", idempotency_key);
    request.prepare_payload();
    http::testing::TestClient client(port);
    if (!client.connected() || client.Send(request)) return {};
    std::optional<http::RawResponse> response = client.Read();
    if (!response) return {};
    const bool in_progress =
        response->result_int() == 409 &&
        response->body().find("idempotency_key_in_progress") != std::string::npos;
    if (!in_progress) return {static_cast<int>(response->result_int()), response->body()};
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return {};
}

std::string PurchaseBody(const std::string& customer, const std::string& sku) {
  return R"({"market": "DE", "locale": "de-DE", "customer": {"id": ")" + customer +
         R"(", "age": 30, "consent_immediate_delivery": true}, "items": [{"sku": ")" + sku +
         R"(", "quantity": 1}], "payment": {"method": "card", "token": "tok_success"}})";
}

// A single-value query on the test database; -1 on error.
int64_t QueryCount(const std::string& dsn, const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(dsn.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) return -1;
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK || PQntuples(result.get()) != 1) return -1;
  return std::stoll(PQgetvalue(result.get(), 0, 0));
}

class MultiInstanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = store::testing::SharedPostgresServer();
    if (!server.ok() && store::testing::PostgresSkipRequested()) {
      GTEST_SKIP() << "MG_SKIP_POSTGRES=1: " << server.status().ToString();
    }
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    // A database per test: the server is shared by the whole test binary.
    static int databases = 0;
    auto dsn = (*server)->CreateDatabase("cluster_" + std::to_string(++databases));
    ASSERT_TRUE(dsn.ok()) << dsn.status().ToString();
    dsn_ = *dsn;

    auto sandbox = sandbox::SandboxServer::Start({});
    ASSERT_TRUE(sandbox.ok()) << sandbox.status().ToString();
    sandbox_ = std::move(*sandbox);

    dir_ = fs::temp_directory_path() / ("mg_cluster_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // DE with a daily limit of 25.00 EUR on coins for adults.
    api::testing::CopyRegionsWithDailyCoinLimit(dir_ / "regions");
    const std::string config = (dir_ / "marketgate.yaml").string();
    std::ofstream(config) << "listen: 127.0.0.1:0\n"
                          << "admin_listen: public\n"
                          << "threads: 1\n"
                          << "worker_threads: 4\n"
                          << "regions_dir: " << (dir_ / "regions").string() << "\n"
                          << "default_return_url: https://app.example/return\n"
                          << "store: {driver: postgres, dsn: '" << dsn_ << "'}\n"
                          << "api_keys:\n  - {name: cluster, sha256: "
                          << mg::HexEncode(mg::Sha256(kKey))
                          << ", scopes: [read, purchases]}\n"
                          // DE routes cards to adyen (80) and stripe (20): both
                          // on the sandbox, so both refund paths are exercised.
                          << "providers:\n"
                          << "  stripe: {base_url: " << sandbox_->base_url()
                          << "/stripe, secret: sk_test_x}\n"
                          << "  adyen: {base_url: " << sandbox_->base_url()
                          << "/adyen, secret: sandbox-adyen-key,"
                          << " settings: {merchant_account: MarketgateSandbox}}\n"
                          << "log_level: warning\n";
    // One after the other: the first applies the migrations to the empty database.
    for (int i = 0; i < kInstances; ++i) {
      instances_.push_back(std::make_unique<ServeProcess>(
          MG_MARKETGATE_BINARY, std::vector<std::string>{"serve", "--config", config}));
      unsigned short port = instances_.back()->ReadPort();
      ASSERT_NE(port, 0) << "instance " << i << " did not start";
      ASSERT_TRUE(http::testing::WaitUntilReady(port, std::chrono::seconds(30))) << i;
      ports_.push_back(port);
    }
  }

  void TearDown() override {
    instances_.clear();
    if (sandbox_) sandbox_->Stop();
    fs::remove_all(dir_);
  }

  // The sandbox's charges per reference (our purchase id).
  std::map<std::string, int> ChargesByReference() {
    std::map<std::string, int> charges;
    auto url = boost::urls::parse_uri(sandbox_->base_url());
    auto ledger = http::testing::Fetch(static_cast<unsigned short>(url->port_number()),
                                       http::Verb::get, "/_sandbox/ledger");
    EXPECT_TRUE(ledger.has_value());
    if (!ledger) return charges;
    const boost::json::value parsed = boost::json::parse(ledger->body());
    for (const auto& charge : parsed.at("charges").as_array()) {
      ++charges[std::string(charge.at("reference").as_string())];
    }
    return charges;
  }

  std::string dsn_;
  std::unique_ptr<sandbox::SandboxServer> sandbox_;
  fs::path dir_;
  std::vector<std::unique_ptr<ServeProcess>> instances_;
  std::vector<unsigned short> ports_;
};

TEST_F(MultiInstanceTest, OneKeySentToEveryInstanceAtOnceChargesOnce) {
  constexpr int kKeys = 12;
  // answers[key][instance]
  std::vector<std::vector<Answer>> answers(kKeys, std::vector<Answer>(kInstances));
  for (int k = 0; k < kKeys; ++k) {
    // Every instance gets the key at the same moment.
    std::barrier start(kInstances);
    std::vector<std::thread> clients;
    for (int i = 0; i < kInstances; ++i) {
      clients.emplace_back([&, k, i] {
        start.arrive_and_wait();
        // A different customer per key: the spending limit stays out of this test.
        answers[k][i] = Purchase(ports_[i], "same-key-" + std::to_string(k),
                                 PurchaseBody("c-" + std::to_string(k), "coins_70"));
      });
    }
    for (auto& client : clients) client.join();
  }

  std::set<std::string> purchase_ids;
  for (int k = 0; k < kKeys; ++k) {
    for (int i = 0; i < kInstances; ++i) {
      EXPECT_EQ(answers[k][i].status, 201)
          << "key " << k << " instance " << i << ": " << answers[k][i].body;
      EXPECT_EQ(answers[k][i].body, answers[k][0].body) << "key " << k << " instance " << i;
    }
    if (answers[k][0].status == 201) {
      purchase_ids.insert(std::string(boost::json::parse(answers[k][0].body).at("id").as_string()));
    }
  }
  EXPECT_EQ(purchase_ids.size(), static_cast<size_t>(kKeys));
  EXPECT_EQ(QueryCount(dsn_, "SELECT COUNT(*) FROM purchases"), kKeys);
  std::map<std::string, int> charges = ChargesByReference();
  EXPECT_EQ(charges.size(), static_cast<size_t>(kKeys));
  for (const std::string& id : purchase_ids) EXPECT_EQ(charges[id], 1) << id;
}

TEST_F(MultiInstanceTest, ASpendingLimitHoldsAcrossInstances) {
  // 4.99 EUR each against 25.00 EUR a day: five fit, whichever instance serves them.
  // A charge the store finds over the limit is refunded at once and answered 422;
  // Adyen's refunds answer "received" (pending), which counts as given back.
  constexpr int kAttempts = 12;
  std::vector<Answer> answers(kAttempts);
  std::barrier start(kAttempts);
  std::vector<std::thread> clients;
  for (int n = 0; n < kAttempts; ++n) {
    clients.emplace_back([&, n] {
      start.arrive_and_wait();
      answers[n] = Purchase(ports_[n % kInstances], "limit-" + std::to_string(n),
                            PurchaseBody("c-limited", "coins_350"));
    });
  }
  for (auto& client : clients) client.join();

  int succeeded = 0;
  for (const Answer& answer : answers) {
    if (answer.status == 201) {
      ++succeeded;
    } else {
      EXPECT_EQ(answer.status, 422) << answer.body;
      EXPECT_NE(answer.body.find("compliance_denied"), std::string::npos) << answer.body;
    }
  }
  EXPECT_EQ(succeeded, 5);
  EXPECT_EQ(
      QueryCount(
          dsn_,
          "SELECT COALESCE(SUM(amount_minor), 0) FROM spends WHERE customer_id = 'c-limited'"),
      5 * 499);
}

}  // namespace
}  // namespace mg::cluster
