// The `pix` provider kind: the Banco Central do Brasil's API Pix. Its
// webhooks come over mutual TLS from real PSPs (settings.webhook_auth mtls,
// the default), or signed with X-Sandbox-Signature in Stripe's scheme by
// marketgate-sandbox (webhook_auth sandbox_signature); pix/pix_webhook.h.
#include "gateway/providers/provider_registry.h"
#include "pix/pix_provider.h"
#include "pix/pix_webhook.h"
#include "stripe/stripe_webhook.h"

namespace mg::providers {
namespace {

constexpr const char* kSignatureHeader = "X-Sandbox-Signature";

Result<std::vector<WebhookEvent>> VerifyPixWebhook(const WebhookCall& call, const Secret& secret) {
  Status verified =
      stripe::VerifySignature(call.body, call.signature, secret, call.now, call.tolerance);
  if (!verified.ok()) return AsSignatureError(verified, kSignatureHeader);
  return pix::ParseWebhook(call.body);
}

}  // namespace

ProviderKind PixKind() {
  ProviderKind kind;
  kind.name = "pix";
  kind.factory = &MakePixProvider;
  kind.settings = {"pix_key",         "expiration_seconds", "oauth_token_url",     "client_id",
                   "payout_base_url", "webhook_auth",       "webhook_client_names"};
  kind.secrets = {"client_secret", "webhook_secret"};
  kind.verify_webhook = &VerifyPixWebhook;
  kind.webhook_secret = "webhook_secret";
  kind.signature_header = kSignatureHeader;
  kind.webhook_auth = &pix::WebhookAuthOf;
  kind.parse_webhook = &pix::ParseWebhook;
  kind.payment_events = {"pix"};
  kind.refund_events = {"devolucao"};
  return kind;
}

}  // namespace mg::providers
