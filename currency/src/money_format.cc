#include "currency/money_format.h"

#include <unicode/locid.h>
#include <unicode/numberformatter.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "currency/decimal.h"

namespace mg {
namespace {

namespace number = icu::number;

// Names ("de_DE", "zh_Hant_TW") of every locale ICU ships formatting data for.
const std::set<std::string>& AvailableLocales() {
  static const auto* names = [] {
    auto* set = new std::set<std::string>();
    int32_t count = 0;
    const icu::Locale* locales = icu::Locale::getAvailableLocales(count);
    for (int32_t i = 0; i < count; ++i) set->insert(locales[i].getName());
    return set;
  }();
  return *names;
}

// The ICU names a locale falls back to, most specific first: "de_CH",
// "de", and the same after filling in likely script and region.
std::vector<std::string> FallbackNames(const icu::Locale& locale) {
  std::vector<std::string> names = {locale.getBaseName()};
  auto add = [&names](const icu::Locale& l) {
    const std::string language = l.getLanguage();
    const std::string script = l.getScript();
    const std::string region = l.getCountry();
    if (!script.empty() && !region.empty()) names.push_back(language + "_" + script + "_" + region);
    if (!script.empty()) names.push_back(language + "_" + script);
    if (!region.empty()) names.push_back(language + "_" + region);
    names.push_back(language);
  };
  add(locale);
  // Deprecated codes ("iw" for Hebrew) only match once canonicalized.
  icu::Locale canonical = locale;
  UErrorCode status = U_ZERO_ERROR;
  canonical.canonicalize(status);
  if (U_SUCCESS(status)) add(canonical);
  icu::Locale likely = U_SUCCESS(status) ? canonical : locale;
  status = U_ZERO_ERROR;
  likely.addLikelySubtags(status);
  if (U_SUCCESS(status)) add(likely);
  return names;
}

Result<icu::Locale> ParseLocale(std::string_view tag) {
  const std::string quoted = "'" + std::string(tag) + "'";
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale =
      icu::Locale::forLanguageTag(icu::StringPiece(tag.data(), tag.size()), status);
  if (tag.empty() || U_FAILURE(status) || locale.isBogus()) {
    return InvalidArgument("locale " + quoted + " is not a BCP 47 language tag", "locale");
  }
  if (locale.getLanguage()[0] == '\0') {
    return InvalidArgument("locale " + quoted + " names no language", "locale");
  }
  for (const std::string& name : FallbackNames(locale)) {
    if (AvailableLocales().count(name)) return locale;
  }
  return InvalidArgument("ICU has no locale data for " + quoted, "locale");
}

UNumberUnitWidth UnitWidth(MoneyStyle style) {
  switch (style) {
    case MoneyStyle::kSymbol:
      return UNUM_UNIT_WIDTH_SHORT;
    case MoneyStyle::kIsoCode:
      return UNUM_UNIT_WIDTH_ISO_CODE;
    case MoneyStyle::kName:
      return UNUM_UNIT_WIDTH_FULL_NAME;
  }
  return UNUM_UNIT_WIDTH_SHORT;
}

}  // namespace

struct MoneyFormatter::Impl {
  std::string locale;
  CurrencyCode currency;
  number::LocalizedNumberFormatter formatter;
  // Unique per formatter ever built: the key of its strings in FormattedCache
  // (an address could be reused by a later formatter, an id never is).
  uint64_t id = 0;
};

namespace {

// Valid locale tags and built formatters, shared process-wide. Loading 1,000
// markets asked ICU to validate the same few tags for every gift and to
// compile the same formatter for every market: 19 % and 6 % of
// `marketgate validate`'s instructions (callgrind).
class ValidLocaleTags {
 public:
  static ValidLocaleTags& Get() {
    static auto* tags = new ValidLocaleTags();
    return *tags;
  }
  bool Contains(std::string_view tag) {
    std::lock_guard<std::mutex> lock(mu_);
    return tags_.find(tag) != tags_.end();
  }
  void Add(std::string_view tag) {
    std::lock_guard<std::mutex> lock(mu_);
    tags_.emplace(tag);
  }

 private:
  std::mutex mu_;
  std::set<std::string, std::less<>> tags_;  // guarded by mu_
};

// Held weakly: a formatter that no snapshot uses any more is freed with its
// last market. `Impl` is MoneyFormatter's (a template, as it is private).
template <typename Impl>
class SharedFormatters {
 public:
  static SharedFormatters& Get() {
    static auto* shared = new SharedFormatters();
    return *shared;
  }
  std::shared_ptr<const Impl> Find(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = formatters_.find(key);
    return it == formatters_.end() ? nullptr : it->second.lock();
  }
  void Keep(const std::string& key, const std::shared_ptr<const Impl>& formatter) {
    std::lock_guard<std::mutex> lock(mu_);
    formatters_[key] = formatter;
    if (formatters_.size() < sweep_at_) return;
    std::erase_if(formatters_, [](const auto& entry) { return entry.second.expired(); });
    sweep_at_ = 2 * formatters_.size() + 64;
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::weak_ptr<const Impl>> formatters_;  // guarded by mu_
  size_t sweep_at_ = 64;                                         // guarded by mu_
};

// The strings a thread formatted lately, by formatter and amount. A quote
// formats the same prices, thresholds and totals again and again (a coin
// pack's price, the SCA low-value limit); ICU takes ~1,500 instructions a
// call, a hit here ~100 (route_bench, callgrind). Per thread, so no lock;
// bounded by starting afresh when full.
class FormattedCache {
 public:
  static FormattedCache& ForThisThread() {
    thread_local FormattedCache cache;
    return cache;
  }
  const std::string* Find(uint64_t formatter, int64_t minor) const {
    auto it = strings_.find(Key{formatter, minor});
    return it == strings_.end() ? nullptr : &it->second;
  }
  void Keep(uint64_t formatter, int64_t minor, const std::string& text) {
    if (strings_.size() >= kCapacity) strings_.clear();
    strings_.emplace(Key{formatter, minor}, text);
  }

