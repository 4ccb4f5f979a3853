// Helpers the three emulators share: clocks and timestamps, form and query
// decoding, which tokens decide a transport outcome themselves.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/sandbox/emulator.h"
#include "sandbox/sandbox_tokens.h"

namespace mg::sandbox {

int64_t UnixNow();
// "2024-05-01T12:00:00Z".
std::string Rfc3339(int64_t unix_seconds);
// RFC 3339 with optional fraction and offset; nullopt when malformed.
std::optional<int64_t> ParseRfc3339(std::string_view text);

// application/x-www-form-urlencoded (bodies and query strings), decoded.
std::map<std::string, std::string> ParseForm(const std::string& body);
// A non-negative integer, or nullopt ("12x", "", "-1").
std::optional<int64_t> ParseCount(const std::string& text);

// Tokens that already name what happens on the wire (timeout, 500, 429,
// the fault tokens): random charge faults leave them alone.
bool NamesTransportOutcome(providers::SandboxScenario s);
// Tokens that decide what happens to the charge's refunds.
bool NamesRefundOutcome(providers::SandboxScenario s);
// The wire fault a fault token or a random fault puts on a charge answer.
SandboxResponse::Fault ChargeFaultFor(std::optional<providers::SandboxScenario> s,
                                      ChargeFault random);

// Appends the Stripe-style signature header (t=..,v1=..) to `hook` when
// `secret` is set.
void SignLikeStripe(Webhook& hook, const std::string& header, const Secret& secret);

}  // namespace mg::sandbox
