// The stripe adapter against marketgate-sandbox's Stripe emulator over HTTP
// on loopback: every 3-D Secure token, the challenge completed through the
// emulated page (GET, then POST, then the 303 back to the return_url), and
// PaymentIntent references through status, search, void, refund and audit.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "gateway/providers/provider_http.h"
#include "gateway/providers/provider_registry.h"
#include "gateway/sandbox/sandbox_server.h"
#include "sandbox_fixture.h"
#include "stripe/stripe_webhook.h"

namespace mg::providers {
namespace {

using namespace std::chrono_literals;

Money M(int64_t minor, const char* c) { return Money(minor, *CurrencyCode::Parse(c)); }

// The query parameters of a URL, decoded.
std::map<std::string, std::string> QueryOf(const std::string& url) {
  std::map<std::string, std::string> out;
  std::size_t q = url.find('?');
  if (q == std::string::npos) return out;
  for (auto& [k, v] : FormDecode(url.substr(q + 1))) out[k] = v;
  return out;
}

class StripeSandboxIntentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox::SandboxOptions options;
    options.webhook_url = receiver_.url();
    options.emulator.timeout_delay = 1500ms;
    options.emulator.stripe_webhook_secret = Secret("whsec_sandbox");
    auto server = sandbox::SandboxServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
    ProviderConfig c;
    c.id = "stripe";
    c.kind = "stripe";
    c.base_url = server_->base_url() + "/stripe";
    c.api_key = Secret("sk_test_sandbox");
    c.http.read_timeout = 700ms;
    auto set = ProviderRegistry::WithBuiltins().Build({c});
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    set_ = *set;
    stripe_ = set_->Find("stripe");
    browser_ = *outbound::HttpClient::Create({});
  }

  AuthorizeRequest Request(const std::string& purchase, const std::string& token, ScaAsk ask,
                           bool capture = true) {
    AuthorizeRequest r{.purchase_id = purchase, .amount = M(1099, "EUR")};
    r.payment_method = "card";
    r.payment_token = token;
    r.return_url = "https://shop.example/return?order=" + purchase;
    r.idempotency_key = DeriveIdempotencyKey(purchase, 0, Operation::kAuthorize);
    r.capture = capture;
    r.sca.ask = ask;
    r.sca.regime = ask == ScaAsk::kNone ? "" : "psd2";
    return r;
  }

  // What the shopper's browser does: opens the challenge page, submits its
  // form, follows nothing (the 303 is checked). Returns the Location.
  std::string CompleteChallenge(const PaymentResult& r) {
    EXPECT_TRUE(r.action.has_value());
    if (!r.action) return "";
    EXPECT_EQ(r.action->kind, NextAction::Kind::kRedirect);
    EXPECT_EQ(r.action->url, server_->base_url() + "/stripe/3ds/" + r.provider_reference);
    outbound::HttpResult page = browser_->Send({"GET", r.action->url, {}, ""});
    EXPECT_EQ(page.response.status, 200) << page.response.body;
    EXPECT_NE(page.response.body.find("<form method=\"post\""), std::string::npos);
    outbound::HttpResult posted = browser_->Send({"POST", r.action->url, {}, ""});
    EXPECT_EQ(posted.response.status, 303) << posted.response.body;
    return std::string(posted.response.Header("Location"));
  }

  CompleteActionRequest Completion(const std::string& purchase, const PaymentResult& r,
                                   const std::string& location) {
    CompleteActionRequest c{.purchase_id = purchase,
                            .provider_reference = r.provider_reference,
                            .details = QueryOf(location),
                            .amount = M(1099, "EUR")};
    c.idempotency_key = DeriveIdempotencyKey(purchase, 0, Operation::kCompleteAction);
    return c;
  }

  testing::WebhookReceiver receiver_;
  std::unique_ptr<sandbox::SandboxServer> server_;
  std::shared_ptr<const ProviderSet> set_;
  const PaymentProvider* stripe_ = nullptr;
  std::shared_ptr<outbound::HttpClient> browser_;
};