 private:
  static constexpr size_t kCapacity = 4096;
  struct Key {
    uint64_t formatter;
    int64_t minor;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& key) const {
      return std::hash<uint64_t>()(key.formatter * 0x9E3779B97F4A7C15ull ^
                                   static_cast<uint64_t>(key.minor));
    }
  };
  std::unordered_map<Key, std::string, KeyHash> strings_;
};

std::atomic<uint64_t> next_formatter_id{1};

}  // namespace

Status ValidateLocale(std::string_view locale) {
  ValidLocaleTags& tags = ValidLocaleTags::Get();
  if (tags.Contains(locale)) return Status::Ok();
  MG_RETURN_IF_ERROR(ParseLocale(locale).status());
  tags.Add(locale);
  return Status::Ok();
}

Result<MoneyFormatter> MoneyFormatter::Create(std::string_view locale, CurrencyCode currency,
                                              MoneyFormatOptions options) {
  MG_ASSIGN_OR_RETURN(CurrencyFacts facts, LookupCurrency(currency));
  const int digits = options.display_digits.value_or(facts.fraction_digits);
  if (digits < 0 || digits > Decimal::kMaxScale) {
    return InvalidArgument("display digits " + std::to_string(digits) + " outside 0.." +
                               std::to_string(Decimal::kMaxScale),
                           "digits");
  }
  std::string key(locale);
  key.push_back('\0');
  key.append(currency.view());
  key.push_back(static_cast<char>('0' + static_cast<int>(options.style)));
  key.push_back(static_cast<char>('0' + digits));
  auto& shared = SharedFormatters<Impl>::Get();
  if (std::shared_ptr<const Impl> found = shared.Find(key)) return MoneyFormatter(std::move(found));
  MG_ASSIGN_OR_RETURN(icu::Locale icu_locale, ParseLocale(locale));
  const char16_t iso[4] = {static_cast<char16_t>(currency.view()[0]),
                           static_cast<char16_t>(currency.view()[1]),
                           static_cast<char16_t>(currency.view()[2]), 0};
  UErrorCode status = U_ZERO_ERROR;
  icu::CurrencyUnit unit(iso, status);
  // Half-even is ICU's default too; it is spelled out because display
  // rounding (IDR shown without decimals) must not depend on a default.
  number::LocalizedNumberFormatter formatter =
      number::NumberFormatter::withLocale(icu_locale)
          .unit(unit)
          .unitWidth(UnitWidth(options.style))
          .precision(number::Precision::fixedFraction(digits))
          .roundingMode(UNUM_ROUND_HALFEVEN)
          // Format() hands ICU the integer minor units; a power-of-ten scale
          // moves the decimal point exactly (DecimalQuantity, no double).
          .scale(number::Scale::powerOfTen(-facts.fraction_digits));
  if (U_FAILURE(status) || formatter.copyErrorTo(status)) {
    return Status(ErrorCode::kInternal, "ICU cannot build a formatter for " + currency.str() +
                                            " in " + std::string(locale) + ": " +
                                            u_errorName(status));
  }
  // ICU compiles a formatter lazily, on its kInternalDefaultThreshold-th call,
  // and publishes the result through atomics inside ICU. Reaching that call
  // here, before the formatter is shared, keeps the compile off the request
  // path and lets ThreadSanitizer (which cannot see ICU's atomics) check
  // Format() without false reports.
  for (int i = 0; i < number::impl::kInternalDefaultThreshold; ++i) {
    formatter.formatInt(0, status);
  }
  if (U_FAILURE(status)) {
    return Status(ErrorCode::kInternal, "ICU cannot format " + currency.str() + " in " +
                                            std::string(locale) + ": " + u_errorName(status));
  }
  auto built = std::make_shared<const Impl>(
      Impl{std::string(locale), currency, std::move(formatter), next_formatter_id.fetch_add(1)});
  shared.Keep(key, built);
  return MoneyFormatter(std::move(built));
}

MoneyFormatter::MoneyFormatter(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
MoneyFormatter::MoneyFormatter(MoneyFormatter&&) noexcept = default;
MoneyFormatter& MoneyFormatter::operator=(MoneyFormatter&&) noexcept = default;
MoneyFormatter::~MoneyFormatter() = default;

Result<std::string> MoneyFormatter::Format(const Money& money) const {
  if (money.currency() != impl_->currency) {
    return Status(ErrorCode::kCurrencyMismatch, "formatter for " + impl_->currency.str() +
                                                    " cannot format " + money.DebugString());
  }
  FormattedCache& cache = FormattedCache::ForThisThread();
  if (const std::string* known = cache.Find(impl_->id, money.minor_units())) return *known;
  // The integer minor units, scaled by the formatter: no double ever holds
  // the amount, so no binary rounding can show up in what people see.
  UErrorCode status = U_ZERO_ERROR;
  number::FormattedNumber formatted = impl_->formatter.formatInt(money.minor_units(), status);
  std::string out;
  formatted.toTempString(status).toUTF8String(out);
  if (U_FAILURE(status)) {
    return Status(ErrorCode::kInternal,
                  "ICU failed to format " + money.DebugString() + ": " + u_errorName(status));
  }
  cache.Keep(impl_->id, money.minor_units(), out);
  return out;
}

const std::string& MoneyFormatter::locale() const { return impl_->locale; }

CurrencyCode MoneyFormatter::currency() const { return impl_->currency; }

}  // namespace mg
