// 3-D Secure 2 on the Adyen emulator (docs/sandbox.md): what /payments
// answers for the 3-D Secure tokens (ThreeDsStepFor, the same table as the
// in-process sandbox), the emulated issuer's challenge page, and
// /payments/details. What a challenge has reached lives in its charge's
// `extra` ("three_ds": challenge -> completed -> resolved), so it is
// bounded and evicted with the ledger's charges.
//
// Wire names follow Adyen/adyen-openapi@aa014f0cbdb58ff5c44a2ff9d5fe734642210aff
// json/CheckoutService-v71.json; the refusals (11 "3D Not Authenticated",
// 38 "Authentication required") docs.adyen.com's refusal reasons.
#include <boost/json.hpp>
#include <regex>

#include "adyen_internal.h"
#include "base/crypto.h"
#include "emulator_util.h"
#include "gateway/providers/json_fields.h"

namespace mg::sandbox::adyen_emulator {
namespace {

namespace json = boost::json;
namespace jf = providers::json_fields;
using providers::SandboxScenario;
using providers::ThreeDsStep;

json::object Authenticated() {
  return json::object{
      {"threeDAuthenticated", "true"}, {"threeDOffered", "true"}, {"liabilityShift", "true"}};
}

json::object TransResult(const char* status) {
  json::object r{{"messageVersion", "2.2.0"}, {"transStatus", status}};
  if (std::string_view(status) == "Y") r["eci"] = "05";
  if (std::string_view(status) == "N") r["transStatusReason"] = "01";
  return r;
}

SandboxResponse Html(int status, const std::string& title, const std::string& body) {
  SandboxResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = "<!doctype html><html><head><title>" + title + "</title></head><body><h1>" + title +
           "</h1>" + body + "</body></html>";
  return r;
}

// The opaque redirectResult: the payment's pspReference and a sequence
// number, hex encoded; /payments/details finds the payment from it and
// checks it against the one the page handed out.
std::string RedirectResult(const std::string& psp, EmulatorContext& ctx) {
  return HexEncode(psp + ":" + std::to_string(ctx.ledger.NextSequence()));
}

std::optional<std::string> PaymentOfRedirectResult(const std::string& token) {
  std::optional<std::string> text = HexDecode(token);
  if (!text) return std::nullopt;
  std::size_t colon = text->find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  return text->substr(0, colon);
}

std::string WithQuery(const std::string& url, const std::string& name, const std::string& value) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + name + "=" + value;
}

// The answer for a payment whose challenge was resolved (or cancelled).
json::object ResolvedAnswer(const Charge& c) {
  json::object out{{"pspReference", c.id}, {"merchantReference", c.reference}};
  if (c.status == "Authorised") {
    out["additionalData"] = Authenticated();
    out["threeDS2Result"] = TransResult("Y");
  } else if (c.status == "Refused") {
    out["refusalReason"] = "3D Not Authenticated";
    out["refusalReasonCode"] = "11";
    out["additionalData"] = json::object{{"threeDAuthenticated", "false"},
                                         {"threeDOffered", "true"},
                                         {"refusalReasonRaw", "3d-secure: Authentication failed"}};
    out["threeDS2Result"] = TransResult("N");
  }
  out["resultCode"] = c.status;
  return out;
}

}  // namespace

providers::ScaAsk ScaAskOf(const json::object& body) {
  if (const json::object* auth = jf::Object(body, "authenticationData")) {
    if (jf::String(*auth, "attemptAuthentication") == "always") {
      return providers::ScaAsk::kAuthenticate;
    }
  }
  if (const json::object* extra = jf::Object(body, "additionalData")) {
    if (jf::String(*extra, "scaExemption") == "lowValue") {
      return providers::ScaAsk::kLowValueExemption;
    }
  }
  return providers::ScaAsk::kNone;
}

std::string ThreeDsOutcome(ThreeDsStep step, const std::string& return_url, Charge& c,
                           EmulatorContext& ctx, json::object& out) {
  switch (step) {
    case ThreeDsStep::kFrictionless:
      out["additionalData"] = Authenticated();
      out["threeDS2Result"] = TransResult("Y");
      return "Authorised";
    case ThreeDsStep::kExempted:
      out["additionalData"] = json::object{{"scaExemptionRequested", "lowValue"},
                                           {"threeDAuthenticated", "false"},
                                           {"threeDOffered", "false"}};
      return "Authorised";
    case ThreeDsStep::kSoftDecline:
      out["refusalReason"] = "Authentication required";
      out["refusalReasonCode"] = "38";
      out["additionalData"] = json::object{{"refusalReasonRaw", "1A : Authentication Required"}};
      return "Refused";
    case ThreeDsStep::kChallenge:
      c.extra["three_ds"] = "challenge";
      c.extra["return_url"] = return_url;
      out["action"] = json::object{{"type", "redirect"},
                                   {"paymentMethodType", "scheme"},
                                   {"url", ctx.config.public_base_url + "/adyen/3ds/" + c.id},
                                   {"method", "GET"}};
      return "RedirectShopper";
    case ThreeDsStep::kApprove:
    case ThreeDsStep::kNotThreeDs:
      break;
  }
  return "Authorised";
}

