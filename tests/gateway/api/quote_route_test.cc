// POST /v1/quotes: the same object as `marketgate quote` (QuoteToJson of
// BuildQuote), locale negotiation, scopes and the suspended-market refusal.
#include "quote_route.h"

#include <boost/json/parse.hpp>

#include "api_test_support.h"
#include "compliance/quote.h"
#include "compliance/quote_json.h"
#include "compliance/request_parser.h"

namespace mg::api::testing {
namespace {

class QuoteRouteTest : public ApiTest {};

constexpr const char* kQuoteBody =
    R"({"market": "DE", "locale": "de-DE", "customer": {"age": 30,)"
    R"( "consent_immediate_delivery": true}, "items": [{"sku": "coins_70", "quantity": 2}]})";

TEST_F(QuoteRouteTest, SameObjectAsBuildQuote) {
  TestResponse r = Post("/v1/quotes", kQuoteBody);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_language, "de-DE");

  boost::json::object request = boost::json::parse(kQuoteBody).as_object();
  request["kind"] = "purchase";
  Result<compliance::QuoteRequest> parsed = compliance::ParseQuoteRequest(request);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  compliance::DecisionContext context;
  context.now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.Now());
  Result<compliance::Quote> quote = compliance::BuildQuote(*markets_->Current(), *parsed, context);
  ASSERT_TRUE(quote.ok());
  EXPECT_EQ(r.json, boost::json::value(compliance::QuoteToJson(*quote)));
  EXPECT_EQ(r.Int("total.amount"), 198);
  EXPECT_EQ(r.Int("coins.credit"), 140);
  EXPECT_EQ(r.Text("decision.outcome"), "allow");
  // A quote writes nothing.
  for (const auto& [table, rows] : CountAll()) EXPECT_EQ(rows, 0) << table;
}

TEST_F(QuoteRouteTest, LocaleFromAcceptLanguage) {
  std::string body = R"({"market": "CH", "customer": {"age": 30,)"
                     R"( "consent_immediate_delivery": true}, "items": [{"sku": "coins_70"}]})";
  TestResponse r =
      Post("/v1/quotes", body, "", kPurchasesKey, {{"Accept-Language", "fr-CH, fr;q=0.9"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Text("locale"), "fr-CH");
  EXPECT_EQ(r.content_language, "fr-CH");
}

TEST_F(QuoteRouteTest, DenyIsStillAQuote) {
  std::string body = kQuoteBody;
  body.replace(body.find("\"age\": 30"), 9, "\"age\": 15");
  TestResponse r = Post("/v1/quotes", body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Text("decision.outcome"), "deny");
}

TEST_F(QuoteRouteTest, SuspendedMarketIs451) {
  TestResponse r = Post("/v1/quotes", R"({"market": "IN", "items": [{"sku": "coins_70"}]})");
  ASSERT_EQ(r.status, 451) << r.body;
  EXPECT_EQ(r.Text("error.code"), "market_suspended");
  EXPECT_FALSE(r.Text("error.details.legal_reference").empty());
}

TEST_F(QuoteRouteTest, ScopeFollowsTheKind) {
  std::string ad = R"({"kind": "ad_booking", "market": "DE", "customer": {"age": 35},)"
                   R"( "ad": {"format": "in_feed", "category": "other", "budget": "500.00"}})";
  EXPECT_EQ(Post("/v1/quotes", ad, "", kAdsKey).status, 200);
  EXPECT_EQ(Post("/v1/quotes", ad, "", kPurchasesKey).status, 403);
  EXPECT_EQ(Post("/v1/quotes", kQuoteBody, "", kAdsKey).status, 403);
  EXPECT_EQ(Post("/v1/quotes", kQuoteBody, "", kReadKey).status, 403);
  TestResponse unauthenticated = Post("/v1/quotes", kQuoteBody, "", "");
  EXPECT_EQ(unauthenticated.status, 401);
  EXPECT_EQ(unauthenticated.Text("error.code"), "unauthenticated");
}

TEST_F(QuoteRouteTest, APayoutIsNotQuoted) {
  // Kind payout exists for the markets' compliance cases; the API pays with POST /v1/payouts.
  TestResponse payout =
      Post("/v1/quotes", R"({"kind": "payout", "market": "BR", "payout": {"diamonds": 2000}})", "",
           kPurchasesKey);
  EXPECT_EQ(payout.status, 422) << payout.body;
  EXPECT_EQ(payout.Text("error.param"), "kind");
  EXPECT_NE(payout.Text("error.message").find("POST /v1/payouts"), std::string::npos);
}

}  // namespace
// A quote is answered on the I/O thread unless it reads stored spend or has
// a VAT ID checked (server.h); the predicate must see both.
TEST(QuoteMayBlockTest, OnlyStoredSpendAndVatChecksMayBlock) {
  auto may_block = [](std::string_view body) {
    http::Request request;
    request.json = boost::json::parse(body);
    return QuoteMayBlock(request);
  };
  EXPECT_FALSE(may_block(kQuoteBody));
  EXPECT_FALSE(may_block(R"({"market": "DE", "items": []})"));
  EXPECT_FALSE(may_block("[1, 2]"));  // refused by the handler without waiting
  // The customer's spend is read from the store...
  EXPECT_TRUE(may_block(R"({"market": "DE", "customer": {"id": "c1", "age": 30}})"));
  // ... unless the request declares it.
  EXPECT_FALSE(
      may_block(R"({"market": "DE", "customer": {"id": "c1", "spend": {"last_24h": "0.00"}}})"));
  EXPECT_TRUE(may_block(R"({"market": "DE", "customer": {"business": {"vat_id": "DE136695976",)"
                        R"( "billing_country": "DE"}}})"));
  EXPECT_TRUE(may_block(
      R"({"market": "DE", "kind": "ad_booking", "ad": {"advertiser": {"vat_id": "ATU13585627"}}})"));
}

}  // namespace mg::api::testing
