// Covers compliance/src/quote.cc, quote_pricing.cc and quote_json.cc.
#include "compliance/quote.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "compliance/quote_json.h"
#include "test_market.h"

namespace mg::compliance {
namespace {

using ::testing::HasSubstr;

class QuoteTest : public ::testing::Test {
 protected:
  QuoteTest() {
    regions::MarketSpec de = testing::GermanSpec();
    de.rules = {testing::AgeGate("age.coins", {regions::Action::kBuyCoins}, 18), testing::Psd2Sca(),
                testing::Consent()};
    snapshot_ = testing::SnapshotOf(
        {testing::BuildMarket(std::move(de)), testing::BuildMarket(testing::UsSpec())});
    context_.now = Timestamp(std::chrono::seconds(1'790'000'000));
  }

  static QuoteRequest Purchase(const std::string& market, std::vector<LineItem> items) {
    QuoteRequest request;
    request.market = market;
    request.items = std::move(items);
    request.customer.age = 30;
    request.customer.consent_immediate_delivery = true;
    return request;
  }

  static QuoteRequest AdBooking(const std::string& format) {
    QuoteRequest request;
    request.kind = RequestKind::kAdBooking;
    request.market = "DE";
    request.customer.age = 40;
    request.ad = compliance::AdBooking{};
    request.ad->format = format;
    return request;
  }

  Result<Quote> Build(const QuoteRequest& request) {
    return BuildQuote(*snapshot_, request, context_);
  }

  std::shared_ptr<const regions::MarketSnapshot> snapshot_;
  DecisionContext context_;
};

TEST_F(QuoteTest, TaxInclusiveExtractsVat) {
  Result<Quote> quote = Build(Purchase("DE", {{"coins_70", 1}}));
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  EXPECT_EQ(quote->locale, "de-DE");
  EXPECT_TRUE(quote->prices_include_tax);
  ASSERT_EQ(quote->lines.size(), 1u);
  EXPECT_EQ(quote->lines[0].type, QuoteLine::Type::kCoinPack);
  EXPECT_EQ(quote->lines[0].unit_price.minor_units, 99);
  EXPECT_EQ(quote->total.minor_units, 99);
  EXPECT_EQ(quote->tax.minor_units, 16);  // 0.99 - round(0.99 / 1.19)
  EXPECT_EQ(quote->subtotal.minor_units, 83);
  EXPECT_EQ(quote->total.formatted, "0,99\u00a0€");
  ASSERT_EQ(quote->tax_lines.size(), 1u);
  EXPECT_EQ(quote->tax_lines[0].name, "MwSt.");
  EXPECT_EQ(quote->tax_lines[0].rate, "19");
  EXPECT_EQ(quote->coins_credit, 70);
  EXPECT_EQ(quote->decision.outcome, DecisionOutcome::kAllow);
  EXPECT_EQ(quote->snapshot_version, 7u);
}

TEST_F(QuoteTest, TaxExclusiveAddsSalesTaxBySubdivision) {
  QuoteRequest request = Purchase("US", {{"coins_70", 10}});
  request.subdivision = "US-NY";
  Result<Quote> quote = Build(request);
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  EXPECT_FALSE(quote->prices_include_tax);
  EXPECT_EQ(quote->subtotal.minor_units, 990);
  EXPECT_EQ(quote->tax.minor_units, 40);  // 4 % of 9.90 = 0.396 -> 0.40
  EXPECT_EQ(quote->total.minor_units, 1030);
  EXPECT_EQ(quote->total.formatted, "$10.30");
  request.subdivision = "US-CA";
  EXPECT_EQ(Build(request)->tax.minor_units, 0);
}

TEST_F(QuoteTest, MissingSubdivisionIsAnError) {
  Result<Quote> quote = Build(Purchase("US", {{"coins_70", 1}}));
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.status().param(), "subdivision");
}

TEST_F(QuoteTest, UnknownSkuAndMarketNameTheParam) {
  Result<Quote> quote = Build(Purchase("DE", {{"coins_70", 1}, {"coins_71", 1}}));
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(quote.status().param(), "items[1].sku");
  EXPECT_EQ(quote.status().message(), "no SKU 'coins_71' in market DE");
  Result<Quote> market = Build(Purchase("ZZ", {{"coins_70", 1}}));
  EXPECT_EQ(market.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(market.status().param(), "market");
}

TEST_F(QuoteTest, LocaleResolvesAndFormatsWithTheMarketsFormatter) {
  QuoteRequest request = Purchase("DE", {{"coins_7000", 1}});
  request.locale = "en-de";
  Result<Quote> quote = Build(request);
  ASSERT_TRUE(quote.ok());
  EXPECT_EQ(quote->locale, "en-DE");
  EXPECT_EQ(quote->total.formatted, "€99.99");
  request.locale = "fr-FR";  // unsupported: the market default
  EXPECT_EQ(Build(request)->locale, "de-DE");
}

TEST_F(QuoteTest, DecisionUsesTheTotalAndDenyIsStillAQuote) {
  QuoteRequest request = Purchase("DE", {{"coins_7000", 1}});
  Result<Quote> quote = Build(request);
  ASSERT_TRUE(quote.ok());
  EXPECT_EQ(quote->decision.outcome, DecisionOutcome::kAllowWithRequirements);  // 99.99 needs SCA
  request.customer.age = 17;
  quote = Build(request);
  ASSERT_TRUE(quote.ok());
  EXPECT_EQ(quote->decision.outcome, DecisionOutcome::kDeny);
}

TEST_F(QuoteTest, PaymentMethodsAvailableFirst) {
  Result<Quote> quote = Build(Purchase("DE", {{"coins_70", 1}}));
  ASSERT_EQ(quote->payment_methods.size(), 2u);
  EXPECT_EQ(quote->payment_methods[0].method, "card");
  EXPECT_EQ(quote->payment_methods[0].providers, std::vector<std::string>{"stripe"});
  EXPECT_FALSE(quote->payment_methods[1].available);
  EXPECT_EQ(quote->payment_methods[1].unavailable_reason, "no adapter for SEPA Direct Debit yet");
}

TEST_F(QuoteTest, PaymentMethodAboveProviderMaximumIsUnavailable) {
  QuoteRequest request = Purchase("DE", {{"coins_7000", 60}});  // 5999.40 > 5000.00
  request.customer.payment_method = "card";
  Result<Quote> quote = Build(request);
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.status().param(), "customer.payment_method");
  EXPECT_THAT(quote.status().message(), HasSubstr("stripe takes at most 5.000,00"));
  request.customer.payment_method = "sepa_debit";
  request.items = {{"coins_70", 1}};
  EXPECT_EQ(Build(request).status().code(), ErrorCode::kUnprocessable);
}

TEST_F(QuoteTest, CpmAdBookingIsTaxedAsAdvertisingOnTheBudget) {
  QuoteRequest request = AdBooking("in_feed");
  request.ad->budget = "500.00";
  Result<Quote> quote = Build(request);
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  EXPECT_EQ(quote->subtotal.minor_units, 50000);
  EXPECT_EQ(quote->tax.minor_units, 9500);  // rate cards are tax-exclusive
  EXPECT_EQ(quote->total.minor_units, 59500);
  ASSERT_TRUE(quote->ad);
  EXPECT_EQ(quote->ad->pricing, "cpm");
  EXPECT_EQ(quote->ad->max_impressions, 166666);  // 500.00 / 3.00 * 1000
  EXPECT_EQ(quote->lines[0].tax_class, "advertising");
}

TEST_F(QuoteTest, AdBudgetBelowMinimumAndMissingFields) {
  QuoteRequest request = AdBooking("in_feed");
  request.ad->budget = "49.99";
  EXPECT_EQ(Build(request).status().param(), "ad.budget");
  request.ad->budget.reset();
  EXPECT_EQ(Build(request).status().param(), "ad.budget");
  request.ad->budget = "50.001";
  EXPECT_EQ(Build(request).status().param(), "ad.budget");
  EXPECT_EQ(Build(AdBooking("topview")).status().param(), "ad.days");
  EXPECT_EQ(Build(AdBooking("billboard")).status().code(), ErrorCode::kNotFound);
}

TEST_F(QuoteTest, PerDayAndFlatFormats) {
  QuoteRequest topview = AdBooking("topview");
  topview.ad->flight_start = "2026-12-01";
  topview.ad->flight_end = "2026-12-03";
  Result<Quote> quote = Build(topview);
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  EXPECT_EQ(quote->subtotal.minor_units, 3 * 4500000);
  EXPECT_EQ(quote->ad->days, 3);
  Result<Quote> flat = Build(AdBooking("branded_effect"));
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ(flat->subtotal.minor_units, 8000000);
}

TEST_F(QuoteTest, B2bAdvertiserFromAnotherEuCountryIsReverseCharged) {
  QuoteRequest request = AdBooking("in_feed");
  request.ad->budget = "500.00";
  request.ad->advertiser.business = BusinessParty{"DE136695976", "DE"};
  Result<Quote> quote = Build(request);
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  EXPECT_TRUE(quote->reverse_charge.applied);
  EXPECT_EQ(quote->tax.minor_units, 0);
  EXPECT_EQ(quote->total.minor_units, 50000);
  EXPECT_TRUE(quote->lines[0].reverse_charged);
}

TEST_F(QuoteTest, GiftDebitsCoinsWithoutPayment) {
  QuoteRequest request;
  request.kind = RequestKind::kGift;
  request.market = "DE";
  request.gift = Gift{250, std::nullopt};
  Result<Quote> quote = Build(request);
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  EXPECT_EQ(quote->coins_debit, 250);
  EXPECT_EQ(quote->total.minor_units, 0);
  EXPECT_TRUE(quote->payment_methods.empty());
}

TEST_F(QuoteTest, JsonUsesMinorUnitsAndFormattedAmounts) {
  Result<Quote> quote = Build(Purchase("DE", {{"coins_70", 2}}));
  ASSERT_TRUE(quote.ok());
  boost::json::object json = QuoteToJson(*quote);
  EXPECT_EQ(json["object"], "quote");
  EXPECT_EQ(json["market"], "DE");
  EXPECT_EQ(json["kind"], "purchase");
  EXPECT_EQ(json["total"].at("amount"), 198);
  EXPECT_EQ(json["total"].at("currency"), "EUR");
  EXPECT_EQ(json["total"].at("formatted"), "1,98\u00a0€");
  EXPECT_EQ(json["lines"].at(0).at("quantity"), 2);
  EXPECT_EQ(json["lines"].at(0).at("coins"), 140);
  EXPECT_EQ(json["tax_lines"].at(0).at("rate"), "19");
  EXPECT_EQ(json["coins"].at("credit"), 140);
  EXPECT_EQ(json["decision"].at("outcome"), "allow");
  EXPECT_EQ(json["created"], 1'790'000'000);
  EXPECT_TRUE(json["reverse_charge"].is_null());
  EXPECT_TRUE(json["ad"].is_null());
  std::string pretty = PrettyJson(json);
  EXPECT_THAT(pretty, HasSubstr("  \"object\": \"quote\",\n"));
  EXPECT_EQ(boost::json::parse(pretty), boost::json::value(json));
}

}  // namespace
}  // namespace mg::compliance
