#include "regions/snapshot.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "regions/tax_engine.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

using ::testing::HasSubstr;
using testing::Replace;
using testing::TempRegionsDir;

TEST(MarketRegistryTest, NothingServesBeforeTheFirstLoad) {
  TempRegionsDir dir;
  MarketRegistry registry(dir.path());
  EXPECT_EQ(registry.Current(), nullptr);
  EXPECT_EQ(registry.stats().version, 0u);
}

TEST(MarketRegistryTest, TheHistoryKeepsEachReloadNewestFirst) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  MarketRegistry registry(dir.path());
  EXPECT_TRUE(registry.history().empty());
  ASSERT_TRUE(registry.Reload("start-up").empty());
  dir.Write("markets/DE.yaml", Replace(testing::kFixtureMarket, "currency: EUR", "currency: EUX"));
  ASSERT_FALSE(registry.Reload("SIGHUP").empty());

  std::vector<MarketRegistry::ReloadRecord> history = registry.history();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].trigger, "SIGHUP");
  EXPECT_FALSE(history[0].ok);
  EXPECT_EQ(history[0].version, 1u);  // still serving version 1
  ASSERT_EQ(history[0].errors.size(), 1u);
  EXPECT_THAT(history[0].errors[0].ToString(), HasSubstr("unknown currency 'EUX'"));
  EXPECT_EQ(history[1].trigger, "start-up");
  EXPECT_TRUE(history[1].ok);
  EXPECT_EQ(history[1].version, 1u);
  EXPECT_EQ(history[1].markets, registry.Current()->markets().size());
  EXPECT_TRUE(history[1].errors.empty());
  EXPECT_LE(history[1].at, history[0].at);

  // Only the last kHistorySize are kept.
  for (size_t i = 0; i < MarketRegistry::kHistorySize; ++i) registry.Reload("loop");
  history = registry.history();
  EXPECT_EQ(history.size(), MarketRegistry::kHistorySize);
  EXPECT_EQ(history.back().trigger, "loop");
}

TEST(MarketRegistryTest, FailedReloadKeepsThePreviousSnapshotAndReportsEveryError) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  MarketRegistry registry(dir.path());
  ASSERT_TRUE(registry.Reload().empty());
  std::shared_ptr<const MarketSnapshot> first = registry.Current();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->version(), 1u);
  EXPECT_EQ(first->source_dir(), dir.path());

  std::string broken = Replace(testing::kFixtureMarket, "currency: EUR", "currency: EUX");
  broken = Replace(broken, "rate: \"19\"", "rate: \"190\"");
  dir.Write("markets/DE.yaml", broken);
  std::vector<LoadError> errors = registry.Reload();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_THAT(errors[0].ToString(), HasSubstr("unknown currency 'EUX'"));
  EXPECT_THAT(errors[1].ToString(), HasSubstr("rate '190' is outside 0-100 %"));
  EXPECT_EQ(registry.Current(), first);  // still serving version 1
  EXPECT_EQ(registry.last_errors().size(), 2u);
  MarketRegistry::Stats stats = registry.stats();
  EXPECT_EQ(stats.reloads_ok, 1u);
  EXPECT_EQ(stats.reloads_failed, 1u);
  EXPECT_EQ(stats.version, 1u);

  // Fixed: the next reload publishes version 2 and clears the errors.
  dir.Write("markets/DE.yaml",
            Replace(testing::kFixtureMarket, "price: \"0.99\"", "price: \"1.09\""));
  EXPECT_TRUE(registry.Reload().empty());
  EXPECT_TRUE(registry.last_errors().empty());
  std::shared_ptr<const MarketSnapshot> second = registry.Current();
  EXPECT_EQ(second->version(), 2u);
  EXPECT_EQ(second->Find("DE")->FindSku("coins_70")->price.minor_units(), 109);
  // A reader holding the old snapshot still sees its version.
  EXPECT_EQ(first->Find("DE")->FindSku("coins_70")->price.minor_units(), 99);
}

