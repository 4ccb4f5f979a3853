#include "field_checks.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace mg::regions::internal {
namespace {

bool IsNegativeText(const std::string& text) { return !text.empty() && text[0] == '-'; }

}  // namespace

std::optional<Money> ParseAmountNode(const YAML::Node& node, const NodeContext& context,
                                     const std::optional<CurrencyCode>& currency) {
  if (!node.IsScalar()) {
    context.Error(node, "expected an amount string such as \"12.34\"");
    return std::nullopt;
  }
  const std::string& text = node.Scalar();
  Result<Decimal> decimal = Decimal::Parse(text);
  if (!decimal.ok()) {
    context.Error(node, "expected an amount such as \"12.34\", found '" + text + "'");
    return std::nullopt;
  }
  if (IsNegativeText(text)) {
    context.Error(node, "amount '" + text + "' must not be negative");
    return std::nullopt;
  }
  if (!currency) return std::nullopt;
  Result<CurrencyFacts> facts = LookupCurrency(*currency);
  if (facts.ok() && decimal->scale > facts->fraction_digits) {
    context.Error(node, "amount '" + text + "' has more decimals than " + currency->str() +
                            " allows (" + std::to_string(facts->fraction_digits) + ")");
    return std::nullopt;
  }
  Result<Money> money = ParseMoney(text, *currency);
  if (!money.ok()) {
    context.Error(node, "invalid amount '" + text + "' in " + currency->str() + ": " +
                            money.status().message());
    return std::nullopt;
  }
  return *money;
}

std::optional<Money> ReadAmount(FieldReader& reader, const std::string& key, bool required,
                                const std::optional<CurrencyCode>& currency) {
  if (!reader.Has(key)) {
    if (required) reader.RequiredString(key);  // reports the missing field
    return std::nullopt;
  }
  return ParseAmountNode(reader.Get(key), reader.context().Child(key), currency);
}

std::optional<Decimal> ReadRate(FieldReader& reader, const std::string& key) {
  std::optional<std::string> text = reader.RequiredString(key);
  if (!text) return std::nullopt;
  NodeContext context = reader.context().Child(key);
  YAML::Node node = reader.Get(key);
  Result<Decimal> rate = Decimal::Parse(*text);
  if (!rate.ok()) {
    context.Error(node, "expected a percentage such as \"19\" or \"9.975\", found '" + *text + "'");
    return std::nullopt;
  }
  if (rate->scale > kMaxRateDecimals) {
    context.Error(node, "rate '" + *text + "' has more than " + std::to_string(kMaxRateDecimals) +
                            " decimals");
    return std::nullopt;
  }
  // 0 <= rate <= 100: compare coefficient with 100 * 10^scale.
  int64_t hundred = 100;
  for (int i = 0; i < rate->scale; ++i) hundred *= 10;
  if (rate->coefficient < 0 || rate->coefficient > hundred) {
    context.Error(node, "rate '" + *text + "' is outside 0-100 %");
    return std::nullopt;
  }
  return *rate;
}

std::optional<bool> RequiredBool(FieldReader& reader, const std::string& key) {
  if (reader.valid() && !reader.Has(key)) {
    reader.RequiredString(key);  // reports the missing field
    return std::nullopt;
  }
  return reader.OptionalBool(key);
}

bool IsCountryCode(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

std::optional<std::string> ReadCountry(FieldReader& reader, const std::string& key, bool required) {
  std::optional<std::string> code =
      required ? reader.RequiredString(key) : reader.OptionalString(key);
  if (!code) return std::nullopt;
  if (!IsCountryCode(*code)) {
    reader.context().Child(key).Error(
        reader.Get(key),
        "expected an ISO 3166-1 alpha-2 country code such as \"DE\", found '" + *code + "'");
    return std::nullopt;
  }
  return code;
}

std::optional<std::vector<std::string>> ReadCountryList(FieldReader& reader,
                                                        const std::string& key) {
  std::optional<std::vector<std::string>> codes = reader.OptionalStringList(key);
  if (!codes) return std::nullopt;
  bool ok = true;
  YAML::Node list = reader.Get(key);
  for (size_t i = 0; i < codes->size(); ++i) {
    if (IsCountryCode((*codes)[i])) continue;
    reader.context().Child(key).Index(i).Error(
        list[i], "expected an ISO 3166-1 alpha-2 country code, found '" + (*codes)[i] + "'");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return codes;
}

bool IsKnownTimeZone(const std::string& id) {
  if (id.empty() || id == "Etc/Unknown") return false;
  icu::UnicodeString unicode_id = icu::UnicodeString::fromUTF8(id);
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(unicode_id));
  if (!zone || *zone == icu::TimeZone::getUnknown()) return false;
  // Custom ids such as "GMT+05:00" are accepted by createTimeZone; require an
  // id from ICU's (IANA) zone database.
  icu::UnicodeString canonical;
  UBool is_system = false;
  UErrorCode status = U_ZERO_ERROR;
  icu::TimeZone::getCanonicalID(unicode_id, canonical, is_system, status);
  return U_SUCCESS(status) && is_system;
}

std::optional<std::string> RequiredText(FieldReader& reader, const std::string& key) {
  std::optional<std::string> text = reader.RequiredString(key);
  if (text && text->empty()) {
    reader.context().Child(key).Error(reader.Get(key), "'" + key + "' must not be empty");
    return std::nullopt;
  }
  return text;
}

}  // namespace mg::regions::internal
