// Check-digit algorithms of national VAT numbers. Each takes the number
// without its country prefix, normalized (upper case, no separators), and
// returns an empty string when valid or the reason why not. Internal.
#pragma once

#include <string>
#include <string_view>

namespace mg::regions::internal {

std::string CheckGermany(std::string_view number);        // 9 digits, ISO 7064 MOD 11,10
std::string CheckFrance(std::string_view number);         // 2-char key + SIREN
std::string CheckNetherlands(std::string_view number);    // 9 digits B 2 digits
std::string CheckIreland(std::string_view number);        // 8 or 9 chars, mod 23
std::string CheckItaly(std::string_view number);          // 11 digits, Luhn
std::string CheckSpain(std::string_view number);          // NIF / NIE / CIF
std::string CheckUnitedKingdom(std::string_view number);  // 9/12 digits, GD/HA
std::string CheckSwitzerland(std::string_view number);    // E + 9 digits + MWST|TVA|IVA|TPV

}  // namespace mg::regions::internal
