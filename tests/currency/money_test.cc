#include "currency/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "currency_test_util.h"

namespace mg {
namespace {

using testing::Amount;
using testing::Code;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

Money Eur(int64_t minor) { return Money(minor, Code("EUR")); }

std::vector<int64_t> MinorUnits(const std::vector<Money>& amounts) {
  std::vector<int64_t> units;
  for (const Money& amount : amounts) units.push_back(amount.minor_units());
  return units;
}

TEST(MoneyTest, Accessors) {
  Money money = Amount("EUR", "12.34");
  EXPECT_EQ(money.minor_units(), 1234);
  EXPECT_EQ(money.currency(), Code("EUR"));
  EXPECT_FALSE(money.is_zero());
  EXPECT_FALSE(money.is_negative());
  EXPECT_TRUE(Eur(0).is_zero());
  EXPECT_TRUE(Eur(-1).is_negative());
}

TEST(MoneyTest, DebugStringUsesIsoDigits) {
  EXPECT_EQ(Amount("EUR", "12.34").DebugString(), "EUR 12.34");
  EXPECT_EQ(Money(301, Code("JPY")).DebugString(), "JPY 301");
  EXPECT_EQ(Eur(-5).DebugString(), "EUR -0.05");
  EXPECT_EQ(Money(1500, Code("KWD")).DebugString(), "KWD 1.500");
}

TEST(MoneyTest, AddAndSubtract) {
  EXPECT_EQ(*Add(Eur(150), Eur(-200)), Eur(-50));
  EXPECT_EQ(*Subtract(Eur(150), Eur(200)), Eur(-50));
}

TEST(MoneyTest, OverflowIsOutOfRange) {
  EXPECT_EQ(Add(Eur(kMax), Eur(1)).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(Add(Eur(kMin), Eur(-1)).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(Subtract(Eur(kMin), Eur(1)).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(Subtract(Eur(0), Eur(kMin)).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(Multiply(Eur(kMax / 2 + 1), 2).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(Multiply(Eur(kMin), -1).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(Negate(Eur(kMin)).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(Add(Eur(kMax), Eur(1)).status().message(), "sum overflows int64 minor units of EUR");
  // The edges themselves are fine.
  EXPECT_EQ(*Add(Eur(kMax - 1), Eur(1)), Eur(kMax));
  EXPECT_EQ(*Negate(Eur(kMax)), Eur(-kMax));
}

TEST(MoneyTest, MultiplyAndNegate) {
  EXPECT_EQ(*Multiply(Eur(199), 3), Eur(597));
  EXPECT_EQ(*Multiply(Eur(199), -3), Eur(-597));
  EXPECT_EQ(*Negate(Eur(199)), Eur(-199));
}

TEST(MoneyTest, MixingCurrenciesIsAnError) {
  Money usd = Amount("USD", "1.00");
  EXPECT_EQ(Add(Eur(100), usd).status().code(), ErrorCode::kCurrencyMismatch);
  EXPECT_EQ(Subtract(Eur(100), usd).status().code(), ErrorCode::kCurrencyMismatch);
  EXPECT_EQ(Compare(Eur(100), usd).status().code(), ErrorCode::kCurrencyMismatch);
  EXPECT_EQ(Add(Eur(100), usd).status().message(), "cannot combine EUR and USD");
}

TEST(MoneyTest, Sum) {
  const std::vector<Money> amounts = {Eur(100), Eur(250), Eur(-50)};
  EXPECT_EQ(*Sum(amounts), Eur(300));
  EXPECT_EQ(Sum({}).status().code(), ErrorCode::kInvalidArgument);
  const std::vector<Money> mixed = {Eur(100), Amount("USD", "1")};
  EXPECT_EQ(Sum(mixed).status().code(), ErrorCode::kCurrencyMismatch);
  const std::vector<Money> huge = {Eur(kMax), Eur(1), Eur(-5)};
  EXPECT_EQ(Sum(huge).status().code(), ErrorCode::kOutOfRange);
}

TEST(MoneyTest, Compare) {
  EXPECT_EQ(*Compare(Eur(1), Eur(2)), -1);
  EXPECT_EQ(*Compare(Eur(2), Eur(2)), 0);
  EXPECT_EQ(*Compare(Eur(kMax), Eur(kMin)), 1);
}

TEST(SplitEvenlyTest, EarlierPartsGetTheExtraUnits) {
  EXPECT_EQ(MinorUnits(*SplitEvenly(Amount("EUR", "1.00"), 3)), (std::vector<int64_t>{34, 33, 33}));
  EXPECT_EQ(MinorUnits(*SplitEvenly(Eur(1002), 4)), (std::vector<int64_t>{251, 251, 250, 250}));
  EXPECT_EQ(MinorUnits(*SplitEvenly(Eur(2), 3)), (std::vector<int64_t>{1, 1, 0}));
  EXPECT_EQ(MinorUnits(*SplitEvenly(Eur(0), 2)), (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(MinorUnits(*SplitEvenly(Eur(7), 1)), (std::vector<int64_t>{7}));
}

TEST(SplitEvenlyTest, NegativeTotalsMirrorPositiveOnes) {
  EXPECT_EQ(MinorUnits(*SplitEvenly(Eur(-100), 3)), (std::vector<int64_t>{-34, -33, -33}));
}

TEST(SplitEvenlyTest, ExtremesSumExactly) {
  for (int64_t total : {kMax, kMin}) {
    Result<std::vector<Money>> parts = SplitEvenly(Eur(total), 7);
    ASSERT_TRUE(parts.ok());
    EXPECT_EQ(*Sum(*parts), Eur(total));
    EXPECT_EQ(parts->front().currency(), Code("EUR"));
  }
}

TEST(SplitEvenlyTest, PartsMustBePositive) {
  EXPECT_EQ(SplitEvenly(Eur(100), 0).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(SplitEvenly(Eur(100), -2).status().code(), ErrorCode::kInvalidArgument);
}

std::vector<int64_t> Allocate(int64_t total, std::vector<int64_t> weights) {
  Result<std::vector<Money>> parts = AllocateByWeights(Eur(total), weights);
  EXPECT_TRUE(parts.ok()) << parts.status().ToString();
  return parts.ok() ? MinorUnits(*parts) : std::vector<int64_t>{};
}

TEST(AllocateByWeightsTest, LargestRemainderGetsTheLeftover) {
  // 10 * 1/3 = 3.33 and 10 * 2/3 = 6.67: the larger remainder is the second.
  EXPECT_EQ(Allocate(10, {1, 2}), (std::vector<int64_t>{3, 7}));
  // Tax of 0.19 spread over lines of 10.00, 5.00 and 4.00 EUR.
  EXPECT_EQ(Allocate(19, {1000, 500, 400}), (std::vector<int64_t>{10, 5, 4}));
  EXPECT_EQ(Allocate(100, {1, 1, 1}), (std::vector<int64_t>{34, 33, 33}));
  EXPECT_EQ(Allocate(1000, {1, 2, 3}), (std::vector<int64_t>{167, 333, 500}));
}

TEST(AllocateByWeightsTest, TiesGoToTheEarlierWeight) {
  EXPECT_EQ(Allocate(5, {1, 1}), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(Allocate(2, {1, 1, 1}), (std::vector<int64_t>{1, 1, 0}));
}

TEST(AllocateByWeightsTest, ZeroWeightsGetNothing) {
  EXPECT_EQ(Allocate(10, {0, 1, 0}), (std::vector<int64_t>{0, 10, 0}));
  EXPECT_EQ(Allocate(7, {0, 3, 0, 3}), (std::vector<int64_t>{0, 4, 0, 3}));
}

TEST(AllocateByWeightsTest, NegativeTotalsMirrorPositiveOnes) {
  EXPECT_EQ(Allocate(-10, {1, 2}), (std::vector<int64_t>{-3, -7}));
  EXPECT_EQ(Allocate(-100, {1, 1, 1}), (std::vector<int64_t>{-34, -33, -33}));
}

TEST(AllocateByWeightsTest, HugeValuesUse128BitIntermediates) {
  // total * weight overflows int64 by far; the parts must still be exact.
  EXPECT_EQ(Allocate(kMax, {kMax, kMax}), (std::vector<int64_t>{kMax / 2 + 1, kMax / 2}));
  EXPECT_EQ(Allocate(kMin, {1, 1}), (std::vector<int64_t>{kMin / 2, kMin / 2}));
  std::vector<int64_t> parts = Allocate(kMax, {kMax, 1, kMax - 1});
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(static_cast<__int128>(parts[0]) + parts[1] + parts[2], kMax);
}

TEST(AllocateByWeightsTest, BadWeightsAreErrors) {
  const std::vector<int64_t> none;
  const std::vector<int64_t> zeros = {0, 0};
  const std::vector<int64_t> negative = {3, -1};
  EXPECT_EQ(AllocateByWeights(Eur(10), none).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(AllocateByWeights(Eur(10), zeros).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(AllocateByWeights(Eur(10), negative).status().message(),
            "allocation weight -1 is negative");
}

}  // namespace
}  // namespace mg
