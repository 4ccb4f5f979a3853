// `marketgate serve` as the product runs it, for end-to-end tests: a config
// written into a temporary folder (SQLite store there, the shipped markets or
// a copy, test API keys, optionally TLS on both listeners with a certificate
// made by the test), the process started on ephemeral ports, and clients
// for each listener.
#pragma once

#include <memory>
#include <string>

#include "serve_process.h"
#include "wire_client.h"

namespace mg::e2e {

inline constexpr const char* kReadKey = "sk_e2e_read";
inline constexpr const char* kPurchasesKey = "sk_e2e_purchases";
inline constexpr const char* kAdsKey = "sk_e2e_ads";
inline constexpr const char* kAdminKey = "sk_e2e_admin";

struct GatewayOptions {
  bool tls = false;
  // The markets served; default: the shipped regions/.
  std::string regions_dir = MG_SOURCE_DIR "/regions";
  int max_body_bytes = 65536;
};

class GatewayUnderTest {
 public:
  explicit GatewayUnderTest(GatewayOptions options);
  ~GatewayUnderTest();

  // Starts the process and waits until /readyz answers 200. False (with
  // failure() saying why) when it does not come up.
  bool Start();
  const std::string& failure() const { return failure_; }

  WireClient PublicClient() const { return WireClient(port_, ca_file_); }
  WireClient AdminClient() const { return WireClient(admin_port_, ca_file_); }
  http::testing::ServeProcess& process() { return *process_; }
  // Rows in a table of the gateway's SQLite database.
  long long CountRows(const std::string& table) const;
  const std::string& dir() const { return dir_; }

 private:
  GatewayOptions options_;
  std::string dir_;
  std::string config_;
  std::string db_;
  std::string ca_file_;  // empty without TLS
  std::unique_ptr<http::testing::ServeProcess> process_;
  unsigned short port_ = 0;
  unsigned short admin_port_ = 0;
  std::string failure_;
};

}  // namespace mg::e2e
