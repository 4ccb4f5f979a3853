#include "compliance/request.h"

#include <charconv>
#include <chrono>

#include "regions/market_code.h"

namespace mg::compliance {
namespace {

bool IsCountryCode(const std::string& code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

Result<std::chrono::sys_days> ParseIsoDate(const std::string& text, const std::string& param) {
  int y = 0;
  unsigned m = 0, d = 0;
  bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
  if (shape) {
    const char* s = text.data();
    shape = std::from_chars(s, s + 4, y).ptr == s + 4 &&
            std::from_chars(s + 5, s + 7, m).ptr == s + 7 &&
            std::from_chars(s + 8, s + 10, d).ptr == s + 10;
  }
  std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                   std::chrono::day{d}};
  if (!shape || !date.ok()) {
    return InvalidArgument("'" + text + "' is not a date (expected YYYY-MM-DD)", param);
  }
  return std::chrono::sys_days(date);
}

Status ValidateBusiness(const BusinessParty& business, const std::string& param) {
  if (business.vat_id.empty())
    return InvalidArgument("a VAT/GST ID is required", param + ".vat_id");
  if (!IsCountryCode(business.billing_country)) {
    return InvalidArgument("billing country '" + business.billing_country +
                               "' is not an ISO 3166-1 alpha-2 code such as DE",
                           param + ".billing_country");
  }
  return Status::Ok();
}

Status ValidatePurchase(const QuoteRequest& request) {
  if (request.items.empty()) return InvalidArgument("a purchase needs at least one item", "items");
  if (request.items.size() > static_cast<size_t>(kMaxLineItems)) {
    return Unprocessable("at most " + std::to_string(kMaxLineItems) + " items per quote", "items");
  }
  for (size_t i = 0; i < request.items.size(); ++i) {
    const LineItem& item = request.items[i];
    std::string param = "items[" + std::to_string(i) + "]";
    if (item.sku.empty()) return InvalidArgument("sku must not be empty", param + ".sku");
    if (item.quantity < 1 || item.quantity > kMaxQuantity) {
      return Unprocessable("quantity " + std::to_string(item.quantity) + " is outside 1-" +
                               std::to_string(kMaxQuantity),
                           param + ".quantity");
    }
  }
  if (request.gift) return Unprocessable("a purchase takes no gift", "gift");
  if (request.ad) return Unprocessable("a purchase takes no ad", "ad");
  return Status::Ok();
}

Status RequireCountry(const std::string& code, const std::string& param) {
  if (IsCountryCode(code)) return Status::Ok();
  return InvalidArgument("'" + code + "' is not an ISO 3166-1 alpha-2 code such as DE", param);
}

Status ValidateOrder(const QuoteRequest& request) {
  if (!request.order)
    return InvalidArgument("an order needs items, a seller and an address", "items");
  if (!request.items.empty()) return Unprocessable("an order's items are goods", "items");
  const Order& order = *request.order;
  MG_RETURN_IF_ERROR(RequireCountry(order.shipping_address.country, "shipping_address.country"));
  MG_RETURN_IF_ERROR(RequireCountry(order.seller.country, "seller.country"));
  if (!order.ships_from.empty()) MG_RETURN_IF_ERROR(RequireCountry(order.ships_from, "ships_from"));
  if (order.seller.id.empty()) return InvalidArgument("seller.id must not be empty", "seller.id");
  if (order.attribution.id.empty()) {
    return InvalidArgument("attribution.id must not be empty", "attribution.id");
  }
  if (order.items.empty()) return InvalidArgument("an order needs at least one item", "items");
  if (order.items.size() > static_cast<size_t>(kMaxLineItems)) {
    return Unprocessable("at most " + std::to_string(kMaxLineItems) + " items per order", "items");
  }
  for (size_t i = 0; i < order.items.size(); ++i) {
    const OrderLineItem& item = order.items[i];
    const std::string param = "items[" + std::to_string(i) + "]";
    if (item.listing.empty())
      return InvalidArgument("listing must not be empty", param + ".listing");
    if (item.quantity < 1 || item.quantity > kMaxQuantity) {
      return Unprocessable("quantity " + std::to_string(item.quantity) + " is outside 1-" +
                               std::to_string(kMaxQuantity),
                           param + ".quantity");
    }
  }
  if (order.affiliate && order.affiliate->creator.empty()) {
    return InvalidArgument("affiliate.creator must not be empty", "affiliate.creator");
  }
  return Status::Ok();
}

Status ValidateAd(const AdBooking& ad) {
  if (ad.format.empty()) return InvalidArgument("an ad booking needs a format", "ad.format");
  if (ad.days && (*ad.days < 1 || *ad.days > kMaxAdDays)) {
    return Unprocessable(
        "days " + std::to_string(*ad.days) + " is outside 1-" + std::to_string(kMaxAdDays),
        "ad.days");
  }
  if (ad.flight_start.has_value() != ad.flight_end.has_value()) {
    return InvalidArgument("a flight needs both start and end",
                           ad.flight_start ? "ad.flight.end" : "ad.flight.start");
  }
  if (ad.flight_start) {
    if (ad.days) return Unprocessable("give either days or a flight, not both", "ad.days");
    Result<int> days = FlightDays(*ad.flight_start, *ad.flight_end);
    if (!days.ok()) return days.status();
    if (*days > kMaxAdDays) {
      return Unprocessable(
          "a flight of " + std::to_string(*days) + " days exceeds " + std::to_string(kMaxAdDays),
          "ad.flight.end");
    }
  }
  if (ad.audience_min_age && (*ad.audience_min_age < 0 || *ad.audience_min_age > kMaxAge)) {
    return Unprocessable("audience_min_age is outside 0-" + std::to_string(kMaxAge),
                         "ad.audience_min_age");
  }
  if (ad.advertiser.business) {
    MG_RETURN_IF_ERROR(ValidateBusiness(*ad.advertiser.business, "ad.advertiser"));
  }
  return Status::Ok();
}

}  // namespace

const char* RequestKindName(RequestKind kind) {
  switch (kind) {
    case RequestKind::kPurchase:
      return "purchase";
    case RequestKind::kGift:
      return "gift";
    case RequestKind::kAdBooking:
      return "ad_booking";
    case RequestKind::kPayout:
      return "payout";
    case RequestKind::kOrder:
      return "order";
  }
  return "unknown";
}

const char* AttributionTypeName(OrderAttribution::Type type) {
  switch (type) {
    case OrderAttribution::Type::kLive:
      return "live";
    case OrderAttribution::Type::kShoppableAd:
      return "shoppable_ad";
    case OrderAttribution::Type::kProductLink:
      return "product_link";
  }
  return "live";
}

Result<int> FlightDays(const std::string& start, const std::string& end) {
  MG_ASSIGN_OR_RETURN(std::chrono::sys_days first, ParseIsoDate(start, "ad.flight.start"));
  MG_ASSIGN_OR_RETURN(std::chrono::sys_days last, ParseIsoDate(end, "ad.flight.end"));
  if (last < first) {
    return Unprocessable("flight ends (" + end + ") before it starts (" + start + ")",
                         "ad.flight.end");
  }
  return static_cast<int>((last - first).count()) + 1;
}

Status ValidateQuoteRequest(const QuoteRequest& request) {
  if (!regions::IsMarketCode(request.market)) {
    return InvalidArgument("market '" + request.market +
                               "' is not a market code such as DE or ES-CN: " +
                               regions::MarketCodeProblem(request.market),
                           "market");
  }
  if (request.locale.size() > 64) return InvalidArgument("locale is too long", "locale");
  const Customer& customer = request.customer;
  if (customer.age && (*customer.age < 0 || *customer.age > kMaxAge)) {
    return Unprocessable(
        "age " + std::to_string(*customer.age) + " is outside 0-" + std::to_string(kMaxAge),
        "customer.age");
  }
  if (customer.business)
    MG_RETURN_IF_ERROR(ValidateBusiness(*customer.business, "customer.business"));
  if (customer.spend && customer.spend->count_since_last_sca < 0) {
    return Unprocessable("count_since_last_sca must not be negative",
                         "customer.spend.count_since_last_sca");
  }
  if (request.recurring && request.kind != RequestKind::kPurchase) {
    return Unprocessable("only a purchase can be recurring", "recurring");
  }
  switch (request.kind) {
    case RequestKind::kPurchase:
      return ValidatePurchase(request);
    case RequestKind::kGift:
      if (!request.gift) return InvalidArgument("a gift request needs gift.coins", "gift");
      if (request.gift->coins < 1 || request.gift->coins > kMaxGiftCoins) {
        return Unprocessable("coins " + std::to_string(request.gift->coins) + " is outside 1-" +
                                 std::to_string(kMaxGiftCoins),
                             "gift.coins");
      }
      if (request.gift->creator && request.gift->creator->age &&
          (*request.gift->creator->age < 0 || *request.gift->creator->age > kMaxAge)) {
        return Unprocessable("age " + std::to_string(*request.gift->creator->age) +
                                 " is outside 0-" + std::to_string(kMaxAge),
                             "gift.creator.age");
      }
      if (!request.items.empty()) return Unprocessable("a gift takes no items", "items");
      if (request.payout) return Unprocessable("a gift takes no payout", "payout");
      if (request.ad) return Unprocessable("a gift takes no ad", "ad");
      return Status::Ok();
    case RequestKind::kAdBooking:
      if (!request.ad) return InvalidArgument("an ad booking needs an ad", "ad");
      if (!request.items.empty()) return Unprocessable("an ad booking takes no items", "items");
      if (request.gift) return Unprocessable("an ad booking takes no gift", "gift");
      return ValidateAd(*request.ad);
    case RequestKind::kPayout:
      if (!request.payout)
        return InvalidArgument("a payout request needs payout.diamonds", "payout");
      if (request.payout->diamonds < 1 || request.payout->diamonds > kMaxPayoutDiamonds) {
        return Unprocessable("diamonds " + std::to_string(request.payout->diamonds) +
                                 " is outside 1-" + std::to_string(kMaxPayoutDiamonds),
                             "payout.diamonds");
      }
      if (request.payout->creator.age &&
          (*request.payout->creator.age < 0 || *request.payout->creator.age > kMaxAge)) {
        return Unprocessable("age " + std::to_string(*request.payout->creator.age) +
                                 " is outside 0-" + std::to_string(kMaxAge),
                             "payout.creator.age");
      }
      if (!request.items.empty()) return Unprocessable("a payout takes no items", "items");
      if (request.gift) return Unprocessable("a payout takes no gift", "gift");
      if (request.ad) return Unprocessable("a payout takes no ad", "ad");
      return Status::Ok();
    case RequestKind::kOrder:
      if (request.gift) return Unprocessable("an order takes no gift", "gift");
      if (request.ad) return Unprocessable("an order takes no ad", "ad");
      if (request.payout) return Unprocessable("an order takes no payout", "payout");
      return ValidateOrder(request);
  }
  return Status::Ok();
}

}  // namespace mg::compliance
