#include "regions/market_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "regions_fixture.h"

namespace mg::regions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Replace;
using testing::TempRegionsDir;

std::vector<std::string> ErrorStrings(const LoadResult& result) {
  std::vector<std::string> out;
  for (const auto& error : result.errors) out.push_back(error.ToString());
  return out;
}

TEST(MarketLoaderTest, LoadsTheValidFixture) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorStrings(result));
  ASSERT_NE(result.snapshot, nullptr);
  const Market* de = result.snapshot->Find("DE");
  ASSERT_NE(de, nullptr);
  EXPECT_EQ(de->name(), "Germany");
  EXPECT_EQ(de->currency().str(), "EUR");
  EXPECT_EQ(de->currency_facts().fraction_digits, 2);
  EXPECT_TRUE(de->prices_include_tax());
  EXPECT_EQ(de->time_zone(), "Europe/Berlin");
  EXPECT_THAT(de->locales(), ElementsAre("de-DE", "en-US"));
  EXPECT_EQ(de->source_file(), dir.File("markets/DE.yaml"));
  EXPECT_THAT(de->spec().includes, ElementsAre("base"));
  EXPECT_EQ(result.snapshot->version(), 1u);
  EXPECT_EQ(result.snapshot->Find("FR"), nullptr);
}

TEST(MarketLoaderTest, MergesThePackBeforeTheMarket) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  const Market* de = nullptr;
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorStrings(result));
  de = result.snapshot->Find("DE");
  // entity and rounding come from the pack; classes are merged by name.
  EXPECT_EQ(de->entity().country, "IE");
  EXPECT_EQ(de->tax().rounding.mode, RoundingMode::kHalfUp);
  ASSERT_TRUE(de->tax().reverse_charge.has_value());
  EXPECT_THAT(de->tax().reverse_charge->classes, ElementsAre("advertising", "digital_service"));
  EXPECT_EQ(de->tax().classes.size(), 3u);
  ASSERT_NE(de->FindTaxClass("advertising"), nullptr);
  EXPECT_EQ(de->FindTaxClass("advertising")->at(0).rate.ToString(), "23");
  // Rules: the pack's first, then the market's.
  ASSERT_EQ(de->rules().size(), 2u);
  EXPECT_EQ(de->rules()[0].id, "base.age.coins");
  EXPECT_EQ(de->rules()[0].declared_in, dir.File("common/base.yaml"));
  EXPECT_EQ(de->rules()[1].id, "de.coins.limit");
  ASSERT_NE(de->FindAdFormat("in_feed"), nullptr);
  EXPECT_EQ(de->FindAdFormat("in_feed")->cpm_floor->minor_units(), 300);
}

TEST(MarketLoaderTest, LaterDeclarationsWinAndRulesCanBeSwitchedOff) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  std::string market = Replace(testing::kFixtureMarket, "tax:\n  classes:\n",
                               "entity: {name: \"Local GmbH\", country: DE, source: \"x\"}\n"
                               "tax:\n  classes:\n"
                               "    advertising:\n"
                               "      - {name: \"MwSt.\", rate: \"19\", source: \"UStG\"}\n");
  market += R"(  - id: base.age.coins
    disabled: true
    reason: "Replaced by a stricter local rule"
    source: "local law"
)";
  dir.Write("markets/DE.yaml", market);
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorStrings(result));
  const Market* de = result.snapshot->Find("DE");
  EXPECT_EQ(de->entity().name, "Local GmbH");
  EXPECT_EQ(de->FindTaxClass("advertising")->at(0).rate.ToString(), "19");
  const Rule* rule = de->FindRule("base.age.coins");
  ASSERT_NE(rule, nullptr);
  EXPECT_TRUE(rule->disabled);
  EXPECT_EQ(rule->kind, "age_gate");  // the switched-off rule keeps its body
  EXPECT_EQ(rule->disabled_reason, "Replaced by a stricter local rule");
  EXPECT_EQ(rule->declared_in, dir.File("markets/DE.yaml"));
  // Order of first declaration is kept.
  EXPECT_EQ(de->rules()[0].id, "base.age.coins");
}