TEST_F(StripeSandboxIntentsTest, ChallengePassedThroughThePageIsAuthenticatedAndCaptured) {
  auto r = stripe_->Authorize(Request("pur_pass", "tok_3ds_challenge_pass", ScaAsk::kAuthenticate));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->outcome, Outcome::kRequiresAction) << r->message;
  EXPECT_EQ(r->provider_reference.rfind("pi_", 0), 0u);
  // Not back yet: still waiting, nothing captured.
  auto early = stripe_->CompleteAction(Completion("pur_pass", *r, ""));
  EXPECT_EQ(early->outcome, Outcome::kRequiresAction);

  std::string location = CompleteChallenge(*r);
  auto query = QueryOf(location);
  EXPECT_EQ(location.rfind("https://shop.example/return?order=pur_pass&", 0), 0u) << location;
  EXPECT_EQ(query["payment_intent"], r->provider_reference);
  EXPECT_EQ(query["redirect_status"], "succeeded");
  EXPECT_FALSE(query["payment_intent_client_secret"].empty());

  auto done = stripe_->CompleteAction(Completion("pur_pass", *r, location));
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->outcome, Outcome::kApproved) << done->message;
  EXPECT_EQ(done->provider_status, "succeeded");  // captured
  EXPECT_EQ(done->authentication, Authentication::kAuthenticated);
  // A second completion (a retry) answers the same, with no second capture.
  auto again = stripe_->CompleteAction(Completion("pur_pass", *r, location));
  EXPECT_EQ(again->outcome, Outcome::kApproved);
  EXPECT_EQ(again->authentication, Authentication::kAuthenticated);
}

TEST_F(StripeSandboxIntentsTest, ChallengeFailedIsDeclinedAuthenticationFailed) {
  auto r = stripe_->Authorize(Request("pur_fail", "tok_3ds_challenge_fail", ScaAsk::kAuthenticate));
  ASSERT_EQ(r->outcome, Outcome::kRequiresAction);
  std::string location = CompleteChallenge(*r);
  EXPECT_EQ(QueryOf(location)["redirect_status"], "failed");
  auto done = stripe_->CompleteAction(Completion("pur_fail", *r, location));
  EXPECT_EQ(done->outcome, Outcome::kDeclined);
  EXPECT_EQ(done->decline_reason, DeclineReason::kAuthenticationFailed);
  EXPECT_EQ(done->authentication, Authentication::kFailed);
  // The page is spent: posting it again changes nothing.
  EXPECT_EQ(browser_->Send({"POST", r->action->url, {}, ""}).response.status, 409);
}

TEST_F(StripeSandboxIntentsTest, FrictionlessAndExemptedNeedNoShopper) {
  auto frictionless =
      stripe_->Authorize(Request("pur_fl", "tok_3ds_frictionless", ScaAsk::kAuthenticate));
  EXPECT_EQ(frictionless->outcome, Outcome::kApproved) << frictionless->message;
  EXPECT_EQ(frictionless->authentication, Authentication::kAuthenticated);
  EXPECT_EQ(frictionless->provider_status, "succeeded");
  auto exempted = stripe_->Authorize(
      Request("pur_ex", "tok_3ds_exemption_accepted", ScaAsk::kLowValueExemption, false));
  EXPECT_EQ(exempted->outcome, Outcome::kApproved) << exempted->message;
  EXPECT_EQ(exempted->authentication, Authentication::kExempted);
  EXPECT_EQ(exempted->exemption, "low_value");
  EXPECT_EQ(exempted->provider_status, "requires_capture");  // not captured: not asked
}

TEST_F(StripeSandboxIntentsTest, RefusedExemptionIsRetriedWithAChallengeThatPasses) {
  AuthorizeRequest request =
      Request("pur_refused", "tok_3ds_exemption_refused", ScaAsk::kLowValueExemption);
  auto r = stripe_->Authorize(request);
  ASSERT_EQ(r->outcome, Outcome::kRequiresAction) << r->message;
  auto done = stripe_->CompleteAction(Completion("pur_refused", *r, CompleteChallenge(*r)));
  EXPECT_EQ(done->outcome, Outcome::kApproved);
  EXPECT_EQ(done->authentication, Authentication::kAuthenticated);
  // The retry confirmed the same intent: one payment for the purchase.
  auto status = stripe_->GetStatus({.purchase_id = "pur_refused"});  // by search
  EXPECT_EQ(status->provider_reference, r->provider_reference);
  EXPECT_EQ(status->outcome, Outcome::kApproved);
}

