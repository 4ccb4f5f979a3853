// Check digits of BG, CZ, HU, PL, RO and SK VAT numbers. Each algorithm is
// cross-checked against python-stdnum (arthurdejong/python-stdnum, LGPL;
// reimplemented here, not copied), module by module, and against the national
// structures the European Commission's TIN portal publishes
// (https://ec.europa.eu/taxation_customs/tin/):
//   BG stdnum/bg/vat.py, egn.py, pnf.py: 9 digits (legal entities): weights
//                             1..8 mod 11, when 10 again with weights 3..10,
//                             then mod 10. 10 digits: a person's EGN (birth
//                             date YYMMDD, month +20 for the 1800s, +40 for
//                             the 2000s; weights 2,4,8,5,10,9,7,3,6 mod 11
//                             mod 10), a foreigner's PNF (weights
//                             21,19,17,13,11,9,7,3,1 mod 10) or another
//                             taxpayer's number (weights 4,3,2,7,6,5,4,3,2,
//                             check (11 - sum mod 11) mod 11, 10 invalid)
//   CZ stdnum/cz/dic.py, rc.py: DIČ. 8 digits (legal entities, not starting
//                             9): weights 8..2, check (11 - sum mod 11) mod
//                             11, 0 -> 1, 10 -> 0. 9 digits starting 6
//                             (special cases): weights 8..2 over digits
//                             2-8, check (8 - (10 - sum mod 11) mod 11) mod
//                             10. Otherwise 9/10 digits are a birth number
//                             (rodné číslo): YYMMDD, month +50 for women,
//                             +20 when the serial ran out (since 2004);
//                             10 digits (from 1954): the first 9 mod 11 mod
//                             10 = the 10th; 9 digits (before 1954): no
//                             check digit at all
//   HU stdnum/hu/anum.py      ANUM: 8 digits, weights 9,7,3,1 repeated, sum
//                             divisible by 10
//   PL stdnum/pl/nip.py       NIP: 10 digits, weights 6,5,7,2,3,4,5,6,7 mod
//                             11 = the 10th digit (10 is never issued)
//   RO stdnum/ro/cui.py       CUI/CIF: 2-10 digits, no leading 0; the body
//                             left-padded to 9 digits, weights
//                             7,5,3,2,1,7,5,3,2, check 10 * sum mod 11 mod 10
//   SK stdnum/sk/dph.py       IČ DPH: 10 digits, no leading 0, 3rd digit in
//                             2,3,4,7,8,9, the number divisible by 11. (The
//                             module also accepts a birth number, "unclear
//                             whether" valid; not accepted here: a rejected
//                             ID is charged VAT, the cautious side)
#include "vat_id_checksums.h"
#include "vat_id_checksums_common.h"

