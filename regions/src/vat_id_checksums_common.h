// Arithmetic shared by the national check-digit algorithms
// (vat_id_checksums_*.cc). Internal. Every function takes ASCII text that the
// caller has already checked to be digits where it says "digits".
#pragma once

#include <initializer_list>
#include <string_view>

namespace mg::regions::internal {

bool AllDigits(std::string_view text);  // non-empty and only 0-9
inline int Digit(char c) { return c - '0'; }

// Sum of weight * digit over the first weights.size() digits of `digits`.
int WeightedSum(std::string_view digits, std::initializer_list<int> weights);

// Luhn: the digits are summed from the right, every second one doubled (its
// digit sum taken); a complete number sums to 0 mod 10.
int LuhnSum(std::string_view digits);  // mod 10
bool LuhnValid(std::string_view digits);
int LuhnCheckDigit(std::string_view digits_without_check);

// ISO 7064 MOD 97-10 over digits and letters (A = 10 ... Z = 35).
bool Mod97_10Valid(std::string_view text);

// ISO 7064 MOD 11,10 (hybrid system), check digit included (DE, HR).
bool Mod11_10Valid(std::string_view digits);

// The remainder of the decimal number `digits` (any length) by `modulus`.
int DecimalMod(std::string_view digits, int modulus);

// A Gregorian calendar date (birth dates inside personal codes).
bool IsValidDate(int year, int month, int day);

// Two digits at `pos` as a number.
inline int TwoDigits(std::string_view digits, size_t pos) {
  return Digit(digits[pos]) * 10 + Digit(digits[pos + 1]);
}

}  // namespace mg::regions::internal
