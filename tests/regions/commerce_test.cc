// `commerce` in market files (regions/src/commerce_parser.cc) and the pricing
// of an order (regions/order_pricing.h): who remits the destination tax by
// the first matching rule, the referral fee, the affiliate commission and a
// split that always adds up to what the buyer pays; every mistake in a file
// named with its file, line and column, every bad order refused with its
// parameter.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "regions/market_loader.h"
#include "regions/order_pricing.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using testing::TempRegionsDir;

// In the pack: the territory, who remits, the return window.
const char kPackCommerce[] = R"yaml(commerce:
  territory: [DE, FR]
  tax_collection:
    - when: {ships_from: outside, max_consignment: "150.00"}
      remitted_by: platform
      reason: "deemed supplier (imports)"
      legal_reference: "Art. 14a(1)"
      source: "test"
    - when: {seller_established: outside, ships_from: inside}
      remitted_by: platform
      reason: "deemed supplier (non-EU seller)"
      legal_reference: "Art. 14a(2)"
      source: "test"
    - remitted_by: seller
      reason: "the seller remains liable"
      legal_reference: "Art. 193"
      source: "test"
      verified: false
  return_window: {days: 14, legal_reference: "Art. 9", source: "test"}
)yaml";

const char kMarketClasses[] = R"yaml(    physical_goods:
      - {name: "MwSt.", rate: "19", source: "UStG 12(1)"}
)yaml";

const char kMarketCommerce[] = R"yaml(commerce:
  holding_period: {days: 21, basis: "commercial figure: test"}
  categories:
    fashion: {referral_fee: {percent: "9", basis: "commercial figure: test"}}
    books: {referral_fee: {percent: "5", basis: "commercial figure: test"}}
    knives:
      referral_fee: {percent: "9", basis: "commercial figure: test"}
      min_age: {age: 18, reason: "adults only", legal_reference: "a law", source: "test"}
    alcohol:
      forbidden: {reason: "not sold", legal_reference: "platform policy", source: "test"}
)yaml";

class CommerceTest : public ::testing::Test {
 protected:
  LoadResult Load(const std::string& pack, const std::string& market) {
    testing::WriteValidFixture(dir_);
    dir_.Write("common/base.yaml", std::string(testing::kFixturePack) + pack);
    std::string text =
        testing::Replace(testing::kFixtureMarket, "    physical_goods_reduced:\n",
                         std::string(kMarketClasses) + "    physical_goods_reduced:\n");
    dir_.Write("markets/DE.yaml", text + market);
    return LoadMarkets(dir_.path());
  }

  const Market& LoadValid(const std::string& market_extra = "") {
    result_ = Load(kPackCommerce, kMarketCommerce + market_extra);
    EXPECT_TRUE(result_.ok()) << Errors(result_);
    return *result_.snapshot->Find("DE");
  }

  std::string Errors(const LoadResult& result) {
    std::string out;
    for (const auto& error : result.errors) {
      out += testing::ReplaceAll(error.ToString(), dir_.path(), "<dir>") + "\n";
    }
    return out;
  }

  static Money Eur(int64_t minor) { return Money(minor, CurrencyCode::Parse("EUR").value()); }

  // A EUR 80.00 dress (19 %) from a Chinese seller shipping from China.
  static OrderInput Dress() {
    OrderInput input;
    input.destination_country = "DE";
    input.customer_age = 30;
    input.seller = OrderSeller{"seller_cn", "CN", ""};
    input.items.push_back(OrderItem{"dress_1", "Dress", Eur(8000), 1, "physical_goods", "fashion"});
    return input;
  }

  TempRegionsDir dir_;
  LoadResult result_;
};

TEST_F(CommerceTest, TheMarketsCategoriesMergedWithThePacksRules) {
  const Market& de = LoadValid();
  const Commerce* commerce = de.commerce();
  ASSERT_NE(commerce, nullptr);
  EXPECT_EQ(*commerce->territory, (std::vector<std::string>{"DE", "FR"}));
  ASSERT_EQ(commerce->tax_collection->size(), 3u);
  EXPECT_EQ((*commerce->tax_collection)[0].ships_from, Placement::kOutside);
  EXPECT_EQ((*commerce->tax_collection)[0].max_consignment, Eur(15000));
  EXPECT_EQ((*commerce->tax_collection)[1].seller_established, Placement::kOutside);
  EXPECT_EQ((*commerce->tax_collection)[2].remitted_by, Remitter::kSeller);
  EXPECT_FALSE((*commerce->tax_collection)[2].verified);
  EXPECT_EQ(commerce->return_window.days, 14);
  EXPECT_EQ(commerce->holding_period.days, 21);
  ASSERT_EQ(commerce->categories->size(), 4u);
  EXPECT_EQ(commerce->categories->at("fashion").referral_fee_percent->ToString(), "9");
  EXPECT_EQ(commerce->categories->at("knives").min_age, 18);
  EXPECT_TRUE(commerce->categories->at("alcohol").forbidden.has_value());
  EXPECT_FALSE(commerce->processing_fee.has_value());
}

