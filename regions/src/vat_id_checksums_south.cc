// Check digits of CY, EL (Greece), ES, HR, IT, MT, PT and SI VAT numbers.
// Each algorithm is cross-checked against python-stdnum
// (arthurdejong/python-stdnum, LGPL; reimplemented here, not copied), module
// by module, and against the national structures the European Commission's
// TIN portal publishes (https://ec.europa.eu/taxation_customs/tin/):
//   CY stdnum/cy/vat.py       8 digits + letter, not starting 12; digits in
//                             odd places (1st, 3rd, ...) translated
//                             0..9 -> 1,0,5,7,9,13,15,17,19,21, the others as
//                             they are; sum mod 26 is the letter A..Z
//   EL stdnum/gr/vat.py       9 digits; the first 8 weighted 256..2 (powers
//                             of two), sum mod 11 mod 10
//   ES stdnum/es/nif.py, dni.py, nie.py, cif.py: DNI letter
//                             "TRWAGMYFPDXBNJZSQVHLCKE"[n mod 23]; NIE X/Y/Z ->
//                             0/1/2; K/L/M like DNI; CIF Luhn digit or its
//                             letter "JABCDEFGHI"[digit]
//   HR stdnum/hr/oib.py       OIB: 11 digits, ISO 7064 MOD 11,10
//   IT stdnum/it/iva.py       11 digits, Luhn; office code 001-100, 120, 121,
//                             888, 999
//   MT stdnum/mt/vat.py       8 digits, no leading 0, weights
//                             3,4,6,7,8,9,10,1, sum divisible by 37
//   PT stdnum/pt/nif.py       NIF: 9 digits, no leading 0, weights 9..2,
//                             check (11 - sum mod 11) mod 11 mod 10
//   SI stdnum/si/ddv.py       8 digits, no leading 0, weights 8..2, check
//                             11 - sum mod 11 (10 gives 0, 11 is invalid)
#include "vat_id_checksums.h"
#include "vat_id_checksums_common.h"

namespace mg::regions::internal {
namespace {

constexpr std::string_view kDniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";

char DniLetter(std::string_view digits) { return kDniLetters[DecimalMod(digits, 23)]; }

}  // namespace

ChecksumResult CheckCyprus(std::string_view number) {
  if (number.size() != 9 || !AllDigits(number.substr(0, 8)) || number[8] < 'A' || number[8] > 'Z') {
    return "expected 8 digits and a check letter";
  }
  if (number.substr(0, 2) == "12") return "must not start with 12";
  static constexpr int kOddPlaces[] = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21};
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) {
    sum += i % 2 == 0 ? kOddPlaces[Digit(number[i])] : Digit(number[i]);
  }
  return static_cast<char>('A' + sum % 26) == number[8] ? "" : "check letter mismatch";
}

ChecksumResult CheckGreece(std::string_view number) {
  if (number.size() != 9 || !AllDigits(number)) return "expected 9 digits";
  int sum = WeightedSum(number, {256, 128, 64, 32, 16, 8, 4, 2});
  return sum % 11 % 10 == Digit(number[8]) ? "" : "check digit mismatch";
}

ChecksumResult CheckSpain(std::string_view number) {
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

ChecksumResult CheckCroatia(std::string_view number) {
  if (number.size() != 11 || !AllDigits(number)) return "expected 11 digits";
  return Mod11_10Valid(number) ? "" : "check digit mismatch";
}

ChecksumResult CheckItaly(std::string_view number) {
  if (number.size() != 11 || !AllDigits(number)) return "expected 11 digits";
  if (number.substr(0, 7) == "0000000") return "company number must not be zero";
  int office = std::stoi(std::string(number.substr(7, 3)));
  if (!(office >= 1 && office <= 100) && office != 120 && office != 121 && office != 888 &&
      office != 999) {
    return "invalid office code";
  }
  return LuhnValid(number) ? "" : "check digit mismatch";
}

ChecksumResult CheckMalta(std::string_view number) {
  if (number.size() != 8 || !AllDigits(number)) return "expected 8 digits";
  if (number[0] == '0') return "must not start with 0";
  int sum = WeightedSum(number, {3, 4, 6, 7, 8, 9, 10, 1});
  return sum % 37 == 0 ? "" : "check digits mismatch";
}

ChecksumResult CheckPortugal(std::string_view number) {
  if (number.size() != 9 || !AllDigits(number)) return "expected 9 digits";
  if (number[0] == '0') return "must not start with 0";
  int sum = WeightedSum(number, {9, 8, 7, 6, 5, 4, 3, 2});
  return (11 - sum % 11) % 11 % 10 == Digit(number[8]) ? "" : "check digit mismatch";
}

ChecksumResult CheckSlovenia(std::string_view number) {
  if (number.size() != 8 || !AllDigits(number)) return "expected 8 digits";
  if (number[0] == '0') return "must not start with 0";
  int check = 11 - WeightedSum(number, {8, 7, 6, 5, 4, 3, 2}) % 11;
  if (check == 11) return "invalid number (check digit would be 11)";
  return check % 10 == Digit(number[7]) ? "" : "check digit mismatch";
}

}  // namespace mg::regions::internal
