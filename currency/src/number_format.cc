#include "currency/number_format.h"

#include <unicode/locid.h>
#include <unicode/numberformatter.h>

#include <algorithm>
#include <array>

#include "currency/money_format.h"

namespace mg {
namespace {

namespace number = icu::number;

constexpr int kMaxFractionDigits = 6;

std::string ToUtf8(const number::FormattedNumber& formatted, UErrorCode& status) {
  std::string out;
  formatted.toTempString(status).toUTF8String(out);
  return U_SUCCESS(status) ? out : std::string();
}

// ICU compiles a formatter on its kInternalDefaultThreshold-th call and
// publishes it through atomics ThreadSanitizer cannot see: reach that call
// before the formatter is shared (as MoneyFormatter::Create does).
Status Warm(const number::LocalizedNumberFormatter& formatter, const std::string& locale) {
  UErrorCode status = U_ZERO_ERROR;
  for (int i = 0; i < number::impl::kInternalDefaultThreshold; ++i) formatter.formatInt(0, status);
  if (U_FAILURE(status)) {
    return Status(ErrorCode::kInternal,
                  "ICU cannot format numbers in " + locale + ": " + u_errorName(status));
  }
  return Status::Ok();
}

}  // namespace

struct NumberFormatter::Impl {
  std::string locale;
  number::LocalizedNumberFormatter integer;
  number::LocalizedNumberFormatter percent;
  std::array<number::LocalizedNumberFormatter, kMaxFractionDigits + 1> decimals;
};

Result<NumberFormatter> NumberFormatter::Create(std::string_view locale) {
  MG_RETURN_IF_ERROR(ValidateLocale(locale));
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale icu_locale =
      icu::Locale::forLanguageTag(icu::StringPiece(locale.data(), locale.size()), status);
  if (U_FAILURE(status)) {
    return InvalidArgument("locale '" + std::string(locale) + "' is not a BCP 47 language tag",
                           "locale");
  }
  auto impl = std::make_unique<Impl>();
  impl->locale = std::string(locale);
  number::UnlocalizedNumberFormatter base =
      number::NumberFormatter::with().roundingMode(UNUM_ROUND_HALFEVEN);
  impl->integer = base.precision(number::Precision::integer()).locale(icu_locale);
  impl->percent = base.unit(icu::NoUnit::percent())
                      .scale(number::Scale::powerOfTen(2))
                      .precision(number::Precision::maxFraction(1))
                      .locale(icu_locale);
  for (int digits = 0; digits <= kMaxFractionDigits; ++digits) {
    impl->decimals[digits] =
        base.precision(number::Precision::fixedFraction(digits)).locale(icu_locale);
  }
  MG_RETURN_IF_ERROR(Warm(impl->integer, impl->locale));
  MG_RETURN_IF_ERROR(Warm(impl->percent, impl->locale));
  for (const auto& formatter : impl->decimals) MG_RETURN_IF_ERROR(Warm(formatter, impl->locale));
  return NumberFormatter(std::move(impl));
}

NumberFormatter::NumberFormatter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
NumberFormatter::NumberFormatter(NumberFormatter&&) noexcept = default;
NumberFormatter& NumberFormatter::operator=(NumberFormatter&&) noexcept = default;
NumberFormatter::~NumberFormatter() = default;

std::string NumberFormatter::Integer(int64_t value) const {
  UErrorCode status = U_ZERO_ERROR;
  return ToUtf8(impl_->integer.formatInt(value, status), status);
}

std::string NumberFormatter::Percent(double fraction) const {
  UErrorCode status = U_ZERO_ERROR;
  return ToUtf8(impl_->percent.formatDouble(fraction, status), status);
}

std::string NumberFormatter::Decimal(double value, int fraction_digits) const {
  UErrorCode status = U_ZERO_ERROR;
  const int digits = std::clamp(fraction_digits, 0, kMaxFractionDigits);
  return ToUtf8(impl_->decimals[digits].formatDouble(value, status), status);
}

const std::string& NumberFormatter::locale() const { return impl_->locale; }

}  // namespace mg
