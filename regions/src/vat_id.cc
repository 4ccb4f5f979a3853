#include "regions/vat_id.h"

#include <map>
#include <regex>

#include "vat_id_checksums.h"

namespace mg::regions {
namespace {

using Algorithm = std::string (*)(std::string_view);

// Countries with a check-digit algorithm (vat_id_checksums.cc).
const std::map<std::string, Algorithm>& Algorithms() {
  static const std::map<std::string, Algorithm> kAlgorithms = {
      {"DE", internal::CheckGermany},       {"FR", internal::CheckFrance},
      {"NL", internal::CheckNetherlands},   {"IE", internal::CheckIreland},
      {"IT", internal::CheckItaly},         {"ES", internal::CheckSpain},
      {"GB", internal::CheckUnitedKingdom}, {"XI", internal::CheckUnitedKingdom},
      {"CH", internal::CheckSwitzerland},
  };
  return kAlgorithms;
}

// The other EU member states: the format of the number after the prefix, as
// the European Commission's VIES FAQ lists it ("VAT number structure").
const std::map<std::string, std::regex>& Formats() {
  static const std::map<std::string, std::regex> kFormats = {
      {"AT", std::regex("U[0-9]{8}")},   {"BE", std::regex("[01][0-9]{9}")},
      {"BG", std::regex("[0-9]{9,10}")}, {"CY", std::regex("[0-9]{8}[A-Z]")},
      {"CZ", std::regex("[0-9]{8,10}")}, {"DK", std::regex("[0-9]{8}")},
      {"EE", std::regex("[0-9]{9}")},    {"EL", std::regex("[0-9]{9}")},
      {"FI", std::regex("[0-9]{8}")},    {"HR", std::regex("[0-9]{11}")},
      {"HU", std::regex("[0-9]{8}")},    {"LT", std::regex("[0-9]{9}|[0-9]{12}")},
      {"LU", std::regex("[0-9]{8}")},    {"LV", std::regex("[0-9]{11}")},
      {"MT", std::regex("[0-9]{8}")},    {"PL", std::regex("[0-9]{10}")},
      {"PT", std::regex("[0-9]{9}")},    {"RO", std::regex("[1-9][0-9]{1,9}")},
      {"SE", std::regex("[0-9]{10}01")}, {"SI", std::regex("[0-9]{8}")},
      {"SK", std::regex("[0-9]{10}")},
  };
  return kFormats;
}

std::string Normalize(std::string_view vat_id) {
  std::string out;
  for (char c : vat_id) {
    if (c == ' ' || c == '-' || c == '.' || c == '\t') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

// The ISO country of a VAT prefix: Greece uses EL, Northern Ireland XI.
std::string CountryOfPrefix(const std::string& prefix) {
  if (prefix == "EL") return "GR";
  if (prefix == "XI") return "GB";
  return prefix;
}

}  // namespace

VatIdCheck CheckVatIdOffline(std::string_view vat_id) {
  VatIdCheck check;
  check.normalized = Normalize(vat_id);
  const std::string& id = check.normalized;
  if (id.size() < 4) {
    check.reason = id.empty() ? "no VAT ID given" : "too short";
    return check;
  }
  std::string prefix = id.substr(0, 2);
  std::string number = id.substr(2);
  if (auto it = Algorithms().find(prefix); it != Algorithms().end()) {
    check.country = CountryOfPrefix(prefix);
    check.reason = it->second(number);
  } else if (auto format = Formats().find(prefix); format != Formats().end()) {
    check.country = CountryOfPrefix(prefix);
    check.format_only = true;
    if (!std::regex_match(number, format->second)) {
      check.reason = "does not match the " + prefix + " VAT number format";
    }
  } else {
    check.reason = "unknown country prefix '" + prefix + "'";
    return check;
  }
  check.valid = check.reason.empty();
  return check;
}

VatIdCheck OfflineVatIdChecker::Check(std::string_view vat_id) const {
  return CheckVatIdOffline(vat_id);
}

}  // namespace mg::regions
