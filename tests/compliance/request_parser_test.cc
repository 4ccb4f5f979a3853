// Covers compliance/src/request.cc, request_parser.cc and json_fields.cc: the
// JSON body and the case YAML parse into the same request, with param paths.
#include "compliance/request_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mg::compliance {
namespace {

using ::testing::HasSubstr;

Status JsonError(const std::string& body) {
  Result<QuoteRequest> request = ParseQuoteRequestJson(body);
  EXPECT_FALSE(request.ok()) << body;
  return request.status();
}

TEST(RequestParserTest, FullPurchase) {
  Result<QuoteRequest> request = ParseQuoteRequestJson(R"({
    "kind": "purchase", "market": "DE", "locale": "de-DE",
    "items": [{"sku": "coins_70", "quantity": 2}, {"sku": "book"}],
    "customer": {"id": "cus_1", "age": 30, "consent_immediate_delivery": true,
                 "acknowledges_withdrawal_loss": true, "payment_method": "card",
                 "business": {"vat_id": "DE136695976", "billing_country": "DE"},
                 "spend": {"last_24h": "1.00", "last_30d": "2", "since_last_sca": "0.99",
                           "count_since_last_sca": 1}}})");
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->kind, RequestKind::kPurchase);
  EXPECT_EQ(request->items.size(), 2u);
  EXPECT_EQ(request->items[0].quantity, 2);
  EXPECT_EQ(request->items[1].quantity, 1);
  EXPECT_EQ(request->customer.age, 30);
  EXPECT_EQ(request->customer.acknowledges_withdrawal_loss, true);
  EXPECT_EQ(request->customer.business->billing_country, "DE");
  EXPECT_EQ(request->customer.spend->last_24h, "1.00");
  EXPECT_EQ(request->customer.spend->count_since_last_sca, 1);
}

TEST(RequestParserTest, AdBookingAndGift) {
  Result<QuoteRequest> ad = ParseQuoteRequestJson(R"({
    "kind": "ad_booking", "market": "DE",
    "ad": {"format": "topview", "category": "financial", "flight": {"start": "2026-12-30", "end": "2027-01-02"},
           "audience_min_age": 18, "licence_reference": "L1", "brand_only": true, "paid_partnership": true,
           "targeting": {"profiling": true, "sensitive_data": false, "consent": true, "includes_minors": false},
           "advertiser": {"name": "ACME", "vat_id": "FR40303265045", "billing_country": "FR"}}})");
  ASSERT_TRUE(ad.ok()) << ad.status().ToString();
  EXPECT_EQ(ad->ad->category, regions::AdCategory::kFinancial);
  EXPECT_EQ(*FlightDays(*ad->ad->flight_start, *ad->ad->flight_end), 4);
  EXPECT_EQ(ad->ad->targeting.includes_minors, false);
  EXPECT_EQ(ad->ad->advertiser.business->vat_id, "FR40303265045");

  Result<QuoteRequest> gift =
      ParseQuoteRequestJson(R"({"kind": "gift", "market": "KR", "gift": {"coins": 100}})");
  ASSERT_TRUE(gift.ok());
  EXPECT_EQ(gift->gift->coins, 100);
}

TEST(RequestParserTest, APayoutAndItsMistakes) {
  Result<QuoteRequest> payout = ParseQuoteRequestJson(
      R"({"kind": "payout", "market": "BR", "payout": {"diamonds": 2000, "creator": {"age": 25,
          "standing": "restricted", "tax_identity": "verified"}}})");
  ASSERT_TRUE(payout.ok()) << payout.status().ToString();
  EXPECT_EQ(payout->kind, RequestKind::kPayout);
  EXPECT_EQ(payout->payout->diamonds, 2000);
  EXPECT_EQ(payout->payout->creator.age, 25);
  EXPECT_FALSE(payout->payout->creator.in_good_standing);
  EXPECT_TRUE(payout->payout->creator.tax_identity_verified);
  Result<QuoteRequest> defaults =
      ParseQuoteRequestJson(R"({"kind": "payout", "market": "BR", "payout": {"diamonds": 1}})");
  ASSERT_TRUE(defaults.ok());
  EXPECT_TRUE(defaults->payout->creator.in_good_standing);
  EXPECT_FALSE(defaults->payout->creator.tax_identity_verified);  // missing until verified

  EXPECT_EQ(JsonError(R"({"kind": "payout", "market": "BR"})").param(), "payout");
  EXPECT_EQ(JsonError(R"({"kind": "payout", "market": "BR", "payout": {"diamonds": 0}})").param(),
            "payout.diamonds");
  EXPECT_EQ(JsonError(R"({"kind": "payout", "market": "BR", "payout": {"diamonds": 5,
                          "creator": {"tax_identity": "maybe"}}})")
                .param(),
            "payout.creator.tax_identity");
  EXPECT_EQ(JsonError(R"({"kind": "payout", "market": "BR", "payout": {"diamonds": 5,
                          "creator": {"age": 200}}})")
                .param(),
            "payout.creator.age");
  EXPECT_EQ(JsonError(R"({"kind": "payout", "market": "BR", "payout": {"diamonds": 5},
                          "gift": {"coins": 1}})")
                .param(),
            "gift");
  EXPECT_EQ(JsonError(R"({"kind": "gift", "market": "BR", "gift": {"coins": 1},
                          "payout": {"diamonds": 5}})")
                .param(),
            "payout");
}

