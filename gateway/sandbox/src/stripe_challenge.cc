// The emulated 3-D Secure challenge: next_action.redirect_to_url.url of an
// intent that requires action is GET {public_base_url}/stripe/3ds/{pi}, a
// small HTML page with a form; POSTing it completes the challenge as
// providers::ChallengePasses says (the in-process sandbox agrees), and
// answers 303 to the intent's return_url with payment_intent,
// payment_intent_client_secret and redirect_status, as Stripe's redirect
// does. A test completes a challenge over plain HTTP without a browser;
// tok_3ds_abandoned's page is simply never posted.
#include <regex>

#include "emulator_util.h"
#include "stripe_internal.h"

namespace mg::sandbox::stripe_emulator {
namespace {

const std::regex& ChallengePattern() {
  static const std::regex kPattern(R"(^/3ds/(pi_[A-Za-z0-9_]+)$)");
  return kPattern;
}

SandboxResponse Html(int status, const std::string& body) {
  SandboxResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = "<!doctype html><html><head><title>Sandbox 3-D Secure</title></head><body>" + body +
           "</body></html>";
  return r;
}

// Whether the challenge of the intent's token passes: the 3-D Secure
// tokens as the scenario table says; the older tok_sca_* tokens pass.
bool Passes(const Charge& pi) {
  std::optional<providers::SandboxScenario> s = providers::FindSandboxScenario(pi.token);
  if (s && providers::ThreeDsStepFor(*s, providers::ScaAsk::kAuthenticate) ==
               providers::ThreeDsStep::kChallenge) {
    return providers::ChallengePasses(*s);
  }
  return true;
}

void FailAuthentication(Charge& pi) {
  pi.extra["pi_status"] = "requires_payment_method";
  pi.status = "failed";
  pi.extra.erase("next_action_url");
  pi.extra["error_type"] = "invalid_request_error";
  pi.extra["error_code"] = "payment_intent_authentication_failure";
  pi.extra["error_message"] =
      "The provided PaymentMethod has failed authentication. You can provide payment_method_data "
      "or a new PaymentMethod to attempt to fulfill this PaymentIntent again.";
}

std::string ReturnLocation(const Charge& pi, bool passed) {
  std::string url = Extra(pi, "return_url");
  url += url.find('?') == std::string::npos ? '?' : '&';
  return url + "payment_intent=" + pi.id +
         "&payment_intent_client_secret=" + Extra(pi, "client_secret") +
         "&redirect_status=" + (passed ? "succeeded" : "failed");
}

}  // namespace

bool IsChallengePath(const std::string& path) { return path.rfind("/3ds/", 0) == 0; }

SandboxResponse HandleChallenge(const SandboxRequest& req, EmulatorContext& ctx) {
  std::smatch m;
  if (!std::regex_match(req.path, m, ChallengePattern())) return Html(404, "<p>No such page.</p>");
  const std::string id = m[1].str();
  if (req.method == "GET") {
    std::optional<Charge> pi = ctx.ledger.Get(id);
    if (!pi || !IsIntent(*pi)) return Html(404, "<p>No such payment.</p>");
    if (Extra(*pi, "pi_status") != "requires_action") {
      return Html(409, "<p>This payment needs no authentication.</p>");
    }
    return Html(200, "<h1>Sandbox 3-D Secure</h1><p>Payment " + id + ": " +
                         std::to_string(pi->amount) + " minor units of " + pi->currency +
                         "</p><form method=\"post\" action=\"/stripe/3ds/" + id +
                         "\"><button type=\"submit\">Complete authentication</button></form>");
  }
  if (req.method != "POST") return Html(405, "<p>GET or POST.</p>");
  const std::string charge_id = "ch_sbx_" + std::to_string(ctx.ledger.NextSequence());
  bool waiting = false;
  bool passed = false;
  ctx.ledger.Update(id, [&](Charge& pi) {
    if (!IsIntent(pi) || Extra(pi, "pi_status") != "requires_action") return;
    waiting = true;
    passed = Passes(pi);
    if (passed) {
      pi.extra["authentication_flow"] = "challenge";
      AuthorizeIntent(pi, charge_id, "authenticated");
    } else {
      FailAuthentication(pi);
    }
  });
  if (!waiting) return Html(409, "<p>This payment needs no authentication.</p>");
  Charge pi = *ctx.ledger.Get(id);
  SendIntentEvents(ctx, pi, "");
  SandboxResponse r = Html(303, "<p>Returning to the shop.</p>");
  r.headers.emplace_back("Location", ReturnLocation(pi, passed));
  return r;
}

}  // namespace mg::sandbox::stripe_emulator