// Opening a market is a file, not code: copy the shipped regions/, add a
// market, reload, quote.
TEST(MarketRegistryTest, NewMarketFileIsServedAfterReload) {
  TempRegionsDir dir;
  dir.CopyFrom(testing::ShippedRegionsDir());
  // Poland ships; take it out to open it again from a minimal file.
  dir.Remove("markets/PL.yaml");
  dir.Remove("markets/PL.cases.yaml");
  MarketRegistry registry(dir.path());
  ASSERT_TRUE(registry.Reload().empty());
  EXPECT_EQ(registry.Current()->Find("PL"), nullptr);

  dir.Write("markets/PL.yaml", R"yaml(market: PL
name: Poland
includes: [eu]
status: live
locales: [pl-PL]
currency: PLN
time_zone: Europe/Warsaw
prices_include_tax: true
prices_include_tax_source: "Ustawa o informowaniu o cenach towarów i usług, art. 4"
tax:
  classes:
    virtual_currency:
      - {name: "VAT", rate: "23", source: "Ustawa o VAT, art. 41 ust. 1"}
    digital_service:
      - {name: "VAT", rate: "23", source: "Ustawa o VAT, art. 41 ust. 1"}
    advertising:
      - {name: "VAT", rate: "23", source: "Ustawa o VAT, art. 41 ust. 1"}
catalog:
  coin_packs:
    - {sku: coins_70, coins: 70, price: "4.99"}
payment_methods:
  - method: card
    providers:
      - {provider: adyen}
    source: "contract"
# A market may name the pack's gifts itself (the platform pack names them in
# Polish too).
gifts:
  rose: {names: {pl: "Róża"}}
  heart: {names: {pl: "Serce"}}
  doughnut: {names: {pl: "Pączek"}}
  lion: {names: {pl: "Lew"}}
# The eu pack's amounts are EUR: a PLN market declares its own.
rules:
  - id: eu.psd2.sca
    disabled: true
    reason: "EUR amounts; a PLN exemption would be declared here"
    source: "test"
gifting:
  diamond_value: {amount: "0.02", basis: "test"}
)yaml");
  ASSERT_TRUE(registry.Reload().empty())
      << ::testing::PrintToString(registry.last_errors().front().ToString());
  std::shared_ptr<const MarketSnapshot> snapshot = registry.Current();
  const Market* poland = snapshot->Find("PL");
  ASSERT_NE(poland, nullptr);
  EXPECT_EQ(poland->entity().country, "IE");  // from the eu pack
  ASSERT_NE(poland->FindRule("eu.psd2.sca"), nullptr);
  EXPECT_TRUE(poland->FindRule("eu.psd2.sca")->disabled);
  const CatalogItem* coins = poland->FindSku("coins_70");
  Result<TaxResult> quote = TaxEngine().Compute(TaxRequest{
      poland, std::nullopt, {}, {{coins->sku, "", coins->tax_class, coins->price, 2, {}}}});
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  // 9.98 - round(9.98 / 1.23 = 8.1138) = 9.98 - 8.11
  EXPECT_EQ(FormatPlain(quote->total_tax), "1.87");
  EXPECT_EQ(poland->FormatDefault(quote->total_gross), "9,98\u00a0zł");
}

