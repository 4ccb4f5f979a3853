// Every US state (and DC) and every Canadian province and territory is
// declared and quotes: a coin pack and a physical good for each, from the
// shipped market files. The expected tax is worked out here from the
// components the file declares (not from hard-coded rates), so a subdivision
// that is missing, misspelt or wrongly composed fails; the rates themselves
// are checked by the compliance cases (US.cases.yaml, CA.cases.yaml).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "regions/market_loader.h"
#include "regions/tax_engine.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

// ISO 3166-2:US: the 50 states and the District of Columbia.
const std::vector<std::string> kUnitedStates = {
    "US-AK", "US-AL", "US-AR", "US-AZ", "US-CA", "US-CO", "US-CT", "US-DC", "US-DE",
    "US-FL", "US-GA", "US-HI", "US-IA", "US-ID", "US-IL", "US-IN", "US-KS", "US-KY",
    "US-LA", "US-MA", "US-MD", "US-ME", "US-MI", "US-MN", "US-MO", "US-MS", "US-MT",
    "US-NC", "US-ND", "US-NE", "US-NH", "US-NJ", "US-NM", "US-NV", "US-NY", "US-OH",
    "US-OK", "US-OR", "US-PA", "US-RI", "US-SC", "US-SD", "US-TN", "US-TX", "US-UT",
    "US-VA", "US-VT", "US-WA", "US-WI", "US-WV", "US-WY"};

// The states without a state sales tax (docs/sources/US.md).
const std::set<std::string> kNoStateSalesTax = {"US-AK", "US-DE", "US-MT", "US-NH", "US-OR"};

// ISO 3166-2:CA: 10 provinces and 3 territories.
const std::vector<std::string> kCanada = {"CA-AB", "CA-BC", "CA-MB", "CA-NB", "CA-NL",
                                          "CA-NS", "CA-NT", "CA-NU", "CA-ON", "CA-PE",
                                          "CA-QC", "CA-SK", "CA-YT"};

class AllSubdivisionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    LoadResult result = LoadMarkets(testing::ShippedRegionsDir());
    ASSERT_TRUE(result.ok()) << result.errors.front().ToString();
    snapshot_ = new std::shared_ptr<const MarketSnapshot>(result.snapshot);
  }
  static void TearDownTestSuite() {
    delete snapshot_;
    snapshot_ = nullptr;
  }

  static const Market& Find(const char* code) {
    const Market* market = (*snapshot_)->Find(code);
    EXPECT_NE(market, nullptr) << code;
    return *market;
  }

  // The components a line of `tax_class` gets in `code`, read from the
  // declaration: the subdivision's replace the market's when it says so,
  // else they follow them.
  static std::vector<TaxComponent> Declared(const Market& market, const std::string& code,
                                            const std::string& tax_class) {
    const Subdivision& subdivision = market.spec().subdivisions.at(code);
    std::vector<TaxComponent> components;
    auto local = subdivision.classes.find(tax_class);
    if (local == subdivision.classes.end() || !subdivision.replaces_national) {
      components = *market.FindTaxClass(tax_class);
    }
    if (local != subdivision.classes.end()) {
      components.insert(components.end(), local->second.begin(), local->second.end());
    }
    return components;
  }

  // round_half_up(net * rate / 100) in minor units, for a non-negative net.
  static int64_t ExpectedTax(int64_t net, const Decimal& rate) {
    __int128 denominator = 100;
    for (int i = 0; i < rate.scale; ++i) denominator *= 10;
    __int128 numerator = static_cast<__int128>(net) * rate.coefficient;
    return static_cast<int64_t>((2 * numerator + denominator) / (2 * denominator));
  }

  // Quotes `sku` alone in `code` and checks the tax and every tax line
  // against the declared components. Returns the total tax.
  static int64_t CheckQuote(const Market& market, const std::string& code, const char* sku) {
    const CatalogItem* item = market.FindSku(sku);
    EXPECT_NE(item, nullptr) << market.code() << " " << sku;
    if (item == nullptr) return -1;
    TaxRequestLine line{item->sku, item->name, item->tax_class, item->price, 1, {}};
    Result<TaxResult> result = TaxEngine().Compute(TaxRequest{&market, code, {}, {line}});
    EXPECT_TRUE(result.ok()) << code << " " << sku << ": " << result.status().ToString();
    if (!result.ok()) return -1;

    std::vector<TaxComponent> components = Declared(market, code, item->tax_class);
    int64_t net = item->price.minor_units();
    int64_t expected = 0;
    std::vector<std::string> expected_lines;
    for (const TaxComponent& component : components) {
      int64_t tax = ExpectedTax(net, component.rate);
      expected += tax;
      expected_lines.push_back(component.name + " " + component.rate.ToString() + " " +
                               std::to_string(tax));
    }
    std::vector<std::string> lines;
    for (const TaxLine& tax_line : result->tax_lines) {
      lines.push_back(tax_line.name + " " + tax_line.rate.ToString() + " " +
                      std::to_string(tax_line.amount.minor_units()));
    }
    EXPECT_EQ(lines, expected_lines) << code << " " << sku;
    EXPECT_EQ(result->subtotal_net.minor_units(), net) << code << " " << sku;
    EXPECT_EQ(result->total_tax.minor_units(), expected) << code << " " << sku;
    EXPECT_EQ(result->total_gross.minor_units(), net + expected) << code << " " << sku;
    return result->total_tax.minor_units();
  }

  static std::set<std::string> DeclaredCodes(const Market& market) {
    std::set<std::string> codes;
    for (const auto& [code, subdivision] : market.spec().subdivisions) codes.insert(code);
    return codes;
  }

  static std::shared_ptr<const MarketSnapshot>* snapshot_;
};