TEST_F(CommerceTest, WithoutCategoriesTheShopIsClosed) {
  LoadResult result = Load(kPackCommerce, "");
  ASSERT_TRUE(result.ok()) << Errors(result);
  const Market& de = *result.snapshot->Find("DE");
  EXPECT_EQ(de.commerce(), nullptr);
  Result<OrderPricing> priced = PriceOrder(de, Dress());
  EXPECT_EQ(priced.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_THAT(priced.status().message(), HasSubstr("does not sell goods"));
}

TEST_F(CommerceTest, AnImportUpToTheThresholdIsRemittedByThePlatform) {
  const Market& de = LoadValid();
  Result<OrderPricing> priced = PriceOrder(de, Dress());
  ASSERT_TRUE(priced.ok()) << priced.status().ToString();
  // 80.00 / 1.19 = 67.2269 -> 67.23 net, 12.77 VAT; 9 % of 67.23 = 6.05.
  EXPECT_EQ(priced->tax.total_gross, Eur(8000));
  EXPECT_EQ(priced->tax.total_tax, Eur(1277));
  EXPECT_EQ(priced->collection.remitted_by, Remitter::kPlatform);
  EXPECT_EQ(priced->collection.rule_index, 0u);
  EXPECT_EQ(priced->ships_from, "CN");
  EXPECT_EQ(priced->referral_fee, Eur(605));
  EXPECT_EQ(priced->lines.at(0).referral_fee, Eur(605));
  EXPECT_EQ(priced->platform_tax, Eur(1277));
  EXPECT_EQ(priced->affiliate_fee, Eur(0));
  EXPECT_EQ(priced->seller_payable, Eur(8000 - 1277 - 605));
  EXPECT_EQ(priced->platform_revenue, Eur(605));
}

TEST_F(CommerceTest, TheFirstMatchingRuleDecidesWhoRemits) {
  const Market& de = LoadValid();
  // Over EUR 150 net from China: not rule 0; the seller is outside but the
  // goods are not inside: not rule 1; the last rule.
  OrderInput big = Dress();
  big.items[0].unit_price = Eur(23800);  // net 200.00
  Result<OrderPricing> over = PriceOrder(de, big);
  ASSERT_TRUE(over.ok()) << over.status().ToString();
  EXPECT_EQ(over->collection.remitted_by, Remitter::kSeller);
  EXPECT_EQ(over->collection.rule_index, 2u);
  EXPECT_EQ(over->platform_tax, Eur(0));
  // The seller keeps the VAT it remits: 238.00 - 9 % of 200.00.
  EXPECT_EQ(over->seller_payable, Eur(23800 - 1800));
  // Exactly EUR 150 net is still "at most".
  OrderInput edge = Dress();
  edge.items[0].unit_price = Eur(17850);  // 178.50 / 1.19 = 150.00
  EXPECT_EQ(PriceOrder(de, edge)->collection.rule_index, 0u);
  // The same goods shipped from a warehouse inside the territory: rule 1.
  big.ships_from = "FR";
  EXPECT_EQ(PriceOrder(de, big)->collection.rule_index, 1u);
  // A seller established inside, shipping from inside: the seller.
  big.seller.country = "FR";
  EXPECT_EQ(PriceOrder(de, big)->collection.rule_index, 2u);
}

TEST_F(CommerceTest, TheSplitAddsUpToWhatTheBuyerPays) {
  const Market& de = LoadValid("  processing_fee: {percent: \"2.5\", basis: \"commercial\"}\n");
  OrderInput input = Dress();
  input.items.push_back(
      OrderItem{"book_1", "Buch", Eur(2499), 3, "physical_goods_reduced", "books"});
  input.affiliate_rate = Decimal::Parse("12.5").value();
  Result<OrderPricing> priced = PriceOrder(de, input);
  ASSERT_TRUE(priced.ok()) << priced.status().ToString();
  const int64_t gross = priced->tax.total_gross.minor_units();
  EXPECT_EQ(gross, 8000 + 3 * 2499);
  // Books: 74.97 / 1.07 = 70.0654 -> 70.07 net; 5 % = 3.5035 -> 3.50.
  EXPECT_EQ(priced->lines.at(1).referral_fee, Eur(350));
  EXPECT_EQ(priced->referral_fee, Eur(605 + 350));
  // 12.5 % of 67.23 + 70.07 = 137.30 -> 17.1625 -> 17.16.
  EXPECT_EQ(priced->affiliate_fee, Eur(1716));
  EXPECT_EQ(priced->creator_payable, Eur(1716));
  // 2.5 % of 154.97 = 3.87425 -> 3.87.
  EXPECT_EQ(priced->processing_fee, Eur(387));
  EXPECT_EQ(priced->platform_revenue, Eur(605 + 350 + 387));
  EXPECT_EQ(priced->seller_payable.minor_units() + priced->creator_payable.minor_units() +
                priced->platform_revenue.minor_units() + priced->platform_tax.minor_units(),
            gross);
}

TEST_F(CommerceTest, CategoriesGateWhatIsSoldAndToWhom) {
  const Market& de = LoadValid();
  OrderInput input = Dress();
  input.items[0].category = "toys";
  Result<OrderPricing> unknown = PriceOrder(de, input);
  EXPECT_EQ(unknown.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(unknown.status().param(), "items[0].category");
  EXPECT_THAT(unknown.status().message(), HasSubstr("sold: books, fashion, knives"));

  input.items[0].category = "alcohol";
  Result<OrderPricing> forbidden = PriceOrder(de, input);
  EXPECT_EQ(forbidden.status().code(), ErrorCode::kComplianceDenied);
  EXPECT_EQ(forbidden.status().param(), "items[0].category");
  EXPECT_THAT(forbidden.status().message(), HasSubstr("not sold (platform policy)"));

  input.items[0].category = "knives";
  input.customer_age = 17;
  Result<OrderPricing> minor = PriceOrder(de, input);
  EXPECT_EQ(minor.status().code(), ErrorCode::kComplianceDenied);
  EXPECT_EQ(minor.status().param(), "customer.age");
  input.customer_age.reset();
  EXPECT_EQ(PriceOrder(de, input).status().code(), ErrorCode::kUnprocessable);
  input.customer_age = 18;
  EXPECT_TRUE(PriceOrder(de, input).ok());
}

TEST_F(CommerceTest, BadOrdersAreRefusedWithTheirParameter) {
  const Market& de = LoadValid();
  struct Case {
    const char* name;
    std::function<void(OrderInput&)> change;
    ErrorCode code;
    const char* param;
  };
  const std::vector<Case> cases = {
      {"address in another market", [](OrderInput& o) { o.destination_country = "FR"; },
       ErrorCode::kUnprocessable, "shipping_address.country"},
      {"zero price", [](OrderInput& o) { o.items[0].unit_price = Eur(0); },
       ErrorCode::kInvalidArgument, "items[0].unit_price"},
      {"negative price", [](OrderInput& o) { o.items[0].unit_price = Eur(-100); },
       ErrorCode::kInvalidArgument, "items[0].unit_price"},
      {"digital class", [](OrderInput& o) { o.items[0].tax_class = "virtual_currency"; },
       ErrorCode::kUnprocessable, "items[0].tax_class"},
      {"affiliate over 100 %",
       [](OrderInput& o) { o.affiliate_rate = Decimal::Parse("100.01").value(); },
       ErrorCode::kInvalidArgument, "affiliate.rate"},
      {"affiliate of 0 %", [](OrderInput& o) { o.affiliate_rate = Decimal::Parse("0").value(); },
       ErrorCode::kInvalidArgument, "affiliate.rate"},
      {"fees over the value",
       [](OrderInput& o) { o.affiliate_rate = Decimal::Parse("95").value(); },
       ErrorCode::kUnprocessable, "affiliate.rate"},
      {"no items", [](OrderInput& o) { o.items.clear(); }, ErrorCode::kInvalidArgument, "items"},
      {"bad seller country", [](OrderInput& o) { o.seller.country = "China"; },
       ErrorCode::kInvalidArgument, "seller.country"},
      {"another currency",
       [](OrderInput& o) {
         o.items[0].unit_price = Money(100, CurrencyCode::Parse("USD").value());
       },
       ErrorCode::kCurrencyMismatch, "items[0].unit_price"},
  };
  for (const Case& c : cases) {
    OrderInput input = Dress();
    c.change(input);
    Result<OrderPricing> priced = PriceOrder(de, input);
    EXPECT_EQ(priced.status().code(), c.code) << c.name << ": " << priced.status().ToString();
    EXPECT_EQ(priced.status().param(), c.param) << c.name;
  }
  OrderInput whole = Dress();
  whole.affiliate_rate = Decimal::Parse("100").value();  // 100 % is allowed by itself...
  whole.seller.country = "FR";                           // ...when nothing else is taken
  whole.ships_from = "FR";
  whole.items[0].category = "fashion";
  EXPECT_EQ(PriceOrder(de, whole).status().code(), ErrorCode::kUnprocessable);  // 9 % fee too
}

struct BrokenCommerce {
  const char* name;
  std::string market;    // the market file's commerce section
  std::string expected;  // a regex the error must contain
};

class BrokenCommerceTest : public CommerceTest,
                           public ::testing::WithParamInterface<BrokenCommerce> {};

TEST_P(BrokenCommerceTest, IsNamedWithFileLineAndColumn) {
  LoadResult result = Load(kPackCommerce, GetParam().market);
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(Errors(result),
              ContainsRegex("<dir>/markets/DE.yaml:[0-9]+:[0-9]+: " + GetParam().expected));
}

const std::string kCategories =
    "  categories:\n    fashion: {referral_fee: {percent: \"9\", basis: \"b\"}}\n";
const std::string kHolding = "  holding_period: {days: 21, basis: \"b\"}\n";

INSTANTIATE_TEST_SUITE_P(
    Mistakes, BrokenCommerceTest,
    ::testing::Values(
        BrokenCommerce{"NoHoldingPeriod", "commerce:\n" + kCategories,
                       "commerce.categories: a market that declares commerce.categories needs "
                       "commerce.holding_period"},
        BrokenCommerce{"HoldingShorterThanReturns",
                       "commerce:\n  holding_period: {days: 13, basis: \"b\"}\n" + kCategories,
                       "commerce.holding_period.days: the holding period \\(13 days\\) is shorter "
                       "than the return window \\(14 days\\)"},
        BrokenCommerce{"LastRuleConditional",
                       "commerce:\n" + kHolding + kCategories +
                           "  tax_collection:\n    - {when: {ships_from: inside}, remitted_by: "
                           "seller, reason: r, legal_reference: l, source: s}\n",
                       "commerce.tax_collection\\[0\\]: the last tax collection rule must have "
                       "no `when`"},
        BrokenCommerce{"CatchAllFirst",
                       "commerce:\n" + kHolding + kCategories +
                           "  tax_collection:\n    - {remitted_by: seller, reason: r, "
                           "legal_reference: l, source: s}\n    - {remitted_by: platform, reason: "
                           "r, legal_reference: l, source: s}\n",
                       "commerce.tax_collection\\[0\\]: a rule without `when` matches every "
                       "order"},
        BrokenCommerce{"UnknownRemitter",
                       "commerce:\n" + kHolding + kCategories +
                           "  tax_collection:\n    - {remitted_by: buyer, reason: r, "
                           "legal_reference: l, source: s}\n",
                       "commerce.tax_collection\\[0\\].remitted_by"},
        BrokenCommerce{"ThresholdWithTooManyDecimals",
                       "commerce:\n" + kHolding + kCategories +
                           "  tax_collection:\n    - {when: {max_consignment: \"150.001\"}, "
                           "remitted_by: platform, reason: r, legal_reference: l, source: s}\n"
                           "    - {remitted_by: seller, reason: r, legal_reference: l, source: "
                           "s}\n",
                       "commerce.tax_collection\\[0\\].when.max_consignment"},
        BrokenCommerce{"CategoryWithoutFee",
                       "commerce:\n" + kHolding + "  categories:\n    fashion: {}\n",
                       "commerce.categories.fashion: a category needs a referral_fee"},
        BrokenCommerce{"ForbiddenWithAFee",
                       "commerce:\n" + kHolding +
                           "  categories:\n    alcohol:\n      forbidden: {reason: r, "
                           "legal_reference: l, source: s}\n      referral_fee: {percent: \"5\", "
                           "basis: b}\n",
                       "commerce.categories.alcohol: a forbidden category is not sold"},
        BrokenCommerce{"AgeOutOfRange",
                       "commerce:\n" + kHolding +
                           "  categories:\n    knives:\n      referral_fee: {percent: \"5\", "
                           "basis: b}\n      min_age: {age: 0, reason: r, legal_reference: l, "
                           "source: s}\n",
                       "commerce.categories.knives.min_age.age: expected an age from 1 to 99"},
        BrokenCommerce{"FeeOver100",
                       "commerce:\n" + kHolding +
                           "  categories:\n    fashion: {referral_fee: {percent: \"101\", "
                           "basis: b}}\n",
                       "commerce.categories.fashion.referral_fee.percent"},
        BrokenCommerce{"BadTerritory",
                       "commerce:\n" + kHolding + kCategories + "  territory: [DE, Europe]\n",
                       "commerce.territory\\[1\\]: expected an ISO 3166-1 alpha-2 country code"},
        BrokenCommerce{"UnknownField", "commerce:\n  shipping: free\n",
                       "commerce.shipping: unknown field 'shipping'"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(CommerceTest, APacksThresholdInAnotherCurrencyIsNotInherited) {
  // The pack writes its amounts in USD; the market sells in EUR.
  LoadResult result = Load(std::string("currency: USD\n") + kPackCommerce, kMarketCommerce);
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(Errors(result), ContainsRegex("<dir>/markets/DE.yaml:[0-9]+:[0-9]+: includes: "
                                            "market DE sells in EUR, but the consignment "
                                            "thresholds of commerce.tax_collection in pack 'base' "
                                            "are in USD"));
}

// What markets inherit from one pack declaration, and categories declared
// alike, are shared, not copied into each market (parse_memo.h).
TEST_F(CommerceTest, MarketsShareWhatTheyDeclareAlike) {
  const Market& de = LoadValid();
  const std::string de_text = dir_.Read("markets/DE.yaml");
  dir_.Write("markets/AT.yaml", testing::Replace(de_text, "market: DE", "market: AT"));
  dir_.Write("markets/NL.yaml",
             testing::Replace(testing::Replace(de_text, "market: DE", "market: NL"),
                              "percent: \"9\"", "percent: \"8\""));
  LoadResult result = LoadMarkets(dir_.path());
  ASSERT_TRUE(result.ok()) << Errors(result);
  const Commerce* at = result.snapshot->Find("AT")->commerce();
  const Commerce* nl = result.snapshot->Find("NL")->commerce();
  const Commerce* de2 = result.snapshot->Find("DE")->commerce();
  ASSERT_TRUE(at != nullptr && nl != nullptr && de2 != nullptr);
  EXPECT_EQ(at->tax_collection.get(), de2->tax_collection.get());
  EXPECT_EQ(at->territory.get(), de2->territory.get());
  EXPECT_EQ(at->categories.get(), de2->categories.get());
  EXPECT_NE(nl->categories.get(), de2->categories.get()) << "another fee: not the same";
  EXPECT_EQ(nl->categories->at("fashion").referral_fee_percent->ToString(), "8");
  EXPECT_EQ(de2->categories->at("fashion").referral_fee_percent->ToString(), "9");
  EXPECT_EQ(de.commerce()->categories->size(), 4u);
}

TEST_F(CommerceTest, TheShippedMarketsLoadWithTheirShops) {
  LoadResult result = LoadMarkets(testing::ShippedRegionsDir());
  ASSERT_TRUE(result.ok()) << Errors(result);
  for (const char* code : {"DE", "FR", "US", "GB", "CA"}) {
    const Market* market = result.snapshot->Find(code);
    ASSERT_NE(market, nullptr) << code;
    const Commerce* commerce = market->commerce();
    if (std::string(code) == "FR") {
      EXPECT_EQ(commerce, nullptr) << "FR has not opened the shop";
      continue;
    }
    ASSERT_NE(commerce, nullptr) << code;
    EXPECT_GE(commerce->holding_period.days, commerce->return_window.days) << code;
    EXPECT_FALSE(commerce->tax_collection->empty()) << code;
  }
}

}  // namespace
}  // namespace mg::regions
