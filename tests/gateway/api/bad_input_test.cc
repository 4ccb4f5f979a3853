// Bad input over the quote, purchase and ad booking routes: the exact status,
// error code and parameter, and that nothing at all was written (not even
// the idempotency key, which a corrected retry may reuse).
#include "api_test_support.h"

namespace mg::api::testing {
namespace {

struct BadInput {
  const char* name;
  const char* path;
  const char* key;
  std::string body;
  int status;
  const char* code;
  const char* param;
};

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string ManyItems(int count) {
  std::string items;
  for (int i = 0; i < count; ++i) items += std::string(i ? "," : "") + R"({"sku": "coins_70"})";
  return Replace(PurchaseBody(), R"([{"sku": "coins_70", "quantity": 1}])", "[" + items + "]");
}

std::string AdBody(const std::string& extra, const std::string& ad_extra = "",
                   const std::string& flight = R"({"start": "2026-06-10", "end": "2026-06-20"})") {
  return R"({"market": "DE", "customer": {"age": 35},)" + extra +
         R"( "ad": {"format": "in_feed", "category": "other", "budget": "500.00",)" + ad_extra +
         R"( "flight": )" + flight + R"(, "advertiser": {"name": "Beispiel GmbH"}}})";
}

std::vector<BadInput> Cases() {
  const std::string purchase = PurchaseBody();
  const std::string quote =
      Replace(purchase, R"(, "payment": {"method": "card", "token": "tok_success"})", "");
  const std::string invoice = R"( "payment_terms": "invoice",)";
  return {
      {"quote unknown sku", "/v1/quotes", kPurchasesKey, Replace(quote, "coins_70", "coins_71"),
       404, "not_found", "items[0].sku"},
      {"quote quantity 0", "/v1/quotes", kPurchasesKey,
       Replace(quote, "\"quantity\": 1", "\"quantity\": 0"), 422, "unprocessable",
       "items[0].quantity"},
      {"quote unknown market", "/v1/quotes", kPurchasesKey, Replace(quote, "\"DE\"", "\"XX\""), 404,
       "not_found", "market"},
      {"quote unknown field", "/v1/quotes", kPurchasesKey,
       Replace(quote, "{\"market\"", "{\"colour\": 1, \"market\""), 400, "invalid_argument",
       "colour"},
      {"quote not an object", "/v1/quotes", kPurchasesKey, "[1, 2]", 400, "invalid_argument", ""},
      {"quote malformed json", "/v1/quotes", kPurchasesKey, "{\"market\": ", 400, "invalid_json",
       ""},
      {"purchase unknown sku", "/v1/purchases", kPurchasesKey,
       Replace(purchase, "coins_70", "coins_71"), 404, "not_found", "items[0].sku"},
      {"purchase quantity 0", "/v1/purchases", kPurchasesKey,
       Replace(purchase, "\"quantity\": 1", "\"quantity\": 0"), 422, "unprocessable",
       "items[0].quantity"},
      {"purchase quantity 1000", "/v1/purchases", kPurchasesKey,
       Replace(purchase, "\"quantity\": 1", "\"quantity\": 1000"), 422, "unprocessable",
       "items[0].quantity"},
      {"purchase too many lines", "/v1/purchases", kPurchasesKey, ManyItems(51), 422,
       "unprocessable", "items"},
      {"purchase no customer id", "/v1/purchases", kPurchasesKey,
       Replace(purchase, "\"id\": \"c_1\", ", ""), 400, "invalid_argument", "customer.id"},
      {"purchase declared spend", "/v1/purchases", kPurchasesKey,
       Replace(purchase, "\"age\": 30,", "\"age\": 30, \"spend\": {\"last_24h\": \"0\"},"), 400,
       "invalid_argument", "customer.spend"},
      {"purchase no payment", "/v1/purchases", kPurchasesKey, quote, 400, "invalid_argument",
       "payment"},
      {"purchase no token", "/v1/purchases", kPurchasesKey,
       Replace(purchase, ", \"token\": \"tok_success\"", ""), 400, "invalid_argument",
       "payment.token"},
      {"purchase card number", "/v1/purchases", kPurchasesKey,
       Replace(purchase, "tok_success", "4000-0566-5566-5556"), 400, "invalid_argument",
       "payment.token"},
      {"purchase unavailable method", "/v1/purchases", kPurchasesKey,
       Replace(purchase, "\"method\": \"card\"", "\"method\": \"klarna\""), 422, "unprocessable",
       "payment.method"},
      {"purchase unknown method", "/v1/purchases", kPurchasesKey,
       Replace(purchase, "\"method\": \"card\"", "\"method\": \"cheque\""), 422, "unprocessable",
       "payment.method"},
      {"purchase of a gift", "/v1/purchases", kPurchasesKey,
       Replace(purchase, "{\"market\"", "{\"kind\": \"gift\", \"market\""), 400, "invalid_argument",
       "kind"},
      {"purchase kind not a word", "/v1/purchases", kPurchasesKey,
       Replace(purchase, "{\"market\"", "{\"kind\": 7, \"market\""), 400, "invalid_argument",
       "kind"},
      {"purchase with a member of another route", "/v1/purchases", kPurchasesKey,
       Replace(purchase, "{\"market\"", "{\"payment_terms\": \"invoice\", \"market\""), 400,
       "invalid_argument", "payment_terms"},
      {"purchase lower-case market", "/v1/purchases", kPurchasesKey,
       Replace(purchase, "\"DE\"", "\"de\""), 400, "invalid_argument", "market"},
      {"ad no terms", "/v1/ad_bookings", kAdsKey, AdBody(""), 400, "invalid_argument",
       "payment_terms"},
      {"ad unknown terms", "/v1/ad_bookings", kAdsKey, AdBody(R"( "payment_terms": "barter",)"),
       400, "invalid_argument", "payment_terms"},
      {"ad no flight", "/v1/ad_bookings", kAdsKey,
       Replace(AdBody(invoice), R"( "flight": {"start": "2026-06-10", "end": "2026-06-20"},)", ""),
       400, "invalid_argument", "ad.flight"},
      {"ad end before start", "/v1/ad_bookings", kAdsKey,
       AdBody(invoice, "", R"({"start": "2026-06-20", "end": "2026-06-10"})"), 422, "unprocessable",
       "ad.flight.end"},
      {"ad bad date", "/v1/ad_bookings", kAdsKey,
       AdBody(invoice, "", R"({"start": "2026-02-30", "end": "2026-06-10"})"), 400,
       "invalid_argument", "ad.flight.start"},
      {"ad in the past", "/v1/ad_bookings", kAdsKey,
       AdBody(invoice, "", R"({"start": "2026-05-31", "end": "2026-06-10"})"), 422, "unprocessable",
       "ad.flight.start"},
      {"ad budget below minimum", "/v1/ad_bookings", kAdsKey,
       Replace(AdBody(invoice), "\"500.00\"", "\"10.00\""), 422, "unprocessable", "ad.budget"},
      {"ad budget too precise", "/v1/ad_bookings", kAdsKey,
       Replace(AdBody(invoice), "\"500.00\"", "\"500.001\""), 400, "invalid_argument", "ad.budget"},
      {"ad unknown format", "/v1/ad_bookings", kAdsKey,
       Replace(AdBody(invoice), "in_feed", "billboard"), 404, "not_found", "ad.format"},
      {"ad no advertiser name", "/v1/ad_bookings", kAdsKey,
       Replace(AdBody(invoice), R"("name": "Beispiel GmbH")", ""), 400, "invalid_argument",
       "ad.advertiser.name"},
      {"ad invoice with payment", "/v1/ad_bookings", kAdsKey,
       AdBody(R"( "payment_terms": "invoice", "payment": {"token": "tok_success"},)"), 400,
       "invalid_argument", "payment"},
      {"ad prepayment without payment", "/v1/ad_bookings", kAdsKey,
       AdBody(R"( "payment_terms": "card_prepayment",)"), 400, "invalid_argument", "payment"},
      {"ad prepayment by ideal", "/v1/ad_bookings", kAdsKey,
       AdBody(
           R"( "payment_terms": "card_prepayment", "payment": {"method": "ideal", "token": "t"},)"),
       422, "unprocessable", "payment.method"},
  };
}

class BadInputTest : public ApiTest {};

TEST_F(BadInputTest, ExactErrorsAndNothingWritten) {
  int n = 0;
  for (const BadInput& c : Cases()) {
    SCOPED_TRACE(c.name);
    TestResponse r = Post(c.path, c.body, "bad-" + std::to_string(++n), c.key);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(r.Text("error.code"), c.code) << r.body;
    if (*c.param == '\0') {
      EXPECT_TRUE(r.At("error.param").is_null() || r.Text("error.param") == "body") << r.body;
    } else {
      EXPECT_EQ(r.Text("error.param"), c.param) << r.body;
    }
    EXPECT_FALSE(r.Text("request_id").empty());
    for (const auto& [table, rows] : CountAll()) EXPECT_EQ(rows, 0) << table;
  }
  EXPECT_EQ(sandbox().authorizations(), 0);
}

}  // namespace
}  // namespace mg::api::testing
