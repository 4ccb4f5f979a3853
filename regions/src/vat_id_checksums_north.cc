// Check digits of DK, EE, FI, GB/XI, IE, LT, LV, NO and SE VAT numbers.
// Each algorithm is cross-checked against python-stdnum
// (arthurdejong/python-stdnum, LGPL; reimplemented here, not copied), module
// by module, and against the national structures the European Commission's
// TIN portal publishes (https://ec.europa.eu/taxation_customs/tin/):
//   DK stdnum/dk/cvr.py       CVR: 8 digits, no leading 0, weights
//                             2,7,6,5,4,3,2,1, sum divisible by 11
//   EE stdnum/ee/kmkr.py      KMKR: 9 digits, weights 3,7,1 repeated, sum
//                             divisible by 10
//   FI stdnum/fi/alv.py       ALV: 8 digits, weights 7,9,10,5,8,4,2,1, sum
//                             divisible by 11
//   GB stdnum/gb/vat.py       weights 8,7,6,5,4,3,2,10,1 mod 97: 0 (mod 97)
//                             or, for numbers from 100 on, 42 / 55 (the
//                             "9755" scheme); 12 digits = branch; GD < 500
//                             government, HA >= 500 health authorities
//   IE stdnum/ie/vat.py       weights 8..2 mod 23, letter from "WABC...V";
//                             old style: digit, letter/+/*, 5 digits, check;
//                             new (2013) 9-char: the 9th letter adds 9 * its
//                             index in "WABCDEFGHI"
//   LT stdnum/lt/pvm.py       PVM: 9 digits (8th is 1) or 12 digits (11th is
//                             1); weights 1..9,1,2 mod 11, when 10 again
//                             with weights 3..9,1..4; then mod 11 mod 10
//   LV stdnum/lv/pvn.py       PVN, 11 digits. Legal entities (first digit
//                             > 3): weights 9,1,4,8,3,10,2,5,7,6,1, sum = 3
//                             mod 11. Natural persons: DDMMYY + century digit
//                             (0: 1800s, 1: 1900s, 2: 2000s) must be a date,
//                             or "32" for codes without a birth date (since
//                             July 2017); check = (1 + weights
//                             10,5,8,4,2,1,6,3,7,9) mod 11 mod 10
//   NO stdnum/no/mva.py, orgnr.py: organisasjonsnummer + "MVA"; 9 digits,
//                             weights 3,2,7,6,5,4,3,2 mod 11, check 11 - rest
//                             (rest 0 gives 0, rest 1 is no valid number):
//                             Brønnøysund Register Centre, "The organization
//                             number" (http://www.brreg.no/english/coordination/number.html)
//   SE stdnum/se/vat.py, orgnr.py: organisationsnummer (10 digits, Luhn)
//                             + "01"
#include "vat_id_checksums.h"
#include "vat_id_checksums_common.h"

namespace mg::regions::internal {
namespace {

constexpr std::string_view kIrishLetters = "WABCDEFGHIJKLMNOPQRSTUV";

// Weights 8..2 over seven digits plus 9 * `extra`, mod 23.
char IrishCheckLetter(std::string_view seven_digits, int extra) {
  int sum = WeightedSum(seven_digits, {8, 7, 6, 5, 4, 3, 2});
  return kIrishLetters[(sum + 9 * extra) % 23];
}

int LithuanianCheckDigit(std::string_view body) {
  int sum = 0;
  for (size_t i = 0; i < body.size(); ++i) sum += static_cast<int>(1 + i % 9) * Digit(body[i]);
  if (sum % 11 == 10) {
    sum = 0;
    for (size_t i = 0; i < body.size(); ++i) {
      sum += static_cast<int>(1 + (i + 2) % 9) * Digit(body[i]);
    }
  }
  return sum % 11 % 10;
}

}  // namespace

ChecksumResult CheckDenmark(std::string_view number) {
  if (number.size() != 8 || !AllDigits(number)) return "expected 8 digits";
  if (number[0] == '0') return "must not start with 0";
  return WeightedSum(number, {2, 7, 6, 5, 4, 3, 2, 1}) % 11 == 0 ? "" : "check digit mismatch";
}

ChecksumResult CheckEstonia(std::string_view number) {
  if (number.size() != 9 || !AllDigits(number)) return "expected 9 digits";
  return WeightedSum(number, {3, 7, 1, 3, 7, 1, 3, 7, 1}) % 10 == 0 ? "" : "check digit mismatch";
}

ChecksumResult CheckFinland(std::string_view number) {
  if (number.size() != 8 || !AllDigits(number)) return "expected 8 digits";
  return WeightedSum(number, {7, 9, 10, 5, 8, 4, 2, 1}) % 11 == 0 ? "" : "check digit mismatch";
}

ChecksumResult CheckUnitedKingdom(std::string_view number) {
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
  int remainder = WeightedSum(number, {8, 7, 6, 5, 4, 3, 2, 10, 1}) % 97;
  if (std::stoi(std::string(number.substr(0, 3))) >= 100) {
    return remainder == 0 || remainder == 42 || remainder == 55 ? "" : "check digits mismatch";
  }
  return remainder == 0 ? "" : "check digits mismatch";
}

ChecksumResult CheckIreland(std::string_view number) {
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

ChecksumResult CheckLithuania(std::string_view number) {
  if ((number.size() != 9 && number.size() != 12) || !AllDigits(number)) {
    return "expected 9 or 12 digits";
  }
  // Legal entities: 9 digits with 1 in the 8th place; temporary tax payers
  // and natural persons: 12 digits with 1 in the 11th place.
  if (number[number.size() - 2] != '1') return "the last but one digit must be 1";
  int check = LithuanianCheckDigit(number.substr(0, number.size() - 1));
  return check == Digit(number.back()) ? "" : "check digit mismatch";
}

ChecksumResult CheckLatvia(std::string_view number) {
  if (number.size() != 11 || !AllDigits(number)) return "expected 11 digits";
  if (number[0] > '3') {  // legal entity
    int sum = WeightedSum(number, {9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1});
    return sum % 11 == 3 ? "" : "check digit mismatch";
  }
  // A natural person's code: DDMMYY and the century, unless it starts with
  // 32 (codes without a birth date).
  if (number.substr(0, 2) != "32") {
    int year = 1800 + 100 * Digit(number[6]) + TwoDigits(number, 4);
    if (!IsValidDate(year, TwoDigits(number, 2), TwoDigits(number, 0))) {
      return "invalid birth date in a personal code";
    }
  }
  int check = (1 + WeightedSum(number, {10, 5, 8, 4, 2, 1, 6, 3, 7, 9})) % 11 % 10;
  return check == Digit(number[10]) ? "" : "check digit mismatch";
}

ChecksumResult CheckNorway(std::string_view number) {
  // After the "NO" prefix: 9 digits + "MVA" (merverdiavgift).
  if (number.size() != 12 || !AllDigits(number.substr(0, 9)) || number.substr(9) != "MVA") {
    return "expected 9 digits and MVA";
  }
  return WeightedSum(number, {3, 2, 7, 6, 5, 4, 3, 2, 1}) % 11 == 0 ? "" : "check digit mismatch";
}

ChecksumResult CheckSweden(std::string_view number) {
  if (number.size() != 12 || !AllDigits(number)) return "expected 12 digits";
  if (number.substr(10) != "01") return "expected the suffix 01";
  return LuhnValid(number.substr(0, 10)) ? "" : "check digit mismatch";
}

}  // namespace mg::regions::internal