bool IsChallengePath(const std::string& path) { return path.rfind("/3ds/", 0) == 0; }

SandboxResponse ChallengePage(const SandboxRequest& req, EmulatorContext& ctx) {
  static const std::regex kPath(R"(^/3ds/([0-9]{16})$)");
  std::smatch m;
  std::optional<Charge> c;
  if (std::regex_match(req.path, m, kPath)) c = ctx.ledger.Get(m[1].str());
  if (!c || c->provider != "adyen" || !c->extra.contains("three_ds")) {
    return Html(404, "No such authentication", "");
  }
  if (c->status != "RedirectShopper") {
    return Html(410, "Authentication no longer possible",
                "<p>The payment is " + c->status + ".</p>");
  }
  if (req.method == "GET") {
    return Html(200, "Sandbox issuer: 3-D Secure challenge",
                "<p>Payment " + c->id + ": " + std::to_string(c->amount) + " minor units of " +
                    c->currency + "</p><form method=\"post\" action=\"" +
                    ctx.config.public_base_url + "/adyen/3ds/" + c->id +
                    "\"><button type=\"submit\">Complete authentication</button></form>");
  }
  if (req.method != "POST") return Html(405, "GET or POST", "");
  // The token decides whether the shopper passes (ChallengePasses), as in
  // the in-process sandbox; a resubmitted form gets the same redirect.
  std::string token = RedirectResult(c->id, ctx);
  std::string return_url;
  bool open = ctx.ledger.Update(c->id, [&](Charge& ch) {
    if (ch.status != "RedirectShopper") {  // cancelled meanwhile
      token.clear();
      return;
    }
    if (ch.extra["three_ds"] == "challenge") {
      ch.extra["three_ds"] = "completed";
      ch.extra["redirect_result"] = token;
    }
    token = ch.extra["redirect_result"];
    return_url = ch.extra["return_url"];
  });
  if (!open || token.empty()) return Html(410, "Authentication no longer possible", "");
  SandboxResponse r = Html(303, "Authentication completed", "");
  r.headers.emplace_back("Location", WithQuery(return_url, "redirectResult", token));
  return r;
}

SandboxResponse PaymentDetails(const SandboxRequest& req, EmulatorContext& ctx) {
  std::optional<json::value> doc = jf::Parse(req.body);
  const json::object* body = jf::Object(doc ? &*doc : nullptr);
  const json::object* details = body ? jf::Object(*body, "details") : nullptr;
  if (details == nullptr) {
    return Error(422, "14_0", "validation", "Required field 'details' missing");
  }
  std::string redirect_result = jf::String(*details, "redirectResult");
  if (redirect_result.empty()) {
    // The native 3DS2 SDK's threeDSResult is not emulated: the sandbox's
    // 3-D Secure tokens always redirect.
    return Error(422, "14_0", "validation", "Invalid payment details: redirectResult required");
  }
  std::optional<std::string> psp = PaymentOfRedirectResult(redirect_result);
  std::optional<Charge> found = psp ? ctx.ledger.Get(*psp) : std::nullopt;
  if (!found || found->provider != "adyen" || found->extra["redirect_result"] != redirect_result) {
    return Error(422, "14_0", "validation", "Invalid redirectResult");
  }
  bool passes = providers::ChallengePasses(
      providers::FindSandboxScenario(found->token).value_or(SandboxScenario::kSuccess));
  bool resolved_now = false;
  Charge charge;
  ctx.ledger.Update(*psp, [&](Charge& ch) {
    if (ch.status == "RedirectShopper" && ch.extra["three_ds"] == "completed") {
      ch.status = passes ? "Authorised" : "Refused";
      ch.extra["three_ds"] = "resolved";
      resolved_now = true;
    }
    charge = ch;
  });
  if (resolved_now) {
    SendNotification(
        ctx,
        Notification{"AUTHORISATION", passes, charge.id, "", charge.reference, charge.amount,
                     charge.currency, passes ? "" : "3D Not Authenticated"},
        charge.id);
  }
  return JsonResponse(200, json::serialize(ResolvedAnswer(charge)));
}

}  // namespace mg::sandbox::adyen_emulator
