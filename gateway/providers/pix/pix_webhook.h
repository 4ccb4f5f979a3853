// Pix webhook parsing (BCB format: POST <webhook url>/pix with
// {"pix": [{"endToEndId", "txid", "valor", "horario"}]}). Real PSPs
// authenticate these calls by mutual TLS, not by a signature; the
// marketgate sandbox additionally signs them with X-Sandbox-Signature in
// Stripe's scheme (t=...,v1=HMAC-SHA256(secret, "t.payload")), which
// VerifyAndParse checks when a secret is configured.
#pragma once

#include <chrono>
#include <string_view>
#include <vector>

#include "base/secret.h"
#include "base/status.h"
#include "gateway/providers/webhook_event.h"

namespace mg::providers::pix {

// Each received Pix -> approved event; event id = endToEndId, reference = txid.
Result<std::vector<WebhookEvent>> ParseWebhook(std::string_view payload);

// With an empty `secret`, only parses (mTLS authenticated the caller).
Result<std::vector<WebhookEvent>> VerifyAndParse(std::string_view payload,
                                                 std::string_view signature_header,
                                                 const Secret& secret,
                                                 std::chrono::system_clock::time_point now);

}  // namespace mg::providers::pix
