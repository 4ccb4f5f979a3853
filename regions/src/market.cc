#include "regions/market.h"

#include <algorithm>
#include <utility>

namespace mg::regions {

const char* MarketStatusName(MarketStatus status) {
  switch (status) {
    case MarketStatus::kLive:
      return "live";
    case MarketStatus::kSuspended:
      return "suspended";
    case MarketStatus::kPlanned:
      return "planned";
  }
  return "unknown";
}

const char* RoundingLevelName(RoundingLevel level) {
  return level == RoundingLevel::kInvoice ? "invoice" : "line";
}

const char* AdPricingName(AdPricing pricing) {
  switch (pricing) {
    case AdPricing::kCpm:
      return "cpm";
    case AdPricing::kPerDay:
      return "per_day";
    case AdPricing::kFlat:
      return "flat";
  }
  return "unknown";
}

const char* RefundAfterGiftsName(RefundAfterGifts policy) {
  switch (policy) {
    case RefundAfterGifts::kPlatformAbsorbs:
      return "platform_absorbs";
    case RefundAfterGifts::kUnspentOnly:
      return "unspent_only";
    case RefundAfterGifts::kClawBackDiamonds:
      return "claw_back_diamonds";
  }
  return "unknown";
}

const std::vector<std::string>& KnownTaxClasses() {
  static const std::vector<std::string> kClasses = {
      kTaxClassVirtualCurrency, kTaxClassDigitalService,       kTaxClassAdvertising,
      kTaxClassPhysicalGoods,   kTaxClassPhysicalGoodsReduced,
  };
  return kClasses;
}

Market::Market(MarketSpec spec, LocaleNegotiator negotiator)
    : spec_(std::move(spec)), negotiator_(std::move(negotiator)) {}

Result<std::shared_ptr<const Market>> Market::Create(MarketSpec spec) {
  if (spec.locales.empty()) return InvalidArgument("a market needs at least one locale", "locales");
  MG_ASSIGN_OR_RETURN(LocaleNegotiator negotiator, LocaleNegotiator::Create(spec.locales));

  MoneyFormatOptions options;
  options.style = spec.display.style;
  options.display_digits = spec.display.digits;
  std::map<std::string, MoneyFormatter, std::less<>> formatters;
  for (const auto& locale : spec.locales) {
    MG_ASSIGN_OR_RETURN(MoneyFormatter formatter,
                        MoneyFormatter::Create(locale, spec.currency.code, options));
    formatters.emplace(locale, std::move(formatter));
  }

  std::map<std::string, CatalogItem, std::less<>> items;
  for (const auto& pack : spec.catalog.coin_packs) {
    CatalogItem item{
        CatalogItem::Kind::kCoinPack, pack.sku,  std::to_string(pack.coins) + " coins", pack.price,
        kTaxClassVirtualCurrency,     pack.coins};
    if (!items.emplace(pack.sku, std::move(item)).second) {
      return InvalidArgument("duplicate SKU '" + pack.sku + "'", "catalog");
    }
  }
  for (const auto& product : spec.catalog.products) {
    CatalogItem item{CatalogItem::Kind::kProduct,
                     product.sku,
                     product.name,
                     product.price,
                     product.tax_class,
                     0};
    if (!items.emplace(product.sku, std::move(item)).second) {
      return InvalidArgument("duplicate SKU '" + product.sku + "'", "catalog");
    }
  }

  // Not make_shared: the constructor is private.
  std::shared_ptr<Market> market(new Market(std::move(spec), std::move(negotiator)));
  market->formatters_ = std::move(formatters);
  market->items_ = std::move(items);
  return std::shared_ptr<const Market>(std::move(market));
}

const CatalogItem* Market::FindSku(std::string_view sku) const {
  auto it = items_.find(sku);
  return it == items_.end() ? nullptr : &it->second;
}

const Subdivision* Market::FindSubdivision(std::string_view code) const {
  auto it = spec_.subdivisions.find(std::string(code));
  return it == spec_.subdivisions.end() ? nullptr : &it->second;
}

const PaymentMethod* Market::FindPaymentMethod(std::string_view method) const {
  for (const auto& m : spec_.payment_methods) {
    if (m.method == method) return &m;
  }
  return nullptr;
}

const Rule* Market::FindRule(std::string_view id) const {
  for (const auto& rule : spec_.rules) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

const AdFormat* Market::FindAdFormat(std::string_view name) const {
  if (!spec_.ads) return nullptr;
  auto it = spec_.ads->formats.find(std::string(name));
  return it == spec_.ads->formats.end() ? nullptr : &it->second;
}

const Gift* Market::FindGift(std::string_view id) const {
  for (const Gift& gift : spec_.gifts) {
    if (gift.id == id) return &gift;
  }
  return nullptr;
}

const std::string& Market::GiftName(const Gift& gift, std::string_view locale) const {
  static const std::string kNone;
  auto exact = gift.names.find(std::string(locale));
  if (exact != gift.names.end()) return exact->second;
  auto language = gift.names.find(std::string(locale.substr(0, locale.find('-'))));
  return language != gift.names.end() ? language->second : kNone;
}

const std::vector<TaxComponent>* Market::FindTaxClass(std::string_view tax_class) const {
  auto it = spec_.tax.classes.find(std::string(tax_class));
  return it == spec_.tax.classes.end() ? nullptr : &it->second;
}

const MoneyFormatter& Market::FormatterFor(std::string_view locale) const {
  auto it = formatters_.find(locale);
  if (it != formatters_.end()) return it->second;
  it = formatters_.find(negotiator_.Resolve(locale));
  if (it != formatters_.end()) return it->second;
  return DefaultFormatter();
}

const MoneyFormatter& Market::DefaultFormatter() const {
  return formatters_.find(spec_.locales.front())->second;
}

std::string Market::FormatDefault(const Money& money) const {
  Result<std::string> text = DefaultFormatter().Format(money);
  return text.ok() ? *text : FormatPlain(money);
}

std::optional<std::string> MethodUnavailableReason(const PaymentMethod& method,
                                                   const ProviderFilter& usable) {
  if (!method.available) return method.unavailable_reason;
  if (!usable) return std::nullopt;
  std::string routed;
  for (const ProviderRoute& route : method.providers) {
    if (usable(route.provider)) return std::nullopt;
    routed += (routed.empty() ? "" : ", ") + route.provider;
  }
  return "no payment provider is configured for it here (it routes to " +
         (routed.empty() ? std::string("none") : routed) + ")";
}

}  // namespace mg::regions
