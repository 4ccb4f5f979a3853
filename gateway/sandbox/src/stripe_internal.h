// The Stripe emulator's parts (stripe_*.cc), shared among its files only.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>

#include "gateway/sandbox/emulator.h"
#include "sandbox/sandbox_tokens.h"

namespace mg::sandbox::stripe_emulator {

namespace json = boost::json;

// {"error": {"type", "message", "code"?, ...extra}}.
SandboxResponse Error(int status, const std::string& type, const std::string& code,
                      const std::string& message, json::object extra = {});
// The answer to a request whose idempotency key is still being processed.
SandboxResponse InProgress(const std::string& key);

// A PaymentIntent (pi_sbx_...) and a charge (ch_sbx_..., made by
// /v1/charges) share the ledger; an intent's money moves on its latest
// charge (extra "latest_charge").
bool IsIntent(const Charge& c);
std::string Extra(const Charge& c, const std::string& key);

// A charge object: the charge itself, or an intent's latest charge (with
// payment_intent and payment_method_details.card.three_d_secure).
json::object ChargeJson(const Charge& c);
// A PaymentIntent object; latest_charge expanded when `expand_charge`.
json::object IntentJson(const Charge& c, bool expand_charge);
json::object RefundJson(const Charge& c, const Refund& r);
const Refund* FindRefund(const Charge& c, const std::string& refund_id);

// Sends a signed Stripe event about `object` (a charge or a refund of the
// charge `charge_id`); `key` is the idempotency key of the request that
// caused it, empty for events the sandbox raises by itself.
void SendEvent(EmulatorContext& ctx, const std::string& type, json::object object,
               const std::string& charge_id, const std::string& key);

// The list parameters Stripe's list endpoints share.
struct ListQuery {
  int64_t limit = 10;
  std::optional<int64_t> gte, gt, lte, lt;  // created[...]
  std::string starting_after;
  std::map<std::string, std::string> form;  // every parameter, decoded

  bool Covers(int64_t created) const;
};
// nullopt and `error` set when a parameter is malformed.
std::optional<ListQuery> ParseListQuery(const std::string& query, SandboxResponse* error);
// {"object": "list", "url", "has_more", "data"}.
SandboxResponse ListResponse(const std::string& url, json::array data, bool has_more);

// The card errors of the decline tokens: {code, decline_code}.
struct Decline {
  const char* code;
  const char* decline_code;
};
std::optional<Decline> DeclineFor(providers::SandboxScenario s);

// What every Stripe payment request (a charge, a PaymentIntent) starts
// with: the token's scenario, the random fault drawn for it (drawn for every
// request, so that the faults follow request order), and the answer given
// before anything is recorded (429, 400 for an unknown token with
// `unknown_message` naming `param`, 500), if any.
struct PaymentStart {
  std::optional<providers::SandboxScenario> scenario;
  ChargeFault fault = ChargeFault::kNone;
  std::optional<SandboxResponse> early;
};
PaymentStart StartPayment(EmulatorContext& ctx, const std::string& token, const std::string& what,
                          const std::string& key, const std::string& param,
                          const std::string& unknown_message);

SandboxResponse CreateCharge(const SandboxRequest& req, EmulatorContext& ctx,
                             const std::string& key);
SandboxResponse Capture(const std::string& id, const SandboxRequest& req, EmulatorContext& ctx,
                        const std::string& key);
SandboxResponse RetrieveCharge(const std::string& id, EmulatorContext& ctx);
SandboxResponse SearchCharges(const SandboxRequest& req, EmulatorContext& ctx);
SandboxResponse ListCharges(const SandboxRequest& req, EmulatorContext& ctx);

// PaymentIntents (stripe_intents.cc, stripe_intent_changes.cc).
SandboxResponse CreateIntent(const SandboxRequest& req, EmulatorContext& ctx,
                             const std::string& key);
SandboxResponse ConfirmIntent(const std::string& id, const SandboxRequest& req,
                              EmulatorContext& ctx, const std::string& key);
SandboxResponse CaptureIntent(const std::string& id, const SandboxRequest& req,
                              EmulatorContext& ctx, const std::string& key);
SandboxResponse CancelIntent(const std::string& id, const SandboxRequest& req, EmulatorContext& ctx,
                             const std::string& key);
SandboxResponse RetrieveIntent(const std::string& id, const SandboxRequest& req,
                               EmulatorContext& ctx);
SandboxResponse SearchIntents(const SandboxRequest& req, EmulatorContext& ctx);
SandboxResponse ListIntents(const SandboxRequest& req, EmulatorContext& ctx);
// Sends the events of an intent that reached `pi_status` (its status after
// a confirmation, a challenge, a capture or a cancel).
void SendIntentEvents(EmulatorContext& ctx, const Charge& pi, const std::string& key,
                      bool captured_now = false);
// Authorizes an intent (a new latest charge `charge_id`): requires_capture,
// or succeeded when its capture_method is automatic. `three_d_secure` is
// the charge's three_d_secure.result ("" for none).
void AuthorizeIntent(Charge& pi, const std::string& charge_id, const std::string& three_d_secure);

// The emulated 3-D Secure challenge page, GET and POST /3ds/{pi}
// (stripe_challenge.cc); no API key, as a bank's page wants none.
bool IsChallengePath(const std::string& path);
SandboxResponse HandleChallenge(const SandboxRequest& req, EmulatorContext& ctx);

SandboxResponse CreateRefund(const SandboxRequest& req, EmulatorContext& ctx,
                             const std::string& key);
SandboxResponse RetrieveRefund(const std::string& id, EmulatorContext& ctx);
SandboxResponse ListRefunds(const SandboxRequest& req, EmulatorContext& ctx);
// Stripe Connect: /v1/transfers and /v1/payouts (stripe_payouts.cc).
bool IsPayoutPath(const std::string& path);
SandboxResponse RoutePayouts(const SandboxRequest& req, EmulatorContext& ctx);

// A pending refund reaches its final status (background thread).
void SettleRefund(EmulatorContext& ctx, const std::string& charge_id, const std::string& refund_id);

}  // namespace mg::sandbox::stripe_emulator
