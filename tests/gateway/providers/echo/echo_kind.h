// `echo`: a provider kind that exists only in the tests. Its folder and the
// one line `registry.Add(testing::EchoKind())` are all it takes for the
// gateway to route payments to it, verify its webhooks and check its config,
// as docs/providers.md promises of any new adapter.
//
// The adapter answers every authorization `pending` with the reference
// "echo_<purchase id>"; its webhooks are JSON {"id", "type", "reference"},
// signed with X-Echo-Signature = hex HMAC-SHA256(webhook_secret, body).
// "echo.paid" approves the payment, "echo.failed" declines it.
#pragma once

#include <string>

#include "base/secret.h"
#include "gateway/providers/provider_registry.h"

namespace mg::providers::testing {

ProviderKind EchoKind();

// The X-Echo-Signature value for `body`.
std::string EchoSignature(const std::string& body, const Secret& secret);

}  // namespace mg::providers::testing
