// Stripe's PaymentIntents, Charges and Refunds API, and Connect payouts, as
// the sandbox answers them (docs/sandbox.md): authentication, idempotency
// keys and routing. The endpoints are in stripe_intents.cc,
// stripe_intent_changes.cc, stripe_charges.cc, stripe_refunds.cc and
// stripe_payouts.cc; the 3-D Secure challenge page in stripe_challenge.cc.
#include <regex>

#include "emulator_util.h"
#include "stripe_internal.h"

namespace mg::sandbox {
namespace {

using namespace stripe_emulator;

SandboxResponse Route(const SandboxRequest& req, EmulatorContext& ctx, const std::string& key) {
  static const std::regex kCapture(R"(^/v1/charges/([A-Za-z0-9_]+)/capture$)");
  static const std::regex kCharge(R"(^/v1/charges/([A-Za-z0-9_]+)$)");
  static const std::regex kRefund(R"(^/v1/refunds/([A-Za-z0-9_]+)$)");
  static const std::regex kIntent(R"(^/v1/payment_intents/([A-Za-z0-9_]+)$)");
  static const std::regex kIntentStep(
      R"(^/v1/payment_intents/([A-Za-z0-9_]+)/(confirm|capture|cancel)$)");
  std::smatch m;
  if (IsPayoutPath(req.path)) return RoutePayouts(req, ctx);
  if (req.method == "POST") {
    if (req.path == "/v1/payment_intents") return CreateIntent(req, ctx, key);
    if (std::regex_match(req.path, m, kIntentStep)) {
      if (m[2] == "confirm") return ConfirmIntent(m[1].str(), req, ctx, key);
      if (m[2] == "capture") return CaptureIntent(m[1].str(), req, ctx, key);
      return CancelIntent(m[1].str(), req, ctx, key);
    }
    if (req.path == "/v1/charges") return CreateCharge(req, ctx, key);
    if (req.path == "/v1/refunds") return CreateRefund(req, ctx, key);
    if (std::regex_match(req.path, m, kCapture)) return Capture(m[1].str(), req, ctx, key);
  } else if (req.method == "GET") {
    if (req.path == "/v1/payment_intents") return ListIntents(req, ctx);
    if (req.path == "/v1/payment_intents/search") return SearchIntents(req, ctx);
    if (std::regex_match(req.path, m, kIntent)) return RetrieveIntent(m[1].str(), req, ctx);
    if (req.path == "/v1/charges") return ListCharges(req, ctx);
    if (req.path == "/v1/refunds") return ListRefunds(req, ctx);
    if (req.path == "/v1/charges/search") return SearchCharges(req, ctx);
    if (std::regex_match(req.path, m, kCharge)) return RetrieveCharge(m[1].str(), ctx);
    if (std::regex_match(req.path, m, kRefund)) return RetrieveRefund(m[1].str(), ctx);
  }
  return Error(404, "invalid_request_error", "", "Unrecognized request URL");
}

}  // namespace

SandboxResponse HandleStripe(const SandboxRequest& req, EmulatorContext& ctx) {
  if (IsChallengePath(req.path)) return HandleChallenge(req, ctx);
  std::string auth = req.Header("authorization");
  if (auth.rfind("Bearer ", 0) != 0 || auth.size() <= 7) {
    return Error(401, "invalid_request_error", "", "You did not provide an API key.");
  }
  std::string key = req.method == "POST" ? req.Header("idempotency-key") : "";
  std::string fingerprint = req.method + " " + req.path + "\n" + req.body;
  // Stripe keeps keys per account: a request made as a connected account
  // (Stripe-Account) has keys of its own.
  std::string account = req.Header("stripe-account");
  const std::string scope = account.empty() ? "stripe" : "stripe:" + account;
  StoredAnswer stored;
  switch (ctx.ledger.FindReplay(scope, key, fingerprint, &stored)) {
    case Ledger::Replay::kSame: {
      SandboxResponse r = JsonResponse(stored.status, stored.body);
      r.headers.emplace_back("Idempotent-Replayed", "true");
      return r;
    }
    case Ledger::Replay::kConflict:
      return Error(400, "idempotency_error", "",
                   "Keys for idempotent requests can only be used with the same parameters");
    case Ledger::Replay::kInProgress:
      return InProgress(key);
    case Ledger::Replay::kNone:
      break;
  }
  SandboxResponse r = Route(req, ctx, key);
  // Stripe saves every answer but rate limiting, which happens before.
  if (r.status != 429) {
    ctx.ledger.StoreAnswer(scope, key, fingerprint, {r.status, r.body});
  } else {
    ctx.ledger.Release(scope, key);
  }
  // The answer is stored; what the client sees may be a fault instead.
  switch (r.fault) {
    case SandboxResponse::Fault::kBadGateway:
      return BadGatewayResponse();
    case SandboxResponse::Fault::kInProgress:
      return InProgress(key);
    case SandboxResponse::Fault::kDrop:
    case SandboxResponse::Fault::kNone:
      break;
  }
  return r;
}

}  // namespace mg::sandbox
