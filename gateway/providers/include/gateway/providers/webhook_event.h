// Normalized provider webhook events, and the pieces every verifier shares.
// Each provider's verify+parse lives in its folder
// (gateway/providers/<name>/<name>_webhook.h); the HTTP route and durable
// deduplication belong to the webhook route.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "base/status.h"
#include "currency/money.h"
#include "gateway/providers/payment_provider.h"

namespace mg::providers {

struct WebhookEvent {
  std::string provider{};               // "stripe", "adyen", "pix"
  std::string event_id{};               // unique per provider: the dedup key
  std::string event_type{};             // provider's word: "charge.succeeded", "AUTHORISATION"
  std::string provider_reference{};     // charge id / pspReference / txid
  std::string merchant_reference{};     // our id (purchase, refund) when the event carries it
  Outcome outcome = Outcome::kPending;  // unknown events are pending, never final
  DeclineReason decline_reason = DeclineReason::kNone;
  std::optional<Money> amount{};
  // A chargeback's (ProviderKind::chargeback_events): the disputed
  // payment's reference (Stripe's charge id, Adyen's originalReference);
  // provider_reference is then the dispute's.
  std::string disputed_reference{};
  // A payment's: what the event says of cardholder authentication, when it
  // says anything (the purchase's spend counts as authenticated only then).
  Authentication authentication = Authentication::kNone;
};

// A verifier's error as the webhook's caller sees it: any problem with the
// signature (missing, malformed, wrong, stale) is kUnauthenticated, with
// `where` (the header or field that carries the signature) as its param.
Status AsSignatureError(const Status& status, std::string_view where);

// In-memory duplicate detector: remembers the last `capacity` event keys.
// The webhook route's durable dedup (store) is authoritative; this guards a
// single process against provider retries arriving close together.
// Thread-safe.
class RecentEvents {
 public:
  explicit RecentEvents(std::size_t capacity = 10000) : capacity_(capacity) {}
  // True the first time (provider, event_id) is seen, false for a duplicate.
  bool FirstSeen(std::string_view provider, std::string_view event_id);

 private:
  std::size_t capacity_;
  std::mutex mu_;
  std::set<std::string, std::less<>> seen_;
  std::deque<std::string> order_;
};

}  // namespace mg::providers
