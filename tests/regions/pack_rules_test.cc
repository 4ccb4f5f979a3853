// A rule declared in a pack is parsed once per currency in a load and shared
// by the markets of the pack (regions/src/market_parser.cc, parse_memo.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "regions/market_loader.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

using testing::ErrorLines;
using ::testing::HasSubstr;
using testing::Replace;
using testing::TempRegionsDir;

const char kLimitsPack[] = R"yaml(pack: limits
rules:
  - id: limits.coins.daily
    kind: spending_limit
    actions: [buy_coins]
    brackets:
      - {min_age: 13, max_age: 15, per_day: "20.00"}
    legal_reference: "test"
    source: "test"
)yaml";

void WriteMarketsOfTwoCurrencies(const TempRegionsDir& dir) {
  testing::WriteValidFixture(dir);
  dir.Write("common/limits.yaml", kLimitsPack);
  const std::string de =
      Replace(testing::kFixtureMarket, "includes: [base]", "includes: [base, limits]");
  dir.Write("markets/DE.yaml", de);
  dir.Write("markets/DF.yaml", Replace(de, "market: DE", "market: DF"));
  // Kuwaiti dinars have three decimals: the same "20.00" is 20,000 fils.
  std::string kw =
      Replace(Replace(de, "market: DE", "market: KW"), "currency: EUR", "currency: KWD");
  dir.Write("markets/KW.yaml", Replace(kw, "Europe/Berlin", "Asia/Kuwait"));
}

const Rule& RuleOf(const LoadResult& result, const std::string& market, const std::string& id) {
  static const Rule none;
  const auto found = result.snapshot->Find(market);
  const Rule* rule = found == nullptr ? nullptr : found->FindRule(id);
  if (rule == nullptr) ADD_FAILURE() << market << " has no rule " << id;
  return rule == nullptr ? none : *rule;
}

int64_t DailyLimit(const Rule& rule) {
  const auto* limit = std::get_if<SpendingLimitRule>(&rule.body);
  if (limit == nullptr || limit->brackets.empty()) return -1;
  return limit->brackets.front().per_day.value_or(-1);
}

TEST(PackRulesTest, AmountsOfAPackRuleAreReadInEachMarketsCurrency) {
  TempRegionsDir dir;
  WriteMarketsOfTwoCurrencies(dir);
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorLines(result, dir));
  EXPECT_EQ(DailyLimit(RuleOf(result, "DE", "limits.coins.daily")), 2000);
  EXPECT_EQ(DailyLimit(RuleOf(result, "KW", "limits.coins.daily")), 20000);
  EXPECT_EQ(DailyLimit(RuleOf(result, "DF", "limits.coins.daily")), 2000);
}

TEST(PackRulesTest, EveryMarketOfThePackGetsTheRuleAsDeclaredThere) {
  TempRegionsDir dir;
  WriteMarketsOfTwoCurrencies(dir);
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorLines(result, dir));
  for (const char* market : {"DE", "DF", "KW"}) {
    const Rule& rule = RuleOf(result, market, "limits.coins.daily");
    EXPECT_EQ(rule.declared_in, dir.File("common/limits.yaml")) << market;
    EXPECT_EQ(rule.line, 3) << market;
    EXPECT_EQ(rule.kind, "spending_limit") << market;
  }
  // A market's own rule is its own.
  EXPECT_EQ(RuleOf(result, "DF", "de.coins.limit").declared_in, dir.File("markets/DF.yaml"));
}

TEST(PackRulesTest, ABrokenPackRuleIsReportedAtThePackForEveryLoad) {
  TempRegionsDir dir;
  WriteMarketsOfTwoCurrencies(dir);
  dir.Write("common/limits.yaml",
            Replace(kLimitsPack, "per_day: \"20.00\"", "per_day: \"20.0001\""));
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_FALSE(result.ok());
  std::vector<std::string> errors = ErrorLines(result, dir);
  ASSERT_FALSE(errors.empty());
  EXPECT_THAT(errors.front(), HasSubstr("<dir>/common/limits.yaml:7:"));
  // Fixed, the next load has the rule everywhere: nothing of the failure stays.
  dir.Write("common/limits.yaml", kLimitsPack);
  result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorLines(result, dir));
  EXPECT_EQ(DailyLimit(RuleOf(result, "KW", "limits.coins.daily")), 20000);
}

}  // namespace
}  // namespace mg::regions
