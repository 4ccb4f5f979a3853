#include "vat_id_checksums_common.h"

#include <algorithm>
#include <string>

namespace mg::regions::internal {

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int WeightedSum(std::string_view digits, std::initializer_list<int> weights) {
  int sum = 0;
  size_t i = 0;
  for (int weight : weights) sum += weight * Digit(digits[i++]);
  return sum;
}

int LuhnSum(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = Digit(*it);
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10;
}

bool LuhnValid(std::string_view digits) { return LuhnSum(digits) == 0; }

int LuhnCheckDigit(std::string_view digits_without_check) {
  std::string candidate(digits_without_check);
  candidate.push_back('0');
  return (10 - LuhnSum(candidate)) % 10;
}

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

bool Mod11_10Valid(std::string_view digits) {
  int check = 5;
  for (char c : digits) check = (((check == 0 ? 10 : check) * 2) % 11 + Digit(c)) % 10;
  return check == 1;
}

int DecimalMod(std::string_view digits, int modulus) {
  int remainder = 0;
  for (char c : digits) remainder = (remainder * 10 + Digit(c)) % modulus;
  return remainder;
}

bool IsValidDate(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

}  // namespace mg::regions::internal
