#include "currency/locale_negotiation.h"

#include <unicode/localematcher.h>
#include <unicode/locid.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace mg {
namespace {

// Bounds on what one header may cost: real browsers send a handful of
// entries, so anything longer is cut rather than parsed.
constexpr size_t kMaxHeaderBytes = 4096;
constexpr size_t kMaxEntries = 32;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// A well-formed BCP 47 tag with a language, or nullopt.
std::optional<icu::Locale> ParseTag(std::string_view tag) {
  if (tag.empty()) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale =
      icu::Locale::forLanguageTag(icu::StringPiece(tag.data(), tag.size()), status);
  if (U_FAILURE(status) || locale.isBogus() || locale.getLanguage()[0] == '\0') {
    return std::nullopt;
  }
  return locale;
}

// RFC 9110 qvalue ("1", "0.8", "0.125") in thousandths, or nullopt.
std::optional<int> ParseQuality(std::string_view text) {
  if (text.empty() || text.size() > 5 || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  int thousandths = (text[0] - '0') * 1000;
  if (text.size() > 1) {
    if (text[1] != '.') return std::nullopt;
    int scale = 100;
    for (char c : text.substr(2)) {
      if (c < '0' || c > '9') return std::nullopt;
      thousandths += (c - '0') * scale;
      scale /= 10;
    }
  }
  if (thousandths > 1000) return std::nullopt;
  return thousandths;
}

struct WeightedLocale {
  icu::Locale locale;
  int quality;  // thousandths
};

// One "tag;q=0.8" entry; nullopt for "*", q=0 and anything malformed.
std::optional<WeightedLocale> ParseEntry(std::string_view entry) {
  size_t semicolon = entry.find(';');
  std::optional<icu::Locale> locale = ParseTag(Trim(entry.substr(0, semicolon)));
  if (!locale) return std::nullopt;
  int quality = 1000;
  while (semicolon != std::string_view::npos) {
    entry.remove_prefix(semicolon + 1);
    semicolon = entry.find(';');
    const std::string_view parameter = Trim(entry.substr(0, semicolon));
    const size_t equals = parameter.find('=');
    if (equals == std::string_view::npos) continue;  // not a q-value; ignored
    if (!EqualsIgnoreCase(Trim(parameter.substr(0, equals)), "q")) continue;
    std::optional<int> parsed = ParseQuality(Trim(parameter.substr(equals + 1)));
    if (!parsed) return std::nullopt;
    quality = *parsed;
  }
  if (quality == 0) return std::nullopt;
  return WeightedLocale{*locale, quality};
}

}  // namespace

struct LocaleNegotiator::Impl {
  std::vector<std::string> supported;
  icu::LocaleMatcher matcher;

  // The supported tag for `desired` (most preferred first), or the default.
  const std::string& BestMatch(const std::vector<icu::Locale>& desired) const {
    if (desired.empty()) return supported.front();
    icu::Locale::RangeIterator<std::vector<icu::Locale>::const_iterator> it(desired.begin(),
                                                                            desired.end());
    UErrorCode status = U_ZERO_ERROR;
    icu::LocaleMatcher::Result result = matcher.getBestMatchResult(it, status);
    const int32_t index = result.getSupportedIndex();
    if (U_FAILURE(status) || index < 0) return supported.front();
    return supported[static_cast<size_t>(index)];
  }
};

Result<LocaleNegotiator> LocaleNegotiator::Create(const std::vector<std::string>& supported) {
  if (supported.empty()) return InvalidArgument("no supported locales", "locales");
  std::vector<icu::Locale> locales;
  for (const std::string& tag : supported) {
    std::optional<icu::Locale> locale = ParseTag(tag);
    if (!locale) {
      return InvalidArgument("supported locale '" + tag + "' is not a BCP 47 language tag",
                             "locales");
    }
    locales.push_back(*locale);
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::LocaleMatcher matcher = icu::LocaleMatcher::Builder()
                                   .setSupportedLocales(locales.begin(), locales.end())
                                   .setDefaultLocale(&locales.front())
                                   .build(status);
  if (U_FAILURE(status)) {
    return Status(ErrorCode::kInternal,
                  std::string("ICU cannot build a locale matcher: ") + u_errorName(status));
  }
  return LocaleNegotiator(std::make_unique<Impl>(Impl{supported, std::move(matcher)}));
}

LocaleNegotiator::LocaleNegotiator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LocaleNegotiator::LocaleNegotiator(LocaleNegotiator&&) noexcept = default;
LocaleNegotiator& LocaleNegotiator::operator=(LocaleNegotiator&&) noexcept = default;
LocaleNegotiator::~LocaleNegotiator() = default;

std::string LocaleNegotiator::Negotiate(std::string_view accept_language) const {
  std::string_view header = accept_language.substr(0, kMaxHeaderBytes);
  std::vector<WeightedLocale> entries;
  while (!header.empty() && entries.size() < kMaxEntries) {
    const size_t comma = header.find(',');
    if (std::optional<WeightedLocale> entry = ParseEntry(header.substr(0, comma))) {
      entries.push_back(*entry);
    }
    header.remove_prefix(comma == std::string_view::npos ? header.size() : comma + 1);
  }
  // Stable: equal qualities keep the client's order, as RFC 9110 intends.
  std::stable_sort(
      entries.begin(), entries.end(),
      [](const WeightedLocale& a, const WeightedLocale& b) { return a.quality > b.quality; });
  std::vector<icu::Locale> desired;
  for (const WeightedLocale& entry : entries) desired.push_back(entry.locale);
  return impl_->BestMatch(desired);
}

std::string LocaleNegotiator::Resolve(std::string_view locale) const {
  for (const std::string& tag : impl_->supported) {
    if (EqualsIgnoreCase(tag, locale)) return tag;
  }
  std::optional<icu::Locale> parsed = ParseTag(locale);
  if (!parsed) return impl_->supported.front();
  return impl_->BestMatch({*parsed});
}

const std::string& LocaleNegotiator::default_locale() const { return impl_->supported.front(); }

std::vector<std::string> IcuLocaleTags() {
  std::vector<std::string> tags = {"en"};
  int32_t count = 0;
  const icu::Locale* locales = icu::Locale::getAvailableLocales(count);
  for (int32_t i = 0; i < count; ++i) {
    UErrorCode status = U_ZERO_ERROR;
    std::string tag = locales[i].toLanguageTag<std::string>(status);
    if (U_SUCCESS(status) && tag != "en" && tag != "und") tags.push_back(std::move(tag));
  }
  return tags;
}

}  // namespace mg
