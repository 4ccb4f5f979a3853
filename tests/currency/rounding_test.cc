#include "currency/rounding.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace mg {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

struct DivisionCase {
  int64_t numerator;
  int64_t denominator;
  int64_t half_up;
  int64_t half_even;
  int64_t down;
  int64_t up;
};

TEST(DivideRoundedTest, AllModesIncludingNegatives) {
  const DivisionCase cases[] = {
      // n, d, half_up, half_even, down, up
      {5, 2, 3, 2, 2, 3},                        // 2.5
      {7, 2, 4, 4, 3, 4},                        // 3.5
      {-5, 2, -3, -2, -2, -3},                   // -2.5
      {-7, 2, -4, -4, -3, -4},                   // -3.5
      {5, -2, -3, -2, -2, -3},                   // the sign may sit on the denominator
      {-5, -2, 3, 2, 2, 3},                      // 2.5
      {1, 3, 0, 0, 0, 1},                        // 0.333
      {-1, 3, 0, 0, 0, -1},                      // -0.333
      {2, 3, 1, 1, 0, 1},                        // 0.667
      {-2, 3, -1, -1, 0, -1},                    // -0.667
      {8, 2, 4, 4, 4, 4},                        // exact
      {0, 7, 0, 0, 0, 0},                        // zero
      {301234658, 1000000, 301, 301, 301, 302},  // USD 1.99 at 151.3742 in JPY
  };
  for (const DivisionCase& c : cases) {
    SCOPED_TRACE(std::to_string(c.numerator) + "/" + std::to_string(c.denominator));
    EXPECT_EQ(*DivideRounded(c.numerator, c.denominator, RoundingMode::kHalfUp), c.half_up);
    EXPECT_EQ(*DivideRounded(c.numerator, c.denominator, RoundingMode::kHalfEven), c.half_even);
    EXPECT_EQ(*DivideRounded(c.numerator, c.denominator, RoundingMode::kDown), c.down);
    EXPECT_EQ(*DivideRounded(c.numerator, c.denominator, RoundingMode::kUp), c.up);
  }
}

TEST(DivideRoundedTest, Uses128BitNumerators) {
  const __int128 big = static_cast<__int128>(kMax) * 1000 + 499;  // kMax + 0.499
  EXPECT_EQ(*DivideRounded(big, 1000, RoundingMode::kHalfUp), kMax);
  const __int128 near_min = -(static_cast<__int128>(kMax) + 1) * 1000 + 400;  // kMin + 0.4
  EXPECT_EQ(*DivideRounded(near_min, 1000, RoundingMode::kHalfUp), kMin);
  EXPECT_EQ(*DivideRounded(near_min, 1000, RoundingMode::kDown), kMin + 1);
  EXPECT_EQ(*DivideRounded(kMin, 1, RoundingMode::kDown), kMin);
}

TEST(DivideRoundedTest, ResultOutsideInt64IsOutOfRange) {
  EXPECT_EQ(DivideRounded(static_cast<__int128>(kMax) + 1, 1, RoundingMode::kDown).status().code(),
            ErrorCode::kOutOfRange);
  // Rounding itself can push the result over the edge.
  const __int128 just_below = static_cast<__int128>(kMax) * 2 + 1;  // kMax + 0.5 when halved
  EXPECT_EQ(*DivideRounded(just_below, 2, RoundingMode::kDown), kMax);
  EXPECT_EQ(DivideRounded(just_below, 2, RoundingMode::kHalfUp).status().code(),
            ErrorCode::kOutOfRange);
  // The most negative 128-bit value divided by -1 is no UB, just too large.
  const __int128 min128 = static_cast<__int128>(static_cast<unsigned __int128>(1) << 127);
  EXPECT_EQ(DivideRounded(min128, -1, RoundingMode::kHalfEven).status().code(),
            ErrorCode::kOutOfRange);
}

TEST(DivideRoundedTest, ZeroDenominatorIsAnError) {
  Result<int64_t> result = DivideRounded(1, 0, RoundingMode::kHalfUp);
  EXPECT_EQ(result.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "division by zero");
}

TEST(RoundToIncrementTest, CashRoundingToFiveRappen) {
  EXPECT_EQ(*RoundToIncrement(1232, 5, RoundingMode::kHalfUp), 1230);
  EXPECT_EQ(*RoundToIncrement(1233, 5, RoundingMode::kHalfUp), 1235);
  EXPECT_EQ(*RoundToIncrement(1233, 5, RoundingMode::kDown), 1230);
  EXPECT_EQ(*RoundToIncrement(1231, 5, RoundingMode::kUp), 1235);
  EXPECT_EQ(*RoundToIncrement(1235, 5, RoundingMode::kUp), 1235);
  EXPECT_EQ(*RoundToIncrement(-1233, 5, RoundingMode::kHalfUp), -1235);
  EXPECT_EQ(*RoundToIncrement(-1233, 5, RoundingMode::kDown), -1230);
  EXPECT_EQ(*RoundToIncrement(-1231, 5, RoundingMode::kUp), -1235);
}

TEST(RoundToIncrementTest, HalfEvenLooksAtTheMultiple) {
  // 1250 / 100 = 12.5 -> 12; 1350 / 100 = 13.5 -> 14.
  EXPECT_EQ(*RoundToIncrement(1250, 100, RoundingMode::kHalfEven), 1200);
  EXPECT_EQ(*RoundToIncrement(1350, 100, RoundingMode::kHalfEven), 1400);
  EXPECT_EQ(*RoundToIncrement(-1250, 100, RoundingMode::kHalfEven), -1200);
  EXPECT_EQ(*RoundToIncrement(1250, 100, RoundingMode::kHalfUp), 1300);
}

TEST(RoundToIncrementTest, Errors) {
  EXPECT_EQ(RoundToIncrement(10, 0, RoundingMode::kHalfUp).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(RoundToIncrement(10, -5, RoundingMode::kHalfUp).status().message(),
            "rounding increment -5 must be positive");
  EXPECT_EQ(RoundToIncrement(kMax, 10, RoundingMode::kUp).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(RoundToIncrement(kMin, 10, RoundingMode::kUp).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(*RoundToIncrement(kMax, 10, RoundingMode::kDown), kMax - 7);
}

TEST(RoundingModeTest, NamesRoundTrip) {
  for (RoundingMode mode :
       {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kDown, RoundingMode::kUp}) {
    EXPECT_EQ(*ParseRoundingMode(RoundingModeName(mode)), mode);
  }
  EXPECT_STREQ(RoundingModeName(RoundingMode::kHalfEven), "half_even");
  Result<RoundingMode> bad = ParseRoundingMode("HALF_UP");
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(),
            "unknown rounding mode 'HALF_UP'; expected half_up, half_even, down or up");
}

}  // namespace
}  // namespace mg