// Readers compute with whatever snapshot they hold while a writer reloads in a
// loop (some reloads fail). Every snapshot must be internally consistent: the
// generation stamped in the market's name matches its prices and taxes.
// The gateway returns a replaced snapshot's memory to the system from this
// hook: it must run once per replaced snapshot, after the last reader let
// go of it, and not for the snapshot serving now.
TEST(MarketRegistryTest, ReleasedHookRunsWhenTheLastReaderOfAReplacedSnapshotLetsGo) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  int released = 0;
  std::weak_ptr<const MarketSnapshot> watched;
  bool freed_before_hook = false;
  {
    MarketRegistry registry(dir.path(), {}, [&] {
      ++released;
      freed_before_hook = watched.expired();
    });
    ASSERT_TRUE(registry.Reload().empty());
    std::shared_ptr<const MarketSnapshot> reader = registry.Current();
    watched = reader;
    ASSERT_TRUE(registry.Reload().empty());
    EXPECT_EQ(released, 0) << "a reader still holds version 1";
    EXPECT_EQ(reader->version(), 1u);
    EXPECT_NE(reader->Find("DE"), nullptr);
    reader.reset();
    EXPECT_EQ(released, 1);
    EXPECT_TRUE(freed_before_hook);

    ASSERT_TRUE(registry.Reload().empty());  // nobody holds version 2
    EXPECT_EQ(released, 2);
    dir.Write("markets/DE.yaml",
              Replace(testing::kFixtureMarket, "currency: EUR", "currency: EUX"));
    EXPECT_FALSE(registry.Reload().empty());  // rejected: version 3 keeps serving
    EXPECT_EQ(released, 2);
    EXPECT_EQ(registry.Current()->version(), 3u);
  }
  EXPECT_EQ(released, 3);  // the registry's own last snapshot
}

TEST(MarketRegistryTest, ConcurrentReadersNeverSeeATornSnapshot) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  auto market_for = [](int generation) {
    std::string text = Replace(testing::kFixtureMarket, "name: Germany",
                               "name: \"Germany " + std::to_string(generation) + "\"");
    // coins_70 costs 1.00 + generation cents, the book 2.00 + 2 * generation cents.
    text = Replace(
        text, "price: \"0.99\"",
        "price: \"" + FormatPlain(Money(100 + generation, *CurrencyCode::Parse("EUR"))) + "\"");
    return Replace(
        text, "price: \"24.99\"",
        "price: \"" + FormatPlain(Money(200 + 2 * generation, *CurrencyCode::Parse("EUR"))) + "\"");
  };
  dir.Write("markets/DE.yaml", market_for(0));
  MarketRegistry registry(dir.path());
  ASSERT_TRUE(registry.Reload().empty());

  constexpr int kGenerations = 30;
  std::atomic<bool> done{false};
  std::atomic<int> checks{0};
  std::atomic<int> failures{0};
  auto reader = [&] {
    TaxEngine engine;
    uint64_t last_version = 0;
    while (!done.load()) {
      std::shared_ptr<const MarketSnapshot> snapshot = registry.Current();
      const Market* de = snapshot->Find("DE");
      int generation = std::stoi(de->name().substr(std::string("Germany ").size()));
      int64_t coins = de->FindSku("coins_70")->price.minor_units();
      int64_t book = de->FindSku("book")->price.minor_units();
      Result<TaxResult> tax = engine.Compute(
          TaxRequest{de,
                     std::nullopt,
                     {},
                     {{"coins_70", "", "virtual_currency", Money(coins, de->currency()), 1, {}}}});
      bool ok = coins == 100 + generation && book == 200 + 2 * generation && tax.ok() &&
                tax->total_gross.minor_units() == coins && snapshot->version() >= last_version;
      if (!ok) failures.fetch_add(1);
      last_version = snapshot->version();
      checks.fetch_add(1);
    }
  };
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) readers.emplace_back(reader);
  int failed_reloads = 0;
  for (int generation = 1; generation <= kGenerations; ++generation) {
    if (generation % 5 == 0) {  // a broken edit: must not be published
      dir.Write("markets/DE.yaml",
                Replace(market_for(generation), "currency: EUR", "currency: EUX"));
      EXPECT_FALSE(registry.Reload().empty());
      ++failed_reloads;
    }
    dir.Write("markets/DE.yaml", market_for(generation));
    EXPECT_TRUE(registry.Reload().empty());
  }
  done.store(true);
  for (auto& thread : readers) thread.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(checks.load(), 0);
  MarketRegistry::Stats stats = registry.stats();
  EXPECT_EQ(stats.reloads_ok, static_cast<uint64_t>(kGenerations + 1));
  EXPECT_EQ(stats.reloads_failed, static_cast<uint64_t>(failed_reloads));
  EXPECT_EQ(registry.Current()->Find("DE")->name(), "Germany " + std::to_string(kGenerations));
}

}  // namespace
}  // namespace mg::regions