// The packs are read once per load and shared by every market that includes
// them: what one market overrides must not reach the next one. (yaml-cpp's
// Node assignment writes through to the node assigned to, which is the pack's.)
TEST(MarketLoaderTest, OneMarketsOverridesNeverReachAnotherMarketOfThePack) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  // AT (read before DE) overrides the pack's entity and advertising class.
  std::string austria = Replace(testing::kFixtureMarket, "market: DE", "market: AT");
  austria = Replace(austria, "name: Germany", "name: Austria");
  austria = Replace(austria, "tax:\n  classes:\n",
                    "entity: {name: \"Local GmbH\", country: AT, source: \"x\"}\n"
                    "tax:\n  classes:\n"
                    "    advertising:\n"
                    "      - {name: \"USt.\", rate: \"20\", source: \"UStG\"}\n");
  dir.Write("markets/AT.yaml", austria);
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorStrings(result));
  EXPECT_EQ(result.snapshot->Find("AT")->entity().name, "Local GmbH");
  EXPECT_EQ(result.snapshot->Find("AT")->FindTaxClass("advertising")->at(0).rate.ToString(), "20");
  const Market* de = result.snapshot->Find("DE");
  EXPECT_EQ(de->entity().name, "Test Entity Ltd");
  EXPECT_EQ(de->FindTaxClass("advertising")->at(0).rate.ToString(), "23");
}

TEST(MarketLoaderTest, PackIncludesArePackedDepthFirstAndOnce) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  dir.Write("common/platform.yaml", R"(pack: platform
rules:
  - id: platform.age
    kind: age_gate
    actions: [send_gift]
    min_age: 18
    unknown_age: deny
    legal_reference: "platform"
    source: "test"
)");
  dir.Write("common/base.yaml",
            Replace(testing::kFixturePack, "pack: base\n", "pack: base\nincludes: [platform]\n"));
  dir.Write("markets/DE.yaml",
            Replace(testing::kFixtureMarket, "includes: [base]", "includes: [platform, base]"));
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorStrings(result));
  const Market* de = result.snapshot->Find("DE");
  EXPECT_THAT(de->spec().includes, ElementsAre("platform", "base"));
  ASSERT_EQ(de->rules().size(), 3u);
  EXPECT_EQ(de->rules()[0].id, "platform.age");
}

TEST(MarketLoaderTest, BuildsFormattersAndLookupsOnce) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok());
  const Market* de = result.snapshot->Find("DE");
  const CatalogItem* coins = de->FindSku("coins_70");
  ASSERT_NE(coins, nullptr);
  EXPECT_EQ(coins->kind, CatalogItem::Kind::kCoinPack);
  EXPECT_EQ(coins->tax_class, "virtual_currency");
  EXPECT_EQ(coins->price.minor_units(), 99);
  EXPECT_EQ(de->FindSku("book")->tax_class, "physical_goods_reduced");
  EXPECT_EQ(de->FindSku("nope"), nullptr);
  EXPECT_EQ(de->FormatDefault(Money(123456, de->currency())), "1.234,56\u00a0€");
  EXPECT_EQ(*de->FormatterFor("en-US").Format(Money(123456, de->currency())), "€1,234.56");
  // Unknown and partial tags resolve to a supported locale.
  EXPECT_EQ(de->FormatterFor("de").locale(), "de-DE");
  EXPECT_EQ(de->FormatterFor("ja-JP").locale(), "de-DE");
  EXPECT_EQ(de->negotiator().Negotiate("en-GB, en;q=0.8"), "en-US");
  ASSERT_NE(de->FindPaymentMethod("card"), nullptr);
  EXPECT_EQ(de->FindPaymentMethod("card")->providers[0].provider, "adyen");
  EXPECT_EQ(de->FindPaymentMethod("card")->providers[0].weight, 80);
}

