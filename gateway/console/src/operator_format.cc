#include "operator_format.h"

#include "base/log.h"
#include "currency/currency_code.h"

namespace mg::console {

std::string OperatorFormat::Millis(double seconds) const {
  // A tenth of a millisecond below 10 ms: calls on a local network are that fast.
  const double millis = seconds * 1000;
  return numbers_.Decimal(millis, millis < 10 ? 1 : 0) + " ms";
}

std::string OperatorFormat::Money(int64_t minor, std::string_view currency) const {
  // Coins and diamonds on the ledger are units too: "1,200 coins". Written
  // only when the amount is not money ICU formats.
  auto bare = [&] { return numbers_.Integer(minor) + " " + std::string(currency); };
  Result<CurrencyCode> code = CurrencyCode::Parse(currency);
  if (!code.ok()) return bare();
  std::lock_guard lock(mutex_);
  auto it = money_.find(currency);
  if (it == money_.end()) {
    Result<MoneyFormatter> built = MoneyFormatter::Create(locale(), *code);
    if (!built.ok()) return bare();
    it = money_.emplace(std::string(currency), std::move(built).value()).first;
  }
  Result<std::string> text = it->second.Format(mg::Money(minor, *code));
  return text.ok() ? *text : bare();
}

Result<std::shared_ptr<OperatorLocales>> OperatorLocales::Create() {
  MG_ASSIGN_OR_RETURN(LocaleNegotiator negotiator, LocaleNegotiator::Create(IcuLocaleTags()));
  MG_ASSIGN_OR_RETURN(NumberFormatter english,
                      NumberFormatter::Create(negotiator.default_locale()));
  return std::shared_ptr<OperatorLocales>(new OperatorLocales(
      std::move(negotiator), std::make_shared<const OperatorFormat>(std::move(english))));
}

std::shared_ptr<const OperatorFormat> OperatorLocales::For(std::string_view accept_language) {
  std::string locale = negotiator_.Negotiate(accept_language);
  if (locale == default_->locale()) return default_;
  std::lock_guard lock(mutex_);
  auto it = formats_.find(locale);
  if (it != formats_.end()) return it->second;
  Result<NumberFormatter> numbers = NumberFormatter::Create(locale);
  std::shared_ptr<const OperatorFormat> format = default_;
  if (numbers.ok()) {
    format = std::make_shared<const OperatorFormat>(std::move(numbers).value());
  } else {
    // ICU lists the locale but cannot format in it: English, said once.
    Log(LogLevel::kWarning, "console: cannot format numbers in " + locale + ": " +
                                numbers.status().ToString() + "; writing them in English");
  }
  formats_.emplace(std::move(locale), format);
  return format;
}

}  // namespace mg::console
