// Adyen Checkout API v71, as the sandbox answers it (docs/sandbox.md):
// authentication, idempotency keys, routing and /payments. Modifications
// and technical cancels are in adyen_modifications.cc, 3-D Secure (the
// challenge page and /payments/details) in adyen_three_ds.cc, the balance
// platform's transfers (payouts) in adyen_transfers.cc.
#include <boost/json.hpp>
#include <regex>

#include "adyen_internal.h"
#include "emulator_util.h"
#include "gateway/providers/json_fields.h"

namespace mg::sandbox {
namespace adyen_emulator {
namespace {

namespace json = boost::json;
namespace jf = providers::json_fields;
using providers::SandboxScenario;

struct Refusal {
  const char* reason;
  const char* code;
  const char* raw;
};

std::optional<Refusal> RefusalFor(SandboxScenario s) {
  switch (s) {
    case SandboxScenario::kInsufficientFunds:
      return Refusal{"Not enough balance", "12", "51 : Insufficient funds"};
    case SandboxScenario::kExpiredCard:
      return Refusal{"Expired Card", "6", "54 : Expired card"};
    case SandboxScenario::kIncorrectCvc:
      return Refusal{"CVC Declined", "24", "N7 : CVV2 failure"};
    case SandboxScenario::kFraud:
      return Refusal{"FRAUD", "20", "59 : Suspected fraud"};
    case SandboxScenario::kCardDeclined:
      return Refusal{"Refused", "2", "Refused"};
    case SandboxScenario::kDoNotHonor:
      return Refusal{"Refused", "2", "05 : Do not honor"};
    default:
      return std::nullopt;
  }
}

// Fills the result for a recorded payment; returns its resultCode.
std::string Outcome(SandboxScenario scenario, const std::string& type, const std::string& psp,
                    EmulatorContext& ctx, json::object& out) {
  std::optional<Refusal> refusal = RefusalFor(scenario);
  std::string url = ctx.config.public_base_url + "/adyen/redirect/" + psp;
  if (refusal) {
    out["refusalReason"] = refusal->reason;
    out["refusalReasonCode"] = refusal->code;
    out["additionalData"] = json::object{{"refusalReasonRaw", refusal->raw}};
    return "Refused";
  }
  if (scenario == SandboxScenario::kScaRedirect) {
    out["action"] = json::object{
        {"type", "redirect"}, {"paymentMethodType", type}, {"url", url}, {"method", "GET"}};
    return "RedirectShopper";
  }
  if (scenario == SandboxScenario::kScaChallenge) {
    out["action"] = json::object{{"type", "threeDS2"},
                                 {"subtype", "challenge"},
                                 {"paymentMethodType", type},
                                 {"token", "sandbox-3ds2-token"},
                                 {"url", url}};
    return "ChallengeShopper";
  }
  if (scenario == SandboxScenario::kAsyncPending) {
    if (type == "scheme") return "Received";
    out["action"] = json::object{{"type", "voucher"},
                                 {"paymentMethodType", type},
                                 {"url", ctx.config.public_base_url + "/adyen/voucher/" + psp}};
    return "PresentToShopper";
  }
  return "Authorised";
}

}  // namespace

SandboxResponse Payment(const SandboxRequest& req, EmulatorContext& ctx, const std::string& key) {
  std::optional<json::value> doc = jf::Parse(req.body);
  const json::object* body = jf::Object(doc ? &*doc : nullptr);
  const json::object* method = body ? jf::Object(*body, "paymentMethod") : nullptr;
  const json::object* amount = body ? jf::Object(*body, "amount") : nullptr;
  if (method == nullptr || amount == nullptr || jf::String(*body, "merchantAccount").empty()) {
    return Error(422, "14_0", "validation", "Required field missing");
  }
  // Drawn for every payment request, so that the faults follow request order.
  ChargeFault random = ctx.faults.DrawCharge();
  std::string type = jf::String(*method, "type");
  Charge c;
  c.provider = "adyen";
  c.idempotency_key = key;
  c.reference = jf::String(*body, "reference");
  c.merchant_reference = c.reference;
  c.amount = jf::Int(*amount, "value").value_or(0);
  c.currency = jf::String(*amount, "currency");
  c.created = UnixNow();
  std::optional<SandboxScenario> token_scenario;
  SandboxScenario scenario = SandboxScenario::kSuccess;
  if (type == "scheme") {
    c.token = jf::String(*method, "storedPaymentMethodId");
    token_scenario = providers::FindSandboxScenario(c.token);
    if (!token_scenario || *token_scenario == SandboxScenario::kInvalidRequest) {
      return Error(422, "14_0", "validation", "Invalid stored payment method");
    }
    scenario = *token_scenario;
  } else if (type == "ideal" || type == "twint" || type == "knet") {
    scenario = SandboxScenario::kScaRedirect;  // local redirect methods
  } else if (type == "econtext_stores" || type == "oxxo") {
    scenario = SandboxScenario::kAsyncPending;  // voucher paid in a shop
  } else {
    return Error(422, "14_0", "validation", "Unsupported payment method type " + type);
  }
  providers::ThreeDsStep step = providers::ThreeDsStepFor(scenario, ScaAskOf(*body));
  std::string return_url = jf::String(*body, "returnUrl");
  if (step == providers::ThreeDsStep::kChallenge && return_url.empty()) {
    return Error(422, "14_0", "validation", "Required field 'returnUrl' is not provided.");
  }
  if (NamesTransportOutcome(scenario)) random = ChargeFault::kNone;
  ctx.faults.Injected(random, "adyen payment " + key);
  if (scenario == SandboxScenario::kServerError) {
    return Error(500, "905", "internal", "Payment details are not supported");
  }
  if (scenario == SandboxScenario::kRateLimited) {
    SandboxResponse r = Error(429, "429", "internal", "Too many requests");
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  c.id = PspReference(ctx);
  json::object out{{"pspReference", c.id}, {"merchantReference", c.reference}};
  c.status = step == providers::ThreeDsStep::kNotThreeDs
                 ? Outcome(scenario, type, c.id, ctx, out)
                 : ThreeDsOutcome(step, return_url, c, ctx, out);
  out["resultCode"] = c.status;
  ctx.ledger.AddCharge(c, "");
  if (c.status == "Authorised" || c.status == "Refused") {
    // merchantReference is the payment's `reference`, so that a payment
    // whose answer was lost can be settled by this notification alone.
    SendNotification(ctx,
                     Notification{"AUTHORISATION", c.status == "Authorised", c.id, "", c.reference,
                                  c.amount, c.currency, ""},
                     c.id);
  }
  SandboxResponse r = JsonResponse(200, json::serialize(out));
  r.fault = ChargeFaultFor(token_scenario, random);
  if (scenario == SandboxScenario::kTimeout) r.delay = ctx.config.timeout_delay;
  if (random == ChargeFault::kSlow) r.delay = ctx.faults.SlowDelay(ctx.config.timeout_delay);
  return r;
}

}  // namespace adyen_emulator

SandboxResponse HandleAdyen(const SandboxRequest& req, EmulatorContext& ctx) {
  using namespace adyen_emulator;
  // The shopper's browser, not the merchant: no API key, no idempotency.
  if (IsChallengePath(req.path)) return ChallengePage(req, ctx);
  if (req.Header("x-api-key").empty()) {
    return Error(401, "000", "security", "HTTP Status Response - Unauthorized");
  }
  std::string key = req.Header("idempotency-key");
  std::string fingerprint = req.method + " " + req.path + "\n" + req.body;
  StoredAnswer stored;
  switch (ctx.ledger.FindReplay("adyen", key, fingerprint, &stored)) {
    case Ledger::Replay::kSame:
      return JsonResponse(stored.status, stored.body);
    case Ledger::Replay::kConflict:
      return Error(422, "704", "validation",
                   "request already processed or in progress with other parameters");
    case Ledger::Replay::kInProgress:
      return InProgress();
    case Ledger::Replay::kNone:
      break;
  }
  static const std::regex kModification(
      R"(^/v71/payments/([A-Za-z0-9]+)/(captures|refunds|cancels)$)");
  std::smatch m;
  SandboxResponse r;
  if (IsTransferPath(req.path)) {
    r = Transfers(req, ctx);
  } else if (req.method == "POST" && req.path == "/v71/payments") {
    r = Payment(req, ctx, key);
  } else if (req.method == "POST" && req.path == "/v71/payments/details") {
    r = PaymentDetails(req, ctx);
  } else if (req.method == "POST" && req.path == "/v71/cancels") {
    r = CancelByReference(req, ctx);
  } else if (req.method == "POST" && std::regex_match(req.path, m, kModification)) {
    r = Modification(m[1].str(), m[2].str(), req, ctx, key);
  } else {
    r = Error(404, "000", "validation", "Not found");
  }
  if (r.status < 500 && r.status != 429) {
    ctx.ledger.StoreAnswer("adyen", key, fingerprint, {r.status, r.body});
  } else {
    ctx.ledger.Release("adyen", key);
  }
  // The answer is stored; what the client sees may be a fault instead.
  switch (r.fault) {
    case SandboxResponse::Fault::kBadGateway:
      return BadGatewayResponse();
    case SandboxResponse::Fault::kInProgress:
      return InProgress();
    case SandboxResponse::Fault::kDrop:
    case SandboxResponse::Fault::kNone:
      break;
  }
  return r;
}

}  // namespace mg::sandbox
