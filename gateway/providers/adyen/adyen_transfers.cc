#include "adyen/adyen_transfers.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "adyen/adyen_transformers.h"
#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"

namespace mg::providers::adyen {
namespace {

namespace jf = json_fields;
namespace json = boost::json;

constexpr std::array<std::string_view, 6> kPriorities = {"crossBorder", "fast",    "instant",
                                                         "internal",    "regular", "wire"};
// Statuses after which the money did not reach the creator.
constexpr std::array<std::string_view, 7> kFailed = {"refused",  "rejected",  "error",  "failed",
                                                     "returned", "cancelled", "expired"};
constexpr std::size_t kBeneficiaryReferenceMax = 15;
constexpr std::size_t kDescriptionMax = 140;

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string BeneficiaryReference(std::string_view payout_id) {
  std::string out;
  for (char c : payout_id) {
    if (IsAlnum(c) && out.size() < kBeneficiaryReferenceMax) out += c;
  }
  return out;
}

// Banks print the description; characters outside Adyen's set become spaces.
std::string TransferDescription(std::string_view text) {
  static constexpr std::string_view kAllowed = "/-?:().,'+ ";
  std::string out;
  for (char c : text.substr(0, kDescriptionMax)) {
    out += IsAlnum(c) || kAllowed.find(c) != std::string_view::npos ? c : ' ';
  }
  return out;
}

// Adyen's ids are letters and digits; '_' and '-' are let through for
// tokens such as the sandbox's ("TI_sandbox_ok"). Nothing else may reach a
// URL path.
mg::Status ValidateTransferId(std::string_view id, const char* field) {
  auto token_char = [](char c) { return IsAlnum(c) || c == '_' || c == '-'; };
  if (id.empty() || id.size() > 64 || !std::all_of(id.begin(), id.end(), token_char)) {
    return InvalidArgument("malformed Adyen id", field);
  }
  return mg::Status::Ok();
}

// The Transfers API's problem object (RFC 7807 with Adyen's errorCode).
PaymentResult MapProblem(PaymentResult r, const outbound::HttpResponse& response,
                         const json::object* obj) {
  ApplyHttpStatus(r, response.status);
  if (obj != nullptr) {
    r.provider_code = jf::String(*obj, "errorCode");
    r.provider_status = jf::String(*obj, "title");
    r.message = jf::String(*obj, "detail");
    if (r.message.empty()) r.message = r.provider_status;
  }
  if (r.outcome == Outcome::kRetryableError) r.retry_after = RetryAfter(response);
  return r;
}

}  // namespace

bool IsTransferPriority(std::string_view priority) {
  return std::find(kPriorities.begin(), kPriorities.end(), priority) != kPriorities.end();
}

Result<std::optional<TransferAccount>> TransferAccountOf(
    const std::map<std::string, std::string>& settings) {
  auto setting = [&settings](const char* name) {
    auto it = settings.find(name);
    return it == settings.end() ? std::string() : it->second;
  };
  TransferAccount account{setting("transfers_base_url"), setting("balance_account_id")};
  std::string priority = setting("transfer_priority");
  if (!priority.empty()) account.priority = priority;
  if (!IsTransferPriority(account.priority)) {
    return InvalidArgument(
        "Adyen transfer_priority must be one of regular, fast, wire, instant, "
        "crossBorder, internal",
        "settings.transfer_priority");
  }
  if (account.base_url.empty() && account.balance_account_id.empty()) {
    return std::optional<TransferAccount>();
  }
  // No default: like base_url, a test endpoint must never take live payouts.
  if (account.base_url.rfind("https://", 0) != 0 && account.base_url.rfind("http://", 0) != 0) {
    return InvalidArgument(
        "Adyen payouts need settings.transfers_base_url: "
        "https://balanceplatform-api-test.adyen.com/btl/v4 for the test environment, or the "
        "live Transfers API endpoint Adyen gives the platform",
        "settings.transfers_base_url");
  }
  if (account.base_url.back() == '/') account.base_url.pop_back();
  const std::string& ba = account.balance_account_id;
  if (ba.empty()) {
    return InvalidArgument(
        "Adyen payouts need settings.balance_account_id (BA..., the "
        "platform's balance account they are paid from)",
        "settings.balance_account_id");
  }
  if (!std::all_of(ba.begin(), ba.end(), IsAlnum)) {
    return InvalidArgument("settings.balance_account_id '" + ba +
                               "' is not an Adyen balance account id (BA... in letters and "
                               "digits only)",
                           "settings.balance_account_id");
  }
  return std::optional<TransferAccount>(std::move(account));
}

Result<outbound::HttpRequest> BuildTransfer(const TransferAccount& account,
                                            const PayoutRequest& request) {
  MG_RETURN_IF_ERROR(ValidatePayoutRequest(request));
  MG_RETURN_IF_ERROR(ValidateTransferId(request.destination, "destination"));
  MG_ASSIGN_OR_RETURN(int64_t value, ToAdyenAmount(request.amount));
  json::object body{
      {"amount", json::object{{"currency", request.amount.currency().str()}, {"value", value}}},
      {"balanceAccountId", account.balance_account_id},
      {"category", "bank"},
      {"counterparty", json::object{{"transferInstrumentId", request.destination}}},
      {"priority", account.priority},
      {"reference", request.payout_id},
      {"referenceForBeneficiary", BeneficiaryReference(request.payout_id)}};
  if (!request.description.empty()) body["description"] = TransferDescription(request.description);
  outbound::HttpRequest r;
  r.method = "POST";
  r.url = account.base_url + "/transfers";
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = json::serialize(body);
  return r;
}

Result<outbound::HttpRequest> BuildGetTransfer(const TransferAccount& account,
                                               std::string_view transfer_id) {
  MG_RETURN_IF_ERROR(ValidateTransferId(transfer_id, "provider_reference"));
  outbound::HttpRequest r;
  r.url = account.base_url + "/transfers/" + std::string(transfer_id);
  return r;
}

PaymentResult MapTransferResponse(std::string_view provider,
                                  const outbound::HttpResponse& response) {
  PaymentResult r = ResultOfAnswer(provider, response);
  std::optional<json::value> body = jf::Parse(response.body);
  const json::object* obj = jf::Object(body ? &*body : nullptr);
  if (response.status < 200 || response.status >= 300) return MapProblem(r, response, obj);
  std::string status = obj ? jf::String(*obj, "status") : "";
  if (obj == nullptr || status.empty()) {
    r.outcome = Outcome::kPending;  // a 2xx we cannot read: never assume either way
    r.message = "unreadable Adyen transfer";
    return r;
  }
  r.provider_reference = jf::String(*obj, "id");
  r.provider_status = status;
  if (status == "credited") {
    r.outcome = Outcome::kApproved;
  } else if (std::find(kFailed.begin(), kFailed.end(), status) != kFailed.end()) {
    r.outcome = Outcome::kDeclined;
    r.decline_reason = DeclineReason::kOther;
    r.provider_code = jf::String(*obj, "reason");
    r.message =
        "Adyen transfer " + status + (r.provider_code.empty() ? "" : ": " + r.provider_code);
  } else {
    // received, authorised, booked (taken from the balance account, not yet
    // at the creator's bank, and still able to fail or return), and any
    // status Adyen adds later.
    r.outcome = Outcome::kPending;
  }
  return r;
}

}  // namespace mg::providers::adyen
