#include "regions/market_code.h"

namespace mg::regions {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string MarketCodeProblem(std::string_view code) {
  if (code.empty()) return "the code is empty";
  for (char c : code) {
    if (IsLower(c)) return "codes are upper case";
  }
  const size_t hyphen = code.find('-');
  const std::string_view country = code.substr(0, hyphen);
  if (country.size() != 2 || !IsUpper(country[0]) || !IsUpper(country[1])) {
    return "the country part must be two letters (ISO 3166-1 alpha-2)";
  }
  if (hyphen == std::string_view::npos) return "";
  const std::string_view rest = code.substr(hyphen + 1);
  if (rest.empty() || rest.size() > 3) {
    return "the part after the hyphen must be 1-3 letters or digits";
  }
  for (char c : rest) {
    if (!IsUpper(c) && !IsDigit(c)) {
      return "the part after the hyphen must be 1-3 letters or digits";
    }
  }
  return "";
}

}  // namespace mg::regions
