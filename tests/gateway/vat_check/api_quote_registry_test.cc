// POST /v1/quotes through a gateway whose config has a `vat_check:` section
// pointing at the sandbox's VIES: the reverse charge follows the register.
// Built as vat_check_api_test once ApiTest (tests/gateway/api) can take the
// section (its `vat_check_` member), with the config wiring.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api_test_support.h"
#include "gateway/sandbox/sandbox_server.h"

namespace mg::api::testing {
namespace {

using ::testing::HasSubstr;

class ApiQuoteRegistryTest : public ApiTest {
 protected:
  void SetUp() override {
    auto server = sandbox::SandboxServer::Start(sandbox::SandboxOptions{});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    registries_ = std::move(*server);
    vat_check::RegistryCheckerOptions options;
    options.vies = vat_check::ViesOptions{registries_->base_url() + "/registries/vies"};
    vat_check_ = std::move(options);
    ApiTest::SetUp();
  }

  // An ad booking in DE by a business billed in DE (the entity is in IE).
  static std::string Body(const std::string& vat_id) {
    return R"({"kind": "ad_booking", "market": "DE", "customer": {"age": 35},)"
           R"( "ad": {"format": "in_feed", "category": "other", "budget": "500.00",)"
           R"( "audience_min_age": 18, "targeting": {"profiling": true,)"
           R"( "sensitive_data": false, "consent": true},)"
           R"( "advertiser": {"vat_id": ")" +
           vat_id + R"(", "billing_country": "DE"}}})";
  }

  std::unique_ptr<sandbox::SandboxServer> registries_;
};

TEST_F(ApiQuoteRegistryTest, RegisteredIdIsReverseCharged) {
  TestResponse quote = Post("/v1/quotes", Body("DE136695976"), "", kAdsKey);
  ASSERT_EQ(quote.status, 200) << quote.body;
  EXPECT_TRUE(quote.At("reverse_charge").is_object()) << quote.body;
  EXPECT_EQ(quote.Int("tax.amount"), 0);
}

TEST_F(ApiQuoteRegistryTest, DeregisteredIdIsChargedVatWithTheReason) {
  TestResponse quote = Post("/v1/quotes", Body("DE200000005"), "", kAdsKey);
  ASSERT_EQ(quote.status, 200) << quote.body;
  EXPECT_TRUE(quote.At("reverse_charge").is_null()) << quote.body;
  EXPECT_GT(quote.Int("tax.amount"), 0);
  EXPECT_THAT(boost::json::serialize(quote.At("tax_notes")),
              HasSubstr("not registered according to VIES"));
}

}  // namespace
}  // namespace mg::api::testing
