// `gifting` in market files (regions/src/gifting_parser.cc) and its
// arithmetic (regions/gifting.h): the creator's share of a gift in diamonds
// and what diamonds are worth, exact and rounded as the market declares;
// every mistake named with its file, line and column.
#include "regions/gifting.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "regions/market_loader.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

using ::testing::ElementsAre;
using testing::TempRegionsDir;

const char kPackGifting[] = R"yaml(gifting:
  creator_share: {percent: "50", basis: "commercial figure: test"}
  rounding: down
)yaml";

const char kMarketValue[] = R"yaml(gifting:
  diamond_value: {amount: "0.005", basis: "commercial figure: test"}
)yaml";

class GiftingTest : public ::testing::Test {
 protected:
  LoadResult Load(const std::string& pack, const std::string& market) {
    testing::WriteValidFixture(dir_);
    dir_.Write("common/base.yaml", std::string(testing::kFixturePack) + pack);
    dir_.Write("markets/DE.yaml", std::string(testing::kFixtureMarket) + market);
    return LoadMarkets(dir_.path());
  }

  std::vector<std::string> Errors(const LoadResult& result) {
    return testing::ErrorLines(result, dir_);
  }

  TempRegionsDir dir_;
};

TEST_F(GiftingTest, ThePacksShareAndTheMarketsValueMakeDiamondsAndMoney) {
  LoadResult result = Load(kPackGifting, kMarketValue);
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(Errors(result));
  const Market& de = *result.snapshot->Find("DE");
  ASSERT_TRUE(de.gifting().creator_share_percent);
  EXPECT_EQ(de.gifting().creator_share_percent->basis, "commercial figure: test");
  // 2999 coins at 50 %: 1499.5, rounded down.
  EXPECT_EQ(DiamondsForCoins(de, 2999).value(), 1499);
  EXPECT_EQ(DiamondsForCoins(de, 1).value(), 0);
  // 1499 diamonds at EUR 0.005: 7.495, down to 7.49.
  EXPECT_EQ(ValueOfDiamonds(de, 1499).value(), Money(749, de.currency()));
  EXPECT_EQ(ValueOfDiamonds(de, 200).value(), Money(100, de.currency()));
}

