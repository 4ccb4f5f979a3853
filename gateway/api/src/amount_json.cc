#include "amount_json.h"

#include <boost/json/parse.hpp>

#include "currency/decimal.h"

namespace mg::api {

boost::json::object AmountRenderer::operator()(int64_t minor_units) const {
  Money money(minor_units, currency_);
  boost::json::object out;
  out["amount"] = minor_units;
  out["currency"] = currency_.str();
  std::string text = FormatPlain(money);
  if (formatter_ != nullptr) {
    if (Result<std::string> formatted = formatter_->Format(money); formatted.ok()) {
      text = std::move(formatted).value();
    }
  }
  out["formatted"] = std::move(text);
  return out;
}

Result<AmountRenderer> RendererForRecord(const regions::MarketSnapshot& snapshot,
                                         std::string_view market, std::string_view currency,
                                         const boost::json::value& quote) {
  MG_ASSIGN_OR_RETURN(CurrencyCode code, CurrencyCode::Parse(currency));
  const regions::Market* found = snapshot.Find(market);
  if (found == nullptr || found->currency() != code) return AmountRenderer(code, nullptr);
  std::string_view locale;
  if (const boost::json::object* object = quote.if_object()) {
    if (const boost::json::value* value = object->if_contains("locale")) {
      if (value->is_string()) locale = value->get_string();
    }
  }
  return AmountRenderer(code, &found->FormatterFor(locale));
}

boost::json::value ParseStoredJson(std::string_view text, boost::json::storage_ptr storage) {
  if (text.empty()) return boost::json::value(storage);
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec, storage);
  if (ec) return boost::json::value(storage);
  return value;
}

int64_t UnixSeconds(int64_t unix_millis) {
  return unix_millis >= 0 ? unix_millis / 1000 : -((-unix_millis + 999) / 1000);
}

}  // namespace mg::api
