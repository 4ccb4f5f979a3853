#include "compliance/request_parser.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>

#include "json_fields.h"
#include "order_request_parser.h"

namespace mg::compliance {
namespace {

// Keeps out-of-range values out of range (ValidateQuoteRequest reports them)
// without overflowing an int.
int ClampToInt(int64_t value) {
  return static_cast<int>(std::clamp<int64_t>(value, -1, 1'000'000));
}

// Reads the request tree; the first error sticks in `error_`.
class RequestParser {
 public:
  Result<QuoteRequest> Parse(const boost::json::value& body, const QuoteParseOptions& options) {
    const char* route_kind = options.kind ? RequestKindName(*options.kind) : nullptr;
    if (options.exact_kind && route_kind != nullptr && body.is_object()) {
      const boost::json::value* given = body.get_object().if_contains("kind");
      if (given != nullptr && !given->is_null() &&
          (!given->is_string() || given->get_string() != route_kind)) {
        return InvalidArgument(std::string("this route takes kind '") + route_kind + "'", "kind");
      }
    }
    QuoteRequest request;
    JsonFields top(body, "", error_);
    for (std::string_view member : options.route_members) top.Get(member);
    std::optional<std::string> kind = top.String("kind", /*required=*/route_kind == nullptr);
    if (!kind && route_kind != nullptr) kind = route_kind;
    if (kind) {
      if (*kind == "purchase") {
        request.kind = RequestKind::kPurchase;
      } else if (*kind == "gift") {
        request.kind = RequestKind::kGift;
      } else if (*kind == "ad_booking") {
        request.kind = RequestKind::kAdBooking;
      } else if (*kind == "payout") {
        request.kind = RequestKind::kPayout;
      } else if (*kind == "order") {
        request.kind = RequestKind::kOrder;
      } else {
        top.Fail("kind", "unknown kind '" + *kind +
                             "'; expected purchase, gift, ad_booking, payout or order");
      }
    }
    request.market = top.String("market", /*required=*/true).value_or("");
    request.locale = top.String("locale").value_or("");
    if (request.kind == RequestKind::kOrder) {
      // An order's items are goods a seller priced; its subdivision is the
      // shipping address's.
      request.order = ReadOrder(top, error_);
      request.subdivision = request.order->shipping_address.subdivision;
    } else {
      request.subdivision = top.String("subdivision").value_or("");
      if (const boost::json::array* items = top.Array("items")) ReadItems(*items, request);
    }
    if (const boost::json::value* customer = top.Object("customer")) {
      request.customer = ReadCustomer(*customer);
    }
    if (const boost::json::value* gift = top.Object("gift")) {
      JsonFields fields(*gift, "gift", error_);
      request.gift = Gift{fields.Int("coins", /*required=*/true).value_or(0), std::nullopt};
      if (const boost::json::value* creator = fields.Object("creator")) {
        request.gift->creator = ReadRecipient(*creator);
      }
      fields.Finish();
    }
    if (const boost::json::value* ad = top.Object("ad")) request.ad = ReadAd(*ad);
    if (const boost::json::value* payout = top.Object("payout"))
      request.payout = ReadPayout(*payout);
    if (const boost::json::value* recurring = top.Object("recurring")) {
      request.recurring = ReadRecurring(*recurring);
    }
    top.Finish();
    if (!error_.ok()) return error_;
    MG_RETURN_IF_ERROR(ValidateQuoteRequest(request));
    return request;
  }

 private:
  void ReadItems(const boost::json::array& items, QuoteRequest& request) {
    if (items.size() > static_cast<size_t>(kMaxLineItems)) {
      if (error_.ok()) {
        error_ =
            Unprocessable("at most " + std::to_string(kMaxLineItems) + " items per quote", "items");
      }
      return;
    }
    for (size_t i = 0; i < items.size(); ++i) {
      JsonFields fields(items[i], "items[" + std::to_string(i) + "]", error_);
      LineItem item;
      item.sku = fields.String("sku", /*required=*/true).value_or("");
      item.quantity = fields.Int("quantity").value_or(1);
      fields.Finish();
      request.items.push_back(std::move(item));
    }
  }

  std::optional<BusinessParty> ReadBusiness(JsonFields& parent, std::string_view key) {
    const boost::json::value* value = parent.Object(key);
    if (!value) return std::nullopt;
    JsonFields fields(*value, parent.Param(key), error_);
    BusinessParty business;
    business.vat_id = fields.String("vat_id", /*required=*/true).value_or("");
    business.billing_country = fields.String("billing_country", /*required=*/true).value_or("");
    fields.Finish();
    return business;
  }

