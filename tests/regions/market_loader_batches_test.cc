// Market files are parsed ahead of the loader on every core, a window at a
// time (regions/src/yaml_prefetch.cc), so that a load never holds every
// file's YAML tree at once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "regions/market_loader.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

using testing::ErrorLines;
using ::testing::HasSubstr;
using testing::Replace;
using testing::TempRegionsDir;

// Many more files than the window (market_loader.cc): every market loads,
// and errors keep their files' order whichever thread parsed them.
TEST(MarketLoaderTest, ManyMarketsLoadWithFilesParsedAhead) {
  TempRegionsDir dir;
  testing::WriteValidFixture(dir);
  std::vector<std::string> codes;
  for (char a = 'A'; a <= 'F'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) codes.push_back(std::string{a, b});
  }
  ASSERT_GT(codes.size(), 150u);
  for (const std::string& code : codes) {
    dir.Write("markets/" + code + ".yaml",
              Replace(testing::kFixtureMarket, "market: DE", "market: " + code));
  }
  LoadResult result = LoadMarkets(dir.path());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(ErrorLines(result, dir));
  EXPECT_EQ(result.snapshot->markets().size(), codes.size());
  for (const std::string& code : codes) EXPECT_NE(result.snapshot->Find(code), nullptr) << code;

  // A broken file near the start, a YAML syntax error and a bad time zone
  // near the end.
  dir.Write("markets/AB.yaml",
            Replace(testing::kFixtureMarket, "market: DE\n", "market: AB\ncurrency: EUX\n"));
  dir.Write("markets/EZ.yaml", "market: EZ\nname: [oops\n");
  std::string fz = Replace(testing::kFixtureMarket, "market: DE", "market: FZ");
  dir.Write("markets/FZ.yaml", Replace(fz, "Europe/Berlin", "Mars/Olympus"));
  result = LoadMarkets(dir.path());
  EXPECT_EQ(result.snapshot, nullptr);
  std::vector<std::string> errors = ErrorLines(result, dir);
  ASSERT_GE(errors.size(), 3u) << ::testing::PrintToString(errors);
  EXPECT_THAT(errors.front(), HasSubstr("AB.yaml"));
  EXPECT_THAT(errors[errors.size() - 2], HasSubstr("EZ.yaml:3:1: "));
  EXPECT_THAT(errors.back(), HasSubstr("FZ.yaml:8:12: time_zone: unknown time zone"));
}

}  // namespace
}  // namespace mg::regions
