// StripeProvider's chained PaymentIntent calls against a scripted HTTP
// client: the capture after an authorization, the one 3-D Secure retry after
// a soft decline, CompleteAction's lookup, cross-check and capture.
#include <gtest/gtest.h>

#include "base/idempotency_key.h"
#include "fixture.h"
#include "gateway/providers/provider_http.h"
#include "scripted_http.h"
#include "stripe/stripe_intents.h"
#include "stripe/stripe_provider.h"

namespace mg::providers {
namespace {

using testing::HeaderOf;
using testing::ReadFixture;
using testing::ScriptedHttp;

constexpr char kIntent[] = "pi_3Q0PsIJvEtkwdCNY0HsLxA1b";

Money M(int64_t minor, const char* c) { return Money(minor, *CurrencyCode::Parse(c)); }

std::map<std::string, std::string> Fields(const std::string& body) {
  std::map<std::string, std::string> out;
  for (auto& [k, v] : FormDecode(body)) out[k] = v;
  return out;
}

class StripeIntentsProviderTest : public ::testing::Test {
 protected:
  AuthorizeRequest Request(ScaAsk ask, bool capture) {
    AuthorizeRequest r{.purchase_id = "pur_123", .amount = M(1099, "EUR")};
    r.payment_method = "card";
    r.payment_token = "pm_card";
    r.return_url = "https://shop.example/return";
    r.idempotency_key = DeriveIdempotencyKey("pur_123", 0, Operation::kAuthorize);
    r.capture = capture;
    r.sca.ask = ask;
    return r;
  }
  void Answer(const char* fixture, int status = 200) {
    http_->Answer(status, ReadFixture("stripe", fixture));
  }
  const outbound::HttpRequest& Sent(std::size_t i) { return http_->sent().at(i); }

  std::shared_ptr<ScriptedHttp> http_ = std::make_shared<ScriptedHttp>();
  StripeProvider stripe_{"stripe", "https://api.stripe.test", Secret("sk_test_1"), http_};
};

TEST_F(StripeIntentsProviderTest, EveryCallPinsTheApiVersionAndSendsTheKey) {
  Answer("pi_requires_capture_no_3ds.json");
  auto r = stripe_.Authorize(Request(ScaAsk::kNone, /*capture=*/false));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kApproved);
  EXPECT_EQ(r->provider_reference, kIntent);
  ASSERT_EQ(http_->sent().size(), 1u);  // no capture asked
  EXPECT_EQ(HeaderOf(Sent(0), "Stripe-Version"), stripe::kStripeVersion);
  EXPECT_EQ(HeaderOf(Sent(0), "Idempotency-Key"), Request(ScaAsk::kNone, false).idempotency_key);
  EXPECT_EQ(HeaderOf(Sent(0), "Authorization"), "Bearer sk_test_1");
}

TEST_F(StripeIntentsProviderTest, CaptureInOneCallCapturesTheAuthorizationWithADerivedKey) {
  Answer("pi_requires_capture_authenticated.json");
  Answer("pi_succeeded.json");
  AuthorizeRequest request = Request(ScaAsk::kAuthenticate, /*capture=*/true);
  auto r = stripe_.Authorize(request);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->outcome, Outcome::kApproved);
  EXPECT_EQ(r->provider_status, "succeeded");
  EXPECT_EQ(r->authentication, Authentication::kAuthenticated);
  ASSERT_EQ(http_->sent().size(), 2u);
  EXPECT_EQ(Fields(Sent(0).body)["payment_method_options[card][request_three_d_secure]"], "any");
  EXPECT_EQ(Sent(1).url,
            std::string("https://api.stripe.test/v1/payment_intents/") + kIntent + "/capture");
  EXPECT_EQ(Fields(Sent(1).body).count("amount_to_capture"), 0u);  // all of it
  EXPECT_EQ(HeaderOf(Sent(1), "Idempotency-Key"),
            mg::DeriveIdempotencyKey(request.idempotency_key, 0, "capture"));
}

TEST_F(StripeIntentsProviderTest, ALostCaptureIsPendingAndAmbiguousNeverAFailover) {
  Answer("pi_requires_capture_no_3ds.json");
  http_->Fail(outbound::HttpResult::Kind::kNotSent, "connect: refused");
  auto r = stripe_.Authorize(Request(ScaAsk::kNone, /*capture=*/true));
  EXPECT_EQ(r->outcome, Outcome::kPending);
  EXPECT_TRUE(r->ambiguous);
  EXPECT_EQ(r->provider_reference, kIntent);
}

TEST_F(StripeIntentsProviderTest, SoftDeclineIsRetriedOnceWithThreeDSecureOnTheSameIntent) {
  Answer("error_authentication_required.json", 402);
  Answer("pi_requires_action_redirect.json");
  AuthorizeRequest request = Request(ScaAsk::kLowValueExemption, /*capture=*/true);
  auto r = stripe_.Authorize(request);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->outcome, Outcome::kRequiresAction);
  ASSERT_TRUE(r->action.has_value());
  ASSERT_EQ(http_->sent().size(), 2u);
  EXPECT_EQ(Fields(Sent(0).body)["payment_method_options[card][request_three_d_secure]"],
            "automatic");
  EXPECT_EQ(Sent(1).url,
            std::string("https://api.stripe.test/v1/payment_intents/") + kIntent + "/confirm");
  EXPECT_EQ(Fields(Sent(1).body)["payment_method_options[card][request_three_d_secure]"], "any");
  EXPECT_EQ(Fields(Sent(1).body)["return_url"], "https://shop.example/return");
  EXPECT_EQ(HeaderOf(Sent(1), "Idempotency-Key"),
            mg::DeriveIdempotencyKey(request.idempotency_key, 0, "authenticate"));
}

