#include "currency/fx.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>

#include "currency_test_util.h"

namespace mg {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::Amount;
using testing::Code;
using testing::Dec;

TEST(ConvertTest, UsdToJpyHalfUp) {
  // 199 * 1513742 / (10^4 * 10^2) = 301.228658 JPY.
  Result<Money> jpy =
      Convert(Amount("USD", "1.99"), Code("JPY"), Dec("151.3742"), RoundingMode::kHalfUp);
  ASSERT_TRUE(jpy.ok()) << jpy.status().ToString();
  EXPECT_EQ(*jpy, Money(301, Code("JPY")));
}

TEST(ConvertTest, HonoursBothCurrenciesDigits) {
  // 12.34 * 1.0832 = 13.366688 USD.
  EXPECT_EQ(*Convert(Amount("EUR", "12.34"), Code("USD"), Dec("1.0832"), RoundingMode::kHalfUp),
            Amount("USD", "13.37"));
  // 1000 JPY * 0.0066 = 6.6 USD.
  EXPECT_EQ(*Convert(Amount("JPY", "1000"), Code("USD"), Dec("0.0066"), RoundingMode::kHalfUp),
            Amount("USD", "6.60"));
  // 1.00 USD * 0.3075 = 0.3075 KWD = 307.5 fils.
  EXPECT_EQ(*Convert(Amount("USD", "1"), Code("KWD"), Dec("0.3075"), RoundingMode::kHalfEven),
            Amount("KWD", "0.308"));
  EXPECT_EQ(*Convert(Amount("USD", "1"), Code("KWD"), Dec("0.3075"), RoundingMode::kDown),
            Amount("KWD", "0.307"));
  // IDR keeps ICU's 2 digits: 0.99 * 16250 = 16087.50 IDR.
  EXPECT_EQ(*Convert(Amount("USD", "0.99"), Code("IDR"), Dec("16250"), RoundingMode::kHalfUp),
            Amount("IDR", "16087.50"));
}

TEST(ConvertTest, DeclaredRoundingDecidesTies) {
  const Money half_yen_in_usd = Amount("USD", "0.50");
  const Decimal one = Dec("1");
  const Money jpy = Money(0, Code("JPY"));
  EXPECT_EQ(Convert(half_yen_in_usd, jpy.currency(), one, RoundingMode::kHalfUp)->minor_units(), 1);
  EXPECT_EQ(Convert(half_yen_in_usd, jpy.currency(), one, RoundingMode::kHalfEven)->minor_units(),
            0);
  EXPECT_EQ(Convert(half_yen_in_usd, jpy.currency(), one, RoundingMode::kDown)->minor_units(), 0);
  EXPECT_EQ(Convert(Amount("USD", "0.01"), jpy.currency(), one, RoundingMode::kUp)->minor_units(),
            1);
}

TEST(ConvertTest, NegativeAmountsMirrorPositiveOnes) {
  EXPECT_EQ(*Convert(Amount("USD", "-1.99"), Code("JPY"), Dec("151.3742"), RoundingMode::kHalfUp),
            Money(-301, Code("JPY")));
  EXPECT_EQ(*Convert(Amount("USD", "-0.50"), Code("JPY"), Dec("1"), RoundingMode::kHalfUp),
            Money(-1, Code("JPY")));
}

TEST(ConvertTest, RateMustBePositive) {
  for (const char* rate : {"0", "-1.5"}) {
    Result<Money> result =
        Convert(Amount("USD", "1"), Code("EUR"), Dec(rate), RoundingMode::kHalfUp);
    EXPECT_EQ(result.status().code(), ErrorCode::kInvalidArgument) << rate;
  }
  EXPECT_EQ(Convert(Amount("USD", "1"), Code("EUR"), Dec("-1.5"), RoundingMode::kHalfUp)
                .status()
                .message(),
            "FX rate -1.5 must be positive");
}

TEST(ConvertTest, OverflowIsOutOfRange) {
  const Money most = Money(std::numeric_limits<int64_t>::max(), Code("USD"));
  Result<Money> result = Convert(most, Code("KWD"), Dec("1000"), RoundingMode::kHalfUp);
  EXPECT_EQ(result.status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(result.status().message(), "converting USD 92233720368547758.07 to KWD overflows");
  // Even the 128-bit intermediate overflows here: 2^63 * 2^63 * 10.
  const Decimal huge_rate{std::numeric_limits<int64_t>::max(), 0};
  EXPECT_EQ(Convert(most, Code("KWD"), huge_rate, RoundingMode::kHalfUp).status().code(),
            ErrorCode::kOutOfRange);
}

TEST(ConvertExactTest, KeepsTheUnroundedFraction) {
  Result<ExactAmount> exact = ConvertExact(Amount("USD", "1.99"), Code("JPY"), Dec("151.3742"));
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE(exact->numerator == 199 * 1513742);
  EXPECT_TRUE(exact->denominator == 1000000);
}

class RatesTableTest : public ::testing::Test {
 protected:
  // A fixed instant: tests never read the real clock.
  const RatesTable::Clock::time_point as_of_ =
      RatesTable::Clock::time_point(seconds(1714564800));  // 2024-05-01T12:00:00Z
  RatesTable table_{as_of_, hours(1)};

  void SetUp() override {
    ASSERT_TRUE(table_.AddRate(Code("USD"), Code("JPY"), Dec("151.3742")).ok());
    ASSERT_TRUE(table_.AddRate(Code("EUR"), Code("USD"), Dec("1.0832")).ok());
  }
};

TEST_F(RatesTableTest, LooksUpFreshRates) {
  EXPECT_EQ(*table_.Lookup(Code("USD"), Code("JPY"), as_of_ + minutes(59)), Dec("151.3742"));
  EXPECT_EQ(*table_.Lookup(Code("USD"), Code("JPY"), as_of_ + hours(1)), Dec("151.3742"));
  EXPECT_EQ(*table_.Lookup(Code("CHF"), Code("CHF"), as_of_), Dec("1"));
  EXPECT_EQ(table_.as_of(), as_of_);
}

TEST_F(RatesTableTest, RefusesStaleRates) {
  Result<Decimal> stale = table_.Lookup(Code("USD"), Code("JPY"), as_of_ + hours(1) + seconds(1));
  EXPECT_EQ(stale.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(stale.status().message(),
            "FX rates as of 2024-05-01T12:00:00Z are 3601s old, beyond their max age of 3600s");
  // The whole table is refused, identity included.
  EXPECT_EQ(table_.Lookup(Code("USD"), Code("USD"), as_of_ + hours(2)).status().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(
      table_.ConvertAt(Amount("USD", "1"), Code("JPY"), RoundingMode::kHalfUp, as_of_ + hours(2))
          .status()
          .code(),
      ErrorCode::kFailedPrecondition);
}

TEST_F(RatesTableTest, UnknownPairIsNotFound) {
  // The inverse direction is not implied.
  Result<Decimal> inverse = table_.Lookup(Code("JPY"), Code("USD"), as_of_);
  EXPECT_EQ(inverse.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(inverse.status().message(), "no FX rate from JPY to USD as of 2024-05-01T12:00:00Z");
}

TEST_F(RatesTableTest, ConvertAt) {
  EXPECT_EQ(*table_.ConvertAt(Amount("USD", "1.99"), Code("JPY"), RoundingMode::kHalfUp, as_of_),
            Money(301, Code("JPY")));
  EXPECT_EQ(*table_.ConvertAt(Amount("EUR", "12.34"), Code("USD"), RoundingMode::kDown, as_of_),
            Amount("USD", "13.36"));
  EXPECT_EQ(*table_.ConvertAt(Amount("EUR", "12.34"), Code("EUR"), RoundingMode::kDown, as_of_),
            Amount("EUR", "12.34"));
}

TEST_F(RatesTableTest, AddRateRejectsBadRates) {
  EXPECT_EQ(table_.AddRate(Code("USD"), Code("EUR"), Dec("0")).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(table_.AddRate(Code("USD"), Code("EUR"), Dec("-0.9")).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(table_.AddRate(Code("USD"), Code("JPY"), Dec("150")).message(),
            "rate USD->JPY is already in the table");
  EXPECT_EQ(table_.AddRate(Code("EUR"), Code("EUR"), Dec("1")).message(),
            "rate EUR->EUR is always 1 and cannot be set");
  // The first rate stays.
  EXPECT_EQ(*table_.Lookup(Code("USD"), Code("JPY"), as_of_), Dec("151.3742"));
}

}  // namespace
}  // namespace mg