// --- One broken file per error class, each with its exact position. ---

struct BrokenCase {
  const char* name;
  const char* from;  // in the fixture market
  const char* to;
  const char* expected;  // ToString() with "<dir>" for the regions directory
};

class BrokenMarketTest : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(BrokenMarketTest, ReportsExactPositionAndMessage) {
  const BrokenCase& c = GetParam();
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  dir.Write("markets/DE.yaml", Replace(testing::kFixtureMarket, c.from, c.to));
  LoadResult result = LoadMarkets(dir.path());
  EXPECT_EQ(result.snapshot, nullptr);
  std::string expected = testing::ReplaceAll(c.expected, "<dir>", dir.path());
  EXPECT_THAT(ErrorStrings(result), ElementsAre(expected));
}

INSTANTIATE_TEST_SUITE_P(
    ErrorClasses, BrokenMarketTest,
    ::testing::Values(
        BrokenCase{"YamlSyntax", "name: Germany", "name: [Germany",
                   "<dir>/markets/DE.yaml:4:9: end of sequence flow not found"},
        BrokenCase{"UnknownField", "coins: 70, price: \"0.99\"}",
                   "coins: 70, price: \"0.99\", colour: red}",
                   "<dir>/markets/DE.yaml:19:49: catalog.coin_packs[0].colour: unknown field "
                   "'colour' (known fields: base_price, coins, price, sku)"},
        BrokenCase{"WrongType", "coins: 70,", "coins: seventy,",
                   "<dir>/markets/DE.yaml:19:30: catalog.coin_packs[0].coins: expected an "
                   "integer, found 'seventy'"},
        BrokenCase{"MissingRequiredField", "time_zone: Europe/Berlin\n", "",
                   "<dir>/markets/DE.yaml:2:1: time_zone: required field 'time_zone' is missing"},
        BrokenCase{"UnknownCurrency", "currency: EUR", "currency: EUX",
                   "<dir>/markets/DE.yaml:7:11: currency: unknown currency 'EUX' (not an ISO "
                   "4217 code known to ICU)"},
        BrokenCase{"UnknownLocale", "[de-DE, en-US]", "[de-DE, zz-ZZ]",
                   "<dir>/markets/DE.yaml:6:18: locales[1]: unknown locale 'zz-ZZ' (not known "
                   "to ICU)"},
        BrokenCase{"BadTimeZone", "Europe/Berlin", "Europe/Berlinn",
                   "<dir>/markets/DE.yaml:8:12: time_zone: unknown time zone 'Europe/Berlinn' "
                   "(expected an IANA id known to ICU)"},
        BrokenCase{"RateAbove100", "rate: \"19\"", "rate: \"119\"",
                   "<dir>/markets/DE.yaml:14:31: tax.classes.virtual_currency[0].rate: rate "
                   "'119' is outside 0-100 %"},
        BrokenCase{"RateWithFiveDecimals", "rate: \"19\"", "rate: \"19.00001\"",
                   "<dir>/markets/DE.yaml:14:31: tax.classes.virtual_currency[0].rate: rate "
                   "'19.00001' has more than 4 decimals"},
        BrokenCase{"PriceWithTooManyDecimals", "price: \"0.99\"", "price: \"0.999\"",
                   "<dir>/markets/DE.yaml:19:41: catalog.coin_packs[0].price: amount '0.999' "
                   "has more decimals than EUR allows (2)"},
        BrokenCase{"UnknownProvider", "provider: stripe", "provider: strype",
                   "<dir>/markets/DE.yaml:27:20: payment_methods[0].providers[1].provider: "
                   "unknown provider 'strype' (not declared in common/providers.yaml)"},
        BrokenCase{"WeightAbove100", "weight: 80}", "weight: 180}",
                   "<dir>/markets/DE.yaml:26:35: payment_methods[0].providers[0].weight: weight "
                   "must be between 0 and 100"},
        BrokenCase{"ProviderWithoutMethod", "- {provider: adyen}\n", "- {provider: stripe}\n",
                   "<dir>/markets/DE.yaml:31:20: payment_methods[1].providers[0].provider: "
                   "provider 'stripe' does not support method 'ideal' (see "
                   "common/providers.yaml)"},
        BrokenCase{"UnknownTaxClass", "tax_class: physical_goods_reduced}",
                   "tax_class: physical_goods}",
                   "<dir>/markets/DE.yaml:22:64: catalog.products[0].tax_class: tax class "
                   "'physical_goods' is not declared in the market's tax.classes"},
        BrokenCase{"DuplicateSku", "sku: coins_350", "sku: coins_70",
                   "<dir>/markets/DE.yaml:20:13: catalog.coin_packs[1].sku: duplicate SKU "
                   "'coins_70' (first declared at line 19)"},
        BrokenCase{"UnknownInclude", "includes: [base]", "includes: [base, nordic]",
                   "<dir>/markets/DE.yaml:4:18: includes[1]: unknown pack 'nordic' (no file "
                   "<dir>/common/nordic.yaml)"},
        BrokenCase{"CodeNotFileName", "market: DE", "market: FR",
                   "<dir>/markets/DE.yaml:2:9: market: market code 'FR' must equal the file "
                   "name 'DE'"},
        BrokenCase{"SuspendedWithoutSuspension", "status: live", "status: suspended",
                   "<dir>/markets/DE.yaml:5:9: suspension: a suspended market needs "
                   "'suspension' (reason, legal_reference, source)"},
        BrokenCase{"SuspendedWithoutReason", "status: live\n",
                   "status: suspended\nsuspension: {legal_reference: \"Act 1\", source: \"x\", "
                   "since: \"2026-01-01\"}\n",
                   "<dir>/markets/DE.yaml:6:13: suspension.reason: required field 'reason' is "
                   "missing"},
        BrokenCase{"UnknownRuleKind", "kind: spending_limit", "kind: spending_cap",
                   "<dir>/markets/DE.yaml:35:11: rules[0].kind: unknown value 'spending_cap'; "
                   "expected one of: age_gate, spending_limit, sca, digital_content_consent, "
                   "ad_category, ad_targeting, ad_disclosure"}),
    [](const ::testing::TestParamInfo<BrokenCase>& info) { return info.param.name; });