TEST(RequestParserTest, ErrorsNameTheParameter) {
  EXPECT_EQ(
      JsonError(R"({"kind": "purchase", "market": "DE", "items": [{"sku": "a", "quantity": "2"}]})")
          .param(),
      "items[0].quantity");
  Status zero = JsonError(
      R"({"kind": "purchase", "market": "DE", "items": [{"sku": "a"}, {"sku": "b", "quantity": 0}]})");
  EXPECT_EQ(zero.param(), "items[1].quantity");
  EXPECT_EQ(zero.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(
      JsonError(
          R"({"kind": "purchase", "market": "DE", "items": [{"sku": "a", "quantity": 1000}]})")
          .message(),
      "quantity 1000 is outside 1-999");
  Status unknown =
      JsonError(R"({"kind": "purchase", "market": "DE", "items": [{"sku": "a"}], "custmer": {}})");
  EXPECT_EQ(unknown.param(), "custmer");
  EXPECT_THAT(unknown.message(), HasSubstr("unknown parameter 'custmer'"));
  // The keys a mapping knows, each once and in order, though an amount's
  // key is asked for twice (as an amount, then as its string).
  Status spend = JsonError(
      R"({"kind": "purchase", "market": "DE", "items": [{"sku": "a"}],)"
      R"( "customer": {"spend": {"last_24h": "1.00", "last_7d": "2.00"}}})");
  EXPECT_EQ(spend.param(), "customer.spend.last_7d");
  EXPECT_EQ(spend.message(),
            "unknown parameter 'last_7d' (known: count_since_last_sca, last_24h, last_30d, "
            "since_last_sca)");
  EXPECT_EQ(
      JsonError(
          R"({"kind": "purchase", "market": "DE", "items": [{"sku": "a"}], "customer": {"age": 151}})")
          .param(),
      "customer.age");
  EXPECT_EQ(
      JsonError(
          R"({"kind": "purchase", "market": "DE", "items": [{"sku": "a"}], "customer": {"spend": {"last_24h": 5}}})")
          .param(),
      "customer.spend.last_24h");
  EXPECT_EQ(
      JsonError(
          R"({"kind": "purchase", "market": "DE", "items": [{"sku": "a"}], "customer": {"business": {"vat_id": "X"}}})")
          .param(),
      "customer.business.billing_country");
  EXPECT_EQ(JsonError(R"({"kind": "sale", "market": "DE"})").param(), "kind");
  EXPECT_EQ(
      JsonError(R"({"kind": "purchase", "market": "Germany", "items": [{"sku": "a"}]})").param(),
      "market");
  EXPECT_EQ(JsonError(R"({"kind": "purchase", "market": "DE"})").param(), "items");
  EXPECT_EQ(
      JsonError(
          R"({"kind": "ad_booking", "market": "DE", "ad": {"format": "x", "category": "casino"}})")
          .param(),
      "ad.category");
  EXPECT_EQ(
      JsonError(R"({"kind": "ad_booking", "market": "DE", "ad": {"format": "x", "category": "other",
                          "flight": {"start": "2026-12-03", "end": "2026-12-01"}}})")
          .param(),
      "ad.flight.end");
  EXPECT_EQ(JsonError(R"({"kind": "gift", "market": "DE", "gift": {"coins": 0}})").param(),
            "gift.coins");
  EXPECT_EQ(
      JsonError(
          R"({"kind": "gift", "market": "DE", "gift": {"coins": 1}, "items": [{"sku": "a"}]})")
          .param(),
      "items");
  EXPECT_EQ(JsonError("[1]").code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(JsonError("{not json").message(), HasSubstr("not valid JSON"));
}

TEST(RequestParserTest, ARecurringPurchaseAndItsMistakes) {
  Result<QuoteRequest> debit =
      ParseQuoteRequestJson(R"({"kind": "purchase", "market": "IN", "items": [{"sku": "a"}],)"
                            R"( "recurring": {"stage": "debit", "notified_hours_before": 30}})");
  ASSERT_TRUE(debit.ok()) << debit.status().ToString();
  ASSERT_TRUE(debit->recurring);
  EXPECT_EQ(debit->recurring->stage, RecurringPayment::Stage::kDebit);
  EXPECT_EQ(debit->recurring->notified_hours_before, 30);

  EXPECT_EQ(JsonError(R"({"kind": "purchase", "market": "IN", "items": [{"sku": "a"}],)"
                      R"( "recurring": {"stage": "monthly"}})")
                .param(),
            "recurring.stage");
  EXPECT_EQ(JsonError(R"({"kind": "purchase", "market": "IN", "items": [{"sku": "a"}],)"
                      R"( "recurring": {"stage": "registration", "notified_hours_before": 30}})")
                .param(),
            "recurring.notified_hours_before");
  EXPECT_EQ(JsonError(R"({"kind": "purchase", "market": "IN", "items": [{"sku": "a"}],)"
                      R"( "recurring": {"stage": "debit", "notified_hours_before": -1}})")
                .param(),
            "recurring.notified_hours_before");
  EXPECT_EQ(JsonError(R"({"kind": "purchase", "market": "IN", "items": [{"sku": "a"}],)"
                      R"( "recurring": {}})")
                .param(),
            "recurring.stage");
  Status gift = JsonError(R"({"kind": "gift", "market": "IN", "gift": {"coins": 5},)"
                          R"( "recurring": {"stage": "debit"}})");
  EXPECT_EQ(gift.param(), "recurring");
  EXPECT_EQ(gift.code(), ErrorCode::kUnprocessable);
}

