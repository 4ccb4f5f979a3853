// Pix webhook parsing (BCB format: POST <webhook url>/pix with
// {"pix": [{"endToEndId", "txid", "valor", "horario"}]}), and how an
// instance's webhooks are authenticated.
//
// Real PSPs authenticate these calls by mutual TLS, with no signature:
//  * API Pix (bacen/pix-api@1f1b568f6adf5b55a6268efbaf62802a14b01941,
//    openapi.yaml, callback "{$request.body#/webhookUrl}/pix" of
//    PUT /webhook/{chave}): "Este serviço está protegido por uma camada de
//    autenticação mTLS"; the PSP appends "/pix" to the registered URL.
//  * Efí (https://dev.efipay.com.br/docs/api-pix/webhooks/, "Entendendo o
//    padrão mTLS"): the receiver requires a client certificate chained to
//    Efí's published CA chain (production:
//    https://certificados.efipay.com.br/webhooks/certificate-chain-prod.crt,
//    homologação: .../certificate-chain-homolog.crt), TLS 1.2 or later; at
//    registration Efí first calls without a certificate and expects refusal.
// So the default, settings.webhook_auth "mtls", accepts a Pix webhook only on
// a connection whose client certificate the webhook listener verified
// (docs/config.md, webhook_listen). Only marketgate-sandbox signs its Pix
// webhooks (X-Sandbox-Signature, Stripe's scheme: t=...,v1=HMAC-SHA256(
// secret, "t.payload")); "sandbox_signature" accepts those, and must be named
// explicitly.
#pragma once

#include <chrono>
#include <string_view>
#include <vector>

#include "base/secret.h"
#include "base/status.h"
#include "gateway/providers/provider_registry.h"
#include "gateway/providers/webhook_event.h"

namespace mg::providers::pix {

// Each received Pix -> approved event; event id = endToEndId, reference = txid.
Result<std::vector<WebhookEvent>> ParseWebhook(std::string_view payload);

// Checks the sandbox's signature with `secret`, then parses; with an empty
// `secret`, only parses (mutual TLS authenticated the caller).
Result<std::vector<WebhookEvent>> VerifyAndParse(std::string_view payload,
                                                 std::string_view signature_header,
                                                 const Secret& secret,
                                                 std::chrono::system_clock::time_point now);

// settings.webhook_auth: "mtls" (absent: the default) or
// "sandbox_signature"; with mtls, settings.webhook_client_names optionally
// pins the PSP's client certificate: a comma-separated list of names, one of
// which must be its subject CN or a DNS subjectAltName. Errors
// (kInvalidArgument, naming the field): another value; sandbox_signature
// without secrets.webhook_secret or with webhook_client_names; mtls with a
// secrets.webhook_secret (it would authenticate nothing: a leftover from a
// sandbox config); an empty name in the list.
Result<WebhookAuthPolicy> WebhookAuthOf(const ProviderConfig& config);

}  // namespace mg::providers::pix
