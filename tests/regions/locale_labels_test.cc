// Locale-keyed fields a market inherits (regions/src/locale_labels.cc): a
// market opened by copying a neighbour's file and adding a locale must fail
// validation until every inherited label has that locale, with a message
// that names the market, the pack, the rule and the locale.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "regions/market_loader.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using testing::TempRegionsDir;

class LocaleLabelsTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_.CopyFrom(testing::ShippedRegionsDir()); }

  // DE gains an English locale; its gift names exist ("en"), its DSA label not.
  void GiveGermanyEnglish() {
    dir_.Write("markets/DE.yaml", testing::Replace(dir_.Read("markets/DE.yaml"), "locales: [de-DE]",
                                                   "locales: [de-DE, en-DE]"));
  }

  void AddEuAdLabel(const std::string& key, const std::string& text) {
    dir_.Write("common/eu.yaml",
               testing::Replace(dir_.Read("common/eu.yaml"), "      de-DE: \"Werbung\"\n",
                                "      de-DE: \"Werbung\"\n      " + key + ": \"" + text + "\"\n"));
  }

  std::vector<std::string> Errors(const LoadResult& result) {
    return testing::ErrorLines(result, dir_);
  }

  TempRegionsDir dir_;
};

// DE gains English: gift names exist for "en", the DSA ad label does not.
TEST_F(LocaleLabelsTest, ANewLocaleWithoutAnInheritedLabelFailsNamingWhatIsMissing) {
  GiveGermanyEnglish();
  LoadResult result = LoadMarkets(dir_.path());
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(Errors(result),
              ElementsAre(MatchesRegex(
                  "<dir>/common/eu\\.yaml:[0-9]+:[0-9]+: rules\\[[0-9]+\\]\\.labels: market DE: "
                  "rule 'eu\\.dsa\\.ad_disclosure' of pack 'eu' has no label for the market's "
                  "locale 'en-DE' \\(add labels\\.en-DE\\)")));
}

TEST_F(LocaleLabelsTest, TheLabelForTheNewLocaleMakesItLoad) {
  GiveGermanyEnglish();
  AddEuAdLabel("en-DE", "Sponsored");
  LoadResult result = LoadMarkets(dir_.path());
  EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : result.errors[0].ToString());
}

// A label keyed by language alone covers every locale of that language.
TEST_F(LocaleLabelsTest, ALanguageKeyCoversTheLocale) {
  GiveGermanyEnglish();
  AddEuAdLabel("en", "Sponsored");
  EXPECT_TRUE(LoadMarkets(dir_.path()).ok());
}

// The line of the last "labels:" of `text` (1-based).
int LabelsLine(const std::string& text) {
  size_t at = text.rfind("labels:");
  return static_cast<int>(std::count(text.begin(), text.begin() + at, '\n')) + 1;
}

// A market's own disclosure rule is checked too, and says it is the market's.
TEST_F(LocaleLabelsTest, AMarketsOwnRuleNamesTheMarketFile) {
  std::string market = dir_.Read("markets/DE.yaml") +
                       "\nrules:\n"
                       "  - id: de.partnership.disclosure\n"
                       "    kind: ad_disclosure\n"
                       "    applies_to: paid_partnership\n"
                       "    labels: {en-DE: \"Paid partnership\"}\n"
                       "    legal_reference: \"test\"\n"
                       "    source: \"test\"\n";
  dir_.Write("markets/DE.yaml", market);
  LoadResult result = LoadMarkets(dir_.path());
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(
      Errors(result),
      ElementsAre(HasSubstr("markets/DE.yaml:" + std::to_string(LabelsLine(market)) + ":")));
  EXPECT_THAT(Errors(result),
              ElementsAre(HasSubstr("market DE: rule 'de.partnership.disclosure' of the market "
                                    "file has no label for the market's locale 'de-DE'")));
}

// A switched-off rule is not shown to anyone: its labels are not required.
TEST_F(LocaleLabelsTest, ASwitchedOffRuleNeedsNoLabel) {
  std::string market = testing::Replace(dir_.Read("markets/DE.yaml"), "locales: [de-DE]",
                                        "locales: [de-DE, en-DE]") +
                       "\nrules:\n"
                       "  - id: eu.dsa.ad_disclosure\n"
                       "    disabled: true\n"
                       "    reason: \"test: switched off\"\n"
                       "    source: \"test\"\n";
  dir_.Write("markets/DE.yaml", market);
  LoadResult result = LoadMarkets(dir_.path());
  EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : result.errors[0].ToString());
}

}  // namespace
}  // namespace mg::regions
