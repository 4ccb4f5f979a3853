#include "currency/decimal.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "currency_test_util.h"

namespace mg {
namespace {

using testing::Code;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST(DecimalTest, ParsesExactly) {
  EXPECT_EQ(*Decimal::Parse("151.3742"), (Decimal{1513742, 4}));
  EXPECT_EQ(*Decimal::Parse("0.19"), (Decimal{19, 2}));
  EXPECT_EQ(*Decimal::Parse("7"), (Decimal{7, 0}));
  EXPECT_EQ(*Decimal::Parse("-0.05"), (Decimal{-5, 2}));
  EXPECT_EQ(*Decimal::Parse("007.5"), (Decimal{75, 1}));
  EXPECT_EQ(*Decimal::Parse("0.000000000001"), (Decimal{1, 12}));
}

TEST(DecimalTest, TrailingZerosDoNotCountAsDecimals) {
  EXPECT_EQ(*Decimal::Parse("1.50"), (Decimal{15, 1}));
  EXPECT_EQ(*Decimal::Parse("2.000"), (Decimal{2, 0}));
  EXPECT_EQ(*Decimal::Parse("-0.0"), (Decimal{0, 0}));
  EXPECT_EQ(*Decimal::Parse("0.1000000000000000"), (Decimal{1, 1}));
}

TEST(DecimalTest, Int64Edges) {
  EXPECT_EQ(Decimal::Parse("9223372036854775807")->coefficient, kMax);
  EXPECT_EQ(Decimal::Parse("-9223372036854775808")->coefficient, kMin);
  EXPECT_EQ(*Decimal::Parse("92233720368.54775807"), (Decimal{kMax, 8}));
  Result<Decimal> too_big = Decimal::Parse("9223372036854775808");
  EXPECT_EQ(too_big.status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(too_big.status().message(),
            "decimal '9223372036854775808' does not fit into 64 bits at its scale");
  EXPECT_EQ(Decimal::Parse("-9223372036854775809").status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(Decimal::Parse("99999999999999999999999").status().code(), ErrorCode::kOutOfRange);
}

TEST(DecimalTest, RejectsTooManyDecimals) {
  Result<Decimal> parsed = Decimal::Parse("0.0000000000001");
  EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(),
            "decimal '0.0000000000001' has 13 decimals; at most 12 are supported");
}

TEST(DecimalTest, RejectsJunkWithAPreciseMessage) {
  const struct {
    const char* text;
    const char* message;
  } cases[] = {
      {"", "decimal is empty"},
      {"12a", "decimal '12a' has an unexpected 'a' at offset 2; expected [-]digits[.digits]"},
      {"1,000",
       "decimal '1,000' has an unexpected ',' at offset 1 (no thousands separators; use '.' for "
       "decimals); expected [-]digits[.digits]"},
      {"1e5",
       "decimal '1e5' has an unexpected 'e' at offset 1 (no exponents); expected "
       "[-]digits[.digits]"},
      {"--1", "decimal '--1' has an unexpected '-' at offset 1; expected [-]digits[.digits]"},
      {".", "decimal '.' has no digits before the decimal point"},
      {".5", "decimal '.5' has no digits before the decimal point"},
      {"5.", "decimal '5.' has no digits after the decimal point"},
      {"-", "decimal '-' has no digits"},
      {"+1", "decimal '+1' has an unexpected '+' at offset 0; expected [-]digits[.digits]"},
      {" 1", "decimal ' 1' has an unexpected ' ' at offset 0; expected [-]digits[.digits]"},
      {"1.2.3", "decimal '1.2.3' has an unexpected '.' at offset 3; expected [-]digits[.digits]"},
  };
  for (const auto& c : cases) {
    Result<Decimal> parsed = Decimal::Parse(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArgument) << c.text;
    EXPECT_EQ(parsed.status().message(), c.message);
  }
}

TEST(DecimalTest, ToStringIsCanonical) {
  EXPECT_EQ((Decimal{19, 2}).ToString(), "0.19");
  EXPECT_EQ((Decimal{1513742, 4}).ToString(), "151.3742");
  EXPECT_EQ((Decimal{7, 0}).ToString(), "7");
  EXPECT_EQ((Decimal{150, 2}).ToString(), "1.5");
  EXPECT_EQ((Decimal{-5, 3}).ToString(), "-0.005");
  EXPECT_EQ((Decimal{0, 3}).ToString(), "0");
  EXPECT_EQ((Decimal{kMin, 0}).ToString(), "-9223372036854775808");
  EXPECT_EQ(Decimal::Parse("-12.3400")->ToString(), "-12.34");
}

TEST(ParseMoneyTest, ScalesToMinorUnits) {
  EXPECT_EQ(*ParseMoney("12.5", Code("EUR")), Money(1250, Code("EUR")));
  EXPECT_EQ(*ParseMoney("12", Code("EUR")), Money(1200, Code("EUR")));
  EXPECT_EQ(*ParseMoney("-0.05", Code("EUR")), Money(-5, Code("EUR")));
  EXPECT_EQ(*ParseMoney("301", Code("JPY")), Money(301, Code("JPY")));
  EXPECT_EQ(*ParseMoney("1.5", Code("KWD")), Money(1500, Code("KWD")));
  EXPECT_EQ(*ParseMoney("1234567.89", Code("IDR")), Money(123456789, Code("IDR")));
  // Trailing zeros add no precision, so they are allowed.
  EXPECT_EQ(*ParseMoney("1.0", Code("JPY")), Money(1, Code("JPY")));
  EXPECT_EQ(*ParseMoney("1.2300", Code("EUR")), Money(123, Code("EUR")));
}

TEST(ParseMoneyTest, TooManyDecimalsNamesTheCurrency) {
  Result<Money> eur = ParseMoney("1.234", Code("EUR"));
  EXPECT_EQ(eur.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(eur.status().message(), "amount '1.234' has 3 decimals; EUR allows 2");
  EXPECT_EQ(ParseMoney("1.5", Code("JPY")).status().message(),
            "amount '1.5' has 1 decimal; JPY allows 0");
  EXPECT_EQ(ParseMoney("1.2345", Code("KWD")).status().message(),
            "amount '1.2345' has 4 decimals; KWD allows 3");
}

TEST(ParseMoneyTest, RejectsJunk) {
  for (const char* text : {"12a", "", "1,000", "1e5", "--1", ".", "1.", "+1", " 1", "1 ", "EUR"}) {
    Result<Money> parsed = ParseMoney(text, Code("EUR"));
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArgument) << text;
    EXPECT_EQ(parsed.status().message().rfind("amount ", 0), 0u) << parsed.status().message();
  }
  EXPECT_EQ(ParseMoney("1,000", Code("EUR")).status().message(),
            "amount '1,000' has an unexpected ',' at offset 1 (no thousands separators; use '.' "
            "for decimals); expected [-]digits[.digits]");
}

TEST(ParseMoneyTest, OutOfRange) {
  EXPECT_EQ(*ParseMoney("92233720368547758.07", Code("EUR")), Money(kMax, Code("EUR")));
  EXPECT_EQ(*ParseMoney("-92233720368547758.08", Code("EUR")), Money(kMin, Code("EUR")));
  Result<Money> too_big = ParseMoney("92233720368547758.08", Code("EUR"));
  EXPECT_EQ(too_big.status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(too_big.status().message(),
            "amount '92233720368547758.08' is outside the int64 range of EUR minor units");
  EXPECT_EQ(ParseMoney("92233720368547758", Code("KWD")).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(ParseMoney("9223372036854775808", Code("JPY")).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(ParseMoney("100000000000000000000000000", Code("JPY")).status().code(),
            ErrorCode::kOutOfRange);
}

TEST(ParseCurrencyAmountTest, ParsesCodeAndAmount) {
  EXPECT_EQ(*ParseCurrencyAmount("USD:0.99"), Money(99, Code("USD")));
  EXPECT_EQ(*ParseCurrencyAmount("JPY:-150"), Money(-150, Code("JPY")));
  EXPECT_EQ(ParseCurrencyAmount("USD0.99").status().message(),
            "expected CURRENCY:AMOUNT such as 'USD:0.99', got 'USD0.99'");
  EXPECT_EQ(ParseCurrencyAmount("usd:1").status().message(),
            "currency code 'usd' must be three upper-case letters");
  EXPECT_EQ(ParseCurrencyAmount("XYZ:1").status().message(), "unknown currency code 'XYZ'");
  EXPECT_EQ(ParseCurrencyAmount("USD:1.234").status().message(),
            "amount '1.234' has 3 decimals; USD allows 2");
}

TEST(FormatPlainTest, UsesIsoDigitsWithoutGrouping) {
  EXPECT_EQ(FormatPlain(Money(123456, Code("EUR"))), "1234.56");
  EXPECT_EQ(FormatPlain(Money(301, Code("JPY"))), "301");
  EXPECT_EQ(FormatPlain(Money(-5, Code("EUR"))), "-0.05");
  EXPECT_EQ(FormatPlain(Money(0, Code("EUR"))), "0.00");
  EXPECT_EQ(FormatPlain(Money(-1, Code("KWD"))), "-0.001");
  EXPECT_EQ(FormatPlain(Money(kMin, Code("EUR"))), "-92233720368547758.08");
  EXPECT_EQ(FormatPlain(Money(kMax, Code("JPY"))), "9223372036854775807");
}

TEST(FormatPlainTest, RoundTripsThroughParseMoney) {
  for (const char* code : {"EUR", "JPY", "KWD", "IDR"}) {
    for (int64_t minor : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{123456789}, kMax, kMin}) {
      Money money(minor, Code(code));
      EXPECT_EQ(*ParseMoney(FormatPlain(money), Code(code)), money) << money.DebugString();
    }
  }
}

}  // namespace
}  // namespace mg
