// Typed field reads with the market-specific checks: amounts in the market
// currency, percentage rates, country codes, time zones. Internal to the
// loader. Each read reports its own error and returns nullopt on failure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/yaml_reader.h"
#include "currency/currency_code.h"
#include "currency/decimal.h"
#include "currency/money.h"
#include "regions/providers.h"

namespace mg::regions::internal {

struct ParseMemo;  // parse_memo.h

// What the section parsers need to know about the market being read.
struct MarketContext {
  std::string code;                      // "DE"
  std::optional<CurrencyCode> currency;  // unset when the declared one is invalid
  const ProviderCatalog* providers = nullptr;
  // What the markets of this load share (parse_memo.h); null: nothing shared.
  ParseMemo* memo = nullptr;
};

inline constexpr int kMaxRateDecimals = 4;

// An amount string in `currency` ("0.99"). With no currency (it was invalid),
// only the decimal syntax is checked and nullopt is returned.
std::optional<Money> ReadAmount(FieldReader& reader, const std::string& key, bool required,
                                const std::optional<CurrencyCode>& currency);
// The same check on a scalar node.
std::optional<Money> ParseAmountNode(const YAML::Node& node, const NodeContext& context,
                                     const std::optional<CurrencyCode>& currency);

// A percentage "19", "9.975": 0..100 with at most kMaxRateDecimals decimals.
std::optional<Decimal> ReadRate(FieldReader& reader, const std::string& key);

std::optional<bool> RequiredBool(FieldReader& reader, const std::string& key);

bool IsCountryCode(std::string_view code);  // two upper-case ASCII letters
std::optional<std::string> ReadCountry(FieldReader& reader, const std::string& key, bool required);
// A list of country codes; each item checked.
std::optional<std::vector<std::string>> ReadCountryList(FieldReader& reader,
                                                        const std::string& key);

// True when ICU knows `id` as a system (IANA) time zone other than Etc/Unknown.
bool IsKnownTimeZone(const std::string& id);

// A required string that must not be empty.
std::optional<std::string> RequiredText(FieldReader& reader, const std::string& key);

}  // namespace mg::regions::internal
