// tax.local_taxes: the declaration that a market does not collect the taxes
// levied below its subdivisions (docs/markets.md, "Local taxes"), as the
// loader reads it and as the tax engine reports it on every quote.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "regions/market_loader.h"
#include "regions/tax_engine.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Replace;
using testing::TempRegionsDir;

constexpr char kNote[] =
    "Local taxes (city, county, district) are not collected: rates vary by address";

// --- The engine -------------------------------------------------------------

// A tax-exclusive USD market with one state, as the US file declares them.
std::shared_ptr<const Market> StateMarket(std::optional<LocalTaxes> local_taxes) {
  MarketSpec spec(*LookupCurrency(*CurrencyCode::Parse("USD")));
  spec.code = "US";
  spec.name = "United States";
  spec.status = MarketStatus::kLive;
  spec.entity = Entity{"Entity", "US", "test", true};
  spec.locales = {"en-US"};
  spec.time_zone = "America/New_York";
  spec.subdivision_required = true;
  spec.tax.classes[kTaxClassVirtualCurrency] = {};
  spec.tax.local_taxes = std::move(local_taxes);
  Subdivision state{"US-TX", "Texas", false, {}};
  state.classes[kTaxClassVirtualCurrency] = {
      TaxComponent{"Sales tax (TX state)", *Decimal::Parse("6.25"), false, "test", true}};
  spec.subdivisions.emplace(state.code, state);
  Result<std::shared_ptr<const Market>> market = Market::Create(spec);
  EXPECT_TRUE(market.ok()) << market.status().ToString();
  return *market;
}

TaxResult QuoteCoins(const Market& market) {
  TaxRequestLine line{
      "coins_70", "", kTaxClassVirtualCurrency, Money(99, *CurrencyCode::Parse("USD")), 1, {}};
  Result<TaxResult> result = TaxEngine().Compute(TaxRequest{&market, "US-TX", {}, {line}});
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return *result;
}

TEST(LocalTaxesEngineTest, NotCollectedPutsTheReasonOnTheQuote) {
  auto market = StateMarket(LocalTaxes{false, "rates vary by address", "test", false});
  TaxResult result = QuoteCoins(*market);
  EXPECT_THAT(result.notes, ElementsAre(kNote));
  // The note changes nothing in the arithmetic: state rate only.
  EXPECT_EQ(result.total_tax.minor_units(), 6);  // 0.99 * 6.25 % = 0.061875 -> 0.06
  EXPECT_EQ(result.total_gross.minor_units(), 105);
}

TEST(LocalTaxesEngineTest, NoDeclarationNoNote) {
  auto market = StateMarket(std::nullopt);
  TaxResult result = QuoteCoins(*market);
  EXPECT_TRUE(result.notes.empty()) << ::testing::PrintToString(result.notes);
  EXPECT_EQ(result.total_tax.minor_units(), 6);
}

TEST(LocalTaxesEngineTest, OneNotePerQuoteWhateverTheLines) {
  auto market = StateMarket(LocalTaxes{false, "rates vary by address", "test", false});
  TaxRequestLine line{
      "coins_70", "", kTaxClassVirtualCurrency, Money(99, *CurrencyCode::Parse("USD")), 1, {}};
  Result<TaxResult> result =
      TaxEngine().Compute(TaxRequest{market.get(), "US-TX", {}, {line, line, line}});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_THAT(result->notes, ElementsAre(kNote));
  EXPECT_EQ(result->total_tax.minor_units(), 18);
}

// --- The loader -------------------------------------------------------------

std::vector<std::string> ErrorStrings(const LoadResult& result) {
  std::vector<std::string> out;
  for (const auto& error : result.errors) out.push_back(error.ToString());
  return out;
}

// The fixture market DE with `declaration` inserted as tax.local_taxes (at
// line 12 of the file, after "tax:").
LoadResult LoadWithLocalTaxes(const TempRegionsDir& dir, const std::string& declaration) {
  testing::WriteValidFixture(dir);
  dir.Write("markets/DE.yaml", Replace(testing::kFixtureMarket, "tax:\n  classes:\n",
                                       "tax:\n  local_taxes: " + declaration + "\n  classes:\n"));
  return LoadMarkets(dir.path());
}

