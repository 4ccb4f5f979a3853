// Stripe Charges API, as the sandbox answers it (docs/sandbox.md).
#include <boost/json.hpp>
#include <map>
#include <regex>

#include "gateway/providers/provider_http.h"
#include "gateway/sandbox/emulator.h"
#include "sandbox/sandbox_tokens.h"
#include "stripe/stripe_webhook.h"

namespace mg::sandbox {
namespace {

namespace json = boost::json;
using providers::SandboxScenario;

std::map<std::string, std::string> ParseForm(const std::string& body) {
  std::map<std::string, std::string> out;
  for (auto& [key, value] : providers::FormDecode(body)) out[key] = value;
  return out;
}

SandboxResponse Error(int status, const std::string& type, const std::string& code,
                      const std::string& message, json::object extra = {}) {
  json::object err{{"type", type}, {"message", message}};
  if (!code.empty()) err["code"] = code;
  for (auto& [k, v] : extra) err[k] = v;
  return JsonResponse(status, json::serialize(json::object{{"error", err}}));
}

json::object ChargeJson(const Charge& c) {
  json::object meta;
  for (const auto& [k, v] : c.extra) {
    if (k.rfind("metadata.", 0) == 0) meta[k.substr(9)] = v;
  }
  json::object o{{"id", c.id},
                 {"object", "charge"},
                 {"amount", c.amount},
                 {"amount_refunded", c.amount_refunded},
                 {"currency", c.extra.count("currency_lower") ? c.extra.at("currency_lower") : ""},
                 {"captured", c.captured},
                 {"paid", c.status == "succeeded"},
                 {"refunded", c.amount_refunded > 0 && c.amount_refunded >= c.amount},
                 {"status", c.status},
                 {"metadata", meta}};
  if (c.status == "failed") {
    o["failure_code"] = c.extra.count("failure_code") ? c.extra.at("failure_code") : "";
    o["failure_message"] = "Your card was declined.";
    o["outcome"] =
        json::object{{"type", "issuer_declined"},
                     {"reason", c.extra.count("decline_code") ? c.extra.at("decline_code") : ""}};
  }
  return o;
}

void SendEvent(EmulatorContext& ctx, const std::string& type, const Charge& charge) {
  if (!ctx.send_webhook || ctx.config.stripe_webhook_secret.empty()) return;
  int64_t seq = ctx.ledger.NextSequence();
  std::string payload =
      json::serialize(json::object{{"id", "evt_sbx_" + std::to_string(seq)},
                                   {"object", "event"},
                                   {"type", type},
                                   {"data", json::object{{"object", ChargeJson(charge)}}}});
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  Webhook hook;
  hook.due = std::chrono::steady_clock::now();
  hook.path = "/stripe";
  hook.headers.emplace_back(
      "Stripe-Signature",
      providers::stripe::SignPayload(payload, ctx.config.stripe_webhook_secret, now));
  hook.body = std::move(payload);
  ctx.send_webhook(std::move(hook));
}

struct Decline {
  const char* code;
  const char* decline_code;
};

std::optional<Decline> DeclineFor(SandboxScenario s) {
  switch (s) {
    case SandboxScenario::kInsufficientFunds:
      return Decline{"card_declined", "insufficient_funds"};
    case SandboxScenario::kExpiredCard:
      return Decline{"expired_card", "expired_card"};
    case SandboxScenario::kIncorrectCvc:
      return Decline{"incorrect_cvc", "incorrect_cvc"};
    case SandboxScenario::kFraud:
      return Decline{"card_declined", "fraudulent"};
    case SandboxScenario::kCardDeclined:
      return Decline{"card_declined", "generic_decline"};
    case SandboxScenario::kDoNotHonor:
      return Decline{"card_declined", "do_not_honor"};
    default:
      return std::nullopt;
  }
}

SandboxResponse CreateCharge(const SandboxRequest& req, EmulatorContext& ctx,
                             const std::string& key) {
  std::map<std::string, std::string> form = ParseForm(req.body);
  std::string token = form["source"];
  std::optional<SandboxScenario> scenario = providers::FindSandboxScenario(token);
  if (scenario == SandboxScenario::kRateLimited) {
    SandboxResponse r = Error(429, "rate_limit_error", "rate_limit", "Too many requests");
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  if (!scenario || *scenario == SandboxScenario::kInvalidRequest) {
    return Error(400, "invalid_request_error", "resource_missing", "No such token: " + token,
                 json::object{{"param", "source"}});
  }
  if (*scenario == SandboxScenario::kServerError) {
    return Error(500, "api_error", "", "An unknown error occurred");
  }
  Charge c;
  c.provider = "stripe";
  c.idempotency_key = key;
  c.token = token;
  c.amount = std::atoll(form["amount"].c_str());
  c.extra["currency_lower"] = form["currency"];
  for (auto& ch : form["currency"]) c.currency += static_cast<char>(std::toupper(ch));
  for (const auto& [k, v] : form) {
    if (k.rfind("metadata[", 0) == 0 && k.back() == ']') {
      c.extra["metadata." + k.substr(9, k.size() - 10)] = v;
    }
  }
  if (auto it = c.extra.find("metadata.mg_purchase_id"); it != c.extra.end()) {
    c.reference = it->second;
  }
  bool capture = form["capture"] != "false";
  std::optional<Decline> decline = DeclineFor(*scenario);
  if (decline) {
    c.status = "failed";
    c.extra["failure_code"] = decline->code;
    c.extra["decline_code"] = decline->decline_code;
  } else if (*scenario == SandboxScenario::kScaRedirect ||
             *scenario == SandboxScenario::kScaChallenge) {
    c.status = "requires_action";
  } else if (*scenario == SandboxScenario::kAsyncPending) {
    c.status = "pending";
  } else {
    c.status = "succeeded";
    c.captured = capture;
  }
  c.id = "ch_sbx_" + std::to_string(ctx.ledger.NextSequence());
  ctx.ledger.AddCharge(c, "");
  if (decline) {
    SendEvent(ctx, "charge.failed", c);
    return Error(402, "card_error", decline->code, "Your card was declined.",
                 json::object{{"decline_code", decline->decline_code}, {"charge", c.id}});
  }
  if (c.status == "requires_action") {
    std::string url = ctx.config.public_base_url + "/stripe/3ds/" + c.id;
    return Error(
        402, "card_error", "authentication_required", "This payment requires authentication.",
        json::object{{"charge", c.id},
                     {"payment_intent",
                      json::object{{"id", "pi_sbx_" + c.id.substr(7)},
                                   {"status", "requires_action"},
                                   {"next_action", json::object{{"type", "redirect_to_url"},
                                                                {"redirect_to_url",
                                                                 json::object{{"url", url}}}}}}}});
  }
  if (c.status == "succeeded") SendEvent(ctx, "charge.succeeded", c);
  SandboxResponse r = JsonResponse(200, json::serialize(ChargeJson(c)));
  if (*scenario == SandboxScenario::kTimeout) r.delay = ctx.config.timeout_delay;
  return r;
}

SandboxResponse Capture(const std::string& id, const SandboxRequest& req, EmulatorContext& ctx) {
  std::map<std::string, std::string> form = ParseForm(req.body);
  std::optional<Charge> c = ctx.ledger.Get(id);
  if (!c || c->provider != "stripe") {
    return Error(404, "invalid_request_error", "resource_missing", "No such charge: " + id);
  }
  if (c->status != "succeeded" || c->captured) {
    return Error(400, "invalid_request_error", "charge_already_captured",
                 "Charge " + id + " cannot be captured");
  }
  ctx.ledger.Update(id, [&](Charge& ch) {
    ch.captured = true;
    if (!form["amount"].empty()) {
      ch.amount_refunded = ch.amount - std::atoll(form["amount"].c_str());
    }
  });
  Charge updated = *ctx.ledger.Get(id);
  SendEvent(ctx, "charge.captured", updated);
  return JsonResponse(200, json::serialize(ChargeJson(updated)));
}

SandboxResponse CreateRefund(const SandboxRequest& req, EmulatorContext& ctx) {
  std::map<std::string, std::string> form = ParseForm(req.body);
  std::string id = form["charge"];
  std::optional<Charge> c = ctx.ledger.Get(id);
  if (!c || c->provider != "stripe") {
    return Error(404, "invalid_request_error", "resource_missing", "No such charge: " + id);
  }
  int64_t amount =
      form["amount"].empty() ? c->amount - c->amount_refunded : std::atoll(form["amount"].c_str());
  if (c->status != "succeeded" || amount <= 0 || amount > c->amount - c->amount_refunded) {
    return Error(400, "invalid_request_error", "charge_already_refunded",
                 "Charge " + id + " cannot be refunded by that amount");
  }
  ctx.ledger.Update(id, [&](Charge& ch) { ch.amount_refunded += amount; });
  int64_t seq = ctx.ledger.NextSequence();
  return JsonResponse(200, json::serialize(json::object{{"id", "re_sbx_" + std::to_string(seq)},
                                                        {"object", "refund"},
                                                        {"amount", amount},
                                                        {"charge", id},
                                                        {"currency", c->extra["currency_lower"]},
                                                        {"status", "succeeded"}}));
}

SandboxResponse Search(const SandboxRequest& req, EmulatorContext& ctx) {
  std::string query = ParseForm(req.query)["query"];
  static const std::regex kPattern(R"(metadata\['mg_purchase_id'\]:'([^']*)')");
  std::smatch m;
  json::array data;
  if (std::regex_search(query, m, kPattern)) {
    for (const Charge& c : ctx.ledger.All()) {
      if (c.provider == "stripe" && c.reference == m[1].str()) data.push_back(ChargeJson(c));
    }
  }
  return JsonResponse(200, json::serialize(json::object{
                               {"object", "search_result"}, {"data", data}, {"has_more", false}}));
}

SandboxResponse Route(const SandboxRequest& req, EmulatorContext& ctx, const std::string& key) {
  static const std::regex kCapture(R"(^/v1/charges/([A-Za-z0-9_]+)/capture$)");
  static const std::regex kCharge(R"(^/v1/charges/([A-Za-z0-9_]+)$)");
  std::smatch m;
  if (req.method == "POST" && req.path == "/v1/charges") return CreateCharge(req, ctx, key);
  if (req.method == "POST" && req.path == "/v1/refunds") return CreateRefund(req, ctx);
  if (req.method == "POST" && std::regex_match(req.path, m, kCapture)) {
    return Capture(m[1].str(), req, ctx);
  }
  if (req.method == "GET" && req.path == "/v1/charges/search") return Search(req, ctx);
  if (req.method == "GET" && std::regex_match(req.path, m, kCharge)) {
    std::optional<Charge> c = ctx.ledger.Get(m[1].str());
    if (!c || c->provider != "stripe") {
      return Error(404, "invalid_request_error", "resource_missing", "No such charge");
    }
    return JsonResponse(200, json::serialize(ChargeJson(*c)));
  }
  return Error(404, "invalid_request_error", "", "Unrecognized request URL");
}

}  // namespace

SandboxResponse HandleStripe(const SandboxRequest& req, EmulatorContext& ctx) {
  std::string auth = req.Header("authorization");
  if (auth.rfind("Bearer ", 0) != 0 || auth.size() <= 7) {
    return Error(401, "invalid_request_error", "", "You did not provide an API key.");
  }
  std::string key = req.method == "POST" ? req.Header("idempotency-key") : "";
  std::string fingerprint = req.method + " " + req.path + "\n" + req.body;
  StoredAnswer stored;
  switch (ctx.ledger.FindReplay("stripe", key, fingerprint, &stored)) {
    case Ledger::Replay::kSame: {
      SandboxResponse r = JsonResponse(stored.status, stored.body);
      r.headers.emplace_back("Idempotent-Replayed", "true");
      return r;
    }
    case Ledger::Replay::kConflict:
      return Error(400, "idempotency_error", "",
                   "Keys for idempotent requests can only be used with the same parameters");
    case Ledger::Replay::kNone:
      break;
  }
  SandboxResponse r = Route(req, ctx, key);
  // Stripe saves every answer but rate limiting, which happens before.
  if (r.status != 429) ctx.ledger.StoreAnswer("stripe", key, fingerprint, {r.status, r.body});
  return r;
}

SandboxResponse JsonResponse(int status, std::string body) {
  SandboxResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace mg::sandbox
