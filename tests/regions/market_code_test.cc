#include "regions/market_code.h"

#include <gtest/gtest.h>

namespace mg::regions {
namespace {

TEST(MarketCodeTest, CountriesAndSubdivisionsAreMarketCodes) {
  for (const char* code : {"DE", "ES-CN", "US-CA", "FR-971", "XA-001", "GB-A"}) {
    EXPECT_TRUE(IsMarketCode(code)) << code << ": " << MarketCodeProblem(code);
  }
  EXPECT_FALSE(IsSubdivisionMarketCode("DE"));
  EXPECT_TRUE(IsSubdivisionMarketCode("ES-CN"));
}

TEST(MarketCodeTest, EachMalformedShapeSaysWhatIsWrong) {
  struct Case {
    const char* code;
    const char* problem;
  };
  for (const Case& c : {
           Case{"", "the code is empty"},
           Case{"de", "codes are upper case"},
           Case{"ES-cn", "codes are upper case"},
           Case{"D", "the country part must be two letters (ISO 3166-1 alpha-2)"},
           Case{"DEU", "the country part must be two letters (ISO 3166-1 alpha-2)"},
           Case{"D1", "the country part must be two letters (ISO 3166-1 alpha-2)"},
           Case{"-CN", "the country part must be two letters (ISO 3166-1 alpha-2)"},
           Case{"ES-", "the part after the hyphen must be 1-3 letters or digits"},
           Case{"ES-CNXX", "the part after the hyphen must be 1-3 letters or digits"},
           Case{"ES-C_", "the part after the hyphen must be 1-3 letters or digits"},
           Case{"ES-C-N", "the part after the hyphen must be 1-3 letters or digits"},
       }) {
    EXPECT_EQ(MarketCodeProblem(c.code), c.problem) << "'" << c.code << "'";
    EXPECT_FALSE(IsMarketCode(c.code)) << c.code;
  }
}

TEST(MarketCodeTest, TheCountryIsThePartBeforeTheHyphen) {
  EXPECT_EQ(MarketCountry("DE"), "DE");
  EXPECT_EQ(MarketCountry("ES-CN"), "ES");
  EXPECT_EQ(MarketCountry("XA-001"), "XA");
}

}  // namespace
}  // namespace mg::regions