TEST(MarketLoaderTest, IncludeCycleNamesTheCycle) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  dir.Write("common/base.yaml",
            Replace(testing::kFixturePack, "pack: base\n", "pack: base\nincludes: [extra]\n"));
  dir.Write("common/extra.yaml", "pack: extra\nincludes: [base]\n");
  LoadResult result = LoadMarkets(dir.path());
  EXPECT_THAT(ErrorStrings(result),
              ElementsAre(dir.File("common/extra.yaml") +
                          ":2:12: includes[0]: include cycle: base -> extra -> base"));
}

TEST(MarketLoaderTest, ErrorsInsideAPackNameThePackFileOnce) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  dir.Write("common/base.yaml", Replace(testing::kFixturePack, "rate: \"23\"", "rate: \"-1\""));
  // A second market includes the same pack: the error is reported once.
  dir.Write("markets/AT.yaml", Replace(Replace(testing::kFixtureMarket, "market: DE", "market: AT"),
                                       "Europe/Berlin", "Europe/Vienna"));
  LoadResult result = LoadMarkets(dir.path());
  EXPECT_THAT(ErrorStrings(result),
              ElementsAre(dir.File("common/base.yaml") +
                          ":14:29: tax.classes.advertising[0].rate: rate '-1' is outside 0-100 %"));
}

