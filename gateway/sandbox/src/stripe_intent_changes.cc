// What happens to a PaymentIntent after its confirmation: its authorization,
// capture and cancel, and the events each state sends (payment_intent.* with
// the intent, charge.* with its latest charge, as Stripe sends both).
#include "emulator_util.h"
#include "stripe_internal.h"

namespace mg::sandbox::stripe_emulator {
namespace {

SandboxResponse NoSuchIntent(const std::string& id) {
  return Error(404, "invalid_request_error", "resource_missing",
               "No such payment_intent: '" + id + "'", json::object{{"param", "intent"}});
}

SandboxResponse UnexpectedState(const std::string& action, const std::string& state) {
  return Error(
      400, "invalid_request_error", "payment_intent_unexpected_state",
      "You cannot " + action + " this PaymentIntent because it has a status of " + state + ".");
}

}  // namespace

void AuthorizeIntent(Charge& pi, const std::string& charge_id, const std::string& three_d_secure) {
  pi.extra["latest_charge"] = charge_id;
  if (!three_d_secure.empty()) pi.extra["three_d_secure"] = three_d_secure;
  pi.status = "succeeded";  // the charge's word: authorized (captured or not)
  pi.extra.erase("next_action_url");
  if (Extra(pi, "capture_method") == "manual") {
    pi.extra["pi_status"] = "requires_capture";
    return;
  }
  pi.extra["pi_status"] = "succeeded";
  pi.captured = true;
  pi.amount_captured = pi.amount;
}

void SendIntentEvents(EmulatorContext& ctx, const Charge& pi, const std::string& key,
                      bool captured_now) {
  const std::string state = Extra(pi, "pi_status");
  const bool charged = !Extra(pi, "latest_charge").empty();
  if (state == "requires_capture" || (state == "succeeded" && !captured_now)) {
    SendEvent(ctx, "charge.succeeded", ChargeJson(pi), pi.id, key);
  }
  if (captured_now) SendEvent(ctx, "charge.captured", ChargeJson(pi), pi.id, key);
  if (state == "requires_payment_method" && charged && Extra(pi, "error_type") == "card_error") {
    SendEvent(ctx, "charge.failed", ChargeJson(pi), pi.id, key);
  }
  std::string type;
  if (state == "requires_capture") type = "payment_intent.amount_capturable_updated";
  if (state == "succeeded") type = "payment_intent.succeeded";
  if (state == "requires_payment_method") type = "payment_intent.payment_failed";
  if (state == "requires_action") type = "payment_intent.requires_action";
  if (state == "processing") type = "payment_intent.processing";
  if (state == "canceled") type = "payment_intent.canceled";
  if (!type.empty()) SendEvent(ctx, type, IntentJson(pi, false), pi.id, key);
}

SandboxResponse CaptureIntent(const std::string& id, const SandboxRequest& req,
                              EmulatorContext& ctx, const std::string& key) {
  std::map<std::string, std::string> form = ParseForm(req.body);
  std::optional<int64_t> amount;
  if (!form["amount_to_capture"].empty()) {
    amount = ParseCount(form["amount_to_capture"]);
    if (!amount || *amount <= 0) {
      return Error(400, "invalid_request_error", "parameter_invalid_integer",
                   "Invalid amount_to_capture", json::object{{"param", "amount_to_capture"}});
    }
  }
  std::string state;
  bool too_much = false;
  bool known = ctx.ledger.Update(id, [&](Charge& pi) {
    if (!IsIntent(pi)) return;
    state = Extra(pi, "pi_status");
    if (state != "requires_capture") return;
    if (amount && *amount > pi.amount) {
      too_much = true;
      return;
    }
    pi.extra["pi_status"] = "succeeded";
    pi.captured = true;
    pi.amount_captured = amount.value_or(pi.amount);
    // Stripe releases the part not captured (shown as refunded on the charge).
    pi.amount_refunded = pi.amount - pi.amount_captured;
  });
  if (!known || state.empty()) return NoSuchIntent(id);
  if (state != "requires_capture") return UnexpectedState("capture", state);
  if (too_much) {
    return Error(400, "invalid_request_error", "amount_too_large",
                 "amount_to_capture must be at most the amount capturable",
                 json::object{{"param", "amount_to_capture"}});
  }
  Charge pi = *ctx.ledger.Get(id);
  SendIntentEvents(ctx, pi, key, /*captured_now=*/true);
  auto expand = form.find("expand[]");
  return JsonResponse(200, json::serialize(IntentJson(
                               pi, expand != form.end() && expand->second == "latest_charge")));
}

SandboxResponse CancelIntent(const std::string& id, const SandboxRequest& req, EmulatorContext& ctx,
                             const std::string& key) {
  std::map<std::string, std::string> form = ParseForm(req.body);
  const std::string reason = form["cancellation_reason"];
  if (!reason.empty() && reason != "abandoned" && reason != "duplicate" && reason != "fraudulent" &&
      reason != "requested_by_customer") {
    return Error(400, "invalid_request_error", "parameter_invalid_string",
                 "Invalid cancellation_reason", json::object{{"param", "cancellation_reason"}});
  }
  std::string state;
  bool known = ctx.ledger.Update(id, [&](Charge& pi) {
    if (!IsIntent(pi)) return;
    state = Extra(pi, "pi_status");
    if (state == "succeeded" || state == "canceled") return;
    pi.extra["pi_status"] = "canceled";
    pi.extra["cancellation_reason"] = reason;
    pi.extra.erase("next_action_url");
    pi.voided = true;  // the authorization (if any) is released; nothing can be charged
  });
  if (!known || state.empty()) return NoSuchIntent(id);
  if (state == "succeeded" || state == "canceled") return UnexpectedState("cancel", state);
  Charge pi = *ctx.ledger.Get(id);
  SendIntentEvents(ctx, pi, key);
  return JsonResponse(200, json::serialize(IntentJson(pi, false)));
}

}  // namespace mg::sandbox::stripe_emulator
