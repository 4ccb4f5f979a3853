#include "currency/fx.h"

#include <string>

#include "base/utc_time.h"

namespace mg {
namespace {

Status TooLarge(const Money& amount, CurrencyCode to) {
  return Status(ErrorCode::kOutOfRange,
                "converting " + amount.DebugString() + " to " + to.str() + " overflows");
}

Status CheckRate(const Decimal& rate) {
  if (rate.coefficient <= 0) {
    return InvalidArgument("FX rate " + rate.ToString() + " must be positive", "rate");
  }
  return Status::Ok();
}

std::string Seconds(RatesTable::Clock::duration duration) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(duration).count()) + "s";
}

}  // namespace

Result<ExactAmount> ConvertExact(const Money& amount, CurrencyCode to, const Decimal& rate) {
  MG_RETURN_IF_ERROR(CheckRate(rate));
  MG_ASSIGN_OR_RETURN(CurrencyFacts from_facts, LookupCurrency(amount.currency()));
  MG_ASSIGN_OR_RETURN(CurrencyFacts to_facts, LookupCurrency(to));
  // minor * coefficient * 10^to_digits / (10^scale * 10^from_digits): fold the
  // powers of ten into one exponent so that only one side grows.
  const int exponent = to_facts.fraction_digits - from_facts.fraction_digits - rate.scale;
  ExactAmount exact;
  if (__builtin_mul_overflow(static_cast<__int128>(amount.minor_units()), rate.coefficient,
                             &exact.numerator)) {
    return TooLarge(amount, to);
  }
  for (int i = 0; i < exponent; ++i) {
    if (__builtin_mul_overflow(exact.numerator, 10, &exact.numerator)) return TooLarge(amount, to);
  }
  // -exponent <= kMaxScale + the largest ISO digits, far below 10^38.
  for (int i = 0; i < -exponent; ++i) exact.denominator *= 10;
  return exact;
}

Result<Money> Convert(const Money& amount, CurrencyCode to, const Decimal& rate,
                      RoundingMode mode) {
  MG_ASSIGN_OR_RETURN(ExactAmount exact, ConvertExact(amount, to, rate));
  Result<int64_t> minor_units = DivideRounded(exact.numerator, exact.denominator, mode);
  if (!minor_units.ok()) return TooLarge(amount, to);
  return Money(*minor_units, to);
}

Status RatesTable::AddRate(CurrencyCode from, CurrencyCode to, Decimal rate) {
  MG_RETURN_IF_ERROR(CheckRate(rate));
  const std::string pair = from.str() + "->" + to.str();
  if (from == to) return InvalidArgument("rate " + pair + " is always 1 and cannot be set");
  if (!rates_.emplace(std::make_pair(from, to), rate).second) {
    return InvalidArgument("rate " + pair + " is already in the table");
  }
  return Status::Ok();
}

Result<Decimal> RatesTable::Lookup(CurrencyCode from, CurrencyCode to,
                                   Clock::time_point now) const {
  const Clock::duration age = now - as_of_;
  if (age > max_age_) {
    return Status(ErrorCode::kFailedPrecondition,
                  "FX rates as of " + FormatIsoUtc(as_of_) + " are " + Seconds(age) +
                      " old, beyond their max age of " + Seconds(max_age_));
  }
  if (from == to) return Decimal{1, 0};
  auto it = rates_.find(std::make_pair(from, to));
  if (it == rates_.end()) {
    return Status(ErrorCode::kNotFound, "no FX rate from " + from.str() + " to " + to.str() +
                                            " as of " + FormatIsoUtc(as_of_));
  }
  return it->second;
}

Result<Money> RatesTable::ConvertAt(const Money& amount, CurrencyCode to, RoundingMode mode,
                                    Clock::time_point now) const {
  MG_ASSIGN_OR_RETURN(Decimal rate, Lookup(amount.currency(), to, now));
  return Convert(amount, to, rate, mode);
}

}  // namespace mg