TEST(MarketLoaderTest, ReportsEveryErrorInEveryFile) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  std::string de = Replace(testing::kFixtureMarket, "currency: EUR", "currency: EUX");
  de = Replace(de, "Europe/Berlin", "Mars/Olympus");
  dir.Write("markets/DE.yaml", de);
  std::string fr = Replace(testing::kFixtureMarket, "market: DE", "market: FR");
  fr = Replace(fr, "rate: \"19\"", "rate: \"101\"");
  fr = Replace(fr, "provider: stripe", "provider: paypal");
  dir.Write("markets/FR.yaml", fr);
  dir.Write("markets/NL.yaml", "market: NL\nname: [oops\n");
  dir.Write("markets/NL.cases.yaml", "not: [a market");  // skipped: compliance cases

  LoadResult result = LoadMarkets(dir.path());
  EXPECT_EQ(result.snapshot, nullptr);
  std::vector<std::string> errors = ErrorStrings(result);
  ASSERT_EQ(errors.size(), 5u) << ::testing::PrintToString(errors);
  EXPECT_THAT(errors[0], HasSubstr("DE.yaml:7:11: currency: unknown currency 'EUX'"));
  EXPECT_THAT(errors[1], HasSubstr("DE.yaml:8:12: time_zone: unknown time zone 'Mars/Olympus'"));
  EXPECT_THAT(errors[2], HasSubstr("FR.yaml:14:31: tax.classes.virtual_currency[0].rate"));
  EXPECT_THAT(errors[3], HasSubstr("FR.yaml:27:20: payment_methods[0].providers[1].provider"));
  EXPECT_THAT(errors[4], HasSubstr("NL.yaml:3:1: "));
}

TEST(MarketLoaderTest, MissingDirectoriesAndProvidersAreErrors) {
  LoadResult missing = LoadMarkets("/nonexistent/regions");
  EXPECT_THAT(ErrorStrings(missing), ElementsAre("/nonexistent/regions/markets: not a directory"));

  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  dir.Remove("common/providers.yaml");
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.errors[0].ToString(), dir.File("common/providers.yaml") + ": cannot open file");
}

TEST(MarketLoaderTest, DerivesCoinPricesWithPriceLocalization) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  std::string market = Replace(testing::kFixtureMarket, "catalog:\n",
                               "catalog:\n"
                               "  price_localization:\n"
                               "    fx_rates:\n"
                               "      USD: {rate: \"0.92\", as_of: \"2026-11-01\", source: \"x\"}\n"
                               "    ending: \"99\"\n");
  market = Replace(market, "price: \"4.99\"", "base_price: \"USD:0.99\"");
  dir.Write("markets/DE.yaml", market);
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorStrings(result));
  const CoinPack& derived = result.snapshot->Find("DE")->catalog().coin_packs[1];
  // 0.99 USD * 0.92 * 1.19 (DE prices include 19 % VAT) = 1.083852 -> next x.99.
  EXPECT_EQ(derived.price.minor_units(), 199);
  ASSERT_TRUE(derived.derived_from.has_value());
  EXPECT_EQ(derived.derived_from->DebugString(),
            Money(99, *CurrencyCode::Parse("USD")).DebugString());
}

TEST(MarketLoaderTest, SubdivisionsNeedTheMarketPrefix) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  dir.Write("markets/DE.yaml", Replace(testing::kFixtureMarket, "catalog:\n",
                                       "subdivisions:\n"
                                       "  DE-BY:\n"
                                       "    name: Bayern\n"
                                       "    classes: {virtual_currency: []}\n"
                                       "  US-CA:\n"
                                       "    name: California\n"
                                       "    classes: {virtual_currency: []}\n"
                                       "catalog:\n"));
  LoadResult result = LoadMarkets(dir.path());
  EXPECT_THAT(ErrorStrings(result),
              ElementsAre(dir.File("markets/DE.yaml") +
                          ":22:5: subdivisions.US-CA: subdivision 'US-CA' is not an ISO 3166-2 "
                          "code of this market (expected DE-XX)"));
}

