// Adyen Checkout API v71, as the sandbox answers it (docs/sandbox.md).
#include <boost/json.hpp>
#include <regex>

#include "adyen/adyen_webhook.h"
#include "gateway/providers/json_fields.h"
#include "gateway/sandbox/emulator.h"
#include "sandbox/sandbox_tokens.h"

namespace mg::sandbox {
namespace {

namespace json = boost::json;
namespace jf = providers::json_fields;
using providers::SandboxScenario;

SandboxResponse Error(int status, const std::string& code, const std::string& type,
                      const std::string& message) {
  return JsonResponse(
      status,
      json::serialize(json::object{
          {"status", status}, {"errorCode", code}, {"message", message}, {"errorType", type}}));
}

std::string PspReference(EmulatorContext& ctx) {
  std::string seq = std::to_string(ctx.ledger.NextSequence());
  return "88150000" + std::string(8 - std::min<std::size_t>(8, seq.size()), '0') + seq;
}

void SendNotification(EmulatorContext& ctx, const Charge& c, const std::string& event_code,
                      bool success, const std::string& original) {
  if (!ctx.send_webhook || ctx.config.adyen_hmac_key.empty()) return;
  providers::adyen::NotificationItem item;
  item.psp_reference = original.empty() ? c.id : PspReference(ctx);
  item.original_reference = original;
  item.merchant_account = ctx.config.adyen_merchant_account;
  item.merchant_reference = c.reference;
  item.value = c.amount;
  item.currency = c.currency;
  item.event_code = event_code;
  item.success = success ? "true" : "false";
  Result<std::string> hmac = providers::adyen::ComputeHmac(item, ctx.config.adyen_hmac_key);
  if (!hmac.ok()) return;
  json::object nri{{"additionalData", json::object{{"hmacSignature", *hmac}}},
                   {"amount", json::object{{"currency", item.currency}, {"value", item.value}}},
                   {"eventCode", item.event_code},
                   {"merchantAccountCode", item.merchant_account},
                   {"merchantReference", item.merchant_reference},
                   {"originalReference", item.original_reference},
                   {"pspReference", item.psp_reference},
                   {"success", item.success}};
  Webhook hook;
  hook.due = std::chrono::steady_clock::now();
  hook.path = "/adyen";
  hook.body = json::serialize(json::object{
      {"live", "false"},
      {"notificationItems", json::array{json::object{{"NotificationRequestItem", nri}}}}});
  ctx.send_webhook(std::move(hook));
}

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

SandboxResponse Payment(const SandboxRequest& req, EmulatorContext& ctx, const std::string& key) {
  std::optional<json::value> doc = jf::Parse(req.body);
  const json::object* body = jf::Object(doc ? &*doc : nullptr);
  const json::object* method = body ? jf::Object(*body, "paymentMethod") : nullptr;
  const json::object* amount = body ? jf::Object(*body, "amount") : nullptr;
  if (method == nullptr || amount == nullptr || jf::String(*body, "merchantAccount").empty()) {
    return Error(422, "14_0", "validation", "Required field missing");
  }
  std::string type = jf::String(*method, "type");
  Charge c;
  c.provider = "adyen";
  c.idempotency_key = key;
  c.reference = jf::String(*body, "reference");
  c.amount = jf::Int(*amount, "value").value_or(0);
  c.currency = jf::String(*amount, "currency");
  json::object out;
  SandboxScenario scenario = SandboxScenario::kSuccess;
  if (type == "scheme") {
    c.token = jf::String(*method, "storedPaymentMethodId");
    std::optional<SandboxScenario> s = providers::FindSandboxScenario(c.token);
    if (!s || *s == SandboxScenario::kInvalidRequest) {
      return Error(422, "14_0", "validation", "Invalid stored payment method");
    }
    scenario = *s;
  } else if (type == "ideal" || type == "twint" || type == "knet") {
    scenario = SandboxScenario::kScaRedirect;  // local redirect methods
  } else if (type == "econtext_stores" || type == "oxxo") {
    scenario = SandboxScenario::kAsyncPending;  // voucher paid in a shop
  } else {
    return Error(422, "14_0", "validation", "Unsupported payment method type " + type);
  }
  if (scenario == SandboxScenario::kServerError) {
    return Error(500, "905", "internal", "Payment details are not supported");
  }
  if (scenario == SandboxScenario::kRateLimited) {
    SandboxResponse r = Error(429, "429", "internal", "Too many requests");
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  c.id = PspReference(ctx);
  out["pspReference"] = c.id;
  out["merchantReference"] = c.reference;
  std::optional<Refusal> refusal = RefusalFor(scenario);
  std::string url = ctx.config.public_base_url + "/adyen/redirect/" + c.id;
  if (refusal) {
    c.status = "Refused";
    out["resultCode"] = "Refused";
    out["refusalReason"] = refusal->reason;
    out["refusalReasonCode"] = refusal->code;
    out["additionalData"] = json::object{{"refusalReasonRaw", refusal->raw}};
  } else if (scenario == SandboxScenario::kScaRedirect) {
    c.status = "RedirectShopper";
    out["resultCode"] = "RedirectShopper";
    out["action"] = json::object{
        {"type", "redirect"}, {"paymentMethodType", type}, {"url", url}, {"method", "GET"}};
  } else if (scenario == SandboxScenario::kScaChallenge) {
    c.status = "ChallengeShopper";
    out["resultCode"] = "ChallengeShopper";
    out["action"] = json::object{{"type", "threeDS2"},
                                 {"subtype", "challenge"},
                                 {"paymentMethodType", type},
                                 {"token", "sandbox-3ds2-token"},
                                 {"url", url}};
  } else if (scenario == SandboxScenario::kAsyncPending) {
    c.status = type == "scheme" ? "Received" : "PresentToShopper";
    out["resultCode"] = c.status;
    if (type != "scheme") {
      out["action"] = json::object{{"type", "voucher"},
                                   {"paymentMethodType", type},
                                   {"url", ctx.config.public_base_url + "/adyen/voucher/" + c.id}};
    }
  } else {
    c.status = "Authorised";
    out["resultCode"] = "Authorised";
  }
  ctx.ledger.AddCharge(c, "");
  if (c.status == "Authorised" || c.status == "Refused") {
    SendNotification(ctx, c, "AUTHORISATION", c.status == "Authorised", "");
  }
  SandboxResponse r = JsonResponse(200, json::serialize(out));
  if (scenario == SandboxScenario::kTimeout) r.delay = ctx.config.timeout_delay;
  return r;
}

SandboxResponse Modification(const std::string& psp, const std::string& what,
                             const SandboxRequest& req, EmulatorContext& ctx) {
  std::optional<Charge> c = ctx.ledger.Get(psp);
  if (!c || c->provider != "adyen") {
    return Error(422, "167", "validation", "Original pspReference required for this operation");
  }
  std::optional<json::value> doc = jf::Parse(req.body);
  const json::object* body = jf::Object(doc ? &*doc : nullptr);
  const json::object* amount = body ? jf::Object(*body, "amount") : nullptr;
  std::string event = what == "captures"  ? "CAPTURE"
                      : what == "refunds" ? "REFUND"
                                          : "CANCELLATION";
  bool ok = c->status == "Authorised";
  ctx.ledger.Update(psp, [&](Charge& ch) {
    if (!ok) return;
    if (event == "CAPTURE") ch.captured = true;
    if (event == "REFUND") ch.amount_refunded += amount ? jf::Int(*amount, "value").value_or(0) : 0;
    if (event == "CANCELLATION") ch.status = "Cancelled";
  });
  std::string mod_psp = PspReference(ctx);
  json::object out{{"merchantAccount", ctx.config.adyen_merchant_account},
                   {"paymentPspReference", psp},
                   {"pspReference", mod_psp},
                   {"reference", body ? jf::String(*body, "reference") : ""},
                   {"status", "received"}};
  if (amount != nullptr) out["amount"] = *amount;
  SendNotification(ctx, *c, event, ok, psp);
  return JsonResponse(201, json::serialize(out));
}

}  // namespace

SandboxResponse HandleAdyen(const SandboxRequest& req, EmulatorContext& ctx) {
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
    case Ledger::Replay::kNone:
      break;
  }
  static const std::regex kModification(
      R"(^/v71/payments/([A-Za-z0-9]+)/(captures|refunds|cancels)$)");
  std::smatch m;
  SandboxResponse r;
  if (req.method == "POST" && req.path == "/v71/payments") {
    r = Payment(req, ctx, key);
  } else if (req.method == "POST" && std::regex_match(req.path, m, kModification)) {
    r = Modification(m[1].str(), m[2].str(), req, ctx);
  } else {
    r = Error(404, "000", "validation", "Not found");
  }
  if (r.status < 500 && r.status != 429) {
    ctx.ledger.StoreAnswer("adyen", key, fingerprint, {r.status, r.body});
  }
  return r;
}

}  // namespace mg::sandbox
