#include "regions/vat_id.h"

#include <map>
#include <utility>

#include "vat_id_checksums.h"

namespace mg::regions {
namespace {

using Algorithm = internal::ChecksumResult (*)(std::string_view);

// Every VAT prefix marketgate knows, with its check-digit algorithm
// (vat_id_checksums_*.cc): the 27 member states (Greece as EL), XI for
// Northern Ireland (the GB rules), GB, CH and NO.
const std::map<std::string, Algorithm>& Algorithms() {
  using namespace internal;  // NOLINT: the table reads better unqualified
  static const std::map<std::string, Algorithm> kAlgorithms = {
      {"AT", CheckAustria},       {"BE", CheckBelgium},       {"BG", CheckBulgaria},
      {"CH", CheckSwitzerland},   {"CY", CheckCyprus},        {"CZ", CheckCzechia},
      {"DE", CheckGermany},       {"DK", CheckDenmark},       {"EE", CheckEstonia},
      {"EL", CheckGreece},        {"ES", CheckSpain},         {"FI", CheckFinland},
      {"FR", CheckFrance},        {"GB", CheckUnitedKingdom}, {"HR", CheckCroatia},
      {"HU", CheckHungary},       {"IE", CheckIreland},       {"IT", CheckItaly},
      {"LT", CheckLithuania},     {"LU", CheckLuxembourg},    {"LV", CheckLatvia},
      {"MT", CheckMalta},         {"NL", CheckNetherlands},   {"NO", CheckNorway},
      {"PL", CheckPoland},        {"PT", CheckPortugal},      {"RO", CheckRomania},
      {"SE", CheckSweden},        {"SI", CheckSlovenia},      {"SK", CheckSlovakia},
      {"XI", CheckUnitedKingdom},
  };
  return kAlgorithms;
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
  auto it = Algorithms().find(prefix);
  if (it == Algorithms().end()) {
    check.reason = "unknown country prefix '" + prefix + "'";
    return check;
  }
  check.country = CountryOfPrefix(prefix);
  internal::ChecksumResult result = it->second(number);
  check.reason = std::move(result.reason);
  check.format_only = result.format_only;
  check.valid = check.reason.empty();
  return check;
}

VatIdCheck OfflineVatIdChecker::Check(std::string_view vat_id) const {
  return CheckVatIdOffline(vat_id);
}

}  // namespace mg::regions