TEST_F(StripeSandboxIntentsTest, RefusedExemptionTokenChallengesAtOnceWhenThreeDSecureIsAsked) {
  // 3-D Secure was asked from the start: the soft decline cannot happen,
  // the issuer challenges at once.
  auto r = stripe_->Authorize(
      Request("pur_refused_any", "tok_3ds_exemption_refused", ScaAsk::kAuthenticate));
  EXPECT_EQ(r->outcome, Outcome::kRequiresAction);
}

TEST_F(StripeSandboxIntentsTest, AbandonedChallengeStaysWaitingUntilVoided) {
  auto r = stripe_->Authorize(Request("pur_gone", "tok_3ds_abandoned", ScaAsk::kAuthenticate));
  ASSERT_EQ(r->outcome, Outcome::kRequiresAction);
  auto later = stripe_->CompleteAction(Completion("pur_gone", *r, ""));
  EXPECT_EQ(later->outcome, Outcome::kRequiresAction);
  StatusRequest status{.purchase_id = "pur_gone", .provider_reference = r->provider_reference};
  EXPECT_EQ(stripe_->GetStatus(status)->outcome, Outcome::kRequiresAction);
  VoidRequest v{"pur_gone", r->provider_reference,
                DeriveIdempotencyKey("pur_gone", 0, Operation::kVoid)};
  auto voided = stripe_->Void(v);
  EXPECT_EQ(voided->outcome, Outcome::kApproved) << voided->message;
  EXPECT_EQ(voided->provider_status, "canceled");
  EXPECT_EQ(stripe_->GetStatus(status)->outcome, Outcome::kDeclined);  // canceled
  // The page of a cancelled payment has nothing left to authenticate.
  EXPECT_EQ(browser_->Send({"GET", r->action->url, {}, ""}).response.status, 409);
}

TEST_F(StripeSandboxIntentsTest, RefundsNameTheIntentAndTheAuditListsIt) {
  auto r = stripe_->Authorize(Request("pur_refund", "tok_success", ScaAsk::kNone));
  ASSERT_EQ(r->outcome, Outcome::kApproved);
  EXPECT_EQ(r->provider_status, "succeeded");
  RefundRequest refund{"pur_refund", r->provider_reference, M(400, "EUR"), "",
                       DeriveIdempotencyKey("pur_refund", 0, Operation::kRefund)};
  auto refunded = stripe_->Refund(refund);
  ASSERT_EQ(refunded->outcome, Outcome::kApproved) << refunded->message;
  auto looked_up = stripe_->GetRefundStatus({.purchase_id = "pur_refund",
                                             .refund_reference = refunded->provider_reference,
                                             .payment_reference = r->provider_reference});
  EXPECT_EQ(looked_up->outcome, Outcome::kApproved);
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  auto listed = stripe_->ListCharges({now - 60s, now + 60s});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, r->provider_reference);
  EXPECT_EQ((*listed)[0].merchant_reference, "pur_refund");
  EXPECT_EQ((*listed)[0].state, ListedCharge::State::kCaptured);
  ASSERT_EQ((*listed)[0].refunds.size(), 1u);
  EXPECT_EQ((*listed)[0].refunds[0].id, refunded->provider_reference);
  EXPECT_EQ((*listed)[0].refunds[0].amount_minor, 400);
}

TEST_F(StripeSandboxIntentsTest, EventsNameTheIntent) {
  auto r = stripe_->Authorize(Request("pur_events", "tok_success", ScaAsk::kNone, false));
  ASSERT_EQ(r->outcome, Outcome::kApproved);
  // charge.succeeded and payment_intent.amount_capturable_updated.
  auto hooks = receiver_.WaitFor(2, 5s);
  ASSERT_GE(hooks.size(), 2u);
  std::set<std::string> types;
  for (const auto& hook : hooks) {
    auto event = stripe::VerifyAndParse(hook.body, hook.signature, Secret("whsec_sandbox"),
                                        std::chrono::system_clock::now());
    ASSERT_TRUE(event.ok()) << event.status().ToString();
    EXPECT_EQ(event->provider_reference, r->provider_reference) << event->event_type;
    EXPECT_EQ(event->merchant_reference, "pur_events") << event->event_type;
    // Authorized, not captured (capture=false): no money taken yet.
    EXPECT_EQ(event->outcome, Outcome::kPending) << event->event_type;
    types.insert(event->event_type);
  }
  EXPECT_TRUE(types.count("payment_intent.amount_capturable_updated")) << hooks.size();
  EXPECT_TRUE(types.count("charge.succeeded"));
}

}  // namespace
}  // namespace mg::providers
