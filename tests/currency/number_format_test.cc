#include "currency/number_format.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace mg {
namespace {

NumberFormatter Formatter(std::string_view locale) {
  Result<NumberFormatter> formatter = NumberFormatter::Create(locale);
  EXPECT_TRUE(formatter.ok()) << formatter.status().ToString();
  return std::move(formatter).value();
}

TEST(NumberFormatterTest, CountsUseTheLocalesGrouping) {
  EXPECT_EQ(Formatter("en-US").Integer(1234567), "1,234,567");
  EXPECT_EQ(Formatter("de-DE").Integer(1234567), "1.234.567");
  EXPECT_EQ(Formatter("fr-FR").Integer(1234567), "1\u202f234\u202f567");
  EXPECT_EQ(Formatter("en-IN").Integer(1234567), "12,34,567");
  EXPECT_EQ(Formatter("de-DE").Integer(-5), "-5");
}

TEST(NumberFormatterTest, PercentagesKeepOneFractionDigitAtMost) {
  EXPECT_EQ(Formatter("en-US").Percent(0.953), "95.3%");
  EXPECT_EQ(Formatter("en-US").Percent(1.0), "100%");
  EXPECT_EQ(Formatter("de-DE").Percent(0.9534), "95,3\u00a0%");
  EXPECT_EQ(Formatter("tr-TR").Percent(0.5), "%50");
}

TEST(NumberFormatterTest, DecimalsHaveExactlyTheDigitsAsked) {
  EXPECT_EQ(Formatter("en-US").Decimal(12.5, 1), "12.5");
  EXPECT_EQ(Formatter("de-DE").Decimal(1234.25, 2), "1.234,25");
  EXPECT_EQ(Formatter("en-US").Decimal(0.125, 2), "0.12");  // half-even
  EXPECT_EQ(Formatter("en-US").Decimal(3, 0), "3");
}

TEST(NumberFormatterTest, UnknownLocalesAreRefused) {
  EXPECT_FALSE(NumberFormatter::Create("xx-YY").ok());
  EXPECT_FALSE(NumberFormatter::Create("").ok());
  EXPECT_EQ(Formatter("ja").locale(), "ja");
}

TEST(NumberFormatterTest, OneFormatterServesManyThreads) {
  NumberFormatter formatter = Formatter("de-DE");
  std::vector<std::thread> threads;
  std::vector<std::string> out(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&formatter, &out, t] {
      for (int i = 0; i < 200; ++i) out[t] = formatter.Integer(1000 + t);
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(out[3], "1.003");
}

}  // namespace
}  // namespace mg
