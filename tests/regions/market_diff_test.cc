#include "regions/market_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "regions/market_loader.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

using ::testing::ElementsAre;
using testing::Replace;
using testing::TempRegionsDir;

std::shared_ptr<const MarketSnapshot> Load(const TempRegionsDir& dir) {
  LoadResult result = LoadMarkets(dir.path());
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.errors.front().ToString());
  return result.snapshot;
}

std::vector<std::string> Texts(const MarketDiff& diff) {
  std::vector<std::string> out;
  for (const auto& change : diff.changes) out.push_back(change.section + ": " + change.text);
  return out;
}

TEST(MarketDiffTest, IdenticalDirectoriesHaveNoChanges) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  auto snapshot = Load(dir);
  EXPECT_TRUE(DiffSnapshots(*snapshot, *snapshot).empty());
}

TEST(MarketDiffTest, ReportsEachKindOfChange) {
  TempRegionsDir before_dir, after_dir;
  testing::WriteValidFixture(before_dir);
  testing::WriteValidFixture(after_dir);
  std::string market = Replace(testing::kFixtureMarket, "price: \"0.99\"", "price: \"1.09\"");
  market = Replace(market, "rate: \"7\"", "rate: \"5.5\"");
  market = Replace(market, "{provider: adyen, weight: 80}", "{provider: adyen, weight: 70}");
  market = Replace(market, "{provider: stripe, weight: 20}", "{provider: stripe, weight: 30}");
  market = Replace(market, "per_day: \"50.00\"", "per_day: \"30.00\"");
  market = Replace(market, "status: live", "status: planned");
  market += R"yaml(  - id: de.ads.alcohol
    kind: ad_category
    category: alcohol
    policy: forbidden
    legal_reference: "policy"
    source: "test"
)yaml";
  after_dir.Write("markets/DE.yaml", market);
  after_dir.Write("markets/AT.yaml",
                  Replace(Replace(testing::kFixtureMarket, "market: DE", "market: AT"),
                          "Europe/Berlin", "Europe/Vienna"));

  std::vector<MarketDiff> diffs = DiffSnapshots(*Load(before_dir), *Load(after_dir));
  ASSERT_EQ(diffs.size(), 2u);
  EXPECT_EQ(diffs[0].code, "AT");
  EXPECT_EQ(diffs[0].kind, MarketDiff::Kind::kAdded);
  EXPECT_EQ(diffs[1].code, "DE");
  EXPECT_EQ(diffs[1].kind, MarketDiff::Kind::kChanged);
  EXPECT_THAT(
      Texts(diffs[1]),
      ElementsAre("status: status: live -> planned", "price: coins_70: 0,99\u00a0€ -> 1,09\u00a0€",
                  "tax: physical_goods_reduced: MwSt. 7 % -> MwSt. 5.5 %",
                  "rule: de.ads.alcohol: added (ad_category)",
                  "rule: de.coins.limit: changed brackets[0] ages 16-17, per transaction none, "
                  "per day 50,00\u00a0€, per month none -> ages 16-17, per transaction none, per "
                  "day 30,00\u00a0€, per month none",
                  "payment: card: adyen 80, stripe 20 -> adyen 70, stripe 30"));

  std::vector<MarketDiff> back = DiffSnapshots(*Load(after_dir), *Load(before_dir));
  EXPECT_EQ(back[0].kind, MarketDiff::Kind::kRemoved);
}

// A gift's cost changed, one switched off, one added: what ops see before
// a reload.
// What a market declares about local (city, county, district) taxes shows in
// the diff: a quote's tax notes change with it.
TEST(MarketDiffTest, ReportsLocalTaxes) {
  TempRegionsDir before_dir, after_dir;
  testing::WriteValidFixture(before_dir);
  testing::WriteValidFixture(after_dir);
  after_dir.Write("markets/DE.yaml",
                  Replace(testing::kFixtureMarket, "\ntax:\n",
                          "\ntax:\n  local_taxes: {collected: false, reason: \"no rate source\", "
                          "source: \"test\"}\n"));
  std::vector<MarketDiff> diffs = DiffSnapshots(*Load(before_dir), *Load(after_dir));
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_THAT(Texts(diffs[0]),
              ElementsAre("tax: local taxes: not declared -> not collected (no rate source)"));
}

TEST(MarketDiffTest, ReportsGiftChanges) {
  TempRegionsDir before_dir, after_dir;
  testing::WriteValidFixture(before_dir);
  testing::WriteValidFixture(after_dir);
  const std::string gifts = R"yaml(gifts:
  rose: {coins: 1, names: {de: "Rose", en: "Rose"}}
  lion: {coins: 2999, names: {de: "Löwe", en: "Lion"}}
)yaml";
  before_dir.Write("common/base.yaml", std::string(testing::kFixturePack) + gifts);
  after_dir.Write("common/base.yaml",
                  std::string(testing::kFixturePack) +
                      Replace(gifts, "coins: 2999", "coins: 3999") +
                      "  star: {coins: 99, names: {de: \"Stern\", en: \"Star\"}}\n");
  after_dir.Write("markets/DE.yaml",
                  std::string(testing::kFixtureMarket) +
                      "gifts:\n  rose: {available: false, unavailable_reason: \"recalled\"}\n");
  std::vector<MarketDiff> diffs = DiffSnapshots(*Load(before_dir), *Load(after_dir));
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_THAT(Texts(diffs[0]), ElementsAre("gifts: lion: 2999 coins -> 3999 coins",
                                           "gifts: rose: 1 coins -> off (recalled)",
                                           "gifts: star: none -> 99 coins"));
}

// Gifting's terms and a market opening payouts: what ops see before a reload.
TEST(MarketDiffTest, ReportsGiftingAndPayoutChanges) {
  TempRegionsDir before_dir, after_dir;
  const std::string pack = R"yaml(gifting:
  creator_share: {percent: "50", basis: "b"}
  diamond_value: {amount: "0.005", basis: "b"}
)yaml";
  for (TempRegionsDir* dir : {&before_dir, &after_dir}) {
    testing::WriteValidFixture(*dir);
    dir->Write("common/providers.yaml", testing::kFixtureProvidersWithPayouts);
    dir->Write("common/base.yaml", std::string(testing::kFixturePack) + pack);
  }
  after_dir.Write("markets/DE.yaml", std::string(testing::kFixtureMarket) + R"yaml(gifting:
  creator_share: {percent: "60", basis: "b"}
  refund_after_gifts: {policy: claw_back_diamonds, basis: "b"}
payouts:
  minimum: {amount: "10.00", basis: "b"}
  methods:
    - {method: stripe_connect, provider: stripe, source: "https://docs.stripe.com/connect"}
  withholding: {percent: "0", source: "https://example.test/law", verified: false}
  tax_identity: {required: true, basis: "b"}
)yaml");
  std::vector<MarketDiff> diffs = DiffSnapshots(*Load(before_dir), *Load(after_dir));
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_THAT(
      Texts(diffs[0]),
      ElementsAre("gifting: creator_share: 50 % -> 60 %",
                  "gifting: refund_after_gifts: none -> claw_back_diamonds",
                  "payouts: currency: none -> EUR",
                  "payouts: method stripe_connect: none -> stripe",
                  "payouts: minimum: none -> 10.00 EUR", "payouts: tax_identity: none -> required",
                  "payouts: withholding: none -> 0 %"));
}

}  // namespace
}  // namespace mg::regions