// A territory sold as its own market is named by its ISO 3166-2 code; its
// subdivisions carry its country's prefix.
TEST(MarketLoaderTest, LoadsASubdivisionMarket) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  dir.Write("markets/ES-CN.yaml",
            Replace(Replace(testing::kFixtureMarket, "market: DE", "market: ES-CN"), "catalog:\n",
                    "subdivisions:\n"
                    "  ES-TF:\n"
                    "    name: Santa Cruz de Tenerife\n"
                    "    classes: {virtual_currency: []}\n"
                    "catalog:\n"));
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorStrings(result));
  const Market* canaries = result.snapshot->Find("ES-CN");
  ASSERT_NE(canaries, nullptr);
  EXPECT_EQ(canaries->source_file(), dir.File("markets/ES-CN.yaml"));
  EXPECT_NE(result.snapshot->Find("DE"), nullptr);
}

// Enough files that the loader reads them on several threads: the errors
// still come in file order, and every good file still loads.
TEST(MarketLoaderTest, ManyFilesReadInParallelReportErrorsInFileOrder) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  std::vector<std::string> expected;
  auto code = [](int i) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "XA-%03d", i);
    return std::string(buffer);
  };
  auto write_all = [&](bool broken) {
    for (int i = 1; i <= 60; ++i) {
      std::string text = Replace(testing::kFixtureMarket, "market: DE", "market: " + code(i));
      if (broken && i % 13 == 0) text = Replace(text, "name: Germany", "name: [Germany");
      dir.Write("markets/" + code(i) + ".yaml", text);
    }
  };
  write_all(/*broken=*/true);
  for (int i = 13; i <= 60; i += 13) {
    expected.push_back(dir.File("markets/" + code(i) + ".yaml") +
                       ":4:9: end of sequence flow not found");
  }
  LoadResult broken = LoadMarkets(dir.path());
  EXPECT_EQ(broken.snapshot, nullptr);
  EXPECT_THAT(ErrorStrings(broken), ::testing::ElementsAreArray(expected));

  write_all(/*broken=*/false);
  LoadResult fixed = LoadMarkets(dir.path());
  ASSERT_TRUE(fixed.ok()) << ::testing::PrintToString(ErrorStrings(fixed));
  for (int i = 1; i <= 60; ++i) EXPECT_NE(fixed.snapshot->Find(code(i)), nullptr) << code(i);
  EXPECT_NE(fixed.snapshot->Find("DE"), nullptr);
}

TEST(MarketLoaderTest, AMalformedMarketCodeIsNamedWithItsPosition) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  dir.Write("markets/DE-BERL.yaml",
            Replace(testing::kFixtureMarket, "market: DE", "market: DE-BERL"));
  LoadResult result = LoadMarkets(dir.path());
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(ErrorStrings(result),
              ElementsAre(dir.File("markets/DE-BERL.yaml") +
                          ":2:9: market: expected an ISO 3166-1 alpha-2 code (\"DE\") or an ISO "
                          "3166-2 subdivision code (\"ES-CN\"), found 'DE-BERL': the part after "
                          "the hyphen must be 1-3 letters or digits"));
}

// The shipped market files validate (the data engineer's regions/).
TEST(ShippedRegionsTest, Validate) {
  std::string shipped = testing::ShippedRegionsDir();
  LoadResult result = LoadMarkets(shipped);
  EXPECT_TRUE(result.ok()) << ::testing::PrintToString(ErrorStrings(result));
  ASSERT_NE(result.snapshot, nullptr);
  EXPECT_GE(result.snapshot->markets().size(), 18u);
  for (const char* code : {"US", "CA", "DE", "FR", "GB", "IE", "NL", "CH", "JP", "KR", "IN", "BR",
                           "ID", "SA", "AE", "KW", "MX", "TR"}) {
    EXPECT_NE(result.snapshot->Find(code), nullptr) << code;
  }
}

}  // namespace
}  // namespace mg::regions