TEST_F(StripeIntentsProviderTest, ASecondSoftDeclineIsAuthenticationRequired) {
  Answer("pi_soft_declined.json");
  Answer("error_authentication_required.json", 402);
  auto r = stripe_.Authorize(Request(ScaAsk::kNone, /*capture=*/false));
  EXPECT_EQ(r->outcome, Outcome::kDeclined);
  EXPECT_EQ(r->decline_reason, DeclineReason::kAuthenticationRequired);
  EXPECT_EQ(http_->sent().size(), 2u);  // once, not more
}

TEST_F(StripeIntentsProviderTest, NoRetryWhenThreeDSecureWasAlreadyRequested) {
  Answer("error_authentication_required.json", 402);
  auto r = stripe_.Authorize(Request(ScaAsk::kAuthenticate, /*capture=*/false));
  EXPECT_EQ(r->outcome, Outcome::kDeclined);
  EXPECT_EQ(r->decline_reason, DeclineReason::kAuthenticationRequired);
  EXPECT_EQ(http_->sent().size(), 1u);
}

TEST_F(StripeIntentsProviderTest, SoftDeclineWithoutAnIntentCreatesOneAnew) {
  http_->Answer(402, R"({"error": {"type": "card_error", "code": "card_declined",
                                   "decline_code": "authentication_required"}})");
  Answer("pi_requires_action_redirect.json");
  auto r = stripe_.Authorize(Request(ScaAsk::kNone, /*capture=*/false));
  EXPECT_EQ(r->outcome, Outcome::kRequiresAction);
  ASSERT_EQ(http_->sent().size(), 2u);
  EXPECT_EQ(Sent(1).url, "https://api.stripe.test/v1/payment_intents");
  EXPECT_EQ(Fields(Sent(1).body)["payment_method_options[card][request_three_d_secure]"], "any");
  EXPECT_NE(HeaderOf(Sent(1), "Idempotency-Key"), HeaderOf(Sent(0), "Idempotency-Key"));
}

TEST_F(StripeIntentsProviderTest, CompleteActionLooksTheIntentUpAndCaptures) {
  Answer("pi_requires_capture_authenticated.json");
  Answer("pi_succeeded.json");
  CompleteActionRequest request{
      .purchase_id = "pur_123",
      .provider_reference = kIntent,
      .details = {{"payment_intent", kIntent}, {"redirect_status", "succeeded"}},
      .amount = M(1099, "EUR")};
  request.idempotency_key = DeriveIdempotencyKey("pur_123", 0, Operation::kCompleteAction);
  auto r = stripe_.CompleteAction(request);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kApproved);
  EXPECT_EQ(r->authentication, Authentication::kAuthenticated);
  ASSERT_EQ(http_->sent().size(), 2u);
  EXPECT_EQ(Sent(0).method, "GET");
  EXPECT_EQ(Sent(0).url, std::string("https://api.stripe.test/v1/payment_intents/") + kIntent +
                             "?expand%5B%5D=latest_charge");
  EXPECT_EQ(HeaderOf(Sent(1), "Idempotency-Key"), request.idempotency_key);
}

TEST_F(StripeIntentsProviderTest, CompleteActionFailedStillWaitingAndMismatched) {
  CompleteActionRequest request{
      .purchase_id = "pur_123", .provider_reference = kIntent, .amount = M(1099, "EUR")};
  request.idempotency_key = DeriveIdempotencyKey("pur_123", 0, Operation::kCompleteAction);
  Answer("pi_authentication_failed.json");
  auto failed = stripe_.CompleteAction(request);
  EXPECT_EQ(failed->outcome, Outcome::kDeclined);
  EXPECT_EQ(failed->decline_reason, DeclineReason::kAuthenticationFailed);
  EXPECT_EQ(failed->authentication, Authentication::kFailed);
  Answer("pi_requires_action_redirect.json");
  EXPECT_EQ(stripe_.CompleteAction(request)->outcome, Outcome::kRequiresAction);
  EXPECT_EQ(http_->sent().size(), 2u);  // no capture of either
  request.details["payment_intent"] = "pi_other";
  EXPECT_EQ(stripe_.CompleteAction(request).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(http_->sent().size(), 2u);  // refused before sending
}

TEST_F(StripeIntentsProviderTest, ALegacyChargeIsNeverProvenAbsent) {
  StatusRequest status{.purchase_id = "pur_0", .provider_reference = "ch_3MmlLrLkdIwHu7ix0snN0B15"};
  auto r = stripe_.GetStatus(status);
  EXPECT_EQ(r->outcome, Outcome::kPending);
  EXPECT_TRUE(r->ambiguous);
  EXPECT_TRUE(http_->sent().empty());
}

}  // namespace
}  // namespace mg::providers
