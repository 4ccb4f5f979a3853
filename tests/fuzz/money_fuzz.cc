// Fuzzes the decimal parsers behind every amount a client or a market file
// writes: Decimal::Parse, ParseMoney in currencies of 0, 2 and 3 decimals,
// and ParseCurrencyAmount ("USD:0.99"). Whatever parses must survive the
// round trip through its canonical text unchanged.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "currency/decimal.h"

namespace {

void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "money_fuzz: %s\n", what);
  std::abort();
}

const std::vector<mg::CurrencyCode>& Currencies() {
  static const std::vector<mg::CurrencyCode> currencies = [] {
    std::vector<mg::CurrencyCode> codes;
    for (std::string_view code : {"JPY", "EUR", "KWD"})
      codes.push_back(*mg::CurrencyCode::Parse(code));
    return codes;
  }();
  return currencies;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (mg::Result<mg::Decimal> decimal = mg::Decimal::Parse(text); decimal.ok()) {
    const std::string canonical = decimal->ToString();
    mg::Result<mg::Decimal> again = mg::Decimal::Parse(canonical);
    Require(again.ok(), "a decimal's canonical text does not parse");
    Require(again->ToString() == canonical, "a decimal's canonical text is not stable");
  }

  for (const mg::CurrencyCode& currency : Currencies()) {
    mg::Result<mg::Money> money = mg::ParseMoney(text, currency);
    if (!money.ok()) continue;
    mg::Result<mg::Money> again = mg::ParseMoney(mg::FormatPlain(*money), currency);
    Require(again.ok() && *again == *money, "FormatPlain does not parse back to the same amount");
  }

  if (mg::Result<mg::Money> money = mg::ParseCurrencyAmount(text); money.ok()) {
    const std::string written = money->currency().str() + ":" + mg::FormatPlain(*money);
    mg::Result<mg::Money> again = mg::ParseCurrencyAmount(written);
    Require(again.ok() && *again == *money, "a currency amount does not parse back to itself");
  }
  return 0;
}