std::shared_ptr<const MarketSnapshot>* AllSubdivisionsTest::snapshot_ = nullptr;

TEST_F(AllSubdivisionsTest, TheFormulaAboveIsTheMarketsOwn) {
  // ExpectedTax() assumes tax-exclusive prices rounded half up per line.
  for (const char* code : {"US", "CA"}) {
    const Market& market = Find(code);
    EXPECT_FALSE(market.prices_include_tax()) << code;
    EXPECT_EQ(market.tax().rounding.mode, RoundingMode::kHalfUp) << code;
    EXPECT_EQ(market.tax().rounding.level, RoundingLevel::kLine) << code;
    EXPECT_TRUE(market.spec().subdivision_required) << code;
  }
}

TEST_F(AllSubdivisionsTest, UnitedStatesDeclaresExactlyTheStatesAndDc) {
  const Market& us = Find("US");
  EXPECT_EQ(kUnitedStates.size(), 51u);
  EXPECT_EQ(DeclaredCodes(us), std::set<std::string>(kUnitedStates.begin(), kUnitedStates.end()));
}

TEST_F(AllSubdivisionsTest, CanadaDeclaresExactlyTheProvincesAndTerritories) {
  const Market& ca = Find("CA");
  EXPECT_EQ(kCanada.size(), 13u);
  EXPECT_EQ(DeclaredCodes(ca), std::set<std::string>(kCanada.begin(), kCanada.end()));
}

TEST_F(AllSubdivisionsTest, EveryStateQuotesCoinsAndGoodsAtItsDeclaredRates) {
  const Market& us = Find("US");
  for (const std::string& code : kUnitedStates) {
    SCOPED_TRACE(code);
    ASSERT_NE(us.FindSubdivision(code), nullptr);
    CheckQuote(us, code, "coins_70");
    int64_t goods_tax = CheckQuote(us, code, "tshirt_logo");
    // Physical goods are taxed wherever there is a state sales tax, and only there.
    if (kNoStateSalesTax.count(code)) {
      EXPECT_EQ(goods_tax, 0);
    } else {
      EXPECT_GT(goods_tax, 0);
    }
  }
}

TEST_F(AllSubdivisionsTest, EveryProvinceQuotesCoinsAndGoodsAtItsDeclaredRates) {
  const Market& ca = Find("CA");
  const int64_t gst_only =
      ExpectedTax(ca.FindSku("tshirt_logo")->price.minor_units(), *Decimal::Parse("5"));
  for (const std::string& code : kCanada) {
    SCOPED_TRACE(code);
    ASSERT_NE(ca.FindSubdivision(code), nullptr);
    EXPECT_GT(CheckQuote(ca, code, "coins_70"), 0);
    // At least GST everywhere: a province adds to it or harmonizes above it.
    EXPECT_GE(CheckQuote(ca, code, "tshirt_logo"), gst_only);
  }
}

TEST_F(AllSubdivisionsTest, AnUndeclaredCodeIsStillRefused) {
  for (const auto& [market, code] : {std::pair{"US", "US-PR"}, std::pair{"CA", "CA-XX"}}) {
    TaxRequestLine line{
        "coins_70", "", kTaxClassVirtualCurrency, Find(market).FindSku("coins_70")->price, 1, {}};
    Result<TaxResult> result =
        TaxEngine().Compute(TaxRequest{&Find(market), std::string(code), {}, {line}});
    EXPECT_FALSE(result.ok()) << code;
  }
}

}  // namespace
}  // namespace mg::regions
