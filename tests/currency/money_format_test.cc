#include "currency/money_format.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "currency_test_util.h"

namespace mg {
namespace {

using testing::Amount;
using testing::Code;

std::string FormatOrDie(std::string_view locale, std::string_view currency, std::string_view amount,
                        MoneyFormatOptions options = {}) {
  Result<MoneyFormatter> formatter = MoneyFormatter::Create(locale, Code(currency), options);
  if (!formatter.ok()) return "create failed: " + formatter.status().ToString();
  Result<std::string> text = formatter->Format(Amount(currency, amount));
  if (!text.ok()) return "format failed: " + text.status().ToString();
  return *text;
}

struct PinnedCase {
  const char* locale;
  const char* currency;
  const char* amount;
  const char* expected;  // UTF-8 bytes from ICU 72
};

// ICU 72's exact output, captured once and checked by eye. Invisible and
// look-alike characters, by their UTF-8 bytes:
//   \xC2\xA0      U+00A0 NO-BREAK SPACE
//   \xE2\x80\xAF  U+202F NARROW NO-BREAK SPACE (French grouping)
//   \xE2\x80\x99  U+2019 RIGHT SINGLE QUOTATION MARK (Swiss grouping, not ')
//   \xE2\x80\x8F  U+200F RIGHT-TO-LEFT MARK (RLM)
//   \xD8\x9C      U+061C ARABIC LETTER MARK (ALM), before the minus sign
//   \xD9\xA0..\xD9\xA9  U+0660..U+0669 ARABIC-INDIC DIGITS ZERO..NINE
//   \xD9\xAB      U+066B ARABIC DECIMAL SEPARATOR
//   \xD9\xAC      U+066C ARABIC THOUSANDS SEPARATOR
//   \xEF\xBF\xA5  U+FFE5 FULLWIDTH YEN SIGN
// Adjacent literals ("\xA0" "1") stop a hex escape from eating the next digit.
// One case per line reads better than the split literals clang-format makes.
// clang-format off
const PinnedCase kPinned[] = {
    // de-DE: "1.234.567,89 €", NBSP before the sign.
    {"de-DE", "EUR", "1234567.89", "1.234.567,89\xC2\xA0\xE2\x82\xAC"},
    {"de-DE", "EUR", "-1234567.89", "-1.234.567,89\xC2\xA0\xE2\x82\xAC"},
    {"de-DE", "EUR", "0", "0,00\xC2\xA0\xE2\x82\xAC"},
    // fr-FR: NNBSP groups, NBSP before the sign.
    {"fr-FR", "EUR", "1234567.89", "1\xE2\x80\xAF" "234\xE2\x80\xAF" "567,89\xC2\xA0\xE2\x82\xAC"},
    {"fr-FR", "EUR", "-1234567.89",
     "-1\xE2\x80\xAF" "234\xE2\x80\xAF" "567,89\xC2\xA0\xE2\x82\xAC"},
    {"fr-FR", "EUR", "0", "0,00\xC2\xA0\xE2\x82\xAC"},
    // de-CH: U+2019 groups; NBSP after "CHF", but none before the minus.
    {"de-CH", "CHF", "1234567.89", "CHF\xC2\xA0" "1\xE2\x80\x99" "234\xE2\x80\x99" "567.89"},
    {"de-CH", "CHF", "-1234567.89", "CHF-1\xE2\x80\x99" "234\xE2\x80\x99" "567.89"},
    {"de-CH", "CHF", "0", "CHF\xC2\xA0" "0.00"},
    // ja-JP: fullwidth yen, no decimals.
    {"ja-JP", "JPY", "1234567", "\xEF\xBF\xA5" "1,234,567"},
    {"ja-JP", "JPY", "-1234567", "-\xEF\xBF\xA5" "1,234,567"},
    {"ja-JP", "JPY", "0", "\xEF\xBF\xA5" "0"},
    // ko-KR: U+20A9 WON SIGN, no decimals.
    {"ko-KR", "KRW", "1234567", "\xE2\x82\xA9" "1,234,567"},
    {"ko-KR", "KRW", "-1234567", "-\xE2\x82\xA9" "1,234,567"},
    {"ko-KR", "KRW", "0", "\xE2\x82\xA9" "0"},
    // hi-IN and en-IN: U+20B9 RUPEE SIGN, lakh grouping, Latin digits.
    {"hi-IN", "INR", "1234567.89", "\xE2\x82\xB9" "12,34,567.89"},
    {"hi-IN", "INR", "-1234567.89", "-\xE2\x82\xB9" "12,34,567.89"},
    {"hi-IN", "INR", "0", "\xE2\x82\xB9" "0.00"},
    {"en-IN", "INR", "1234567.89", "\xE2\x82\xB9" "12,34,567.89"},
    {"en-IN", "INR", "-1234567.89", "-\xE2\x82\xB9" "12,34,567.89"},
    {"en-IN", "INR", "0", "\xE2\x82\xB9" "0.00"},
    // ar-SA: RLM, Arabic-Indic digits ١٬٢٣٤٬٥٦٧٫٨٩, NBSP, "ر.س.", RLM.
    // Negative: ALM and '-' come first.
    {"ar-SA", "SAR", "1234567.89",
     "\xE2\x80\x8F\xD9\xA1\xD9\xAC\xD9\xA2\xD9\xA3\xD9\xA4\xD9\xAC\xD9\xA5\xD9\xA6\xD9\xA7"
     "\xD9\xAB\xD9\xA8\xD9\xA9\xC2\xA0\xD8\xB1.\xD8\xB3.\xE2\x80\x8F"},
    {"ar-SA", "SAR", "-1234567.89",
     "\xD8\x9C-\xE2\x80\x8F\xD9\xA1\xD9\xAC\xD9\xA2\xD9\xA3\xD9\xA4\xD9\xAC\xD9\xA5\xD9\xA6"
     "\xD9\xA7\xD9\xAB\xD9\xA8\xD9\xA9\xC2\xA0\xD8\xB1.\xD8\xB3.\xE2\x80\x8F"},
    {"ar-SA", "SAR", "0",
     "\xE2\x80\x8F\xD9\xA0\xD9\xAB\xD9\xA0\xD9\xA0\xC2\xA0\xD8\xB1.\xD8\xB3.\xE2\x80\x8F"},
    // ar-KW: like ar-SA with three decimals (١٬٢٣٤٬٥٦٧٫٨٩١) and "د.ك.".
    {"ar-KW", "KWD", "1234567.891",
     "\xE2\x80\x8F\xD9\xA1\xD9\xAC\xD9\xA2\xD9\xA3\xD9\xA4\xD9\xAC\xD9\xA5\xD9\xA6\xD9\xA7"
     "\xD9\xAB\xD9\xA8\xD9\xA9\xD9\xA1\xC2\xA0\xD8\xAF.\xD9\x83.\xE2\x80\x8F"},
    {"ar-KW", "KWD", "-1234567.891",
     "\xD8\x9C-\xE2\x80\x8F\xD9\xA1\xD9\xAC\xD9\xA2\xD9\xA3\xD9\xA4\xD9\xAC\xD9\xA5\xD9\xA6"
     "\xD9\xA7\xD9\xAB\xD9\xA8\xD9\xA9\xD9\xA1\xC2\xA0\xD8\xAF.\xD9\x83.\xE2\x80\x8F"},
    {"ar-KW", "KWD", "0",
     "\xE2\x80\x8F\xD9\xA0\xD9\xAB\xD9\xA0\xD9\xA0\xD9\xA0\xC2\xA0\xD8\xAF.\xD9\x83.\xE2\x80\x8F"},
    // pt-BR: NBSP after "R$".
    {"pt-BR", "BRL", "1234567.89", "R$\xC2\xA0" "1.234.567,89"},
    {"pt-BR", "BRL", "-1234567.89", "-R$\xC2\xA0" "1.234.567,89"},
    {"pt-BR", "BRL", "0", "R$\xC2\xA0" "0,00"},
    // es-MX: plain ASCII, the same "$" as USD.
    {"es-MX", "MXN", "1234567.89", "$1,234,567.89"},
    {"es-MX", "MXN", "-1234567.89", "-$1,234,567.89"},
    {"es-MX", "MXN", "0", "$0.00"},
    // fr-CA: NBSP groups (not NNBSP as in fr-FR) and NBSP before "$".
    {"fr-CA", "CAD", "1234567.89", "1\xC2\xA0" "234\xC2\xA0" "567,89\xC2\xA0$"},
    {"fr-CA", "CAD", "-1234567.89", "-1\xC2\xA0" "234\xC2\xA0" "567,89\xC2\xA0$"},
    {"fr-CA", "CAD", "0", "0,00\xC2\xA0$"},
    // id-ID: NBSP after "Rp"; ICU's 2 digits unless display_digits says 0.
    {"id-ID", "IDR", "1234567.89", "Rp\xC2\xA0" "1.234.567,89"},
    {"id-ID", "IDR", "-1234567.89", "-Rp\xC2\xA0" "1.234.567,89"},
    {"id-ID", "IDR", "0", "Rp\xC2\xA0" "0,00"},
    // tr-TR: U+20BA TURKISH LIRA SIGN first.
    {"tr-TR", "TRY", "1234567.89", "\xE2\x82\xBA" "1.234.567,89"},
    {"tr-TR", "TRY", "-1234567.89", "-\xE2\x82\xBA" "1.234.567,89"},
    {"tr-TR", "TRY", "0", "\xE2\x82\xBA" "0,00"},
    // en-US: plain ASCII.
    {"en-US", "USD", "1234567.89", "$1,234,567.89"},
    {"en-US", "USD", "-1234567.89", "-$1,234,567.89"},
    {"en-US", "USD", "0", "$0.00"},
};
// clang-format on

TEST(MoneyFormatterTest, PinsIcu72Output) {
  for (const PinnedCase& c : kPinned) {
    EXPECT_EQ(FormatOrDie(c.locale, c.currency, c.amount), c.expected)
        << c.locale << " " << c.currency << " " << c.amount;
  }
}

TEST(MoneyFormatterTest, Styles) {
  EXPECT_EQ(FormatOrDie("de-DE", "EUR", "1234.5", {MoneyStyle::kSymbol, std::nullopt}),
            "1.234,50\xC2\xA0\xE2\x82\xAC");
  // NBSP before the code.
  EXPECT_EQ(FormatOrDie("de-DE", "EUR", "1234.5", {MoneyStyle::kIsoCode, std::nullopt}),
            "1.234,50\xC2\xA0"
            "EUR");
  // A plain space before the name.
  EXPECT_EQ(FormatOrDie("de-DE", "EUR", "1234.5", {MoneyStyle::kName, std::nullopt}),
            "1.234,50 Euro");
  EXPECT_EQ(FormatOrDie("en-US", "USD", "1", {MoneyStyle::kName, std::nullopt}), "1.00 US dollars");
  EXPECT_EQ(FormatOrDie("en-US", "USD", "-3.5", {MoneyStyle::kIsoCode, std::nullopt}),
            "-USD\xC2\xA0"
            "3.50");
}

TEST(MoneyFormatterTest, DisplayDigitsRoundHalfEvenForDisplayOnly) {
  const MoneyFormatOptions no_decimals{MoneyStyle::kSymbol, 0};
  EXPECT_EQ(FormatOrDie("id-ID", "IDR", "1234567.89", no_decimals),
            "Rp\xC2\xA0"
            "1.234.568");
  EXPECT_EQ(FormatOrDie("id-ID", "IDR", "1234567.50", no_decimals),
            "Rp\xC2\xA0"
            "1.234.568");
  EXPECT_EQ(FormatOrDie("id-ID", "IDR", "1234568.50", no_decimals),
            "Rp\xC2\xA0"
            "1.234.568");
  EXPECT_EQ(FormatOrDie("ko-KR", "KRW", "1234567", no_decimals),
            "\xE2\x82\xA9"
            "1,234,567");
  EXPECT_EQ(FormatOrDie("de-DE", "EUR", "2.50", no_decimals), "2\xC2\xA0\xE2\x82\xAC");
  EXPECT_EQ(FormatOrDie("de-DE", "EUR", "3.50", no_decimals), "4\xC2\xA0\xE2\x82\xAC");
  EXPECT_EQ(FormatOrDie("de-DE", "EUR", "1234.5", {MoneyStyle::kSymbol, 3}),
            "1.234,500\xC2\xA0\xE2\x82\xAC");
}

TEST(MoneyFormatterTest, UnicodeExtensionsReachIcu) {
  // Latin digits in Saudi Arabia: RLM, "1,234,567.89", NBSP, "ر.س.", RLM.
  EXPECT_EQ(FormatOrDie("ar-SA-u-nu-latn", "SAR", "1234567.89"),
            "\xE2\x80\x8F"
            "1,234,567.89\xC2\xA0\xD8\xB1.\xD8\xB3.\xE2\x80\x8F");
}

TEST(MoneyFormatterTest, FormatsInt64Extremes) {
  EXPECT_EQ(FormatOrDie("en-US", "USD", "92233720368547758.07"), "$92,233,720,368,547,758.07");
  EXPECT_EQ(FormatOrDie("en-US", "USD", "-92233720368547758.08"), "-$92,233,720,368,547,758.08");
}

TEST(MoneyFormatterTest, UnknownLocalesAreErrors) {
  const struct {
    const char* locale;
    const char* message;
  } cases[] = {
      {"xx-YY", "ICU has no locale data for 'xx-YY'"},
      {"not a locale", "locale 'not a locale' is not a BCP 47 language tag"},
      {"", "locale '' is not a BCP 47 language tag"},
      {"de_DE", "locale 'de_DE' is not a BCP 47 language tag"},
      {"und", "locale 'und' names no language"},
  };
  for (const auto& c : cases) {
    Result<MoneyFormatter> formatter = MoneyFormatter::Create(c.locale, Code("EUR"));
    ASSERT_FALSE(formatter.ok()) << c.locale;
    EXPECT_EQ(formatter.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(formatter.status().message(), c.message);
    EXPECT_EQ(formatter.status().param(), "locale");
    EXPECT_EQ(ValidateLocale(c.locale).message(), c.message);
  }
}

TEST(MoneyFormatterTest, ValidateLocaleFallsBackToTheLanguage) {
  // en-ZZ has no data of its own; its language does.
  // "iw" is the deprecated code for Hebrew and only matches once canonicalized.
  for (const char* locale : {"de-DE", "de-CH", "en", "EN-us", "zh-TW", "sr-Latn-RS", "es-419",
                             "ar-SA-u-nu-latn", "en-ZZ", "iw-IL"}) {
    EXPECT_TRUE(ValidateLocale(locale).ok()) << locale << ": " << ValidateLocale(locale).ToString();
  }
}

// Formatters asked for with the same arguments share one ICU formatter; any
// argument that differs must still get its own.
TEST(MoneyFormatterTest, FormattersDifferingInOneArgumentStayDistinct) {
  const struct {
    const char* locale;
    const char* currency;
    MoneyFormatOptions options;
    const char* expected;
  } cases[] = {
      {"de-DE", "EUR", {}, "1.234,50\xC2\xA0\xE2\x82\xAC"},
      {"de-DE",
       "EUR",
       {MoneyStyle::kIsoCode, std::nullopt},
       "1.234,50\xC2\xA0"
       "EUR"},
      {"de-DE", "EUR", {MoneyStyle::kSymbol, 0}, "1.234\xC2\xA0\xE2\x82\xAC"},
      {"de-DE",
       "CHF",
       {},
       "1.234,50\xC2\xA0"
       "CHF"},
      {"de-CH",
       "EUR",
       {},
       "EUR\xC2\xA0"
       "1\xE2\x80\x99"
       "234.50"},
      {"en-DE",
       "EUR",
       {},
       "\xE2\x82\xAC"
       "1,234.50"},
  };
  std::vector<MoneyFormatter> alive;
  for (int round = 0; round < 2; ++round) {
    for (const auto& c : cases) {
      Result<MoneyFormatter> formatter =
          MoneyFormatter::Create(c.locale, Code(c.currency), c.options);
      ASSERT_TRUE(formatter.ok()) << c.locale << " " << c.currency;
      EXPECT_EQ(formatter->locale(), c.locale);
      EXPECT_EQ(formatter->Format(Amount(c.currency, "1234.5")).value(), c.expected)
          << c.locale << " " << c.currency << " round " << round;
      alive.push_back(std::move(*formatter));
    }
  }
  // The first of each pair gone, the second still formats.
  alive.erase(alive.begin(), alive.begin() + std::size(cases));
  EXPECT_EQ(alive.front().Format(Amount("EUR", "1")).value(), "1,00\xC2\xA0\xE2\x82\xAC");
}

TEST(MoneyFormatterTest, ValidateLocaleRemembersOnlyValidTags) {
  for (int round = 0; round < 2; ++round) {
    EXPECT_TRUE(ValidateLocale("de-AT").ok());
    EXPECT_EQ(ValidateLocale("de_AT").message(), "locale 'de_AT' is not a BCP 47 language tag");
    EXPECT_FALSE(MoneyFormatter::Create("de_AT", Code("EUR")).ok());
  }
}

TEST(MoneyFormatterTest, BadDisplayDigitsAreErrors) {
  EXPECT_EQ(MoneyFormatter::Create("de-DE", Code("EUR"), {MoneyStyle::kSymbol, -1}).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      MoneyFormatter::Create("de-DE", Code("EUR"), {MoneyStyle::kSymbol, 13}).status().message(),
      "display digits 13 outside 0..12");
}

TEST(MoneyFormatterTest, OtherCurrencyIsAMismatch) {
  Result<MoneyFormatter> formatter = MoneyFormatter::Create("de-DE", Code("EUR"));
  ASSERT_TRUE(formatter.ok());
  Result<std::string> text = formatter->Format(Amount("USD", "1"));
  EXPECT_EQ(text.status().code(), ErrorCode::kCurrencyMismatch);
  EXPECT_EQ(text.status().message(), "formatter for EUR cannot format USD 1.00");
}

TEST(MoneyFormatterTest, AccessorsSurviveAMove) {
  Result<MoneyFormatter> created = MoneyFormatter::Create("fr-CA", Code("CAD"));
  ASSERT_TRUE(created.ok());
  MoneyFormatter formatter = std::move(created).value();
  EXPECT_EQ(formatter.locale(), "fr-CA");
  EXPECT_EQ(formatter.currency(), Code("CAD"));
  EXPECT_EQ(*formatter.Format(Amount("CAD", "5")), "5,00\xC2\xA0$");
}

TEST(MoneyFormatterTest, SharedFormatterIsThreadSafe) {
  Result<MoneyFormatter> formatter = MoneyFormatter::Create("de-DE", Code("EUR"));
  ASSERT_TRUE(formatter.ok());
  // Expected strings built by hand, so the check does not trust the formatter.
  auto expected = [](int64_t cents) {
    const std::string euros = std::to_string(cents / 100);
    const std::string rest = std::to_string(100 + cents % 100).substr(1);
    return euros + "," + rest + "\xC2\xA0\xE2\x82\xAC";
  };
  const CurrencyCode eur = Code("EUR");
  constexpr int kThreads = 8;
  constexpr int kPerThread = 2000;
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Below 1000 euros, so there is no grouping separator to build.
        const int64_t cents = (t * 7919 + i * 104729) % 100000;
        Result<std::string> text = formatter->Format(Money(cents, eur));
        if (!text.ok() || *text != expected(cents)) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

// Format keeps what a thread formatted lately: each formatter's own
// strings, never another's, also after formatters come and go.
TEST(MoneyFormatterTest, RepeatedAmountsAreTheFormattersOwnEveryTime) {
  for (int round = 0; round < 3; ++round) {
    Result<MoneyFormatter> german = MoneyFormatter::Create("de-DE", Code("EUR"));
    Result<MoneyFormatter> code =
        MoneyFormatter::Create("de-DE", Code("EUR"), {MoneyStyle::kIsoCode, std::nullopt});
    ASSERT_TRUE(german.ok() && code.ok());
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(*german->Format(Money(99, Code("EUR"))), "0,99\u00a0€");
      EXPECT_EQ(*code->Format(Money(99, Code("EUR"))), "0,99\u00a0EUR");
      EXPECT_EQ(*german->Format(Money(100, Code("EUR"))), "1,00\u00a0€");
    }
  }
  // A formatter built after those were freed (maybe at one of their
  // addresses) formats for itself.
  Result<MoneyFormatter> american = MoneyFormatter::Create("en-US", Code("EUR"));
  ASSERT_TRUE(american.ok());
  EXPECT_EQ(*american->Format(Money(99, Code("EUR"))), "€0.99");
  // More amounts than the thread keeps: it starts afresh, still right.
  for (int64_t minor = 0; minor < 5000; ++minor) {
    ASSERT_TRUE(american->Format(Money(minor, Code("EUR"))).ok());
  }
  EXPECT_EQ(*american->Format(Money(123456, Code("EUR"))), "€1,234.56");
  EXPECT_EQ(*american->Format(Money(99, Code("EUR"))), "€0.99");
}

}  // namespace
}  // namespace mg