TEST(LocalTaxesLoaderTest, ReadsTheDeclaration) {
  TempRegionsDir dir;
  LoadResult result =
      LoadWithLocalTaxes(dir,
                         "{collected: false, reason: \"rates vary by address\", source: \"docs\", "
                         "verified: false}");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorStrings(result));
  const Market* de = result.snapshot->Find("DE");
  ASSERT_TRUE(de->tax().local_taxes.has_value());
  EXPECT_FALSE(de->tax().local_taxes->collected);
  EXPECT_EQ(de->tax().local_taxes->reason, "rates vary by address");
  EXPECT_EQ(de->tax().local_taxes->source, "docs");
  EXPECT_FALSE(de->tax().local_taxes->verified);
}

TEST(LocalTaxesLoaderTest, AbsentMeansNoDeclaration) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorStrings(result));
  EXPECT_FALSE(result.snapshot->Find("DE")->tax().local_taxes.has_value());
}

TEST(LocalTaxesLoaderTest, NotAMappingIsAnErrorWithItsPosition) {
  TempRegionsDir dir;
  LoadResult result = LoadWithLocalTaxes(dir, "\"not collected\"");
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(ErrorStrings(result),
              ElementsAre(dir.File("markets/DE.yaml") +
                          ":12:16: tax.local_taxes: expected a mapping, found a scalar"));
}

TEST(LocalTaxesLoaderTest, MissingReasonIsAnErrorWithItsPosition) {
  TempRegionsDir dir;
  LoadResult result = LoadWithLocalTaxes(dir, "{collected: false, source: s}");
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(ErrorStrings(result),
              ElementsAre(dir.File("markets/DE.yaml") +
                          ":12:16: tax.local_taxes.reason: required field 'reason' is missing"));
}

TEST(LocalTaxesLoaderTest, CollectedIsRefusedWithItsPosition) {
  TempRegionsDir dir;
  LoadResult result = LoadWithLocalTaxes(dir, "{collected: true, reason: r, source: s}");
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(ErrorStrings(result),
              ElementsAre(dir.File("markets/DE.yaml") +
                          ":12:28: tax.local_taxes.collected: collected: true needs a local rate "
                          "source, which no market can declare yet; declare collected: false "
                          "with the reason"));
}

TEST(LocalTaxesLoaderTest, UnknownFieldIsAnError) {
  TempRegionsDir dir;
  LoadResult result =
      LoadWithLocalTaxes(dir, "{collected: false, reason: r, source: s, rate: \"1\"}");
  EXPECT_EQ(result.snapshot, nullptr);
  ASSERT_EQ(result.errors.size(), 1u) << ::testing::PrintToString(ErrorStrings(result));
  EXPECT_EQ(result.errors[0].path, "tax.local_taxes.rate");
  EXPECT_EQ(result.errors[0].line, 12);
  EXPECT_THAT(result.errors[0].message, HasSubstr("unknown field 'rate'"));
}

// --- The shipped markets ----------------------------------------------------

TEST(LocalTaxesShippedTest, UnitedStatesDeclaresThemNotCollected) {
  LoadResult result = LoadMarkets(testing::ShippedRegionsDir());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorStrings(result));
  const Market* us = result.snapshot->Find("US");
  ASSERT_NE(us, nullptr);
  ASSERT_TRUE(us->tax().local_taxes.has_value());
  EXPECT_FALSE(us->tax().local_taxes->collected);
  EXPECT_THAT(us->tax().local_taxes->reason, HasSubstr("rates vary by address"));
  // And a quote says so.
  const CatalogItem* coins = us->FindSku("coins_70");
  TaxRequestLine line{coins->sku, coins->name, coins->tax_class, coins->price, 1, {}};
  Result<TaxResult> quote = TaxEngine().Compute(TaxRequest{us, "US-TX", {}, {line}});
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  ASSERT_EQ(quote->notes.size(), 1u);
  EXPECT_THAT(quote->notes[0], HasSubstr("Local taxes (city, county, district) are not collected"));
}

TEST(LocalTaxesShippedTest, CanadaDeclaresNone) {
  // Canada has no municipal sales taxes (docs/sources/CA.md#local-taxes).
  LoadResult result = LoadMarkets(testing::ShippedRegionsDir());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorStrings(result));
  const Market* ca = result.snapshot->Find("CA");
  ASSERT_NE(ca, nullptr);
  EXPECT_FALSE(ca->tax().local_taxes.has_value());
}

}  // namespace
}  // namespace mg::regions
