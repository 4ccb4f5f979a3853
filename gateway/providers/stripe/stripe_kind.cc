// The `stripe` provider kind: Stripe's API for cards, and its signed webhooks.
#include "gateway/providers/provider_registry.h"
#include "stripe/stripe_provider.h"
#include "stripe/stripe_webhook.h"

namespace mg::providers {
namespace {

constexpr const char* kSignatureHeader = "Stripe-Signature";

Result<std::vector<WebhookEvent>> VerifyStripeWebhook(const WebhookCall& call,
                                                      const Secret& secret) {
  Status verified =
      stripe::VerifySignature(call.body, call.signature, secret, call.now, call.tolerance);
  if (!verified.ok()) return AsSignatureError(verified, kSignatureHeader);
  MG_ASSIGN_OR_RETURN(WebhookEvent event, stripe::ParseEvent(call.body));
  return std::vector<WebhookEvent>{std::move(event)};
}

}  // namespace

ProviderKind StripeKind() {
  ProviderKind kind;
  kind.name = "stripe";
  kind.factory = &MakeStripeProvider;
  kind.secrets = {"webhook_secret", "connect_webhook_secret"};
  kind.verify_webhook = &VerifyStripeWebhook;
  kind.webhook_secret = "webhook_secret";
  // The Connect endpoint's, for the connected accounts' payout events.
  kind.second_webhook_secret = "connect_webhook_secret";
  kind.signature_header = kSignatureHeader;
  // Charges carry the 3-D Secure result; the intent's own events settle a
  // payment whose charge events were missed. amount_capturable_updated is
  // not one: an authorization is not money taken.
  kind.payment_events = {"charge.succeeded",
                         "charge.captured",
                         "charge.failed",
                         "payment_intent.succeeded",
                         "payment_intent.payment_failed",
                         "payment_intent.canceled"};
  kind.refund_events = {"refund.created", "refund.updated", "refund.failed"};
  kind.chargeback_events = {"charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated"};
  kind.payout_events = {"payout.paid", "payout.failed", "payout.canceled"};
  return kind;
}

}  // namespace mg::providers
