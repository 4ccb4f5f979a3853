// Market codes (docs/markets.md, "Market codes"). A market is either a
// country, named by its ISO 3166-1 alpha-2 code ("DE"), or a territory sold
// as a market of its own, named by its ISO 3166-2 subdivision code: the
// country, a hyphen and 1-3 upper-case letters or digits ("ES-CN").
//
// Wherever a market code is used to mean a country (the billing country a
// quote defaults to, the payer's country sent to a provider), use
// MarketCountry(): the part before the hyphen.
#pragma once

#include <string>
#include <string_view>

namespace mg::regions {

// Why `code` is not a market code, as a sentence fragment for an error
// ("the part after the hyphen must be 1-3 upper-case letters or digits");
// empty when it is one. Shape only: whether ISO assigned the code is not
// checked (no list of codes is shipped).
std::string MarketCodeProblem(std::string_view code);

inline bool IsMarketCode(std::string_view code) { return MarketCodeProblem(code).empty(); }

// True for the "ES-CN" form.
inline bool IsSubdivisionMarketCode(std::string_view code) {
  return IsMarketCode(code) && code.size() > 2;
}

// The ISO 3166-1 alpha-2 country of a market code: "ES" for "ES-CN", "DE"
// for "DE". REQUIRES: IsMarketCode(code).
inline std::string_view MarketCountry(std::string_view code) { return code.substr(0, 2); }

}  // namespace mg::regions
