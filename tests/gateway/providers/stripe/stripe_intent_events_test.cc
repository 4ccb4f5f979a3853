// Stripe's PaymentIntent events, and charge events of an intent's charge,
// parsed into normalized events that name the PaymentIntent.
#include <gtest/gtest.h>

#include "fixture.h"
#include "stripe/stripe_webhook.h"

namespace mg::providers::stripe {
namespace {

using testing::ReadFixture;

constexpr char kIntent[] = "pi_3Q0PsIJvEtkwdCNY0HsLxA1b";

WebhookEvent Parsed(const char* fixture) {
  const Secret secret("whsec_test_secret");
  std::string payload = ReadFixture("stripe", fixture);
  auto event =
      VerifyAndParse(payload, SignPayload(payload, secret, 1764072000), secret,
                     std::chrono::system_clock::time_point(std::chrono::seconds(1764072005)));
  EXPECT_TRUE(event.ok()) << fixture << ": " << event.status().ToString();
  return event.ok() ? *event : WebhookEvent{};
}

TEST(StripeIntentEventTest, OnlyACapturedIntentApproves) {
  for (const char* fixture : {"event_payment_intent_succeeded.json",
                              "event_payment_intent_amount_capturable_updated.json"}) {
    WebhookEvent e = Parsed(fixture);
    // Authorized and not captured is not money taken: pending.
    const bool captured = std::string(fixture) == "event_payment_intent_succeeded.json";
    EXPECT_EQ(e.outcome, captured ? Outcome::kApproved : Outcome::kPending) << fixture;
    EXPECT_EQ(e.provider_reference, kIntent) << fixture;
    EXPECT_EQ(e.merchant_reference, "pur_123") << fixture;
    ASSERT_TRUE(e.amount.has_value()) << fixture;
    EXPECT_EQ(e.amount->minor_units(), 1099);
  }
  EXPECT_EQ(Parsed("event_payment_intent_succeeded.json").event_type, "payment_intent.succeeded");
}

// Under capture_method=manual, charge.succeeded means authorized: only the
// capture approves. Both carry the 3-D Secure result, for the spend.
TEST(StripeIntentEventTest, AnAuthorizedChargeWaitsForItsCaptureAndCarriesItsAuthentication) {
  WebhookEvent authorized = Parsed("event_charge_succeeded_uncaptured_3ds.json");
  EXPECT_EQ(authorized.outcome, Outcome::kPending);
  EXPECT_EQ(authorized.provider_reference, kIntent);
  EXPECT_EQ(authorized.authentication, Authentication::kAuthenticated);
  WebhookEvent captured = Parsed("event_charge_captured_3ds.json");
  EXPECT_EQ(captured.outcome, Outcome::kApproved);
  EXPECT_EQ(captured.provider_reference, kIntent);
  EXPECT_EQ(captured.authentication, Authentication::kAuthenticated);
}

TEST(StripeIntentEventTest, FailedCanceledAndWaitingIntents) {
  WebhookEvent failed = Parsed("event_payment_intent_payment_failed.json");
  EXPECT_EQ(failed.outcome, Outcome::kDeclined);
  EXPECT_EQ(failed.decline_reason, DeclineReason::kAuthenticationFailed);
  EXPECT_EQ(failed.provider_reference, kIntent);
  WebhookEvent canceled = Parsed("event_payment_intent_canceled.json");
  EXPECT_EQ(canceled.outcome, Outcome::kDeclined);
  EXPECT_EQ(canceled.provider_reference, kIntent);
  WebhookEvent waiting = Parsed("event_payment_intent_requires_action.json");
  EXPECT_EQ(waiting.outcome, Outcome::kRequiresAction);
  EXPECT_EQ(waiting.provider_reference, kIntent);
}

TEST(StripeIntentEventTest, ChargeEventsOfAnIntentNameTheIntent) {
  WebhookEvent refunded = Parsed("event_charge_refunded_intent.json");
  EXPECT_EQ(refunded.outcome, Outcome::kApproved);
  EXPECT_EQ(refunded.provider_reference, kIntent);
  // A charge made without an intent keeps its own id.
  EXPECT_EQ(Parsed("event_charge_succeeded.json").provider_reference,
            "ch_3MmlLrLkdIwHu7ix0snN0B15");
}

TEST(StripeIntentEventTest, DisputesNameTheIntentWhenTheyCarryOne) {
  std::string payload = R"({"id": "evt_d", "object": "event",
    "type": "charge.dispute.funds_withdrawn", "data": {"object": {"id": "dp_1",
    "object": "dispute", "amount": 1099, "currency": "eur", "charge": "ch_1",
    "payment_intent": "pi_1", "status": "needs_response"}}})";
  auto e = ParseEvent(payload);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->provider_reference, "dp_1");
  EXPECT_EQ(e->disputed_reference, "pi_1");
  EXPECT_EQ(e->outcome, Outcome::kApproved);
}

}  // namespace
}  // namespace mg::providers::stripe