TEST(RequestParserTest, ASubdivisionMarketCodeIsAcceptedAndAMalformedOneExplained) {
  Result<QuoteRequest> canaries =
      ParseQuoteRequestJson(R"({"kind": "purchase", "market": "ES-CN", "items": [{"sku": "a"}]})");
  ASSERT_TRUE(canaries.ok()) << canaries.status().ToString();
  EXPECT_EQ(canaries->market, "ES-CN");
  Status lower = JsonError(R"({"kind": "purchase", "market": "es-CN", "items": [{"sku": "a"}]})");
  EXPECT_EQ(lower.param(), "market");
  EXPECT_EQ(lower.message(),
            "market 'es-CN' is not a market code such as DE or ES-CN: codes are upper case");
}

TEST(RequestParserTest, AtMostFiftyLines) {
  std::string items;
  for (int i = 0; i < 51; ++i) items += std::string(i ? "," : "") + R"({"sku": "a"})";
  EXPECT_EQ(JsonError(R"({"kind": "purchase", "market": "DE", "items": [)" + items + "]}").param(),
            "items");
}

TEST(RequestParserTest, YamlAndJsonGiveTheSameRequest) {
  YAML::Node yaml = YAML::Load(R"(
kind: purchase
items: [{sku: coins_70, quantity: 3}]
customer: {age: 17, consent_immediate_delivery: true, spend: {last_24h: "4.99", count_since_last_sca: 2}}
)");
  Result<QuoteRequest> from_yaml = ParseQuoteRequestYaml(yaml, "DE");
  ASSERT_TRUE(from_yaml.ok()) << from_yaml.status().ToString();
  Result<QuoteRequest> from_json = ParseQuoteRequestJson(R"({"kind": "purchase", "market": "DE",
      "items": [{"sku": "coins_70", "quantity": 3}],
      "customer": {"age": 17, "consent_immediate_delivery": true,
                   "spend": {"last_24h": "4.99", "count_since_last_sca": 2}}})");
  ASSERT_TRUE(from_json.ok());
  EXPECT_EQ(from_yaml->market, "DE");
  EXPECT_EQ(from_yaml->items[0].quantity, from_json->items[0].quantity);
  EXPECT_EQ(from_yaml->customer.age, from_json->customer.age);
  EXPECT_EQ(from_yaml->customer.spend->last_24h, from_json->customer.spend->last_24h);
  EXPECT_EQ(from_yaml->customer.spend->count_since_last_sca, 2);
}

TEST(RequestParserTest, YamlQuotedNumberIsAString) {
  YAML::Node yaml = YAML::Load(R"({kind: purchase, items: [{sku: a, quantity: "3"}]})");
  Result<QuoteRequest> request = ParseQuoteRequestYaml(yaml, "DE");
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(request.status().param(), "items[0].quantity");
  YAML::Node found = FindYamlNode(yaml, "items[0].quantity");
  EXPECT_EQ(found.Scalar(), "3");
  EXPECT_EQ(found.Mark().column, 44);
}

TEST(RequestParserTest, YamlMarketMustMatchTheFile) {
  Result<QuoteRequest> request =
      ParseQuoteRequestYaml(YAML::Load("{kind: purchase, market: FR, items: [{sku: a}]}"), "DE");
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(request.status().param(), "market");
}

TEST(RequestParserTest, FindYamlNodeStopsAtDeepestExisting) {
  YAML::Node yaml = YAML::Load("{customer: {age: 3}}");
  EXPECT_EQ(FindYamlNode(yaml, "customer.business.vat_id").Mark().line, 0);
  EXPECT_TRUE(FindYamlNode(yaml, "customer.business").IsMap());
}

TEST(FlightDaysTest, InclusiveAndValidated) {
  EXPECT_EQ(*FlightDays("2026-12-01", "2026-12-01"), 1);
  EXPECT_EQ(*FlightDays("2028-02-28", "2028-03-01"), 3);  // leap year
  EXPECT_FALSE(FlightDays("2026-02-30", "2026-03-01").ok());
  EXPECT_FALSE(FlightDays("26-12-01", "2026-12-01").ok());
}

}  // namespace
}  // namespace mg::compliance
