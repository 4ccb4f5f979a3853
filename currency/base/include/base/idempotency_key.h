// The idempotency keys marketgate sends to payment providers, derived from
// what the store records of a call: the record it is for (a purchase or a
// refund id), the attempt number and the operation. Deterministic: a retry
// after a crash re-derives the key from the persisted attempt number, so the
// provider answers with the original charge instead of charging again.
//
// Format: "mg-<operation>-<40 hex chars of SHA-256>", at most 64 characters
// (Adyen's limit; Stripe allows 255). Lives in base because two layers need
// it: the providers derive keys, and the store's migrations recognize them.
#pragma once

#include <string>
#include <string_view>

namespace mg {

// REQUIRES: !record_id.empty(), attempt >= 0, `operation` a short lower-case
// word ("authorize", "refund").
std::string DeriveIdempotencyKey(std::string_view record_id, int attempt,
                                 std::string_view operation);

}  // namespace mg
