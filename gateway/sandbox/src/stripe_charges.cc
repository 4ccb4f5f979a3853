// Stripe charges (the Charges API, which the adapter no longer uses; kept for
// clients and tests that still speak it): create (every test token, the
// fault tokens and the random charge faults), capture, retrieve, search and
// list. PaymentIntents are in stripe_intents.cc.
#include <regex>

#include "emulator_util.h"
#include "stripe_internal.h"

namespace mg::sandbox::stripe_emulator {
namespace {

using providers::SandboxScenario;

// The answer for a charge just recorded, before any fault.
SandboxResponse ChargeAnswer(const Charge& c, const std::optional<Decline>& decline,
                             EmulatorContext& ctx) {
  if (decline) {
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
  return JsonResponse(200, json::serialize(ChargeJson(c)));
}

}  // namespace

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

PaymentStart StartPayment(EmulatorContext& ctx, const std::string& token, const std::string& what,
                          const std::string& key, const std::string& param,
                          const std::string& unknown_message) {
  PaymentStart start;
  start.scenario = providers::FindSandboxScenario(token);
  start.fault = ctx.faults.DrawCharge();
  if (!start.scenario || NamesTransportOutcome(*start.scenario)) start.fault = ChargeFault::kNone;
  ctx.faults.Injected(start.fault, what + " " + key);
  if (start.scenario == SandboxScenario::kRateLimited) {
    SandboxResponse r = Error(429, "rate_limit_error", "rate_limit", "Too many requests");
    r.headers.emplace_back("Retry-After", "1");
    start.early = std::move(r);
  } else if (!start.scenario || *start.scenario == SandboxScenario::kInvalidRequest) {
    start.early = Error(400, "invalid_request_error", "resource_missing", unknown_message,
                        json::object{{"param", param}});
  } else if (*start.scenario == SandboxScenario::kServerError) {
    start.early = Error(500, "api_error", "", "An unknown error occurred");
  }
  return start;
}

SandboxResponse CreateCharge(const SandboxRequest& req, EmulatorContext& ctx,
                             const std::string& key) {
  std::map<std::string, std::string> form = ParseForm(req.body);
  std::string token = form["source"];
  PaymentStart start =
      StartPayment(ctx, token, "stripe charge", key, "source", "No such token: " + token);
  if (start.early) return *start.early;
  const std::optional<SandboxScenario> scenario = start.scenario;
  const ChargeFault random = start.fault;
  Charge c;
  c.provider = "stripe";
  c.idempotency_key = key;
  c.token = token;
  c.amount = std::atoll(form["amount"].c_str());
  c.created = UnixNow();
  c.extra["currency_lower"] = form["currency"];
  for (auto& ch : form["currency"]) c.currency += static_cast<char>(std::toupper(ch));
  for (const auto& [k, v] : form) {
    if (k.rfind("metadata[", 0) == 0 && k.back() == ']') {
      c.extra["metadata." + k.substr(9, k.size() - 10)] = v;
    }
  }
  if (auto it = c.extra.find("metadata.mg_purchase_id"); it != c.extra.end()) {
    c.reference = it->second;
    c.merchant_reference = it->second;
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
    c.amount_captured = capture ? c.amount : 0;
  }
  c.id = "ch_sbx_" + std::to_string(ctx.ledger.NextSequence());
  ctx.ledger.AddCharge(c, "");
  if (decline) SendEvent(ctx, "charge.failed", ChargeJson(c), c.id, key);
  if (c.status == "succeeded") SendEvent(ctx, "charge.succeeded", ChargeJson(c), c.id, key);
  SandboxResponse r = ChargeAnswer(c, decline, ctx);
  r.fault = ChargeFaultFor(scenario, random);
  if (*scenario == SandboxScenario::kTimeout) r.delay = ctx.config.timeout_delay;
  if (random == ChargeFault::kSlow) r.delay = ctx.faults.SlowDelay(ctx.config.timeout_delay);
  return r;
}

SandboxResponse Capture(const std::string& id, const SandboxRequest& req, EmulatorContext& ctx,
                        const std::string& key) {
  std::map<std::string, std::string> form = ParseForm(req.body);
  std::optional<Charge> c = ctx.ledger.Get(id);
  if (!c || c->provider != "stripe" || IsIntent(*c)) {
    return Error(404, "invalid_request_error", "resource_missing", "No such charge: " + id);
  }
  if (c->status != "succeeded" || c->captured || c->voided) {
    return Error(400, "invalid_request_error", "charge_already_captured",
                 "Charge " + id + " cannot be captured");
  }
  ctx.ledger.Update(id, [&](Charge& ch) {
    ch.captured = true;
    ch.amount_captured = ch.amount;
    if (!form["amount"].empty()) {
      ch.amount_captured = std::atoll(form["amount"].c_str());
      // Stripe releases (refunds) the part not captured.
      ch.amount_refunded = ch.amount - ch.amount_captured;
    }
  });
  Charge updated = *ctx.ledger.Get(id);
  SendEvent(ctx, "charge.captured", ChargeJson(updated), id, key);
  return JsonResponse(200, json::serialize(ChargeJson(updated)));
}

SandboxResponse RetrieveCharge(const std::string& id, EmulatorContext& ctx) {
  std::optional<Charge> c = ctx.ledger.Get(id);
  if (!c || c->provider != "stripe" || IsIntent(*c)) {
    return Error(404, "invalid_request_error", "resource_missing", "No such charge: '" + id + "'",
                 json::object{{"param", "id"}});
  }
  return JsonResponse(200, json::serialize(ChargeJson(*c)));
}

SandboxResponse SearchCharges(const SandboxRequest& req, EmulatorContext& ctx) {
  std::string query = ParseForm(req.query)["query"];
  static const std::regex kPattern(R"(metadata\['mg_purchase_id'\]:'([^']*)')");
  std::smatch m;
  json::array data;
  if (std::regex_search(query, m, kPattern)) {
    std::string wanted = m[1].str();
    ctx.ledger.Visit(false, [&](const Charge& c) {
      if (c.provider == "stripe" && !IsIntent(c) && c.reference == wanted) {
        data.push_back(ChargeJson(c));
      }
      return true;
    });
  }
  return JsonResponse(200, json::serialize(json::object{
                               {"object", "search_result"}, {"data", data}, {"has_more", false}}));
}

SandboxResponse ListCharges(const SandboxRequest& req, EmulatorContext& ctx) {
  SandboxResponse error;
  std::optional<ListQuery> q = ParseListQuery(req.query, &error);
  if (!q) return error;
  json::array data;
  bool has_more = false;
  bool started = q->starting_after.empty();
  ctx.ledger.Visit(true, [&](const Charge& c) {  // newest first, as Stripe lists
    if (c.provider != "stripe" || IsIntent(c)) return true;
    if (!started) {
      started = c.id == q->starting_after;
      return true;
    }
    if (!q->Covers(c.created)) return true;
    if (static_cast<int64_t>(data.size()) == q->limit) {
      has_more = true;
      return false;
    }
    data.push_back(ChargeJson(c));
    return true;
  });
  if (!started) {
    return Error(400, "invalid_request_error", "resource_missing",
                 "No such charge: '" + q->starting_after + "'",
                 json::object{{"param", "starting_after"}});
  }
  return ListResponse("/v1/charges", std::move(data), has_more);
}

}  // namespace mg::sandbox::stripe_emulator
