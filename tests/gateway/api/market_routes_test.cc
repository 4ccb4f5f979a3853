// The market routes as pure handlers (no sockets), on the repository's
// market files.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "api_test_support.h"
#include "base/crypto.h"
#include "regions/snapshot.h"

namespace mg::api::testing {
namespace {

using boost::beast::http::field;
using boost::beast::http::status;
using http::RawRequest;
using http::RawResponse;
using http::Verb;

class MarketRoutesTest : public ApiTest {
 protected:
  void SetUp() override {
    snapshots_ = [this] {
      ++reads_;
      return snapshot_;
    };
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    snapshot_ = markets_->Current();
  }

  RawResponse Get(const std::string& target, const std::string& accept_language = {},
                  bool authenticated = true) {
    RawRequest request{Verb::get, target, 11};
    if (authenticated) request.set(field::authorization, std::string("Bearer ") + kReadKey);
    if (!accept_language.empty()) request.set(field::accept_language, accept_language);
    return pipeline_->Handle(std::move(request));
  }

  static boost::json::object Json(const RawResponse& response) {
    return boost::json::parse(response.body()).as_object();
  }

  static const boost::json::object* FindBy(const boost::json::value& array, const char* key,
                                           const char* value) {
    for (const auto& item : array.as_array()) {
      if (item.as_object().at(key) == value) return &item.as_object();
    }
    return nullptr;
  }

