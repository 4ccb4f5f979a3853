#include "stripe/stripe_listing.h"

#include <string>

#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"
#include "stripe/stripe_transformers.h"

namespace mg::providers::stripe {
namespace {

namespace jf = json_fields;

ListedCharge::State IntentState(const boost::json::object& intent) {
  const std::string status = jf::String(intent, "status");
  if (status == "succeeded") return ListedCharge::State::kCaptured;
  if (status == "requires_capture") return ListedCharge::State::kAuthorized;
  // Cancelled: an authorization released, or a payment never authorized.
  if (status == "canceled") return ListedCharge::State::kVoided;
  if (status == "requires_payment_method" && jf::Object(intent, "last_payment_error") != nullptr) {
    return ListedCharge::State::kFailed;
  }
  return ListedCharge::State::kPending;
}

ListedRefund::State RefundState(std::string_view status) {
  if (status == "succeeded") return ListedRefund::State::kSucceeded;
  if (status == "failed" || status == "canceled") return ListedRefund::State::kFailed;
  return ListedRefund::State::kPending;
}

Result<int64_t> IsoMinor(int64_t stripe_amount, const std::string& currency) {
  MG_ASSIGN_OR_RETURN(Money money,
                      FromProviderUnits(stripe_amount, currency, StripeDigits(currency)));
  return money.minor_units();
}

Result<ListedCharge> ReadIntent(std::string_view provider, const boost::json::object& obj) {
  ListedCharge c;
  c.provider = std::string(provider);
  c.id = jf::String(obj, "id");
  c.currency = UpperCurrency(jf::String(obj, "currency"));
  if (const boost::json::object* metadata = jf::Object(obj, "metadata")) {
    c.merchant_reference = jf::String(*metadata, "mg_purchase_id");
  }
  MG_ASSIGN_OR_RETURN(c.amount_minor, IsoMinor(jf::Int(obj, "amount").value_or(0), c.currency));
  c.state = IntentState(obj);
  c.created_unix = jf::Int(obj, "created").value_or(0);
  if (jf::Object(obj, "latest_charge") == nullptr && !jf::String(obj, "latest_charge").empty()) {
    return Status(ErrorCode::kUnavailable, "intent " + c.id + " has its charge not expanded");
  }
  const boost::json::object* charge = jf::Object(obj, "latest_charge");
  const boost::json::object* refunds = charge ? jf::Object(*charge, "refunds") : nullptr;
  const boost::json::array* data = refunds ? jf::Array(*refunds, "data") : nullptr;
  if (refunds != nullptr && jf::Bool(*refunds, "has_more").value_or(false)) {
    return Status(ErrorCode::kUnavailable, "intent " + c.id + " has more refunds than one page");
  }
  if (charge != nullptr && data == nullptr && jf::Int(*charge, "amount_refunded").value_or(0) > 0) {
    return Status(ErrorCode::kUnavailable, "intent " + c.id + " lists no refunds (not expanded)");
  }
  for (const boost::json::value& v : data ? *data : boost::json::array{}) {
    const boost::json::object* refund = jf::Object(&v);
    if (refund == nullptr) continue;
    ListedRefund r;
    r.id = jf::String(*refund, "id");
    MG_ASSIGN_OR_RETURN(r.amount_minor,
                        IsoMinor(jf::Int(*refund, "amount").value_or(0), c.currency));
    r.state = RefundState(jf::String(*refund, "status"));
    c.refunds.push_back(std::move(r));
  }
  return c;
}

}  // namespace

outbound::HttpRequest BuildListCharges(std::string_view base_url, const ChargeListRequest& request,
                                       std::string_view starting_after) {
  FormFields query = {{"limit", "100"},
                      {"created[gte]", std::to_string(request.from.time_since_epoch().count())},
                      {"created[lt]", std::to_string(request.to.time_since_epoch().count())},
                      {"expand[]", "data.latest_charge.refunds"}};
  if (!starting_after.empty()) query.emplace_back("starting_after", std::string(starting_after));
  outbound::HttpRequest r;
  r.url = std::string(base_url) + "/v1/payment_intents?" + FormEncode(query);
  return r;
}

Result<ChargePage> MapChargeList(std::string_view provider,
                                 const outbound::HttpResponse& response) {
  std::optional<boost::json::value> body = jf::Parse(response.body);
  const boost::json::object* obj = jf::Object(body ? &*body : nullptr);
  const boost::json::array* data = obj ? jf::Array(*obj, "data") : nullptr;
  if (response.status != 200 || data == nullptr || jf::String(*obj, "object") != "list") {
    return Status(ErrorCode::kUnavailable, "Stripe answered the PaymentIntent list with HTTP " +
                                               std::to_string(response.status));
  }
  ChargePage page;
  page.has_more = jf::Bool(*obj, "has_more").value_or(false);
  for (const boost::json::value& v : *data) {
    const boost::json::object* intent = jf::Object(&v);
    if (intent == nullptr) {
      return Status(ErrorCode::kUnavailable, "a listed PaymentIntent is not an object");
    }
    MG_ASSIGN_OR_RETURN(ListedCharge c, ReadIntent(provider, *intent));
    page.charges.push_back(std::move(c));
  }
  return page;
}

}  // namespace mg::providers::stripe
