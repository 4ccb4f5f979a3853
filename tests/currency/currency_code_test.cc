#include "currency/currency_code.h"

#include <gtest/gtest.h>

#include "currency_test_util.h"

namespace mg {
namespace {

using testing::Code;

TEST(CurrencyCodeTest, ParsesIsoCodesIcuKnows) {
  for (const char* code : {"EUR", "USD", "JPY", "KRW", "IDR", "KWD", "CHF", "SAR", "INR"}) {
    Result<CurrencyCode> parsed = CurrencyCode::Parse(code);
    ASSERT_TRUE(parsed.ok()) << code << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed->view(), code);
    EXPECT_EQ(parsed->str(), code);
  }
}

TEST(CurrencyCodeTest, RejectsMalformedCodes) {
  for (const char* code : {"eur", "Eur", "EU", "EURO", "", "E1R", "EU "}) {
    Result<CurrencyCode> parsed = CurrencyCode::Parse(code);
    ASSERT_FALSE(parsed.ok()) << code;
    EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.status().message(),
              "currency code '" + std::string(code) + "' must be three upper-case letters");
    EXPECT_EQ(parsed.status().param(), "currency");
  }
}

TEST(CurrencyCodeTest, RejectsCodesIcuDoesNotKnow) {
  Result<CurrencyCode> parsed = CurrencyCode::Parse("XYZ");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(), "unknown currency code 'XYZ'");
}

TEST(CurrencyCodeTest, RejectsCodesNotInCurrentUse) {
  // ICU knows these (ucurr_isAvailable), but nobody can be charged in them:
  // the Mark was retired in 2002, XTS is for testing, XXX means "no currency".
  for (const char* code : {"DEM", "XTS", "XXX"}) {
    Result<CurrencyCode> parsed = CurrencyCode::Parse(code);
    ASSERT_FALSE(parsed.ok()) << code;
    EXPECT_EQ(parsed.status().message(),
              "currency '" + std::string(code) + "' is not a currency in current use");
  }
}

TEST(CurrencyCodeTest, ComparesByValue) {
  EXPECT_EQ(Code("EUR"), Code("EUR"));
  EXPECT_NE(Code("EUR"), Code("USD"));
  EXPECT_LT(Code("CHF"), Code("EUR"));
}

struct FactsCase {
  const char* code;
  int fraction_digits;
  int cash_fraction_digits;
  int64_t cash_increment_minor;
};

// What ICU 72 (CLDR 42) reports; pinned so that an ICU upgrade that changes a
// fact shows up here before it changes stored amounts.
TEST(LookupCurrencyTest, PinsIcu72Facts) {
  const FactsCase cases[] = {
      {"EUR", 2, 2, 1},
      {"USD", 2, 2, 1},
      {"JPY", 0, 0, 1},
      {"KRW", 0, 0, 1},
      {"KWD", 3, 3, 1},
      {"INR", 2, 2, 1},
      // Cash is rounded to 0.05 in Switzerland and Canada.
      {"CHF", 2, 2, 5},
      {"CAD", 2, 2, 5},
      // IDR: ISO 4217 says 2 minor units; CLDR 48 gives `_digits: 0` (see
      // docs/sources/ID.md#currency-and-display). ICU 72 (CLDR 42) reports 2
      // standard digits, agreeing with ISO, and 0 cash digits, so gateway
      // amounts in IDR are stored in sen (1/100) and cash rounds to whole
      // rupiah (100 minor units). Display without decimals is a formatting
      // option (display_digits = 0).
      {"IDR", 2, 0, 100},
      // Also 2 standard but 0 cash digits in ICU 72.
      {"HUF", 2, 0, 100},
      {"TWD", 2, 0, 100},
      {"CLP", 0, 0, 1},
  };
  for (const FactsCase& c : cases) {
    Result<CurrencyFacts> facts = LookupCurrency(c.code);
    ASSERT_TRUE(facts.ok()) << c.code << ": " << facts.status().ToString();
    EXPECT_EQ(facts->code, Code(c.code));
    EXPECT_EQ(facts->fraction_digits, c.fraction_digits) << c.code;
    EXPECT_EQ(facts->cash_fraction_digits, c.cash_fraction_digits) << c.code;
    EXPECT_EQ(facts->cash_increment_minor, c.cash_increment_minor) << c.code;
  }
}

TEST(LookupCurrencyTest, ByCodeAndByTextAgree) {
  Result<CurrencyFacts> by_text = LookupCurrency("KWD");
  Result<CurrencyFacts> by_code = LookupCurrency(Code("KWD"));
  ASSERT_TRUE(by_text.ok());
  ASSERT_TRUE(by_code.ok());
  EXPECT_EQ(by_text->fraction_digits, by_code->fraction_digits);
}

TEST(LookupCurrencyTest, UnknownCurrencyIsAnError) {
  EXPECT_EQ(LookupCurrency("XYZ").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(LookupCurrency("eur").status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace mg
