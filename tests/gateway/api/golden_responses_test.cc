// Whole responses, byte for byte: status line, headers and body of quotes and
// catalogs on the shipped markets, as a client reads them off the wire. The
// other route tests compare parsed JSON, which does not see member order,
// number spelling or string escaping; these fail on any change of a byte, so
// that an optimization of the response path cannot change what clients get.
//
// The expected bytes are files in golden/, one per case. After an intended
// change of a response (or of a market file the cases use), regenerate them
// and review the diff:
//
//   MG_UPDATE_GOLDEN=1 build/tests/gateway/api/gateway_api_test --gtest_filter='Golden*'
#include <boost/beast/http/write.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "api_test_support.h"
#include "gateway/http/request_id.h"

namespace mg::api::testing {
namespace {

constexpr const char* kGoldenDir = MG_SOURCE_DIR "/tests/gateway/api/golden/";
// A fixed X-Request-Id: the pipeline echoes it, so the headers are fixed too.
constexpr const char* kRequestId = "golden-request-1";

class GoldenResponseTest : public ApiTest {
 protected:
  // The request as a client sends it; the response as the session writes it.
  std::string Exchange(http::Verb method, const std::string& target, const std::string& body,
                       const std::string& key,
                       const std::map<std::string, std::string>& headers = {}) const {
    http::RawRequest raw{method, target, 11};
    raw.set(boost::beast::http::field::host, "127.0.0.1");
    raw.set(boost::beast::http::field::authorization, "Bearer " + key);
    raw.set(http::kRequestIdHeader, kRequestId);
    for (const auto& [name, value] : headers) raw.set(name, value);
    if (!body.empty()) {
      raw.set(boost::beast::http::field::content_type, "application/json");
      raw.body() = body;
    }
    raw.prepare_payload();
    std::ostringstream wire;
    wire << pipeline_->Handle(std::move(raw));
    return wire.str();
  }

  void ExpectGolden(const std::string& name, const std::string& actual) const {
    const std::string path = std::string(kGoldenDir) + name;
    if (const char* update = std::getenv("MG_UPDATE_GOLDEN"); update && *update == '1') {
      std::ofstream(path, std::ios::binary) << actual;
      return;
    }
    std::ifstream file(path, std::ios::binary);
    ASSERT_TRUE(file) << "no golden file " << path << " (MG_UPDATE_GOLDEN=1 writes it)";
    std::stringstream expected;
    expected << file.rdbuf();
    // EXPECT_EQ on the whole text prints both; the first difference is what matters.
    const std::string& want = expected.str();
    size_t at = 0;
    while (at < want.size() && at < actual.size() && want[at] == actual[at]) ++at;
    EXPECT_EQ(want, actual) << name << ": first difference at byte " << at;
  }

  void ExpectQuote(const std::string& name, const std::string& body,
                   const std::string& key = kPurchasesKey,
                   const std::map<std::string, std::string>& headers = {}) const {
    ExpectGolden(name, Exchange(http::Verb::post, "/v1/quotes", body, key, headers));
  }
};

// bench/wrk/quote.lua's body: one coin pack line in DE, allowed.
TEST_F(GoldenResponseTest, QuoteDeCoinPack) {
  ExpectQuote(
      "quote_de_coin_pack.http",
      R"({"market": "DE", "locale": "de-DE", "customer": {"age": 30,)"
      R"( "consent_immediate_delivery": true}, "items": [{"sku": "coins_70", "quantity": 2}]})");
}

TEST_F(GoldenResponseTest, QuoteDeDenied) {
  ExpectQuote("quote_de_denied.http",
              R"({"market": "DE", "customer": {"age": 15}, "items": [{"sku": "coins_70"}]})");
}

// Requirements (DSA label), reverse charge, the ad pricing detail, invoice terms.
TEST_F(GoldenResponseTest, QuoteDeAdBookingReverseCharge) {
  ExpectQuote("quote_de_ad_reverse_charge.http",
              R"({"kind": "ad_booking", "market": "DE", "customer": {"age": 35},)"
              R"( "ad": {"format": "in_feed", "category": "other", "budget": "500.00",)"
              R"( "audience_min_age": 18, "targeting": {"profiling": true,)"
              R"( "sensitive_data": false, "consent": true},)"
              R"( "advertiser": {"vat_id": "DE136695976", "billing_country": "DE"}}})",
              kAdsKey);
}

// The locale from Accept-Language; non-ASCII in the formatted amounts.
TEST_F(GoldenResponseTest, QuoteChNegotiatedLocale) {
  ExpectQuote("quote_ch_fr.http",
              R"({"market": "CH", "customer": {"age": 30, "consent_immediate_delivery": true},)"
              R"( "items": [{"sku": "coins_70"}]})",
              kPurchasesKey, {{"Accept-Language", "fr-CH, fr;q=0.9"}});
}

// Several lines, a product with a non-ASCII name, a currency without decimals.
TEST_F(GoldenResponseTest, QuoteJpSeveralLines) {
  ExpectQuote("quote_jp_lines.http",
              R"({"market": "JP", "customer": {"age": 30, "consent_immediate_delivery": true},)"
              R"( "items": [{"sku": "coins_350", "quantity": 3}, {"sku": "book_cookbook"}]})");
}

// A subdivision's tax lines.
TEST_F(GoldenResponseTest, QuoteUsSubdivision) {
  ExpectQuote("quote_us_ca.http",
              R"({"market": "US", "subdivision": "US-CA", "customer": {"age": 30,)"
              R"( "payment_method": "card"}, "items": [{"sku": "coins_70"},)"
              R"( {"sku": "tshirt_logo", "quantity": 1}]})");
}

// An error response: the error body with the request id.
TEST_F(GoldenResponseTest, QuoteUnknownSku) {
  ExpectQuote("quote_unknown_sku.http", R"({"market": "DE", "items": [{"sku": "nope"}]})");
}

// The catalog of bench/run.sh, and one in a currency without decimals.
TEST_F(GoldenResponseTest, CatalogDe) {
  ExpectGolden("catalog_de.http",
               Exchange(http::Verb::get, "/v1/markets/DE/catalog", "", kReadKey));
}

TEST_F(GoldenResponseTest, CatalogJp) {
  ExpectGolden("catalog_jp.http",
               Exchange(http::Verb::get, "/v1/markets/JP/catalog", "", kReadKey));
}

}  // namespace
}  // namespace mg::api::testing
