#include "currency/price_localization.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "currency_test_util.h"

namespace mg {
namespace {

using testing::Amount;
using testing::Code;
using testing::Dec;

PricePointRule Rule(PriceEnding ending, int64_t step_major = 0) {
  PricePointRule rule;
  rule.ending = ending;
  rule.step_major = step_major;
  return rule;
}

Money Localize(std::string_view base, std::string_view rate, std::string_view target,
               const PricePointRule& rule) {
  Result<Money> base_money = ParseCurrencyAmount(base);
  EXPECT_TRUE(base_money.ok()) << base_money.status().ToString();
  Result<Money> price = LocalizePrice(*base_money, Dec(rate), Code(target), rule);
  EXPECT_TRUE(price.ok()) << price.status().ToString();
  return price.ok() ? *price : Money(-1, Code(target));
}

TEST(ParsePriceEndingTest, Names) {
  EXPECT_EQ(*ParsePriceEnding("none"), PriceEnding::kNone);
  EXPECT_EQ(*ParsePriceEnding("99"), PriceEnding::kNinetyNine);
  EXPECT_EQ(*ParsePriceEnding("49_99"), PriceEnding::kFortyNineNinetyNine);
  EXPECT_EQ(*ParsePriceEnding("whole"), PriceEnding::kWhole);
  EXPECT_EQ(ParsePriceEnding("0.99").status().message(),
            "unknown price ending '0.99'; expected none, 99, 49_99 or whole");
}

TEST(LocalizePriceTest, JapanWholeYenInStepsOfTen) {
  // 0.99 * 151.3742 = 149.861458 JPY -> whole 150, already a multiple of 10.
  EXPECT_EQ(Localize("USD:0.99", "151.3742", "JPY", Rule(PriceEnding::kWhole, 10)),
            Amount("JPY", "150"));
  // 1.99 * 151.3742 = 301.23 -> next multiple of 10 up, never down.
  EXPECT_EQ(Localize("USD:1.99", "151.3742", "JPY", Rule(PriceEnding::kWhole, 10)),
            Amount("JPY", "310"));
  // Landing exactly on a point keeps it.
  EXPECT_EQ(Localize("USD:1.50", "100", "JPY", Rule(PriceEnding::kWhole, 10)),
            Amount("JPY", "150"));
}

TEST(LocalizePriceTest, EuroWithTaxIncludedAndCharmEndings) {
  // 0.99 * 0.92 = 0.9108; with 19% VAT 1.083852 EUR.
  PricePointRule rule = Rule(PriceEnding::kNinetyNine);
  rule.tax_inclusive_target = true;
  rule.tax_rate = Dec("0.19");
  EXPECT_EQ(Localize("USD:0.99", "0.92", "EUR", rule), Amount("EUR", "1.99"));
  rule.ending = PriceEnding::kFortyNineNinetyNine;
  EXPECT_EQ(Localize("USD:0.99", "0.92", "EUR", rule), Amount("EUR", "1.49"));
  rule.ending = PriceEnding::kWhole;
  EXPECT_EQ(Localize("USD:0.99", "0.92", "EUR", rule), Amount("EUR", "2.00"));
  rule.ending = PriceEnding::kNone;
  EXPECT_EQ(Localize("USD:0.99", "0.92", "EUR", rule), Amount("EUR", "1.08"));
}

TEST(LocalizePriceTest, TaxExclusiveTargetIgnoresTheTaxRate) {
  // 0.9108 EUR before tax: the point is 0.99 and tax is added at checkout.
  PricePointRule rule = Rule(PriceEnding::kNinetyNine);
  rule.tax_rate = Dec("0.19");
  EXPECT_EQ(Localize("USD:0.99", "0.92", "EUR", rule), Amount("EUR", "0.99"));
  rule.ending = PriceEnding::kFortyNineNinetyNine;
  EXPECT_EQ(Localize("USD:0.99", "0.92", "EUR", rule), Amount("EUR", "0.99"));
  EXPECT_EQ(Localize("USD:0.40", "0.92", "EUR", rule), Amount("EUR", "0.49"));
}

TEST(LocalizePriceTest, NinetyNineEndingsAtOtherScales) {
  // Exactly on a point stays there.
  EXPECT_EQ(Localize("EUR:1.99", "1", "EUR", Rule(PriceEnding::kNinetyNine)),
            Amount("EUR", "1.99"));
  EXPECT_EQ(Localize("EUR:2.00", "1", "EUR", Rule(PriceEnding::kNinetyNine)),
            Amount("EUR", "2.99"));
  // A step of 5 major units: 4.99, 9.99, 14.99, ...
  EXPECT_EQ(Localize("USD:9.99", "0.92", "EUR", Rule(PriceEnding::kNinetyNine, 5)),
            Amount("EUR", "9.99"));
  EXPECT_EQ(Localize("USD:11.00", "0.92", "EUR", Rule(PriceEnding::kNinetyNine, 5)),
            Amount("EUR", "14.99"));
  // KWD has three digits: x.990. 4.99 * 0.3075 = 1.534425 KWD.
  EXPECT_EQ(Localize("USD:4.99", "0.3075", "KWD", Rule(PriceEnding::kNinetyNine)),
            Amount("KWD", "1.990"));
  EXPECT_EQ(Localize("USD:4.99", "0.3075", "KWD", Rule(PriceEnding::kFortyNineNinetyNine)),
            Amount("KWD", "1.990"));
  EXPECT_EQ(Localize("USD:4.00", "0.3075", "KWD", Rule(PriceEnding::kFortyNineNinetyNine)),
            Amount("KWD", "1.490"));
  // Zero-decimal currencies: 99 below a multiple of 100 by default.
  EXPECT_EQ(Localize("USD:0.99", "151.3742", "JPY", Rule(PriceEnding::kNinetyNine)),
            Amount("JPY", "199"));
  // 0.90 * 151.3742 = 136.24 JPY: 149 comes before 199.
  EXPECT_EQ(Localize("USD:0.90", "151.3742", "JPY", Rule(PriceEnding::kFortyNineNinetyNine)),
            Amount("JPY", "149"));
  EXPECT_EQ(Localize("USD:0.99", "151.3742", "JPY", Rule(PriceEnding::kFortyNineNinetyNine)),
            Amount("JPY", "199"));
}

TEST(LocalizePriceTest, KoreaInStepsOfHundredWon) {
  // 4.99 * 1380.50 = 6888.695 KRW.
  EXPECT_EQ(Localize("USD:4.99", "1380.50", "KRW", Rule(PriceEnding::kWhole, 100)),
            Amount("KRW", "6900"));
  EXPECT_EQ(Localize("USD:4.99", "1380.50", "KRW", Rule(PriceEnding::kNinetyNine, 100)),
            Amount("KRW", "6899"));
  EXPECT_EQ(Localize("USD:4.99", "1380.50", "KRW", Rule(PriceEnding::kNone, 100)),
            Amount("KRW", "6900"));
}

TEST(LocalizePriceTest, IndonesiaInStepsOfThousandRupiah) {
  // 0.99 * 16250 = 16087.50 IDR. Amounts keep ICU's 2 digits (sen); showing
  // them without decimals is the formatter's business.
  const Money price = Localize("USD:0.99", "16250", "IDR", Rule(PriceEnding::kWhole, 1000));
  EXPECT_EQ(price, Amount("IDR", "17000"));
  EXPECT_EQ(price.minor_units(), 1700000);
  EXPECT_EQ(Localize("USD:0.99", "16250", "IDR", Rule(PriceEnding::kNone, 1000)),
            Amount("IDR", "16000"));
}

TEST(LocalizePriceTest, NoEndingUsesTheDeclaredRounding) {
  PricePointRule rule = Rule(PriceEnding::kNone);
  EXPECT_EQ(Localize("USD:0.99", "151.3742", "JPY", rule), Amount("JPY", "150"));
  rule.conversion_rounding = RoundingMode::kDown;
  EXPECT_EQ(Localize("USD:0.99", "151.3742", "JPY", rule), Amount("JPY", "149"));
  // With a step, kNone may round down below the converted amount (301.23).
  rule.conversion_rounding = RoundingMode::kHalfUp;
  rule.step_major = 10;
  EXPECT_EQ(Localize("USD:1.99", "151.3742", "JPY", rule), Amount("JPY", "300"));
}

TEST(LocalizePriceTest, FloorWins) {
  // 0.10 * 151.3742 = 15.14 JPY -> 20 by the rule, but the market's floor is 100.
  PricePointRule rule = Rule(PriceEnding::kWhole, 10);
  rule.floor = Amount("JPY", "100");
  EXPECT_EQ(Localize("USD:0.10", "151.3742", "JPY", rule), Amount("JPY", "100"));
  // Above the floor, the rule decides.
  EXPECT_EQ(Localize("USD:0.99", "151.3742", "JPY", rule), Amount("JPY", "150"));
  // The floor applies even when it is not itself a point.
  rule.floor = Amount("JPY", "155");
  EXPECT_EQ(Localize("USD:0.99", "151.3742", "JPY", rule), Amount("JPY", "155"));
}

TEST(LocalizePriceTest, FreeStaysFree) {
  EXPECT_EQ(Localize("USD:0", "151.3742", "JPY", Rule(PriceEnding::kNinetyNine)),
            Amount("JPY", "0"));
  PricePointRule rule = Rule(PriceEnding::kNinetyNine);
  rule.floor = Amount("JPY", "100");
  EXPECT_EQ(Localize("USD:0", "151.3742", "JPY", rule), Amount("JPY", "100"));
}

TEST(LocalizePriceTest, Errors) {
  const Money base = Amount("USD", "0.99");
  EXPECT_EQ(LocalizePrice(Amount("USD", "-0.99"), Dec("1"), Code("EUR"), Rule(PriceEnding::kNone))
                .status()
                .message(),
            "base price USD -0.99 is negative");
  EXPECT_EQ(LocalizePrice(base, Dec("0"), Code("EUR"), Rule(PriceEnding::kNone)).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      LocalizePrice(base, Dec("1"), Code("EUR"), Rule(PriceEnding::kWhole, -10)).status().code(),
      ErrorCode::kInvalidArgument);
  PricePointRule negative_tax = Rule(PriceEnding::kNone);
  negative_tax.tax_inclusive_target = true;
  negative_tax.tax_rate = Dec("-0.19");
  EXPECT_EQ(LocalizePrice(base, Dec("1"), Code("EUR"), negative_tax).status().code(),
            ErrorCode::kInvalidArgument);
  PricePointRule foreign_floor = Rule(PriceEnding::kNone);
  foreign_floor.floor = Amount("USD", "1");
  Result<Money> mismatch = LocalizePrice(base, Dec("1"), Code("EUR"), foreign_floor);
  EXPECT_EQ(mismatch.status().code(), ErrorCode::kCurrencyMismatch);
  EXPECT_EQ(mismatch.status().message(), "floor USD 1.00 is not in the target currency EUR");
  // 5 yen cannot be split into x49 / x99 halves.
  EXPECT_EQ(LocalizePrice(base, Dec("151"), Code("JPY"), Rule(PriceEnding::kFortyNineNinetyNine, 5))
                .status()
                .message(),
            "a 49_99 ending needs an even step in JPY minor units, got 5");
  const Money most = Money(std::numeric_limits<int64_t>::max(), Code("USD"));
  EXPECT_EQ(
      LocalizePrice(most, Dec("1000"), Code("KWD"), Rule(PriceEnding::kWhole)).status().code(),
      ErrorCode::kOutOfRange);
}

}  // namespace
}  // namespace mg
