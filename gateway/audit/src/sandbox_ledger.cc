#include "gateway/audit/sandbox_ledger.h"

#include "gateway/outbound/http_client.h"
#include "gateway/providers/json_fields.h"

namespace mg::audit {
namespace {

namespace jf = providers::json_fields;
using providers::ListedCharge;
using providers::ListedRefund;

ListedCharge::State StateOf(const boost::json::object& c) {
  const std::string status = jf::String(c, "status");
  if (jf::Bool(c, "voided").value_or(false)) return ListedCharge::State::kVoided;
  if (jf::Bool(c, "captured").value_or(false)) return ListedCharge::State::kCaptured;
  // The providers' words for a declined payment, and for an authorisation
  // held but not captured (docs/sandbox.md, the ledger).
  if (status == "failed" || status == "Refused" || status == "Error") {
    return ListedCharge::State::kFailed;
  }
  // Adyen captures an authorisation by itself unless the request asked for
  // manual capture, and the gateway's purchases never do; the emulator
  // marks `captured` only on an explicit capture.
  if (status == "Authorised" && jf::String(c, "provider") == "adyen") {
    return ListedCharge::State::kCaptured;
  }
  if (status == "succeeded" || status == "Authorised") return ListedCharge::State::kAuthorized;
  return ListedCharge::State::kPending;
}

ListedRefund::State RefundStateOf(std::string_view status) {
  if (status == "succeeded") return ListedRefund::State::kSucceeded;
  if (status == "failed") return ListedRefund::State::kFailed;
  return ListedRefund::State::kPending;
}

}  // namespace

Result<std::vector<ListedCharge>> ParseSandboxLedger(std::string_view json) {
  std::optional<boost::json::value> body = jf::Parse(json);
  const boost::json::object* ledger = jf::Object(body ? &*body : nullptr);
  const boost::json::array* charges = ledger ? jf::Array(*ledger, "charges") : nullptr;
  if (charges == nullptr) return InvalidArgument("not a sandbox ledger: no `charges` array");
  std::vector<ListedCharge> out;
  for (const boost::json::value& v : *charges) {
    const boost::json::object* c = jf::Object(&v);
    if (c == nullptr) return InvalidArgument("a ledger charge is not an object");
    ListedCharge charge;
    charge.provider = jf::String(*c, "provider");
    charge.id = jf::String(*c, "id");
    // Pix's `reference` is the payer's message, not ours: a cob is linked to
    // its purchase by its txid, which the purchase keeps.
    if (charge.provider != "pix") charge.merchant_reference = jf::String(*c, "reference");
    charge.currency = jf::String(*c, "currency");
    charge.amount_minor = jf::Int(*c, "amount").value_or(0);
    charge.state = StateOf(*c);
    charge.created_unix = jf::Int(*c, "created").value_or(0);
    if (const boost::json::array* refunds = jf::Array(*c, "refunds")) {
      for (const boost::json::value& rv : *refunds) {
        const boost::json::object* r = jf::Object(&rv);
        if (r == nullptr) return InvalidArgument("a ledger refund is not an object");
        charge.refunds.push_back({jf::String(*r, "id"), jf::Int(*r, "amount").value_or(0),
                                  RefundStateOf(jf::String(*r, "status"))});
      }
    }
    out.push_back(std::move(charge));
  }
  return out;
}

Result<std::string> FetchSandboxLedger(const std::string& url) {
  outbound::HttpClientOptions options;
  options.max_response_bytes = std::size_t{1} << 30;  // a soak's ledger is large
  options.max_idle_per_host = 0;
  MG_ASSIGN_OR_RETURN(std::shared_ptr<outbound::HttpClient> client,
                      outbound::HttpClient::Create(options));
  outbound::HttpRequest request;
  request.url = url;
  outbound::HttpResult answer = client->Send(request);
  if (!answer.ok()) {
    return Status(ErrorCode::kUnavailable, "sandbox ledger " + url + ": " + answer.error);
  }
  if (answer.response.status != 200) {
    return Status(ErrorCode::kUnavailable,
                  "sandbox ledger " + url + ": HTTP " + std::to_string(answer.response.status));
  }
  return std::move(answer.response.body);
}

}  // namespace mg::audit
