// A payment method is offered only where a configured provider takes it: no
// other provider (least of all a test double) is put in its place. Catalogs
// and quotes say why a method is unavailable, and a purchase with it is
// refused before anything is charged.
#include <gmock/gmock.h>

#include "api_test_support.h"

namespace mg::api::testing {
namespace {

using ::testing::HasSubstr;

class ProviderAvailabilityTest : public ApiTest {
 protected:
  void SetUp() override {
    sandbox_instances_ = {"sandbox", "stripe"};  // no adyen, no pix
    ApiTest::SetUp();
  }

  static const boost::json::value* Method(const TestResponse& response, const std::string& path,
                                          const std::string& method) {
    for (const boost::json::value& item : response.At(path).as_array()) {
      if (item.at("method") == method.c_str()) return &item;
    }
    return nullptr;
  }
};

TEST_F(ProviderAvailabilityTest, TheMarketSaysAMethodWithoutAConfiguredProviderIsUnavailable) {
  TestResponse nl = Get("/v1/markets/NL", kReadKey);
  ASSERT_EQ(nl.status, 200) << nl.body;
  const boost::json::value* ideal = Method(nl, "payment_methods", "ideal");
  ASSERT_NE(ideal, nullptr);
  EXPECT_EQ(ideal->at("available"), false);
  EXPECT_THAT(std::string(ideal->at("unavailable_reason").as_string()),
              HasSubstr("no payment provider is configured for it here (it routes to adyen)"));
  const boost::json::value* card = Method(nl, "payment_methods", "card");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->at("available"), true);  // stripe takes cards
}

TEST_F(ProviderAvailabilityTest, AQuoteListsOnlyConfiguredProvidersAndSaysWhy) {
  TestResponse quote = Post("/v1/quotes", R"({"market": "NL", "items": [{"sku": "coins_70"}],
      "customer": {"age": 30, "consent_immediate_delivery": true}})");
  ASSERT_EQ(quote.status, 200) << quote.body;
  const boost::json::value* card = Method(quote, "payment_methods", "card");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->at("providers"), boost::json::array({"stripe"}));
  const boost::json::value* ideal = Method(quote, "payment_methods", "ideal");
  ASSERT_NE(ideal, nullptr);
  EXPECT_EQ(ideal->at("available"), false);
  EXPECT_THAT(std::string(ideal->at("unavailable_reason").as_string()),
              HasSubstr("no payment provider is configured"));
}

TEST_F(ProviderAvailabilityTest, APurchaseWithSuchAMethodIsRefusedAndNothingIsCharged) {
  TestResponse refused = Post("/v1/purchases", R"({"market": "NL", "items": [{"sku": "coins_70"}],
      "customer": {"id": "c_nl", "age": 30, "consent_immediate_delivery": true},
      "payment": {"method": "ideal", "token": "tok_success"}})",
                              "nl-ideal-1");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.Text("error.param"), "payment.method");
  EXPECT_THAT(refused.Text("error.message"), HasSubstr("no payment provider is configured"));
  EXPECT_EQ(sandbox().authorizations(), 0);
  EXPECT_EQ(CountRows("purchases"), 0);

  TestResponse card = Post("/v1/purchases", R"({"market": "NL", "items": [{"sku": "coins_70"}],
      "customer": {"id": "c_nl", "age": 30, "consent_immediate_delivery": true},
      "payment": {"method": "card", "token": "tok_success"}})",
                           "nl-card-1");
  EXPECT_EQ(card.status, 201) << card.body;
  EXPECT_EQ(card.Text("payment.provider"), "stripe");
}

}  // namespace
}  // namespace mg::api::testing
