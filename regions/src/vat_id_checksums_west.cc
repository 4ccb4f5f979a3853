// Check digits of AT, BE, CH, DE, FR, LU and NL VAT numbers. Each algorithm
// is cross-checked against python-stdnum (arthurdejong/python-stdnum, LGPL;
// reimplemented here, not copied), module by module, and against the national
// structures the European Commission's TIN portal publishes
// (https://ec.europa.eu/taxation_customs/tin/):
//   AT stdnum/at/uid.py       U + 8 digits; check = (6 - Luhn sum of digits
//                             1-7) mod 10 (the BMF "UID" rule: weights 1,2
//                             alternately, digit sums, 96 - total, mod 10)
//   BE stdnum/be/vat.py       10 digits starting 0 or 1; the first 8 digits
//                             plus the last 2 are divisible by 97
//   CH stdnum/ch/uid.py, vat.py: CHE + 9 digits, weights 5,4,3,2,7,6,5,4,
//                             check (11 - sum mod 11) mod 11 (10 invalid),
//                             VAT suffix MWST | TVA | IVA | TPV
//   DE stdnum/de/vat.py       ISO 7064 MOD 11,10 over 9 digits, no leading 0
//   FR stdnum/fr/tva.py       key = (SIREN * 100 + 12) mod 97, or the
//                             alphanumeric key of new-style numbers; SIREN
//                             itself Luhn-valid (stdnum/fr/siren.py), except
//                             Monaco numbers (SIREN starting 000)
//   LU stdnum/lu/tva.py       8 digits: the first 6 mod 89 = the last 2
//   NL stdnum/nl/btw.py       RSIN/BSN "11-proof" + B + 2 digits; since 2020
//                             the btw-id of sole proprietors is valid when
//                             "NL" + number passes ISO 7064 MOD 97-10
#include <cstdint>

#include "vat_id_checksums.h"
#include "vat_id_checksums_common.h"

namespace mg::regions::internal {

ChecksumResult CheckAustria(std::string_view number) {
  if (number.size() != 9 || number[0] != 'U' || !AllDigits(number.substr(1))) {
    return "expected U and 8 digits";
  }
  int check = (6 - LuhnSum(number.substr(1, 7)) + 10) % 10;
  return check == Digit(number[8]) ? "" : "check digit mismatch";
}

ChecksumResult CheckBelgium(std::string_view number) {
  if (number.size() != 10 || !AllDigits(number)) return "expected 10 digits";
  if (number[0] != '0' && number[0] != '1') return "the first digit must be 0 or 1";
  if (number == "0000000000") return "the number must not be zero";
  int remainder = (DecimalMod(number.substr(0, 8), 97) + TwoDigits(number, 8)) % 97;
  return remainder == 0 ? "" : "check digits mismatch";
}

ChecksumResult CheckSwitzerland(std::string_view number) {
  // After the "CH" prefix: "E" + 9 digits + the VAT suffix.
  if (number.size() < 11 || number[0] != 'E' || !AllDigits(number.substr(1, 9))) {
    return "expected CHE and 9 digits";
  }
  std::string_view suffix = number.substr(10);
  if (suffix != "MWST" && suffix != "TVA" && suffix != "IVA" && suffix != "TPV") {
    return "expected the VAT suffix MWST, TVA or IVA after the UID";
  }
  int sum = WeightedSum(number.substr(1), {5, 4, 3, 2, 7, 6, 5, 4});
  int check = (11 - sum % 11) % 11;
  if (check == 10) return "invalid number (check digit would be 10)";
  return check == Digit(number[9]) ? "" : "check digit mismatch";
}

ChecksumResult CheckGermany(std::string_view number) {
  if (number.size() != 9 || !AllDigits(number)) return "expected 9 digits";
  if (number[0] == '0') return "must not start with 0";
  return Mod11_10Valid(number) ? "" : "check digit mismatch";
}

ChecksumResult CheckFrance(std::string_view number) {
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  if (number.size() != 11) return "expected 11 characters";
  std::string_view key = number.substr(0, 2);
  std::string_view siren = number.substr(2);
  if (!AllDigits(siren)) return "expected a 9-digit SIREN after the key";
  if (kAlphabet.find(key[0]) == std::string_view::npos ||
      kAlphabet.find(key[1]) == std::string_view::npos) {
    return "invalid key characters";
  }
  if (siren.substr(0, 3) != "000" && !LuhnValid(siren)) return "SIREN check digit mismatch";
  int64_t siren_value = std::stoll(std::string(siren));
  if (AllDigits(key)) {
    int expected = static_cast<int>((siren_value * 100 + 12) % 97);
    return std::stoi(std::string(key)) == expected ? "" : "check digits mismatch";
  }
  // New-style key with at least one letter.
  int64_t check = AllDigits(key.substr(0, 1))
                      ? static_cast<int64_t>(kAlphabet.find(key[0])) * 24 +
                            static_cast<int64_t>(kAlphabet.find(key[1])) - 10
                      : static_cast<int64_t>(kAlphabet.find(key[0])) * 34 +
                            static_cast<int64_t>(kAlphabet.find(key[1])) - 100;
  return (siren_value + 1 + check / 11) % 11 == check % 11 ? "" : "check key mismatch";
}

ChecksumResult CheckLuxembourg(std::string_view number) {
  if (number.size() != 8 || !AllDigits(number)) return "expected 8 digits";
  return DecimalMod(number.substr(0, 6), 89) == TwoDigits(number, 6) ? "" : "check digits mismatch";
}

ChecksumResult CheckNetherlands(std::string_view number) {
  if (number.size() != 12 || number[9] != 'B' || !AllDigits(number.substr(0, 9)) ||
      !AllDigits(number.substr(10))) {
    return "expected 9 digits, 'B' and 2 digits";
  }
  if (number.substr(10) == "00") return "the suffix after B must not be 00";
  // Sole proprietors' btw-id since 2020: MOD 97-10 over "NL" + number.
  if (Mod97_10Valid("NL" + std::string(number))) return "";
  int sum = WeightedSum(number, {9, 8, 7, 6, 5, 4, 3, 2, -1});
  return sum % 11 == 0 ? "" : "check digit mismatch (neither 11-proof nor MOD 97-10)";
}

}  // namespace mg::regions::internal
