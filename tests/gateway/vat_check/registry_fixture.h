// The VAT registry checker's tests: a marketgate-sandbox server in-process
// (its VIES and HMRC emulators, gateway/sandbox/src/vat_registry_emulator.cc)
// and a checker pointed at it over real HTTP on loopback.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "gateway/outbound/http_client.h"
#include "gateway/sandbox/sandbox_server.h"
#include "gateway/vat_check/registry_vat_id_checker.h"

namespace mg::vat_check::testing {

// Sandbox numbers (vat_registry_emulator.h): valid check digits, and
inline constexpr char kRegisteredDe[] = "DE136695976";    // registered
inline constexpr char kDeregisteredDe[] = "DE200000005";  // deregistered
inline constexpr char kViesDown[] = "DE301000004";        // MS_UNAVAILABLE
inline constexpr char kRegisteredGb[] = "GB100000089";    // registered
inline constexpr char kDeregisteredGb[] = "GB200000081";  // NOT_FOUND
inline constexpr char kHmrcDown[] = "GB301000067";        // 500
inline constexpr char kDeregisteredXi[] = "XI200000081";  // deregistered, via VIES

struct RequestCounts {
  int vies = -1;
  int hmrc_token = -1;
  int hmrc_lookup = -1;
};

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = sandbox::SandboxServer::Start(sandbox::SandboxOptions{});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    auto client = outbound::HttpClient::Create({});
    ASSERT_TRUE(client.ok());
    http_ = std::move(*client);
    baseline_ = RawCounts();
  }

  // Options that reach the sandbox; the clock is the test's.
  RegistryCheckerOptions Options() {
    RegistryCheckerOptions options;
    options.vies = ViesOptions{server_->base_url() + "/registries/vies"};
    options.hmrc = HmrcOptions{server_->base_url() + "/registries/hmrc", "sbx-client",
                               Secret("sbx-client-secret")};
    options.cache_ttl = std::chrono::seconds(3600);
    options.now = [this] { return now_; };
    return options;
  }

  std::unique_ptr<RegistryVatIdChecker> Checker(RegistryCheckerOptions options) {
    auto checker = RegistryVatIdChecker::Create(std::move(options));
    EXPECT_TRUE(checker.ok()) << checker.status().ToString();
    return checker.ok() ? std::move(*checker) : nullptr;
  }

  // What the emulators answered since SetUp(), asked of the sandbox itself.
  RequestCounts Counts() {
    RequestCounts now = RawCounts();
    return RequestCounts{now.vies - baseline_.vies, now.hmrc_token - baseline_.hmrc_token,
                         now.hmrc_lookup - baseline_.hmrc_lookup};
  }

  RequestCounts RawCounts() {
    outbound::HttpRequest request;
    request.url = server_->base_url() + "/registries/_sandbox/requests";
    outbound::HttpResult result = http_->Send(request);
    RequestCounts counts;
    if (!result.ok() || result.response.status != 200) {
      ADD_FAILURE() << "counts unavailable: " << result.error;
      return counts;
    }
    boost::json::object body = boost::json::parse(result.response.body).as_object();
    counts.vies = static_cast<int>(body.at("vies").as_int64());
    counts.hmrc_token = static_cast<int>(body.at("hmrc_token").as_int64());
    counts.hmrc_lookup = static_cast<int>(body.at("hmrc_lookup").as_int64());
    return counts;
  }

  std::unique_ptr<sandbox::SandboxServer> server_;
  std::shared_ptr<outbound::HttpClient> http_;
  RequestCounts baseline_;
  std::chrono::steady_clock::time_point now_ =
      std::chrono::steady_clock::time_point{} + std::chrono::hours(1000);
};

}  // namespace mg::vat_check::testing
