// Stripe PaymentIntents as the sandbox answers them: create (with
// confirm=true), confirm, retrieve, search and list. Every test token and
// fault token behaves as with /v1/charges (docs/sandbox.md); the 3-D Secure
// tokens follow providers::ThreeDsStepFor, as the in-process sandbox does.
// Capture, cancel and the events are in stripe_intent_changes.cc, the
// challenge page in stripe_challenge.cc.
#include <regex>

#include "emulator_util.h"
#include "stripe_internal.h"

namespace mg::sandbox::stripe_emulator {
namespace {

using providers::SandboxScenario;
using providers::ScaAsk;
using providers::ThreeDsStep;

// payment_method_options[card][request_three_d_secure] as the scenario
// table reads it: "any" and "challenge" ask for 3-D Secure; "automatic"
// (Stripe's default) leaves it to Stripe's SCA engine, which may claim a
// low-value exemption on its own: the sandbox takes it as asking for the
// exemption, so an exemption token is exempted, or soft-declined when the
// issuer refuses it.
ScaAsk AskOf(const std::string& request_three_d_secure) {
  if (request_three_d_secure == "any" || request_three_d_secure == "challenge") {
    return ScaAsk::kAuthenticate;
  }
  return ScaAsk::kLowValueExemption;
}

void DeclineIntent(Charge& pi, const std::string& charge_id, const std::string& code,
                   const std::string& decline_code, const std::string& message) {
  pi.extra["pi_status"] = "requires_payment_method";
  pi.status = "failed";
  pi.extra["latest_charge"] = charge_id;
  pi.extra["error_type"] = "card_error";
  pi.extra["error_code"] = code;
  pi.extra["decline_code"] = decline_code;
  pi.extra["failure_code"] = code;
  pi.extra["error_message"] = message;
}

// Confirms `pi` with its token and request_three_d_secure; `charge_id` is
// the charge an authorization or a decline makes.
void Confirm(Charge& pi, const std::string& charge_id, const std::string& next_action_url) {
  for (const char* key : {"error_type", "error_code", "decline_code", "failure_code",
                          "error_message", "three_d_secure", "authentication_flow"}) {
    pi.extra.erase(key);
  }
  const SandboxScenario scenario = *providers::FindSandboxScenario(pi.token);
  auto requires_action = [&] {
    pi.extra["pi_status"] = "requires_action";
    pi.status = "requires_action";
    pi.extra["next_action_url"] = next_action_url;
  };
  switch (providers::ThreeDsStepFor(scenario, AskOf(Extra(pi, "request_three_d_secure")))) {
    case ThreeDsStep::kApprove:
      return AuthorizeIntent(pi, charge_id, "");
    case ThreeDsStep::kFrictionless:
      pi.extra["authentication_flow"] = "frictionless";
      return AuthorizeIntent(pi, charge_id, "authenticated");
    case ThreeDsStep::kExempted:
      return AuthorizeIntent(pi, charge_id, "exempted");
    case ThreeDsStep::kSoftDecline:
      return DeclineIntent(pi, charge_id, "authentication_required", "authentication_required",
                           "Your card was declined. This transaction requires authentication.");
    case ThreeDsStep::kChallenge:
      return requires_action();
    case ThreeDsStep::kNotThreeDs:
      break;
  }
  if (std::optional<struct Decline> d = DeclineFor(scenario)) {
    return DeclineIntent(pi, charge_id, d->code, d->decline_code, "Your card was declined.");
  }
  if (scenario == SandboxScenario::kScaRedirect || scenario == SandboxScenario::kScaChallenge) {
    return requires_action();
  }
  if (scenario == SandboxScenario::kAsyncPending) {
    pi.extra["pi_status"] = "processing";
    pi.status = "pending";
    return;
  }
  AuthorizeIntent(pi, charge_id, "");
}

bool Expands(const std::map<std::string, std::string>& form, const std::string& path) {
  auto it = form.find("expand[]");
  return it != form.end() && (it->second == path || it->second.rfind(path + ".", 0) == 0);
}

// The answer to a confirmation: the intent, or (declined) a 402 card_error
// carrying it, as Stripe answers a failed confirmation.
SandboxResponse ConfirmAnswer(const Charge& pi, bool expand) {
  if (Extra(pi, "pi_status") == "requires_payment_method" && !Extra(pi, "error_code").empty()) {
    return Error(402, "card_error", Extra(pi, "error_code"), Extra(pi, "error_message"),
                 json::object{{"decline_code", Extra(pi, "decline_code")},
                              {"charge", Extra(pi, "latest_charge")},
                              {"payment_intent", IntentJson(pi, false)}});
  }
  return JsonResponse(200, json::serialize(IntentJson(pi, expand)));
}

SandboxResponse NoSuchIntent(const std::string& id) {
  return Error(404, "invalid_request_error", "resource_missing",
               "No such payment_intent: '" + id + "'", json::object{{"param", "intent"}});
}

void ReadConfirmParams(Charge& pi, std::map<std::string, std::string>& form) {
  if (!form["payment_method"].empty()) pi.token = form["payment_method"];
  if (!form["return_url"].empty()) pi.extra["return_url"] = form["return_url"];
  const std::string asked = form["payment_method_options[card][request_three_d_secure]"];
  pi.extra["request_three_d_secure"] = asked.empty() ? "automatic" : asked;
}

}  // namespace

SandboxResponse CreateIntent(const SandboxRequest& req, EmulatorContext& ctx,
                             const std::string& key) {
  std::map<std::string, std::string> form = ParseForm(req.body);
  const std::string token = form["payment_method"];
  PaymentStart start = StartPayment(ctx, token, "stripe payment_intent", key, "payment_method",
                                    "No such PaymentMethod: '" + token + "'");
  if (start.early) return *start.early;
  const std::optional<SandboxScenario> scenario = start.scenario;
  const ChargeFault random = start.fault;
  Charge pi;
  pi.provider = "stripe";
  pi.idempotency_key = key;
  pi.amount = std::atoll(form["amount"].c_str());
  pi.created = UnixNow();
  pi.extra["currency_lower"] = form["currency"];
  for (char ch : form["currency"]) pi.currency += static_cast<char>(std::toupper(ch));
  for (const auto& [k, v] : form) {
    if (k.rfind("metadata[", 0) == 0 && k.back() == ']') {
      pi.extra["metadata." + k.substr(9, k.size() - 10)] = v;
    }
  }
  if (auto it = pi.extra.find("metadata.mg_purchase_id"); it != pi.extra.end()) {
    pi.reference = it->second;
    pi.merchant_reference = it->second;
  }
  pi.extra["description"] = form["description"];
  pi.extra["capture_method"] =
      form["capture_method"].empty() ? "automatic" : form["capture_method"];
  ReadConfirmParams(pi, form);
  pi.id = "pi_sbx_" + std::to_string(ctx.ledger.NextSequence());
  pi.extra["client_secret"] = pi.id + "_secret_sbx";
  if (form["confirm"] == "true") {
    Confirm(pi, "ch_sbx_" + std::to_string(ctx.ledger.NextSequence()),
            ctx.config.public_base_url + "/stripe/3ds/" + pi.id);
  } else {
    pi.extra["pi_status"] = "requires_confirmation";
    pi.status = "pending";
  }
  ctx.ledger.AddCharge(pi, "");
  SendIntentEvents(ctx, pi, key);
  SandboxResponse r = ConfirmAnswer(pi, Expands(form, "latest_charge"));
  r.fault = ChargeFaultFor(scenario, random);
  if (*scenario == SandboxScenario::kTimeout) r.delay = ctx.config.timeout_delay;
  if (random == ChargeFault::kSlow) r.delay = ctx.faults.SlowDelay(ctx.config.timeout_delay);
  return r;
}

SandboxResponse ConfirmIntent(const std::string& id, const SandboxRequest& req,
                              EmulatorContext& ctx, const std::string& key) {
  std::map<std::string, std::string> form = ParseForm(req.body);
  if (!form["payment_method"].empty() && !providers::FindSandboxScenario(form["payment_method"])) {
    return Error(400, "invalid_request_error", "resource_missing",
                 "No such PaymentMethod: '" + form["payment_method"] + "'",
                 json::object{{"param", "payment_method"}});
  }
  const std::string charge_id = "ch_sbx_" + std::to_string(ctx.ledger.NextSequence());
  std::string state;
  bool known = ctx.ledger.Update(id, [&](Charge& pi) {
    if (!IsIntent(pi)) return;
    state = Extra(pi, "pi_status");
    if (state != "requires_payment_method" && state != "requires_confirmation") return;
    ReadConfirmParams(pi, form);
    Confirm(pi, charge_id, ctx.config.public_base_url + "/stripe/3ds/" + pi.id);
  });
  if (!known || state.empty()) return NoSuchIntent(id);
  if (state != "requires_payment_method" && state != "requires_confirmation") {
    return Error(400, "invalid_request_error", "payment_intent_unexpected_state",
                 "This PaymentIntent's status is " + state + ", so it cannot be confirmed.");
  }
  Charge pi = *ctx.ledger.Get(id);
  SendIntentEvents(ctx, pi, key);
  return ConfirmAnswer(pi, Expands(form, "latest_charge"));
}

SandboxResponse RetrieveIntent(const std::string& id, const SandboxRequest& req,
                               EmulatorContext& ctx) {
  std::optional<Charge> pi = ctx.ledger.Get(id);
  if (!pi || !IsIntent(*pi)) return NoSuchIntent(id);
  return JsonResponse(
      200, json::serialize(IntentJson(*pi, Expands(ParseForm(req.query), "latest_charge"))));
}

SandboxResponse SearchIntents(const SandboxRequest& req, EmulatorContext& ctx) {
  std::map<std::string, std::string> form = ParseForm(req.query);
  static const std::regex kPattern(R"(metadata\['mg_purchase_id'\]:'([^']*)')");
  std::smatch m;
  json::array data;
  const bool expand = Expands(form, "data.latest_charge");
  const std::string query = form["query"];
  if (std::regex_search(query, m, kPattern)) {
    std::string wanted = m[1].str();
    ctx.ledger.Visit(true, [&](const Charge& c) {  // newest first
      if (IsIntent(c) && c.reference == wanted) data.push_back(IntentJson(c, expand));
      return true;
    });
  }
  return JsonResponse(200, json::serialize(json::object{{"object", "search_result"},
                                                        {"url", "/v1/payment_intents/search"},
                                                        {"has_more", false},
                                                        {"next_page", nullptr},
                                                        {"data", data}}));
}

SandboxResponse ListIntents(const SandboxRequest& req, EmulatorContext& ctx) {
  SandboxResponse error;
  std::optional<ListQuery> q = ParseListQuery(req.query, &error);
  if (!q) return error;
  const bool expand = Expands(q->form, "data.latest_charge");
  json::array data;
  bool has_more = false;
  bool started = q->starting_after.empty();
  ctx.ledger.Visit(true, [&](const Charge& c) {  // newest first, as Stripe lists
    if (!IsIntent(c)) return true;
    if (!started) {
      started = c.id == q->starting_after;
      return true;
    }
    if (!q->Covers(c.created)) return true;
    if (static_cast<int64_t>(data.size()) == q->limit) {
      has_more = true;
      return false;
    }
    data.push_back(IntentJson(c, expand));
    return true;
  });
  if (!started) {
    return Error(400, "invalid_request_error", "resource_missing",
                 "No such payment_intent: '" + q->starting_after + "'",
                 json::object{{"param", "starting_after"}});
  }
  return ListResponse("/v1/payment_intents", std::move(data), has_more);
}

}  // namespace mg::sandbox::stripe_emulator
