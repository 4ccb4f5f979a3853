#include "market_json.h"

#include <boost/json/array.hpp>

#include "currency/decimal.h"

namespace mg::api {
namespace {

boost::json::array Strings(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const auto& value : values) out.emplace_back(value);
  return out;
}

boost::json::value SuspensionJson(const regions::Market& market) {
  if (!market.suspension()) return nullptr;
  const regions::Suspension& suspension = *market.suspension();
  return boost::json::object{{"reason", suspension.reason},
                             {"legal_reference", suspension.legal_reference},
                             {"since", suspension.since}};
}

boost::json::array PaymentMethodsJson(const regions::Market& market,
                                      const regions::ProviderFilter& usable) {
  boost::json::array out;
  for (const regions::PaymentMethod& method : market.payment_methods()) {
    std::optional<std::string> reason = regions::MethodUnavailableReason(method, usable);
    boost::json::object item{{"method", method.method}, {"available", !reason}};
    if (reason) item["unavailable_reason"] = *reason;
    out.push_back(std::move(item));
  }
  return out;
}

boost::json::object AdsJson(const regions::Market& market, const MoneyFormatter& formatter) {
  boost::json::object ads;
  boost::json::array formats;
  if (market.ads()) {
    for (const auto& [name, format] : market.ads()->formats) {
      boost::json::object item{{"name", name}, {"pricing", regions::AdPricingName(format.pricing)}};
      if (format.cpm_floor) item["cpm_floor"] = MoneyJson(*format.cpm_floor, formatter);
      if (format.min_budget) item["min_budget"] = MoneyJson(*format.min_budget, formatter);
      if (format.price) item["price"] = MoneyJson(*format.price, formatter);
      formats.push_back(std::move(item));
    }
    ads["payment_terms"] = Strings(market.ads()->payment_terms);
  } else {
    ads["payment_terms"] = boost::json::array();
  }
  ads["formats"] = std::move(formats);
  // Rate-card figures are tax-exclusive in every market (docs/markets.md).
  ads["tax_included"] = false;
  return ads;
}

}  // namespace

boost::json::object MoneyJson(const Money& money, const MoneyFormatter& formatter) {
  // Integer minor units, as in quotes and purchases: one money shape in
  // every response.
  std::string code = money.currency().str();
  Result<std::string> formatted = formatter.Format(money);
  return {{"amount", money.minor_units()},
          {"currency", code},
          {"formatted", formatted.ok() ? *formatted : FormatPlain(money) + " " + code}};
}

boost::json::object MarketSummaryJson(const regions::Market& market) {
  return {{"code", market.code()},
          {"name", market.name()},
          {"status", regions::MarketStatusName(market.status())},
          {"currency", market.currency().str()},
          {"default_locale", market.default_locale()}};
}

boost::json::object MarketJson(const regions::Market& market, const std::string& locale,
                               const regions::ProviderFilter& usable) {
  const MoneyFormatter& formatter = market.FormatterFor(locale);
  boost::json::object body = MarketSummaryJson(market);
  body["suspension"] = SuspensionJson(market);
  body["locale"] = formatter.locale();
  body["locales"] = Strings(market.locales());
  body["time_zone"] = market.time_zone();
  body["prices_include_tax"] = market.prices_include_tax();
  body["subdivision_required"] = market.spec().subdivision_required;
  boost::json::array subdivisions;
  for (const auto& [code, subdivision] : market.spec().subdivisions) {
    subdivisions.push_back({{"code", code}, {"name", subdivision.name}});
  }
  body["subdivisions"] = std::move(subdivisions);
  body["payment_methods"] = PaymentMethodsJson(market, usable);
  body["ads"] = AdsJson(market, formatter);
  return body;
}

boost::json::object CatalogJson(const regions::Market& market, const std::string& locale) {
  const MoneyFormatter& formatter = market.FormatterFor(locale);
  boost::json::array coin_packs;
  for (const regions::CoinPack& pack : market.catalog().coin_packs) {
    coin_packs.push_back(
        {{"sku", pack.sku}, {"coins", pack.coins}, {"price", MoneyJson(pack.price, formatter)}});
  }
  boost::json::array products;
  for (const regions::Product& product : market.catalog().products) {
    products.push_back({{"sku", product.sku},
                        {"name", product.name},
                        {"tax_class", product.tax_class},
                        {"price", MoneyJson(product.price, formatter)}});
  }
  // Declared prices are what the consumer sees: gross where prices include
  // tax, net (tax added at checkout) elsewhere.
  return {{"market", market.code()},
          {"currency", market.currency().str()},
          {"locale", formatter.locale()},
          {"tax_included", market.prices_include_tax()},
          {"coin_packs", std::move(coin_packs)},
          {"products", std::move(products)}};
}

boost::json::object GiftsJson(const regions::Market& market, const std::string& locale) {
  const std::string& tag = market.FormatterFor(locale).locale();
  boost::json::array gifts;
  for (const regions::Gift& gift : market.gifts()) {
    if (!gift.available) continue;
    gifts.push_back({{"id", gift.id}, {"coins", gift.coins}, {"name", market.GiftName(gift, tag)}});
  }
  return {{"market", market.code()}, {"locale", tag}, {"gifts", std::move(gifts)}};
}

}  // namespace mg::api
