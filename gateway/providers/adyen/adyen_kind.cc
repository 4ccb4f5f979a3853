// The `adyen` provider kind: Adyen Checkout, and its standard webhooks whose
// items each carry an HMAC signature in the body.
#include "adyen/adyen_provider.h"
#include "adyen/adyen_webhook.h"
#include "gateway/providers/provider_registry.h"

namespace mg::providers {
namespace {

Result<std::vector<WebhookEvent>> VerifyAdyenWebhook(const WebhookCall& call,
                                                     const Secret& secret) {
  // Parse first, so that a body that is not a notification is a 400.
  MG_RETURN_IF_ERROR(adyen::ParseNotification(call.body).status());
  Result<std::vector<WebhookEvent>> events = adyen::VerifyAndParse(call.body, secret);
  if (!events.ok()) return AsSignatureError(events.status(), "hmacSignature");
  return events;
}

}  // namespace

ProviderKind AdyenKind() {
  ProviderKind kind;
  kind.name = "adyen";
  kind.factory = &MakeAdyenProvider;
  kind.settings = {"merchant_account", "transfers_base_url", "balance_account_id",
                   "transfer_priority"};
  kind.secrets = {"hmac_key"};
  kind.verify_webhook = &VerifyAdyenWebhook;
  kind.webhook_secret = "hmac_key";
  kind.payment_events = {"AUTHORISATION"};
  kind.refund_events = {"REFUND", "REFUND_FAILED"};
  kind.chargeback_events = {"CHARGEBACK", "SECOND_CHARGEBACK", "CHARGEBACK_REVERSED"};
  return kind;
}

}  // namespace mg::providers
