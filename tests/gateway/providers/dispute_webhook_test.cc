// Dispute webhooks (chargebacks) and payout webhooks as the providers send them: Stripe's
// charge.dispute.funds_withdrawn / funds_reinstated and Adyen's CHARGEBACK,
// SECOND_CHARGEBACK and CHARGEBACK_REVERSED parse to events naming the
// dispute, the disputed payment and the amount; only the ones that move
// money decide anything (ProviderKind::DecidesChargeback).
#include <gtest/gtest.h>

#include "adyen/adyen_webhook.h"
#include "fixture.h"
#include "gateway/providers/provider_registry.h"
#include "gateway/providers/webhook_event.h"
#include "stripe/stripe_webhook.h"

namespace mg::providers {
namespace {

using testing::ReadFixture;

const Secret kAdyenKey("44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056");

TEST(DisputeWebhookTest, StripeFundsWithdrawnIsAChargebackOfTheCharge) {
  Result<WebhookEvent> event =
      stripe::ParseEvent(ReadFixture("stripe", "event_dispute_funds_withdrawn.json"));
  ASSERT_TRUE(event.ok()) << event.status().ToString();
  EXPECT_EQ(event->event_type, "charge.dispute.funds_withdrawn");
  EXPECT_EQ(event->provider_reference, "dp_1QdisputeFraudulent0001");
  EXPECT_EQ(event->disputed_reference, "ch_3MmlLrLkdIwHu7ix0snN0B15");
  EXPECT_EQ(event->outcome, Outcome::kApproved);
  ASSERT_TRUE(event->amount);
  EXPECT_EQ(event->amount->minor_units(), 1190);
  EXPECT_EQ(event->amount->currency().view(), "EUR");
  std::shared_ptr<const ProviderKind> stripe = ProviderRegistry::WithBuiltins().Find("stripe");
  EXPECT_TRUE(stripe->DecidesChargeback(*event));
  EXPECT_FALSE(stripe->DecidesPayment(*event));
  EXPECT_FALSE(stripe->DecidesRefund(*event));
}

TEST(DisputeWebhookTest, StripeFundsReinstatedReversesItAndOtherDisputeEventsDecideNothing) {
  std::shared_ptr<const ProviderKind> stripe = ProviderRegistry::WithBuiltins().Find("stripe");
  Result<WebhookEvent> won =
      stripe::ParseEvent(ReadFixture("stripe", "event_dispute_funds_reinstated.json"));
  ASSERT_TRUE(won.ok()) << won.status().ToString();
  EXPECT_EQ(won->outcome, Outcome::kDeclined);
  EXPECT_EQ(won->disputed_reference, "ch_3MmlLrLkdIwHu7ix0snN0B15");
  EXPECT_TRUE(stripe->DecidesChargeback(*won));

  std::string created = ReadFixture("stripe", "event_dispute_funds_withdrawn.json");
  created.replace(created.find("charge.dispute.funds_withdrawn"), 30, "charge.dispute.created");
  Result<WebhookEvent> opened = stripe::ParseEvent(created);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->outcome, Outcome::kPending);
  EXPECT_FALSE(stripe->DecidesChargeback(*opened));
}

std::string AdyenChargeback(const std::string& event_code) {
  std::string body = ReadFixture("adyen", "notification_chargeback.json");
  body.replace(body.find("\"CHARGEBACK\""), 12, "\"" + event_code + "\"");
  Result<std::vector<adyen::NotificationItem>> items = adyen::ParseNotification(body);
  EXPECT_TRUE(items.ok());
  const std::string hmac = *adyen::ComputeHmac(items->front(), kAdyenKey);
  body.replace(body.find("REPLACED_IN_TEST"), 16, hmac);
  return body;
}

TEST(DisputeWebhookTest, AdyenChargebacksNameTheDisputeAndTheOriginalPayment) {
  std::shared_ptr<const ProviderKind> adyen = ProviderRegistry::WithBuiltins().Find("adyen");
  for (const auto& [code, outcome] : {std::pair{"CHARGEBACK", Outcome::kApproved},
                                      std::pair{"SECOND_CHARGEBACK", Outcome::kApproved},
                                      std::pair{"CHARGEBACK_REVERSED", Outcome::kDeclined}}) {
    Result<std::vector<WebhookEvent>> events =
        adyen::VerifyAndParse(AdyenChargeback(code), kAdyenKey);
    ASSERT_TRUE(events.ok()) << code << ": " << events.status().ToString();
    ASSERT_EQ(events->size(), 1u);
    const WebhookEvent& event = events->front();
    EXPECT_EQ(event.provider_reference, "9915555555555555") << code;
    EXPECT_EQ(event.disputed_reference, "7914073381342284") << code;
    EXPECT_EQ(event.outcome, outcome) << code;
    EXPECT_EQ(event.amount->minor_units(), 1130) << code;
    EXPECT_TRUE(adyen->DecidesChargeback(event)) << code;
    EXPECT_FALSE(adyen->DecidesRefund(event)) << code;
  }
  // A notice of a dispute that has not taken money yet decides nothing.
  Result<std::vector<WebhookEvent>> notice =
      adyen::VerifyAndParse(AdyenChargeback("NOTIFICATION_OF_CHARGEBACK"), kAdyenKey);
  ASSERT_TRUE(notice.ok()) << notice.status().ToString();
  EXPECT_FALSE(adyen->DecidesChargeback(notice->front()));
}

TEST(PayoutWebhookTest, StripePayoutEventsNameOurPayoutAndItsOutcome) {
  std::shared_ptr<const ProviderKind> stripe = ProviderRegistry::WithBuiltins().Find("stripe");
  const std::string paid_body = ReadFixture("stripe", "event_payout_paid.json");
  Result<WebhookEvent> paid = stripe::ParseEvent(paid_body);
  ASSERT_TRUE(paid.ok()) << paid.status().ToString();
  EXPECT_EQ(paid->provider_reference, "po_1QpayoutToBank0000000001");
  EXPECT_EQ(paid->merchant_reference, "pyt_0123456789abcdef01234567");
  EXPECT_EQ(paid->outcome, Outcome::kApproved);
  EXPECT_TRUE(stripe->DecidesPayout(*paid));
  EXPECT_FALSE(stripe->DecidesPayment(*paid));

  std::string failed_body = paid_body;
  failed_body.replace(failed_body.find("\"payout.paid\""), 13, "\"payout.failed\"");
  failed_body.replace(failed_body.find("\"status\": \"paid\""), 16, "\"status\": \"failed\"");
  Result<WebhookEvent> failed = stripe::ParseEvent(failed_body);
  ASSERT_TRUE(failed.ok()) << failed.status().ToString();
  EXPECT_EQ(failed->outcome, Outcome::kDeclined);
  EXPECT_TRUE(stripe->DecidesPayout(*failed));

  // A payout the platform did not make (no payout_id): nothing to decide.
  std::string automatic = paid_body;
  automatic.replace(automatic.find("\"payout_id\""), 11, "\"other_key\"");
  EXPECT_FALSE(stripe->DecidesPayout(*stripe::ParseEvent(automatic)));
}

}  // namespace
}  // namespace mg::providers
