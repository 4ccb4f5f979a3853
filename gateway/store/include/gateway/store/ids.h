// Record ids: a type prefix, 40 bits of creation time and 56 random bits
// ("pur_3f9a0c1b2d4e5f60718293a4").
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace mg::store {

inline constexpr std::string_view kPurchaseIdPrefix = "pur";
inline constexpr std::string_view kAdBookingIdPrefix = "adb";
inline constexpr std::string_view kRefundIdPrefix = "re";
inline constexpr std::string_view kAttemptIdPrefix = "att";
inline constexpr std::string_view kEventIdPrefix = "evt";

// "<prefix>_<24 lower-case hex digits>": the first 10 digits are the
// milliseconds since 2020 (modulo 2^40), the other 14 come from OpenSSL's
// CSPRNG; kInternal if it fails. Unguessable (56 random bits within one
// millisecond), so ids can appear in URLs; roughly time-ordered, which keeps
// the store's id indexes appending instead of writing random pages. The
// order is a storage property, not a promise: clocks step and the time
// part wraps.
Result<std::string> NewId(std::string_view prefix);

// Whether `id` is one NewId(prefix) made ("adb_…" for kAdBookingIdPrefix).
inline bool HasPrefix(std::string_view id, std::string_view prefix) {
  return id.size() > prefix.size() && id.starts_with(prefix) && id[prefix.size()] == '_';
}

}  // namespace mg::store
