// Algorithms as documented by python-stdnum (arthurdejong/python-stdnum,
// LGPL; reimplemented here, not copied), module by module:
//   DE stdnum/de/vat.py       ISO 7064 MOD 11,10 over 9 digits, no leading 0
//   FR stdnum/fr/tva.py       key = (SIREN * 100 + 12) mod 97, or the
//                             alphanumeric key of new-style numbers; SIREN
//                             itself Luhn-valid (stdnum/fr/siren.py), except
//                             Monaco numbers (SIREN starting 000)
//   NL stdnum/nl/btw.py       RSIN/BSN "11-proof" + B + 2 digits; since 2020
//                             the btw-id of sole proprietors is valid when
//                             "NL" + number passes ISO 7064 MOD 97-10
//   IE stdnum/ie/vat.py       weights 8..2 mod 23, letter from "WABC...V";
//                             old style: digit, letter/+/*, 5 digits, check;
//                             new (2013) 9-char: the 9th letter adds 9 * its
//                             index in "WABCDEFGHI"
//   IT stdnum/it/iva.py       11 digits, Luhn; office code 001-100, 120, 121,
//                             888, 999
//   ES stdnum/es/nif.py, dni.py, nie.py, cif.py: DNI letter
//                             "TRWAGMYFPDXBNJZSQVHLCKE"[n mod 23]; NIE X/Y/Z ->
//                             0/1/2; K/L/M like DNI; CIF Luhn digit or its
//                             letter "JABCDEFGHI"[digit]
//   GB stdnum/gb/vat.py       weights 8,7,6,5,4,3,2,10,1 mod 97: 0 (mod 97)
//                             or, for numbers from 100 on, 42 / 55 (the
//                             "9755" scheme); 12 digits = branch; GD < 500
//                             government, HA >= 500 health authorities
//   CH stdnum/ch/uid.py, vat.py: CHE + 9 digits, weights 5,4,3,2,7,6,5,4,
//                             check (11 - sum mod 11) mod 11 (10 invalid),
//                             VAT suffix MWST | TVA | IVA | TPV
#include "vat_id_checksums.h"

#include <algorithm>