namespace mg::regions::internal {
namespace {

bool BulgarianPersonValid(std::string_view number) {  // EGN
  int year = 1900 + TwoDigits(number, 0);
  int month = TwoDigits(number, 2);
  if (month > 40) {
    year += 100;
    month -= 40;
  } else if (month > 20) {
    year -= 100;
    month -= 20;
  }
  if (!IsValidDate(year, month, TwoDigits(number, 4))) return false;
  int check = WeightedSum(number, {2, 4, 8, 5, 10, 9, 7, 3, 6}) % 11 % 10;
  return check == Digit(number[9]);
}

bool BulgarianForeignerValid(std::string_view number) {  // PNF
  return WeightedSum(number, {21, 19, 17, 13, 11, 9, 7, 3, 1}) % 10 == Digit(number[9]);
}

bool BulgarianOtherValid(std::string_view number) {
  int check = (11 - WeightedSum(number, {4, 3, 2, 7, 6, 5, 4, 3, 2}) % 11) % 11;
  return check == Digit(number[9]);
}

// Czech and Slovak birth number (rodné číslo), 9 or 10 digits: empty when
// the date is valid, else why not.
std::string BirthNumberDateError(std::string_view number) {
  int year = 1900 + TwoDigits(number, 0);
  int month = TwoDigits(number, 2) % 50 % 20;
  if (number.size() == 9) {
    if (year >= 1980) year -= 100;
    if (year > 1953) return "9-digit birth numbers were issued until 1953";
  } else if (year < 1954) {
    year += 100;
  }
  return IsValidDate(year, month, TwoDigits(number, 4)) ? "" : "invalid birth date";
}

}  // namespace

ChecksumResult CheckBulgaria(std::string_view number) {
  if (!AllDigits(number)) return "expected 9 or 10 digits";
  if (number.size() == 9) {
    int sum = 0;
    for (size_t i = 0; i < 8; ++i) sum += static_cast<int>(i + 1) * Digit(number[i]);
    if (sum % 11 == 10) {
      sum = 0;
      for (size_t i = 0; i < 8; ++i) sum += static_cast<int>(i + 3) * Digit(number[i]);
    }
    return sum % 11 % 10 == Digit(number[8]) ? "" : "check digit mismatch";
  }
  if (number.size() != 10) return "expected 9 or 10 digits";
  if (BulgarianPersonValid(number) || BulgarianForeignerValid(number) ||
      BulgarianOtherValid(number)) {
    return "";
  }
  return "check digit mismatch (no EGN, PNF or other 10-digit number)";
}

ChecksumResult CheckCzechia(std::string_view number) {
  if (!AllDigits(number)) return "expected 8 to 10 digits";
  if (number.size() == 8) {  // legal entity
    if (number[0] == '9') return "8-digit numbers must not start with 9";
    int check = (11 - WeightedSum(number, {8, 7, 6, 5, 4, 3, 2}) % 11) % 11;
    if (check == 0) check = 1;
    return check % 10 == Digit(number[7]) ? "" : "check digit mismatch";
  }
  if (number.size() == 9 && number[0] == '6') {  // special cases
    int sum = WeightedSum(number.substr(1), {8, 7, 6, 5, 4, 3, 2}) % 11;
    int check = ((8 - (10 - sum) % 11) % 10 + 10) % 10;
    return check == Digit(number[8]) ? "" : "check digit mismatch";
  }
  if (number.size() != 9 && number.size() != 10) return "expected 8 to 10 digits";
  if (std::string error = BirthNumberDateError(number); !error.empty()) return error;
  if (number.size() == 9) return ChecksumResult::FormatOnly();  // no check digit before 1954
  return DecimalMod(number.substr(0, 9), 11) % 10 == Digit(number[9]) ? "" : "check digit mismatch";
}

ChecksumResult CheckHungary(std::string_view number) {
  if (number.size() != 8 || !AllDigits(number)) return "expected 8 digits";
  return WeightedSum(number, {9, 7, 3, 1, 9, 7, 3, 1}) % 10 == 0 ? "" : "check digit mismatch";
}

ChecksumResult CheckPoland(std::string_view number) {
  if (number.size() != 10 || !AllDigits(number)) return "expected 10 digits";
  int sum = WeightedSum(number, {6, 5, 7, 2, 3, 4, 5, 6, 7});
  return sum % 11 == Digit(number[9]) ? "" : "check digit mismatch";
}

ChecksumResult CheckRomania(std::string_view number) {
  if (number.size() < 2 || number.size() > 10 || !AllDigits(number)) {
    return "expected 2 to 10 digits";
  }
  if (number[0] == '0') return "must not start with 0";
  std::string body = std::string(9 - (number.size() - 1), '0');
  body += number.substr(0, number.size() - 1);
  int check = 10 * WeightedSum(body, {7, 5, 3, 2, 1, 7, 5, 3, 2}) % 11 % 10;
  return check == Digit(number.back()) ? "" : "check digit mismatch";
}

ChecksumResult CheckSlovakia(std::string_view number) {
  if (number.size() != 10 || !AllDigits(number)) return "expected 10 digits";
  if (number[0] == '0') return "must not start with 0";
  if (std::string_view("234789").find(number[2]) == std::string_view::npos) {
    return "the third digit must be 2, 3, 4, 7, 8 or 9";
  }
  return DecimalMod(number, 11) == 0 ? "" : "check digit mismatch";
}

}  // namespace mg::regions::internal