  PayoutCase ReadPayout(const boost::json::value& value) {
    PayoutCase payout;
    JsonFields fields(value, "payout", error_);
    payout.diamonds = fields.Int("diamonds", /*required=*/true).value_or(0);
    if (const boost::json::value* creator = fields.Object("creator")) {
      JsonFields creator_fields(*creator, "payout.creator", error_);
      if (std::optional<int64_t> age = creator_fields.Int("age")) {
        payout.creator.age = ClampToInt(*age);
      }
      if (std::optional<std::string> standing = creator_fields.String("standing")) {
        if (*standing != "good" && *standing != "restricted") {
          creator_fields.Fail("standing",
                              "unknown standing '" + *standing + "'; expected good or restricted");
        }
        payout.creator.in_good_standing = *standing == "good";
      }
      if (std::optional<std::string> identity = creator_fields.String("tax_identity")) {
        if (*identity != "verified" && *identity != "pending" && *identity != "missing") {
          creator_fields.Fail("tax_identity", "unknown tax identity status '" + *identity +
                                                  "'; expected verified, pending or missing");
        }
        payout.creator.tax_identity_verified = *identity == "verified";
      }
      creator_fields.Finish();
    }
    fields.Finish();
    return payout;
  }

  GiftRecipient ReadRecipient(const boost::json::value& value) {
    GiftRecipient creator;
    JsonFields fields(value, "gift.creator", error_);
    if (std::optional<int64_t> age = fields.Int("age")) creator.age = ClampToInt(*age);
    if (std::optional<std::string> standing = fields.String("standing")) {
      if (*standing != "good" && *standing != "restricted") {
        fields.Fail("standing",
                    "unknown standing '" + *standing + "'; expected good or restricted");
      }
      creator.in_good_standing = *standing == "good";
    }
    fields.Finish();
    return creator;
  }

  RecurringPayment ReadRecurring(const boost::json::value& value) {
    RecurringPayment recurring;
    JsonFields fields(value, "recurring", error_);
    if (std::optional<std::string> stage = fields.String("stage", /*required=*/true)) {
      if (*stage == "debit") {
        recurring.stage = RecurringPayment::Stage::kDebit;
      } else if (*stage != "registration") {
        fields.Fail("stage", "unknown stage '" + *stage + "'; expected registration or debit");
      }
    }
    if (std::optional<int64_t> hours = fields.Int("notified_hours_before")) {
      if (*hours < 0) {
        fields.Fail("notified_hours_before", "notified_hours_before must not be negative");
      } else if (recurring.stage == RecurringPayment::Stage::kRegistration) {
        fields.Fail("notified_hours_before",
                    "a registration has no pre-debit notice; notified_hours_before is for debits");
      } else {
        recurring.notified_hours_before = ClampToInt(*hours);
      }
    }
    fields.Finish();
    return recurring;
  }

  Customer ReadCustomer(const boost::json::value& value) {
    Customer customer;
    JsonFields fields(value, "customer", error_);
    customer.id = fields.String("id").value_or("");
    if (std::optional<int64_t> age = fields.Int("age")) customer.age = ClampToInt(*age);
    customer.consent_immediate_delivery = fields.Bool("consent_immediate_delivery").value_or(false);
    customer.acknowledges_withdrawal_loss = fields.Bool("acknowledges_withdrawal_loss");
    customer.payment_method = fields.String("payment_method").value_or("");
    customer.business = ReadBusiness(fields, "business");
    if (const boost::json::value* spend = fields.Object("spend")) {
      JsonFields s(*spend, "customer.spend", error_);
      DeclaredSpend declared;
      declared.last_24h = s.Amount("last_24h").value_or("0");
      declared.last_30d = s.Amount("last_30d").value_or("0");
      declared.since_last_sca = s.Amount("since_last_sca").value_or("0");
      declared.count_since_last_sca = s.Int("count_since_last_sca").value_or(0);
      s.Finish();
      customer.spend = declared;
    }
    fields.Finish();
    return customer;
  }