TEST_F(GiftingTest, AMarketReplacesAFieldOfThePackAndItsRounding) {
  LoadResult result = Load(kPackGifting, std::string(kMarketValue) +
                                             "  creator_share: {percent: \"62.5\", basis: \"b\"}\n"
                                             "  rounding: half_up\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(Errors(result));
  const Market& de = *result.snapshot->Find("DE");
  EXPECT_EQ(DiamondsForCoins(de, 3).value(), 2);                       // 1.875 -> 2
  EXPECT_EQ(DiamondsForCoins(de, 1000).value(), 625);                  // exact
  EXPECT_EQ(ValueOfDiamonds(de, 1).value(), Money(1, de.currency()));  // 0.005 -> 0.01
}

TEST_F(GiftingTest, WithoutGiftingNoGiftIsSentAndNoCreatorIsPaid) {
  LoadResult result = Load("", "");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(Errors(result));
  const Market& de = *result.snapshot->Find("DE");
  EXPECT_EQ(DiamondsForCoins(de, 10).status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(ValueOfDiamonds(de, 10).status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_THAT(DiamondsForCoins(de, 10).status().message(),
              ::testing::HasSubstr("declares no gifting.creator_share"));
}

TEST_F(GiftingTest, ARefundAfterGiftsPolicyIsDeclaredWithItsBasisAndDefaultsToPlatformAbsorbs) {
  LoadResult undeclared = Load(kPackGifting, kMarketValue);
  ASSERT_TRUE(undeclared.ok()) << ::testing::PrintToString(Errors(undeclared));
  EXPECT_FALSE(undeclared.snapshot->Find("DE")->gifting().refund_after_gifts);

  LoadResult declared =
      Load(kPackGifting, std::string(kMarketValue) +
                             "  refund_after_gifts: {policy: claw_back_diamonds, basis: \"c\"}\n");
  ASSERT_TRUE(declared.ok()) << ::testing::PrintToString(Errors(declared));
  const auto& policy = declared.snapshot->Find("DE")->gifting().refund_after_gifts;
  ASSERT_TRUE(policy);
  EXPECT_EQ(policy->policy, RefundAfterGifts::kClawBackDiamonds);
  EXPECT_EQ(policy->basis, "c");
  EXPECT_STREQ(RefundAfterGiftsName(RefundAfterGifts::kUnspentOnly), "unspent_only");
  EXPECT_STREQ(RefundAfterGiftsName(RefundAfterGifts::kPlatformAbsorbs), "platform_absorbs");
}

struct BrokenGifting {
  const char* name;
  std::string market;    // appended to the market file
  std::string expected;  // the error after "<dir>/markets/DE.yaml:"
};

class BrokenGiftingTest : public GiftingTest,
                          public ::testing::WithParamInterface<BrokenGifting> {};

TEST_P(BrokenGiftingTest, IsNamedWithFileLineAndColumn) {
  LoadResult result = Load(kPackGifting, GetParam().market);
  EXPECT_EQ(result.snapshot, nullptr);
  const int line = static_cast<int>(std::count(
                       testing::kFixtureMarket,
                       testing::kFixtureMarket + std::strlen(testing::kFixtureMarket), '\n')) +
                   2;
  EXPECT_THAT(Errors(result),
              ElementsAre("<dir>/markets/DE.yaml:" + std::to_string(line) + GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Mistakes, BrokenGiftingTest,
    ::testing::Values(
        BrokenGifting{"ZeroShare", "gifting:\n  creator_share: {percent: \"0\", basis: \"b\"}\n",
                      ":28: gifting.creator_share.percent: a creator share of 0 % pays creators "
                      "nothing; leave creator_share out to turn gifting off"},
        BrokenGifting{"ShareAbove100",
                      "gifting:\n  creator_share: {percent: \"120\", basis: \"b\"}\n",
                      ":28: gifting.creator_share.percent: rate '120' is outside 0-100 %"},
        BrokenGifting{"NoBasis", "gifting:\n  diamond_value: {amount: \"0.005\"}\n",
                      ":18: gifting.diamond_value.basis: required field 'basis' is missing"},
        BrokenGifting{"NegativeValue",
                      "gifting:\n  diamond_value: {amount: \"-1\", basis: \"b\"}\n",
                      ":27: gifting.diamond_value.amount: expected a positive amount in the "
                      "market's currency such as \"0.005\", found '-1'"},
        BrokenGifting{"TooFine",
                      "gifting:\n  diamond_value: {amount: \"0.0000001\", basis: \"b\"}\n",
                      ":27: gifting.diamond_value.amount: amount '0.0000001' has more than 6 "
                      "decimals"},
        BrokenGifting{"BadRounding", "gifting:\n  rounding: sideways\n",
                      ":13: gifting.rounding: expected a rounding mode: half_up, half_even, down "
                      "or up"},
        BrokenGifting{"UnknownRefundPolicy",
                      "gifting:\n  refund_after_gifts: {policy: keep_all, basis: \"b\"}\n",
                      ":32: gifting.refund_after_gifts.policy: expected platform_absorbs, "
                      "unspent_only or claw_back_diamonds, found 'keep_all'"},
        BrokenGifting{"RefundPolicyWithoutBasis",
                      "gifting:\n  refund_after_gifts: {policy: unspent_only}\n",
                      ":23: gifting.refund_after_gifts.basis: required field 'basis' is missing"},
        BrokenGifting{"UnknownField", "gifting:\n  diamond_rate: \"1\"\n",
                      ":3: gifting.diamond_rate: unknown field 'diamond_rate' (known fields: "
                      "creator_share, diamond_value, refund_after_gifts, rounding)"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace mg::regions
