#include "currency/money.h"

#include <algorithm>
#include <numeric>

#include "currency/decimal.h"

namespace mg {
namespace {

Status Mismatch(const Money& a, const Money& b) {
  return Status(ErrorCode::kCurrencyMismatch,
                "cannot combine " + a.currency().str() + " and " + b.currency().str());
}

Status Overflow(const char* operation, const Money& a) {
  return Status(ErrorCode::kOutOfRange,
                std::string(operation) + " overflows int64 minor units of " + a.currency().str());
}

// Magnitudes of int64 values fit into unsigned __int128 without the
// INT64_MIN negation trap.
unsigned __int128 Magnitude(int64_t value) {
  return value < 0 ? static_cast<unsigned __int128>(-static_cast<__int128>(value))
                   : static_cast<unsigned __int128>(value);
}

}  // namespace

std::string Money::DebugString() const { return currency_.str() + " " + FormatPlain(*this); }

Result<Money> Add(const Money& a, const Money& b) {
  if (a.currency() != b.currency()) return Mismatch(a, b);
  int64_t sum;
  if (__builtin_add_overflow(a.minor_units(), b.minor_units(), &sum)) return Overflow("sum", a);
  return Money(sum, a.currency());
}

Result<Money> Subtract(const Money& a, const Money& b) {
  if (a.currency() != b.currency()) return Mismatch(a, b);
  int64_t difference;
  if (__builtin_sub_overflow(a.minor_units(), b.minor_units(), &difference)) {
    return Overflow("difference", a);
  }
  return Money(difference, a.currency());
}

Result<Money> Multiply(const Money& a, int64_t factor) {
  int64_t product;
  if (__builtin_mul_overflow(a.minor_units(), factor, &product)) return Overflow("product", a);
  return Money(product, a.currency());
}

Result<Money> Negate(const Money& a) {
  int64_t negated;
  if (__builtin_sub_overflow(int64_t{0}, a.minor_units(), &negated)) {
    return Overflow("negation", a);
  }
  return Money(negated, a.currency());
}

Result<Money> Sum(std::span<const Money> amounts) {
  if (amounts.empty()) return InvalidArgument("cannot sum an empty list of amounts");
  Money total = amounts.front();
  for (const Money& amount : amounts.subspan(1)) {
    MG_ASSIGN_OR_RETURN(total, Add(total, amount));
  }
  return total;
}

Result<int> Compare(const Money& a, const Money& b) {
  if (a.currency() != b.currency()) return Mismatch(a, b);
  return (a.minor_units() > b.minor_units()) - (a.minor_units() < b.minor_units());
}

Result<std::vector<Money>> SplitEvenly(const Money& total, int parts) {
  if (parts <= 0) {
    return InvalidArgument("cannot split into " + std::to_string(parts) + " parts");
  }
  // C++ division truncates toward zero, so quotient and remainder share the
  // sign of the total and negative totals split symmetrically.
  const int64_t quotient = total.minor_units() / parts;
  const int64_t remainder = total.minor_units() % parts;
  const int64_t extra = remainder < 0 ? -1 : 1;
  std::vector<Money> result;
  result.reserve(parts);
  for (int i = 0; i < parts; ++i) {
    const bool gets_extra = i < (remainder < 0 ? -remainder : remainder);
    result.emplace_back(quotient + (gets_extra ? extra : 0), total.currency());
  }
  return result;
}

Result<std::vector<Money>> AllocateByWeights(const Money& total, std::span<const int64_t> weights) {
  if (weights.empty()) return InvalidArgument("cannot allocate over no weights");
  unsigned __int128 weight_sum = 0;
  for (int64_t weight : weights) {
    if (weight < 0) {
      return InvalidArgument("allocation weight " + std::to_string(weight) + " is negative");
    }
    weight_sum += static_cast<unsigned __int128>(weight);
  }
  if (weight_sum == 0) return InvalidArgument("at least one allocation weight must be positive");

  // Allocate the magnitude and reapply the sign, so that -1.00 splits as the
  // mirror image of 1.00. |total| * weight < 2^63 * 2^63 fits in 128 bits.
  const unsigned __int128 magnitude = Magnitude(total.minor_units());
  std::vector<unsigned __int128> shares(weights.size());
  std::vector<unsigned __int128> remainders(weights.size());
  unsigned __int128 allocated = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const unsigned __int128 scaled = magnitude * static_cast<unsigned __int128>(weights[i]);
    shares[i] = scaled / weight_sum;
    remainders[i] = scaled % weight_sum;
    allocated += shares[i];
  }
  // Fewer units are left over than there are non-zero remainders, so
  // zero-weight lines never receive one.
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  for (unsigned __int128 left = magnitude - allocated, k = 0; left > 0; --left, ++k) {
    ++shares[order[static_cast<size_t>(k)]];
  }

  std::vector<Money> result;
  result.reserve(weights.size());
  for (unsigned __int128 share : shares) {
    // Each share is at most |total|, so it fits back into int64 with its sign.
    const __int128 signed_share =
        total.is_negative() ? -static_cast<__int128>(share) : static_cast<__int128>(share);
    result.emplace_back(static_cast<int64_t>(signed_share), total.currency());
  }
  return result;
}

}  // namespace mg