  AdBooking ReadAd(const boost::json::value& value) {
    AdBooking ad;
    JsonFields fields(value, "ad", error_);
    ad.format = fields.String("format", /*required=*/true).value_or("");
    if (std::optional<std::string> category = fields.String("category", /*required=*/true)) {
      std::optional<regions::AdCategory> parsed = regions::AdCategoryFromName(*category);
      if (!parsed) {
        fields.Fail("category", "unknown category '" + *category +
                                    "'; expected one of: " + regions::AdCategoryNameList());
      } else {
        ad.category = *parsed;
      }
    }
    ad.budget = fields.Amount("budget");
    if (std::optional<int64_t> days = fields.Int("days")) ad.days = ClampToInt(*days);
    if (const boost::json::value* flight = fields.Object("flight")) {
      JsonFields f(*flight, "ad.flight", error_);
      ad.flight_start = f.String("start", /*required=*/true);
      ad.flight_end = f.String("end", /*required=*/true);
      f.Finish();
    }
    if (std::optional<int64_t> age = fields.Int("audience_min_age")) {
      ad.audience_min_age = ClampToInt(*age);
    }
    if (const boost::json::value* targeting = fields.Object("targeting")) {
      JsonFields t(*targeting, "ad.targeting", error_);
      ad.targeting.profiling = t.Bool("profiling").value_or(false);
      ad.targeting.sensitive_data = t.Bool("sensitive_data").value_or(false);
      ad.targeting.consent = t.Bool("consent").value_or(false);
      ad.targeting.includes_minors = t.Bool("includes_minors");
      t.Finish();
    }
    ad.licence_reference = fields.String("licence_reference").value_or("");
    ad.brand_only = fields.Bool("brand_only").value_or(false);
    ad.paid_partnership = fields.Bool("paid_partnership").value_or(false);
    if (const boost::json::value* advertiser = fields.Object("advertiser")) {
      JsonFields a(*advertiser, "ad.advertiser", error_);
      ad.advertiser.name = a.String("name").value_or("");
      std::optional<std::string> vat_id = a.String("vat_id");
      std::optional<std::string> country = a.String("billing_country");
      if (vat_id || country) {
        ad.advertiser.business = BusinessParty{vat_id.value_or(""), country.value_or("")};
      }
      a.Finish();
    }
    fields.Finish();
    return ad;
  }

  Status error_;
};

bool LooksLikeInt(const std::string& text) {
  size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  if (i >= text.size() || text.size() - i > 18) return false;
  for (size_t j = i; j < text.size(); ++j) {
    if (!std::isdigit(static_cast<unsigned char>(text[j]))) return false;
  }
  return true;
}

}  // namespace

Result<QuoteRequest> ParseQuoteRequest(const boost::json::value& body) {
  return RequestParser().Parse(body, QuoteParseOptions{});
}

Result<QuoteRequest> ParseQuoteRequest(const boost::json::value& body,
                                       const QuoteParseOptions& options) {
  return RequestParser().Parse(body, options);
}

Result<QuoteRequest> ParseQuoteRequestJson(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(text, ec);
  if (ec) return InvalidArgument("request body is not valid JSON: " + ec.message());
  return ParseQuoteRequest(body);
}

Result<QuoteRequest> ParseQuoteRequestYaml(const YAML::Node& node, const std::string& market) {
  boost::json::value body = YamlToJson(node);
  if (boost::json::object* object = body.if_object()) {
    if (const boost::json::value* given = object->if_contains("market")) {
      if (!given->is_string() || given->get_string() != market) {
        return InvalidArgument("a case's market must be its file's market " + market, "market");
      }
    }
    (*object)["market"] = market;
  }
  return ParseQuoteRequest(body);
}

boost::json::value YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      boost::json::object object;
      for (const auto& entry : node) object[entry.first.Scalar()] = YamlToJson(entry.second);
      return object;
    }
    case YAML::NodeType::Sequence: {
      boost::json::array array;
      for (const auto& item : node) array.push_back(YamlToJson(item));
      return array;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() != "?") return boost::json::string(text);  // quoted
      if (text == "true") return true;
      if (text == "false") return false;
      if (text == "null" || text == "~" || text.empty()) return nullptr;
      if (LooksLikeInt(text)) {
        int64_t value = 0;
        const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
        std::from_chars(begin, text.data() + text.size(), value);
        return value;
      }
      return boost::json::string(text);
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
  }
  return nullptr;
}

YAML::Node FindYamlNode(const YAML::Node& root, std::string_view param) {
  // yaml-cpp throws on invalid nodes; error positions are best effort.
  YAML::Node current = root;
  try {
    size_t pos = 0;
    while (pos < param.size()) {
      if (param[pos] == '.') {
        ++pos;
        continue;
      }
      if (param[pos] == '[') {
        size_t close = param.find(']', pos);
        if (close == std::string_view::npos || !current.IsSequence()) break;
        size_t index = 0;
        std::from_chars(param.data() + pos + 1, param.data() + close, index);
        if (index >= current.size()) break;
        const YAML::Node& const_current = current;
        YAML::Node next = const_current[index];
        current.reset(next);
        pos = close + 1;
        continue;
      }
      size_t end = param.find_first_of(".[", pos);
      if (end == std::string_view::npos) end = param.size();
      if (!current.IsMap()) break;
      const YAML::Node& const_current = current;
      YAML::Node next = const_current[std::string(param.substr(pos, end - pos))];
      if (!next.IsDefined()) break;
      current.reset(next);
      pos = end;
    }
  } catch (const YAML::Exception&) {
  }
  return current;
}

}  // namespace mg::compliance
