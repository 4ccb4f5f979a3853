// Pack amounts in another currency than the market's
// (regions/src/pack_currency.cc): the eu pack's amounts are EUR, so a member
// state that sells in its own currency must switch off the rules with amounts
// and declare its own diamond value, or it does not load.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "regions/market_loader.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TempRegionsDir;

class PackCurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.CopyFrom(testing::ShippedRegionsDir());
    // Germany as if it sold in Swiss francs, nothing else changed.
    dir_.Write("markets/DE.yaml",
               testing::Replace(dir_.Read("markets/DE.yaml"), "currency: EUR", "currency: CHF"));
  }

  std::vector<std::string> Errors(const LoadResult& result) {
    return testing::ErrorLines(result, dir_);
  }

  TempRegionsDir dir_;
};

TEST_F(PackCurrencyTest, InheritedEuroAmountsAreRefusedNamingWhatToDeclare) {
  LoadResult result = LoadMarkets(dir_.path());
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(
      Errors(result),
      ElementsAre("<dir>/markets/DE.yaml:9:11: includes: market DE sells in CHF, but rule "
                  "'eu.psd2.sca' of pack 'eu' is in EUR: switch it off in the market file and "
                  "declare the market's own in CHF (docs/markets.md, \"Packs\")",
                  "<dir>/markets/DE.yaml:9:11: includes: market DE sells in CHF, but "
                  "gifting.diamond_value of pack 'eu' is in EUR: declare gifting.diamond_value "
                  "in the market file, in CHF (docs/markets.md, \"Gifting\")",
                  "<dir>/markets/DE.yaml:9:11: includes: market DE sells in CHF, but the "
                  "consignment thresholds of commerce.tax_collection in pack 'eu' are in EUR: "
                  "declare commerce.tax_collection in the market file, with thresholds in CHF "
                  "(docs/markets.md, \"Commerce\")"));
}

TEST_F(PackCurrencyTest, TheMarketsOwnFiguresMakeItLoad) {
  dir_.Write("markets/DE.yaml", testing::Replace(dir_.Read("markets/DE.yaml"), "commerce:\n",
                                                 "commerce:\n"
                                                 "  tax_collection:\n"
                                                 "    - when: {ships_from: outside, "
                                                 "max_consignment: \"140.00\"}\n"
                                                 "      remitted_by: platform\n"
                                                 "      reason: r\n"
                                                 "      legal_reference: l\n"
                                                 "      source: test\n"
                                                 "    - {remitted_by: seller, reason: r, "
                                                 "legal_reference: l, source: test}\n") +
                                    "\nrules:\n"
                                    "  - id: eu.psd2.sca\n"
                                    "    disabled: true\n"
                                    "    reason: \"test: amounts in EUR\"\n"
                                    "    source: \"test\"\n"
                                    "gifting:\n"
                                    "  diamond_value: {amount: \"0.005\", basis: \"test\"}\n");
  LoadResult result = LoadMarkets(dir_.path());
  EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : result.errors[0].ToString());
}

TEST_F(PackCurrencyTest, APacksCurrencyMustBeAnIsoCode) {
  dir_.Write("common/eu.yaml",
             testing::Replace(dir_.Read("common/eu.yaml"), "currency: EUR", "currency: EURO"));
  LoadResult result = LoadMarkets(dir_.path());
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(Errors(result),
              ::testing::Contains(HasSubstr(
                  "<dir>/common/eu.yaml:11:11: currency: expected an ISO 4217 currency code")));
}

}  // namespace
}  // namespace mg::regions