namespace mg::regions::internal {
namespace {

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Digit(char c) { return c - '0'; }

// Luhn over all digits of `number` (the last one is the check digit).
bool LuhnValid(std::string_view number) {
  int sum = 0;
  bool twice = false;
  for (auto it = number.rbegin(); it != number.rend(); ++it) {
    int d = Digit(*it);
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

// The digit that makes `number` + digit Luhn-valid.
int LuhnCheckDigit(std::string_view number) {
  for (int d = 0; d <= 9; ++d) {
    std::string candidate(number);
    candidate.push_back(static_cast<char>('0' + d));
    if (LuhnValid(candidate)) return d;
  }
  return -1;
}

// ISO 7064 MOD 97-10 over digits and letters (A = 10 ... Z = 35).
bool Mod97_10Valid(std::string_view text) {
  int remainder = 0;
  for (char c : text) {
    int value;
    if (c >= '0' && c <= '9') {
      value = c - '0';
    } else if (c >= 'A' && c <= 'Z') {
      value = c - 'A' + 10;
    } else {
      return false;
    }
    remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
  }
  return remainder == 1;
}

constexpr std::string_view kIrishLetters = "WABCDEFGHIJKLMNOPQRSTUV";

// Weights 8..2 over seven digits plus 9 * `extra`, mod 23.
char IrishCheckLetter(std::string_view seven_digits, int extra) {
  int sum = 0;
  for (size_t i = 0; i < 7; ++i) sum += static_cast<int>(8 - i) * Digit(seven_digits[i]);
  return kIrishLetters[(sum + 9 * extra) % 23];
}

constexpr std::string_view kDniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";

char DniLetter(std::string_view digits) { return kDniLetters[std::stol(std::string(digits)) % 23]; }

}  // namespace

std::string CheckGermany(std::string_view number) {
  if (number.size() != 9 || !AllDigits(number)) return "expected 9 digits";
  if (number[0] == '0') return "must not start with 0";
  int product = 10;
  for (size_t i = 0; i < 8; ++i) {
    int sum = (Digit(number[i]) + product) % 10;
    if (sum == 0) sum = 10;
    product = (2 * sum) % 11;
  }
  int check = 11 - product;
  if (check == 10) check = 0;
  return check == Digit(number[8]) ? "" : "check digit mismatch";
}

std::string CheckFrance(std::string_view number) {
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

std::string CheckNetherlands(std::string_view number) {
  if (number.size() != 12 || number[9] != 'B' || !AllDigits(number.substr(0, 9)) ||
      !AllDigits(number.substr(10))) {
    return "expected 9 digits, 'B' and 2 digits";
  }
  if (number.substr(10) == "00") return "the suffix after B must not be 00";
  // Sole proprietors' btw-id since 2020: MOD 97-10 over "NL" + number.
  if (Mod97_10Valid("NL" + std::string(number))) return "";
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) sum += static_cast<int>(9 - i) * Digit(number[i]);
  sum -= Digit(number[8]);
  return sum % 11 == 0 ? "" : "check digit mismatch (neither 11-proof nor MOD 97-10)";
}

std::string CheckIreland(std::string_view number) {
  if (number.size() == 9 && AllDigits(number.substr(0, 7))) {
    size_t extra = std::string_view("WABCDEFGHI").find(number[8]);
    if (extra == std::string_view::npos) return "invalid 9th character";
    return IrishCheckLetter(number.substr(0, 7), static_cast<int>(extra)) == number[7]
               ? ""
               : "check letter mismatch";
  }
  if (number.size() != 8) return "expected 8 or 9 characters";
  if (AllDigits(number.substr(0, 7))) {
    return IrishCheckLetter(number.substr(0, 7), 0) == number[7] ? "" : "check letter mismatch";
  }
  // Old style: digit, letter / + / *, five digits, check letter; the check
  // runs over "0" + digits 3-7 + digit 1.
  bool second_ok = (number[1] >= 'A' && number[1] <= 'Z') || number[1] == '+' || number[1] == '*';
  if (!AllDigits(number.substr(0, 1)) || !second_ok || !AllDigits(number.substr(2, 5))) {
    return "expected 7 digits and a check letter";
  }
  std::string digits = "0" + std::string(number.substr(2, 5)) + number[0];
  return IrishCheckLetter(digits, 0) == number[7] ? "" : "check letter mismatch";
}

std::string CheckItaly(std::string_view number) {
  if (number.size() != 11 || !AllDigits(number)) return "expected 11 digits";
  if (number.substr(0, 7) == "0000000") return "company number must not be zero";
  int office = std::stoi(std::string(number.substr(7, 3)));
  if (!(office >= 1 && office <= 100) && office != 120 && office != 121 && office != 888 &&
      office != 999) {
    return "invalid office code";
  }
  return LuhnValid(number) ? "" : "check digit mismatch";
}

std::string CheckSpain(std::string_view number) {
  if (number.size() != 9) return "expected 9 characters";
  char first = number[0];
  char last = number[8];
  if (AllDigits(number.substr(0, 8))) {  // DNI
    return DniLetter(number.substr(0, 8)) == last ? "" : "check letter mismatch";
  }
  std::string_view body = number.substr(1, 7);
  if (!AllDigits(body)) return "expected 7 digits after the first character";
  if (first == 'X' || first == 'Y' || first == 'Z') {  // NIE
    std::string digits = std::to_string(first - 'X') + std::string(body);
    return DniLetter(digits) == last ? "" : "check letter mismatch";
  }
  if (first == 'K' || first == 'L' || first == 'M') {  // DNI-like for special cases
    return DniLetter(body) == last ? "" : "check letter mismatch";
  }
  if (std::string_view("ABCDEFGHJNPQRSUVW").find(first) == std::string_view::npos) {
    return "invalid first character";
  }
  int check = LuhnCheckDigit(body);  // CIF
  bool ok = last == static_cast<char>('0' + check) || last == "JABCDEFGHI"[check];
  return ok ? "" : "check character mismatch";
}

std::string CheckUnitedKingdom(std::string_view number) {
  if (number.size() == 5 && (number.substr(0, 2) == "GD" || number.substr(0, 2) == "HA")) {
    if (!AllDigits(number.substr(2))) return "expected 3 digits after GD/HA";
    int value = std::stoi(std::string(number.substr(2)));
    if (number[0] == 'G' && value >= 500) return "government departments are GD000-GD499";
    if (number[0] == 'H' && value < 500) return "health authorities are HA500-HA999";
    return "";
  }
  if ((number.size() != 9 && number.size() != 12) || !AllDigits(number)) {
    return "expected 9 or 12 digits, or GD/HA and 3 digits";
  }
  static constexpr int kWeights[] = {8, 7, 6, 5, 4, 3, 2, 10, 1};
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) sum += kWeights[i] * Digit(number[i]);
  int remainder = sum % 97;
  if (std::stoi(std::string(number.substr(0, 3))) >= 100) {
    return remainder == 0 || remainder == 42 || remainder == 55 ? "" : "check digits mismatch";
  }
  return remainder == 0 ? "" : "check digits mismatch";
}

std::string CheckSwitzerland(std::string_view number) {
  // After the "CH" prefix: "E" + 9 digits + the VAT suffix.
  if (number.size() < 11 || number[0] != 'E' || !AllDigits(number.substr(1, 9))) {
    return "expected CHE and 9 digits";
  }
  std::string_view suffix = number.substr(10);
  if (suffix != "MWST" && suffix != "TVA" && suffix != "IVA" && suffix != "TPV") {
    return "expected the VAT suffix MWST, TVA or IVA after the UID";
  }
  static constexpr int kWeights[] = {5, 4, 3, 2, 7, 6, 5, 4};
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) sum += kWeights[i] * Digit(number[1 + i]);
  int check = (11 - sum % 11) % 11;
  if (check == 10) return "invalid number (check digit would be 10)";
  return check == Digit(number[9]) ? "" : "check digit mismatch";
}

}  // namespace mg::regions::internal