  std::shared_ptr<const regions::MarketSnapshot> snapshot_;
  int reads_ = 0;
};

TEST_F(MarketRoutesTest, ListsEveryMarket) {
  RawResponse response = Get("/v1/markets");
  ASSERT_EQ(response.result(), status::ok) << response.body();
  auto body = Json(response);
  EXPECT_EQ(body.at("snapshot_version"), snapshot_->version());
  const auto& markets = body.at("markets");
  EXPECT_EQ(markets.as_array().size(), snapshot_->markets().size());
  const auto* de = FindBy(markets, "code", "DE");
  ASSERT_NE(de, nullptr);
  EXPECT_EQ(de->at("name"), "Germany");
  EXPECT_EQ(de->at("currency"), "EUR");
  EXPECT_EQ(de->at("status"), "live");
  EXPECT_EQ(FindBy(markets, "code", "IN")->at("status"), "suspended");
}

TEST_F(MarketRoutesTest, NeedsTheReadScope) {
  EXPECT_EQ(Get("/v1/markets", "", false).result(), status::unauthorized);
}

TEST_F(MarketRoutesTest, MarketFacts) {
  RawResponse response = Get("/v1/markets/de");  // codes are case-insensitive
  ASSERT_EQ(response.result(), status::ok) << response.body();
  EXPECT_EQ(response["Content-Language"], "de-DE");
  auto body = Json(response);
  EXPECT_EQ(body.at("code"), "DE");
  EXPECT_EQ(body.at("currency"), "EUR");
  EXPECT_EQ(body.at("prices_include_tax"), true);
  EXPECT_TRUE(body.at("suspension").is_null());
  EXPECT_EQ(body.at("locales").as_array().front(), "de-DE");
  const auto* card = FindBy(body.at("payment_methods"), "method", "card");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->at("available"), true);
  EXPECT_FALSE(card->contains("providers"));  // routing is not public
  const auto* sepa = FindBy(body.at("payment_methods"), "method", "sepa_debit");
  ASSERT_NE(sepa, nullptr);
  EXPECT_EQ(sepa->at("available"), false);
  EXPECT_FALSE(std::string(sepa->at("unavailable_reason").as_string()).empty());
  const auto& ads = body.at("ads").as_object();
  EXPECT_EQ(ads.at("tax_included"), false);
  const auto* in_feed = FindBy(ads.at("formats"), "name", "in_feed");
  ASSERT_NE(in_feed, nullptr);
  EXPECT_EQ(in_feed->at("pricing"), "cpm");
  EXPECT_EQ(in_feed->at("cpm_floor").at("currency"), "EUR");
}

TEST_F(MarketRoutesTest, SuspendedMarketShowsItsSuspension) {
  RawResponse response = Get("/v1/markets/IN");
  ASSERT_EQ(response.result(), status::ok);
  auto body = Json(response);
  EXPECT_EQ(body.at("status"), "suspended");
  EXPECT_FALSE(std::string(body.at("suspension").at("legal_reference").as_string()).empty());
}

TEST_F(MarketRoutesTest, UnknownMarketIs404) {
  RawResponse response = Get("/v1/markets/XX/catalog");
  EXPECT_EQ(response.result(), status::not_found);
  auto error = Json(response).at("error").as_object();
  EXPECT_EQ(error.at("code"), "not_found");
  EXPECT_EQ(error.at("param"), "code");
}

TEST_F(MarketRoutesTest, CatalogPricesAreLocalizedAndTaxInclusive) {
  RawResponse response = Get("/v1/markets/DE/catalog?locale=de-DE");
  ASSERT_EQ(response.result(), status::ok) << response.body();
  auto body = Json(response);
  EXPECT_EQ(body.at("tax_included"), true);
  EXPECT_EQ(body.at("locale"), "de-DE");
  const auto* coins = FindBy(body.at("coin_packs"), "sku", "coins_70");
  ASSERT_NE(coins, nullptr);
  EXPECT_EQ(coins->at("coins"), 70);
  const auto& price = coins->at("price").as_object();
  EXPECT_EQ(price.at("amount"), 99);  // minor units
  EXPECT_EQ(price.at("currency"), "EUR");
  std::string formatted(price.at("formatted").as_string());
  EXPECT_NE(formatted.find("0,99"), std::string::npos) << formatted;
  EXPECT_NE(formatted.find("€"), std::string::npos) << formatted;
  const auto* book = FindBy(body.at("products"), "sku", "book_cookbook");
  ASSERT_NE(book, nullptr);
  EXPECT_EQ(book->at("tax_class"), "physical_goods_reduced");
}

TEST_F(MarketRoutesTest, TaxExclusiveMarketSaysSo) {
  RawResponse response = Get("/v1/markets/US/catalog");
  ASSERT_EQ(response.result(), status::ok) << response.body();
  auto body = Json(response);
  EXPECT_EQ(body.at("tax_included"), false);
  std::string formatted(
      body.at("coin_packs").as_array().front().at("price").at("formatted").as_string());
  EXPECT_NE(formatted.find("$"), std::string::npos) << formatted;
}

TEST_F(MarketRoutesTest, LocaleFromAcceptLanguageOrQuery) {
  RawResponse french = Get("/v1/markets/CH/catalog", "fr-CH, fr;q=0.9");
  ASSERT_EQ(french.result(), status::ok);
  EXPECT_EQ(Json(french).at("locale"), "fr-CH");
  EXPECT_EQ(french["Content-Language"], "fr-CH");
  EXPECT_EQ(french["Vary"], "Accept-Language");
  // ?locale= wins over the header; an unsupported one falls back to a supported tag.
  RawResponse italian = Get("/v1/markets/CH/catalog?locale=it-CH", "fr-CH");
  EXPECT_EQ(Json(italian).at("locale"), "it-CH");
  RawResponse unsupported = Get("/v1/markets/CH/catalog?locale=sw-KE");
  EXPECT_EQ(Json(unsupported).at("locale"), "de-CH");
}

TEST_F(MarketRoutesTest, SuspendedMarketCatalogIs451) {
  RawResponse response = Get("/v1/markets/IN/catalog");
  EXPECT_EQ(response.result(), status::unavailable_for_legal_reasons);
  auto error = Json(response).at("error").as_object();
  EXPECT_EQ(error.at("type"), "compliance_error");
  EXPECT_NE(std::string(error.at("message").as_string()).find("suspended"), std::string::npos);
}

// The gifts of the platform pack, named in the negotiated locale: by its
// exact tag when the pack names one, else by its language.
TEST_F(MarketRoutesTest, GiftsAreNamedInTheNegotiatedLocale) {
  RawResponse german = Get("/v1/markets/CH/gifts", "de-CH");
  ASSERT_EQ(german.result(), status::ok) << german.body();
  boost::json::object body = Json(german);
  EXPECT_EQ(body.at("market"), "CH");
  EXPECT_EQ(body.at("locale"), "de-CH");
  EXPECT_EQ(german["Content-Language"], "de-CH");
  const boost::json::object* lion = FindBy(body.at("gifts"), "id", "lion");
  ASSERT_NE(lion, nullptr) << german.body();
  EXPECT_EQ(lion->at("name"), "Löwe");
  EXPECT_EQ(lion->at("coins"), 2999);
  EXPECT_EQ(Json(Get("/v1/markets/CH/gifts?locale=it-CH")).at("gifts").as_array().size(),
            body.at("gifts").as_array().size());
  // en-US has a name of its own for the doughnut; en-GB takes the language's.
  EXPECT_EQ(FindBy(Json(Get("/v1/markets/US/gifts")).at("gifts"), "id", "doughnut")->at("name"),
            "Donut");
  EXPECT_EQ(FindBy(Json(Get("/v1/markets/GB/gifts")).at("gifts"), "id", "doughnut")->at("name"),
            "Doughnut");
  EXPECT_EQ(FindBy(Json(Get("/v1/markets/KR/gifts")).at("gifts"), "id", "rose")->at("name"),
            "장미");
}

TEST_F(MarketRoutesTest, GiftsOfASuspendedMarketAre451) {
  EXPECT_EQ(Get("/v1/markets/IN/gifts").result(), status::unavailable_for_legal_reasons);
  EXPECT_EQ(Get("/v1/markets/XX/gifts").result(), status::not_found);
  EXPECT_EQ(Get("/v1/markets/DE/gifts", {}, /*authenticated=*/false).result(),
            status::unauthorized);
}

TEST_F(MarketRoutesTest, NoSnapshotYetIs503) {
  snapshot_.reset();
  RawResponse response = Get("/v1/markets");
  EXPECT_EQ(response.result(), status::service_unavailable);
}

TEST_F(MarketRoutesTest, EachRequestReadsTheSnapshotOnce) {
  for (const char* target : {"/v1/markets", "/v1/markets/JP", "/v1/markets/JP/catalog"}) {
    reads_ = 0;
    EXPECT_EQ(Get(target).result(), status::ok) << target;
    EXPECT_EQ(reads_, 1) << target;
  }
}

// Catalogs are rendered once per snapshot (rendered_bodies.h): a new
// snapshot is served at once, never the previous snapshot's body.
TEST_F(MarketRoutesTest, ACatalogFollowsTheSnapshotItIsServedFrom) {
  RawResponse first = Get("/v1/markets/DE/catalog");
  ASSERT_EQ(first.result(), status::ok) << first.body();
  EXPECT_EQ(Get("/v1/markets/DE/catalog").body(), first.body());
  EXPECT_EQ(Json(first).at("market"), "DE");

  // The next snapshot serves France's market under DE's code.
  regions::MarketSnapshot::MarketMap markets = snapshot_->markets();
  markets["DE"] = markets.at("FR");
  auto previous = snapshot_;
  snapshot_ = std::make_shared<const regions::MarketSnapshot>(
      std::move(markets), previous->providers(), previous->version() + 1, previous->loaded_at(),
      previous->source_dir());
  RawResponse next = Get("/v1/markets/DE/catalog");
  ASSERT_EQ(next.result(), status::ok) << next.body();
  EXPECT_EQ(Json(next).at("market"), "FR");
  EXPECT_EQ(Json(next).at("snapshot_version"), previous->version() + 1);

  // A request still holding the older snapshot gets that snapshot's catalog.
  snapshot_ = previous;
  EXPECT_EQ(Get("/v1/markets/DE/catalog").body(), first.body());
}

}  // namespace
}  // namespace mg::api::testing
