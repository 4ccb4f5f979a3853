#include "order_request_parser.h"

namespace mg::compliance {
namespace {

ShippingAddress ReadAddress(const boost::json::value& value, Status& error) {
  JsonFields fields(value, "shipping_address", error);
  ShippingAddress address;
  address.country = fields.String("country", /*required=*/true).value_or("");
  address.subdivision = fields.String("subdivision").value_or("");
  address.postal_code = fields.String("postal_code").value_or("");
  address.city = fields.String("city").value_or("");
  if (const boost::json::array* lines = fields.Array("lines")) {
    for (size_t i = 0; i < lines->size(); ++i) {
      const boost::json::string* line = (*lines)[i].if_string();
      if (line == nullptr) {
        fields.Fail("lines", "expected a list of strings");
        break;
      }
      address.lines.emplace_back(line->c_str(), line->size());
    }
  }
  fields.Finish();
  return address;
}

OrderSellerParty ReadSeller(const boost::json::value& value, Status& error) {
  JsonFields fields(value, "seller", error);
  OrderSellerParty seller;
  seller.id = fields.String("id", /*required=*/true).value_or("");
  seller.country = fields.String("country", /*required=*/true).value_or("");
  seller.registration = fields.String("tax_registration").value_or("");
  fields.Finish();
  return seller;
}

std::vector<OrderLineItem> ReadItems(const boost::json::array& items, Status& error) {
  std::vector<OrderLineItem> read;
  for (size_t i = 0; i < items.size() && i <= static_cast<size_t>(kMaxLineItems); ++i) {
    JsonFields fields(items[i], "items[" + std::to_string(i) + "]", error);
    OrderLineItem item;
    item.listing = fields.String("listing", /*required=*/true).value_or("");
    item.title = fields.String("title").value_or("");
    item.unit_price = fields.Amount("unit_price", /*required=*/true).value_or("");
    item.tax_class = fields.String("tax_class", /*required=*/true).value_or("");
    item.category = fields.String("category", /*required=*/true).value_or("");
    item.quantity = fields.Int("quantity").value_or(1);
    fields.Finish();
    read.push_back(std::move(item));
  }
  return read;
}

OrderAttribution ReadAttribution(const boost::json::value& value, Status& error) {
  JsonFields fields(value, "attribution", error);
  OrderAttribution attribution;
  if (std::optional<std::string> type = fields.String("type", /*required=*/true)) {
    if (*type == "live") {
      attribution.type = OrderAttribution::Type::kLive;
    } else if (*type == "shoppable_ad") {
      attribution.type = OrderAttribution::Type::kShoppableAd;
    } else if (*type == "product_link") {
      attribution.type = OrderAttribution::Type::kProductLink;
    } else {
      fields.Fail("type", "unknown attribution type '" + *type +
                              "'; expected live, shoppable_ad or product_link");
    }
  }
  attribution.id = fields.String("id", /*required=*/true).value_or("");
  fields.Finish();
  return attribution;
}

}  // namespace

Order ReadOrder(JsonFields& top, Status& error) {
  Order order;
  if (const boost::json::value* address = top.Object("shipping_address", /*required=*/true)) {
    order.shipping_address = ReadAddress(*address, error);
  }
  order.ships_from = top.String("ships_from").value_or("");
  if (const boost::json::value* seller = top.Object("seller", /*required=*/true)) {
    order.seller = ReadSeller(*seller, error);
  }
  if (const boost::json::array* items = top.Array("items", /*required=*/true)) {
    order.items = ReadItems(*items, error);
  }
  if (const boost::json::value* affiliate = top.Object("affiliate")) {
    JsonFields fields(*affiliate, "affiliate", error);
    OrderAffiliate read;
    read.creator = fields.String("creator", /*required=*/true).value_or("");
    read.rate = fields.Amount("rate", /*required=*/true).value_or("");
    fields.Finish();
    order.affiliate = std::move(read);
  }
  if (const boost::json::value* attribution = top.Object("attribution", /*required=*/true)) {
    order.attribution = ReadAttribution(*attribution, error);
  }
  return order;
}

}  // namespace mg::compliance
