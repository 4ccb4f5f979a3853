// The VAT ID check as the tax engine uses it: an Irish entity selling
// advertising to businesses in other member states applies the reverse charge
// only to an ID whose check digits hold; every single-digit typo of a real ID
// is charged VAT like a consumer. (tax_engine_test.cc covers the arithmetic.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "currency/decimal.h"
#include "regions/tax_engine.h"

namespace mg::regions {
namespace {

using ::testing::HasSubstr;

CurrencyCode Code(const char* code) { return *CurrencyCode::Parse(code); }

// An EU market with an Irish entity (like tax_engine_test.cc's EuMarket()),
// whose reverse charge covers the billing countries of the IDs below.
std::shared_ptr<const Market> IrishEntityEuMarket() {
  MarketSpec spec(*LookupCurrency(Code("EUR")));
  spec.code = "DE";
  spec.name = "DE";
  spec.status = MarketStatus::kLive;
  spec.entity = Entity{"Entity", "IE", "test", true};
  spec.locales = {"en-US"};
  spec.time_zone = "Europe/Dublin";
  spec.prices_include_tax = false;
  spec.tax.classes["advertising"] = {
      TaxComponent{"MwSt.", *Decimal::Parse("19"), false, "test", true}};
  spec.tax.reverse_charge = ReverseChargeConfig{
      {"AT", "BE", "CZ", "DE", "PL"}, {"advertising"}, "Reverse charge", "Art. 196", "test", true};
  Result<std::shared_ptr<const Market>> market = Market::Create(spec);
  EXPECT_TRUE(market.ok()) << market.status().ToString();
  return *market;
}

TaxResult ChargeAdvertising(const Market& market, const std::string& vat_id,
                            const std::string& billing_country) {
  TaxRequestLine ad{"ad", "", "advertising", Money(50000, Code("EUR")), 1, {}};
  TaxEngine engine;
  Result<TaxResult> result = engine.Compute(
      TaxRequest{&market, std::nullopt, TaxCustomer{true, vat_id, billing_country}, {ad}});
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return *result;
}

struct RealId {
  const char* id;
  const char* country;
  const char* source;
};

// Real registrations: python-stdnum tests/test_eu_vat.doctest, the VAT
// numbers "found online".
constexpr RealId kRealIds[] = {
    {"ATU13585627", "AT", "stdnum eu"},
    {"BE0428759497", "BE", "stdnum eu"},
    {"PL5261025421", "PL", "stdnum eu"},
};

TEST(VatReverseChargeTest, ValidIdsGetTheReverseCharge) {
  auto market = IrishEntityEuMarket();
  for (const RealId& real : kRealIds) {
    TaxResult result = ChargeAdvertising(*market, real.id, real.country);
    EXPECT_TRUE(result.reverse_charge.applied) << real.id;
    EXPECT_EQ(result.total_tax.minor_units(), 0) << real.id;
    EXPECT_EQ(result.total_gross.minor_units(), 50000) << real.id;
    EXPECT_TRUE(result.notes.empty()) << real.id;
  }
}

// Mod 97 (BE), mod 11 (PL) and Luhn (AT) catch every single-digit change, so
// no typo of a real ID escapes VAT.
TEST(VatReverseChargeTest, EverySingleDigitTypoIsCharged) {
  auto market = IrishEntityEuMarket();
  int typos = 0;
  for (const RealId& real : kRealIds) {
    std::string id = real.id;
    for (size_t pos = 2; pos < id.size(); ++pos) {
      if (id[pos] < '0' || id[pos] > '9') continue;
      for (char digit = '0'; digit <= '9'; ++digit) {
        if (digit == id[pos]) continue;
        std::string typo = id;
        typo[pos] = digit;
        TaxResult result = ChargeAdvertising(*market, typo, real.country);
        EXPECT_FALSE(result.reverse_charge.applied) << typo;
        EXPECT_EQ(result.total_tax.minor_units(), 9500) << typo;
        ASSERT_EQ(result.notes.size(), 1u) << typo;
        EXPECT_THAT(result.notes[0], HasSubstr("VAT ID '" + typo + "' rejected: ")) << typo;
        ++typos;
      }
    }
  }
  EXPECT_EQ(typos, (8 + 10 + 10) * 9);
}

TEST(VatReverseChargeTest, AdjacentSwapsAreCharged) {
  auto market = IrishEntityEuMarket();
  // BE: a swap changes the number by 9 * (a - b) * 10^k, never a multiple of
  // 97; PL: neighbouring weights differ mod 11.
  for (const char* swapped : {"BE0427859497", "BE0428579497", "PL2561025421", "PL5260125421"}) {
    std::string country = std::string(swapped).substr(0, 2);
    TaxResult result = ChargeAdvertising(*market, swapped, country);
    EXPECT_FALSE(result.reverse_charge.applied) << swapped;
    EXPECT_THAT(result.notes, testing::ElementsAre(HasSubstr("check digit"))) << swapped;
  }
}

// A number without a check digit is not proof enough.
TEST(VatReverseChargeTest, FormatOnlyIdIsCharged) {
  auto market = IrishEntityEuMarket();
  TaxResult result = ChargeAdvertising(*market, "CZ991231123", "CZ");
  EXPECT_FALSE(result.reverse_charge.applied);
  EXPECT_EQ(result.total_tax.minor_units(), 9500);
  EXPECT_THAT(result.notes, testing::ElementsAre(HasSubstr("format only")));
}

}  // namespace
}  // namespace mg::regions
