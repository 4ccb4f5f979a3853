// The LIVE gift catalog in market files (regions/src/gift_parser.cc): gifts
// from a pack, switched off by a market, named per locale; and every mistake
// an ops person could make named with its file, line and column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "regions/market_loader.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

using ::testing::ElementsAre;
using testing::TempRegionsDir;

// Two gifts for the fixture pack; the market's locales are de-DE and en-US.
const char kPackGifts[] = R"yaml(gifts:
  rose:
    coins: 1
    names: {de: "Rose", en: "Rose"}
  lion:
    coins: 2999
    names: {de: "Löwe", en: "Lion", en-US: "Lion (US)"}
)yaml";

int LinesOf(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

class GiftCatalogTest : public ::testing::Test {
 protected:
  // Loads the fixture with `pack_gifts` after the pack and `market_gifts`
  // after the market file.
  LoadResult Load(const std::string& pack_gifts, const std::string& market_gifts = "") {
    testing::WriteValidFixture(dir_);
    dir_.Write("common/base.yaml", std::string(testing::kFixturePack) + pack_gifts);
    dir_.Write("markets/DE.yaml", std::string(testing::kFixtureMarket) + market_gifts);
    return LoadMarkets(dir_.path());
  }

  // The one error of a load, with the directory written as <dir>.
  std::vector<std::string> Errors(const LoadResult& result) {
    std::vector<std::string> out;
    for (const auto& error : result.errors) {
      out.push_back(testing::ReplaceAll(error.ToString(), dir_.path(), "<dir>"));
    }
    return out;
  }

  // "<dir>/common/base.yaml:<line>:" for a line of kPackGifts (1-based).
  static std::string PackLine(int gifts_line) {
    return "<dir>/common/base.yaml:" + std::to_string(LinesOf(testing::kFixturePack) + gifts_line);
  }

  TempRegionsDir dir_;
};

TEST_F(GiftCatalogTest, APacksGiftsReachTheMarketNamedInEachLocale) {
  LoadResult result = Load(kPackGifts);
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(Errors(result));
  const Market* de = result.snapshot->Find("DE");
  ASSERT_EQ(de->gifts().size(), 2u);
  const Gift* lion = de->FindGift("lion");
  ASSERT_NE(lion, nullptr);
  EXPECT_EQ(lion->coins, 2999);
  EXPECT_TRUE(lion->available);
  EXPECT_EQ(de->GiftName(*lion, "de-DE"), "Löwe");       // by language
  EXPECT_EQ(de->GiftName(*lion, "en-US"), "Lion (US)");  // the exact tag first
  EXPECT_EQ(de->FindGift("unicorn"), nullptr);
}

TEST_F(GiftCatalogTest, AMarketSwitchesAGiftOffWithAReason) {
  LoadResult result = Load(kPackGifts, R"yaml(gifts:
  lion: {available: false, unavailable_reason: "not offered here"}
)yaml");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(Errors(result));
  const Gift* lion = result.snapshot->Find("DE")->FindGift("lion");
  ASSERT_NE(lion, nullptr);
  EXPECT_FALSE(lion->available);
  EXPECT_EQ(lion->unavailable_reason, "not offered here");
  EXPECT_TRUE(result.snapshot->Find("DE")->FindGift("rose")->available);
}

// A market whose language the pack does not name adds the names itself,
// without restating the cost; its own figure replaces the pack's.
TEST_F(GiftCatalogTest, AMarketNamesAPacksGiftInItsLanguage) {
  testing::WriteValidFixture(dir_);
  dir_.Write("common/base.yaml", std::string(testing::kFixturePack) + kPackGifts);
  dir_.Write("markets/DE.yaml",
             testing::Replace(testing::kFixtureMarket, "locales: [de-DE, en-US]",
                              "locales: [de-DE, en-US, pl-PL]") +
                 "gifts:\n  rose: {names: {pl: \"Róża\"}}\n  lion: {coins: 3000, names: {pl: "
                 "\"Lew\"}}\n");
  LoadResult result = LoadMarkets(dir_.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(Errors(result));
  const Market* de = result.snapshot->Find("DE");
  const Gift* rose = de->FindGift("rose");
  EXPECT_EQ(rose->coins, 1);
  EXPECT_EQ(de->GiftName(*rose, "pl-PL"), "Róża");
  EXPECT_EQ(de->GiftName(*rose, "de-DE"), "Rose");
  EXPECT_EQ(de->FindGift("lion")->coins, 3000);
}

struct BrokenGift {
  const char* name;
  std::string from, to;
  std::string expected;  // after the pack line prefix
  int line;              // in kPackGifts
};

class BrokenGiftTest : public GiftCatalogTest, public ::testing::WithParamInterface<BrokenGift> {};

TEST_P(BrokenGiftTest, IsNamedWithFileLineAndColumn) {
  const BrokenGift& c = GetParam();
  LoadResult result = Load(testing::Replace(kPackGifts, c.from, c.to));
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(Errors(result), ElementsAre(PackLine(c.line) + c.expected));
}

INSTANTIATE_TEST_SUITE_P(
    Mistakes, BrokenGiftTest,
    ::testing::Values(
        BrokenGift{"NoCost", "coins: 1", "coins: 0",
                   ":12: gifts.rose.coins: a gift costs 1 to 1000000 coins, not 0", 3},
        BrokenGift{"NegativeCost", "coins: 1", "coins: -5",
                   ":12: gifts.rose.coins: a gift costs 1 to 1000000 coins, not -5", 3},
        BrokenGift{"UnknownField", "coins: 2999", "coins: 2999\n    colour: gold",
                   ":5: gifts.lion.colour: unknown field 'colour' (known fields: available, "
                   "coins, names, unavailable_reason)",
                   7},
        BrokenGift{"MissingLocaleName", "{de: \"Rose\", en: \"Rose\"}", "{de: \"Rose\"}",
                   ":12: gifts.rose.names: gift 'rose' has no name for the market's locale "
                   "'en-US' (add names.en or names.en-US)",
                   4},
        BrokenGift{"UnknownLanguage", "{de: \"Rose\", en: \"Rose\"}",
                   "{de: \"Rose\", en: \"Rose\", xx-!!: \"?\"}",
                   ":44: gifts.rose.names.xx-!!: 'xx-!!' is not a locale tag or language ICU "
                   "knows",
                   4},
        BrokenGift{"BadId", "  lion:", "  Lion King:",
                   ":5: gifts.Lion King: gift id 'Lion King' must be 1-40 lower-case letters, "
                   "digits or _",
                   6},
        BrokenGift{"MissingCost", "    coins: 1\n", "",
                   ":5: gifts.rose.coins: required field 'coins' is missing", 3},
        BrokenGift{"OffWithoutReason", "    coins: 1\n", "    available: false\n",
                   ":5: gifts.rose.unavailable_reason: a gift that is not available needs "
                   "unavailable_reason",
                   3}),
    [](const ::testing::TestParamInfo<BrokenGift>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace mg::regions
