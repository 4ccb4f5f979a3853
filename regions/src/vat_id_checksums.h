// Check-digit algorithms of national VAT numbers. Each takes the number
// without its country prefix, normalized (upper case, no separators), and
// returns an empty reason when valid, or why not. Internal.
//
// Where each algorithm is implemented, by region:
//   vat_id_checksums_west.cc     AT BE CH DE FR LU NL
//   vat_id_checksums_north.cc    DK EE FI GB/XI IE LT LV NO SE
//   vat_id_checksums_south.cc    CY EL ES HR IT MT PT SI
//   vat_id_checksums_central.cc  BG CZ HU PL RO SK
// Every reason of a failed check-digit comparison contains "check" (tests and
// support staff tell a typo from a malformed number by it).
#pragma once

#include <string>
#include <string_view>

namespace mg::regions::internal {

struct ChecksumResult {
  ChecksumResult() = default;
  ChecksumResult(const char* why) : reason(why) {}             // NOLINT: implicit on purpose
  ChecksumResult(std::string why) : reason(std::move(why)) {}  // NOLINT
  static ChecksumResult FormatOnly() {
    ChecksumResult result;
    result.format_only = true;
    return result;
  }

  std::string reason;  // empty: valid
  // The number is well formed but of a kind that carries no check digit
  // (Czech birth numbers issued before 1954).
  bool format_only = false;
};

// West.
ChecksumResult CheckAustria(std::string_view number);      // U + 8 digits, Luhn variant
ChecksumResult CheckBelgium(std::string_view number);      // 10 digits, mod 97
ChecksumResult CheckSwitzerland(std::string_view number);  // E + 9 digits + MWST|TVA|IVA|TPV
ChecksumResult CheckGermany(std::string_view number);      // 9 digits, ISO 7064 MOD 11,10
ChecksumResult CheckFrance(std::string_view number);       // 2-char key + SIREN
ChecksumResult CheckLuxembourg(std::string_view number);   // 8 digits, mod 89
ChecksumResult CheckNetherlands(std::string_view number);  // 9 digits B 2 digits

// North.
ChecksumResult CheckDenmark(std::string_view number);        // 8 digits, mod 11
ChecksumResult CheckEstonia(std::string_view number);        // 9 digits, weights 3 7 1, mod 10
ChecksumResult CheckFinland(std::string_view number);        // 8 digits, mod 11
ChecksumResult CheckUnitedKingdom(std::string_view number);  // 9/12 digits, GD/HA
ChecksumResult CheckIreland(std::string_view number);        // 8 or 9 chars, mod 23
ChecksumResult CheckLithuania(std::string_view number);      // 9 or 12 digits, mod 11
ChecksumResult CheckLatvia(std::string_view number);         // 11 digits, entity or person
ChecksumResult CheckNorway(std::string_view number);         // 9 digits + MVA, mod 11
ChecksumResult CheckSweden(std::string_view number);         // 10 digits (Luhn) + 01

// South.
ChecksumResult CheckCyprus(std::string_view number);    // 8 digits + check letter
ChecksumResult CheckGreece(std::string_view number);    // 9 digits, powers of 2 mod 11
ChecksumResult CheckSpain(std::string_view number);     // NIF / NIE / CIF
ChecksumResult CheckCroatia(std::string_view number);   // 11 digits, ISO 7064 MOD 11,10
ChecksumResult CheckItaly(std::string_view number);     // 11 digits, Luhn
ChecksumResult CheckMalta(std::string_view number);     // 8 digits, mod 37
ChecksumResult CheckPortugal(std::string_view number);  // 9 digits, mod 11
ChecksumResult CheckSlovenia(std::string_view number);  // 8 digits, mod 11

// Central and east.
ChecksumResult CheckBulgaria(std::string_view number);  // 9 (entity) or 10 digits (person)
ChecksumResult CheckCzechia(std::string_view number);   // 8 (entity), 9/10 digits (person)
ChecksumResult CheckHungary(std::string_view number);   // 8 digits, weights 9 7 3 1, mod 10
ChecksumResult CheckPoland(std::string_view number);    // 10 digits, mod 11
ChecksumResult CheckRomania(std::string_view number);   // 2-10 digits, mod 11
ChecksumResult CheckSlovakia(std::string_view number);  // 10 digits, divisible by 11

}  // namespace mg::regions::internal
