#include "stripe/stripe_payouts.h"

#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"
#include "stripe/stripe_transformers.h"

namespace mg::providers::stripe {
namespace {

namespace jf = json_fields;
namespace json = boost::json;

constexpr std::string_view kAccountPrefix = "acct_";

mg::Status ValidateAccount(std::string_view account) {
  if (account.substr(0, kAccountPrefix.size()) != kAccountPrefix) {
    return InvalidArgument("Stripe payouts go to a connected account (acct_...)", "destination");
  }
  return ValidateId(account, "destination");
}

outbound::HttpRequest AsAccount(outbound::HttpRequest r, std::string_view account) {
  r.headers.emplace_back("Stripe-Account", std::string(account));
  return r;
}

outbound::HttpRequest FormPost(std::string url, const FormFields& form) {
  outbound::HttpRequest r;
  r.method = "POST";
  r.url = std::move(url);
  r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  r.body = FormEncode(form);
  return r;
}

bool Is2xx(int status) { return status >= 200 && status < 300; }

// The answer is 2xx and an object of `type`; nullptr otherwise.
const json::object* ObjectOf(const std::optional<json::value>& body, std::string_view type) {
  const json::object* obj = jf::Object(body ? &*body : nullptr);
  return obj != nullptr && jf::String(*obj, "object") == type ? obj : nullptr;
}

PaymentResult MapPayoutObject(PaymentResult r, const json::object& payout) {
  r.provider_reference = jf::String(payout, "id");
  r.provider_status = jf::String(payout, "status");
  if (r.provider_status == "paid") {
    r.outcome = Outcome::kApproved;
  } else if (r.provider_status == "failed" || r.provider_status == "canceled") {
    r.outcome = Outcome::kDeclined;
    r.decline_reason = DeclineReason::kOther;
    r.provider_code = jf::String(payout, "failure_code");
    r.message = jf::String(payout, "failure_message");
  } else {
    r.outcome = Outcome::kPending;  // pending, in_transit, and what Stripe adds later
  }
  return r;
}

PaymentResult Unreadable(PaymentResult r) {
  r.outcome = Outcome::kPending;  // a 2xx we cannot read: never assume either way
  r.message = "unrecognized Stripe response";
  return r;
}

}  // namespace

std::string TransferIdempotencyKey(std::string_view payout_key) {
  return std::string(payout_key) + "-transfer";
}

std::string PayoutIdempotencyKey(std::string_view payout_key) {
  return std::string(payout_key) + "-payout";
}

Result<outbound::HttpRequest> BuildCreateTransfer(std::string_view base_url,
                                                  const PayoutRequest& request) {
  MG_RETURN_IF_ERROR(ValidatePayoutRequest(request));
  MG_RETURN_IF_ERROR(ValidateAccount(request.destination));
  MG_ASSIGN_OR_RETURN(int64_t amount, ToStripeAmount(request.amount));
  FormFields form = {{"amount", std::to_string(amount)},
                     {"currency", LowerCurrency(request.amount)},
                     {"destination", request.destination},
                     {"transfer_group", request.payout_id},
                     {"metadata[payout_id]", request.payout_id}};
  if (!request.description.empty()) form.emplace_back("description", request.description);
  return FormPost(std::string(base_url) + "/v1/transfers", form);
}

Result<outbound::HttpRequest> BuildCreatePayout(std::string_view base_url, std::string_view account,
                                                std::string_view payout_id, const Money& amount) {
  MG_RETURN_IF_ERROR(ValidateAccount(account));
  if (payout_id.empty()) return InvalidArgument("payout id is required", "payout_id");
  if (amount.minor_units() <= 0) return InvalidArgument("amount must be positive", "amount");
  MG_ASSIGN_OR_RETURN(int64_t value, ToStripeAmount(amount));
  FormFields form = {{"amount", std::to_string(value)},
                     {"currency", LowerCurrency(amount)},
                     {"metadata[payout_id]", std::string(payout_id)}};
  return AsAccount(FormPost(std::string(base_url) + "/v1/payouts", form), account);
}

Result<outbound::HttpRequest> BuildRetrievePayout(std::string_view base_url,
                                                  std::string_view account,
                                                  std::string_view payout_reference) {
  MG_RETURN_IF_ERROR(ValidateAccount(account));
  MG_RETURN_IF_ERROR(ValidateId(payout_reference, "provider_reference"));
  outbound::HttpRequest r;
  r.url = std::string(base_url) + "/v1/payouts/" + std::string(payout_reference);
  return AsAccount(std::move(r), account);
}

Result<outbound::HttpRequest> BuildListTransfers(std::string_view base_url,
                                                 std::string_view payout_id) {
  if (payout_id.empty()) return InvalidArgument("payout id is required", "payout_id");
  outbound::HttpRequest r;
  r.url = std::string(base_url) + "/v1/transfers?" +
          FormEncode({{"transfer_group", std::string(payout_id)}});
  return r;
}

Result<outbound::HttpRequest> BuildListPayouts(std::string_view base_url, std::string_view account,
                                               std::string_view starting_after) {
  MG_RETURN_IF_ERROR(ValidateAccount(account));
  FormFields query = {{"limit", "100"}};
  if (!starting_after.empty()) query.emplace_back("starting_after", std::string(starting_after));
  outbound::HttpRequest r;
  r.url = std::string(base_url) + "/v1/payouts?" + FormEncode(query);
  return AsAccount(std::move(r), account);
}

PaymentResult MapTransferResponse(std::string_view provider,
                                  const outbound::HttpResponse& response) {
  if (!Is2xx(response.status)) return MapErrorResponse(provider, response);
  std::optional<json::value> body = jf::Parse(response.body);
  const json::object* transfer = ObjectOf(body, "transfer");
  if (transfer == nullptr) return Unreadable(ResultOfAnswer(provider, response));
  PaymentResult r = ResultOfAnswer(provider, response);
  r.outcome = Outcome::kApproved;
  r.provider_reference = jf::String(*transfer, "id");
  r.provider_status = "transferred";
  return r;
}

PaymentResult MapPayoutResponse(std::string_view provider, const outbound::HttpResponse& response) {
  if (!Is2xx(response.status)) return MapErrorResponse(provider, response);
  std::optional<json::value> body = jf::Parse(response.body);
  const json::object* payout = ObjectOf(body, "payout");
  if (payout == nullptr) return Unreadable(ResultOfAnswer(provider, response));
  return MapPayoutObject(ResultOfAnswer(provider, response), *payout);
}

namespace {

// The list's items when the answer is a readable list (has_more set in
// `page`); otherwise nullptr with page.failure set. `body` keeps them alive.
const json::array* ReadList(std::string_view provider, const outbound::HttpResponse& response,
                            std::optional<json::value>& body, PayoutListPage& page) {
  if (!Is2xx(response.status)) {
    page.failure = MapErrorResponse(provider, response);
    return nullptr;
  }
  body = jf::Parse(response.body);
  const json::object* list = ObjectOf(body, "list");
  const json::array* items = list ? jf::Array(*list, "data") : nullptr;
  if (items == nullptr) {
    PaymentResult r = Unreadable(ResultOfAnswer(provider, response));
    r.ambiguous = true;  // nothing is proven either way
    page.failure = r;
    return nullptr;
  }
  page.has_more = jf::Bool(*list, "has_more").value_or(false);
  return items;
}

}  // namespace

PayoutListPage MapTransferList(std::string_view provider, const outbound::HttpResponse& response) {
  PayoutListPage page;
  std::optional<json::value> body;
  const json::array* items = ReadList(provider, response, body, page);
  if (items == nullptr) return page;
  for (const json::value& item : *items) {
    const json::object* transfer = item.if_object();
    if (transfer == nullptr) continue;
    page.transfer_id = jf::String(*transfer, "id");
    page.transfer_destination = jf::String(*transfer, "destination");
    break;
  }
  return page;
}

PayoutListPage MapPayoutList(std::string_view provider, const outbound::HttpResponse& response,
                             std::string_view payout_id) {
  PayoutListPage page;
  std::optional<json::value> body;
  const json::array* items = ReadList(provider, response, body, page);
  if (items == nullptr) return page;
  for (const json::value& item : *items) {
    const json::object* payout = item.if_object();
    if (payout == nullptr) continue;
    page.last_id = jf::String(*payout, "id");
    const json::object* metadata = jf::Object(*payout, "metadata");
    if (!page.payout && metadata != nullptr && jf::String(*metadata, "payout_id") == payout_id) {
      page.payout = MapPayoutObject(ResultOfAnswer(provider, response), *payout);
    }
  }
  return page;
}

}  // namespace mg::providers::stripe
