// The records the store keeps: purchases, ad bookings, refunds, provider
// attempts, outbox events, spend, and the idempotency bookkeeping. Plain
// values; the Store (store.h) reads and writes them.
//
// Conventions for every record:
//  * Amounts are integer minor units of `currency` (ISO 4217), never floats.
//  * Timestamps are UnixMillis. The store never reads a clock: every time is
//    passed in by the caller, which takes it from its injected clock.
//  * JSON documents (items, quotes, advertisers, event payloads) are stored
//    verbatim as text; the store does not parse them.
//  * An empty string stands for "not known yet" (provider_reference before
//    the provider answers, and so on).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mg::store {

// Milliseconds since the Unix epoch, UTC.
using UnixMillis = int64_t;

enum class PurchaseState {
  kCreated,
  kRequiresAction,  // the shopper must authenticate (SCA) or be redirected
  kPending,         // asynchronous method; the webhook decides
  kSucceeded,
  kFailed,
  kCanceled,
  kExpired,
  kRefunded,           // refunded_minor == captured_minor
  kPartiallyRefunded,  // 0 < refunded_minor < captured_minor
};

enum class AdBookingState {
  kCreated,
  kRequiresAction,
  kPending,
  kConfirmed,  // card prepayment captured
  kInvoiced,   // invoice terms: a receivable with a due date
  kPaid,       // the invoice was paid
  kFailed,
  kCanceled,
};

enum class PaymentTerms { kCardPrepayment, kInvoice };

enum class RefundState { kPending, kSucceeded, kFailed };

// What a refund does to its purchase's coins already gifted, as the
// purchase's market declared when the refund was asked for
// (regions::RefundAfterGifts, docs/ledger.md "Refunds after gifts"). The
// unspent coins come back under every policy.
enum class RefundAfterGifts {
  kPlatformAbsorbs,   // the platform carries the gifted coins' cost
  kUnspentOnly,       // no more is refunded than the unspent coins paid
  kClawBackDiamonds,  // the gifts' diamonds come back from unpaid earnings
};

// The provider call an attempt records (the adapter interface's calls;
// kCompleteAction finishes a payment that waited for the shopper).
enum class AttemptOperation { kAuthorize, kCapture, kVoid, kRefund, kStatus, kCompleteAction };

enum class AttemptState {
  kStarted,  // recorded before the call; no answer recorded yet
  kSucceeded,
  kDeclined,
  kRequiresAction,
  kPending,
  kRetryableError,  // nothing happened at the provider
  kFatalError,
  kAmbiguous,  // sent, no answer: the provider may have acted
};

// Stable snake_case names: what the database stores and the API shows
// ("requires_action", "card_prepayment", "retryable_error", ...).
std::string_view Name(PurchaseState state);
std::string_view Name(AdBookingState state);
std::string_view Name(PaymentTerms terms);
std::string_view Name(RefundState state);
std::string_view Name(RefundAfterGifts policy);
std::string_view Name(AttemptOperation operation);
std::string_view Name(AttemptState state);

// The inverse of Name(); an unknown name is kInvalidArgument.
Result<PurchaseState> ParsePurchaseState(std::string_view name);
Result<AdBookingState> ParseAdBookingState(std::string_view name);
Result<PaymentTerms> ParsePaymentTerms(std::string_view name);
Result<RefundState> ParseRefundState(std::string_view name);
Result<RefundAfterGifts> ParseRefundAfterGifts(std::string_view name);
Result<AttemptOperation> ParseAttemptOperation(std::string_view name);
Result<AttemptState> ParseAttemptState(std::string_view name);

// Whether a purchase in `state` took its money and credited its coins
// (succeeded, and still so when partly or wholly refunded since).
bool IsSettled(PurchaseState state);

struct Purchase {
  std::string id;  // "pur_<24 hex>"; CreatePurchase assigns one when empty
  std::string market;
  std::string customer_id;
  std::string items_json;  // the basket lines
  std::string quote_json;  // the quote the customer accepted
  std::string currency;
  int64_t subtotal_minor = 0;
  int64_t tax_minor = 0;
  int64_t total_minor = 0;
  int64_t coins = 0;  // coins credited when the purchase succeeds
  std::string payment_method;
  std::string provider;
  PurchaseState state = PurchaseState::kCreated;
  std::string provider_reference;
  int64_t captured_minor = 0;  // at most total_minor
  int64_t refunded_minor = 0;  // at most captured_minor; includes pending refunds
  UnixMillis created_at_ms = 0;
  UnixMillis updated_at_ms = 0;
  // The regime under which the accepted quote's decision requires strong
  // customer authentication ("psd2", ...); empty when it requires none.
  // Decided once, when the purchase is created (compliance::ScaRegimeOf).
  std::string sca_regime;
  // Who created it: the API key's account. Only that account reads it or
  // refunds it. Empty for rows written before migration 8.
  std::string owner;
  // What the provider said of the cardholder's authentication
  // (providers::AuthenticationName: "authenticated", "exempted", "failed",
  // "none"); empty until it answered.
  std::string authentication;
  // requires_action: the next action (JSON) the shopper must take; empty
  // otherwise.
  std::string next_action_json;
  // The customer's age as the request gave it (unknown: nullopt), for the
  // spending limits of a purchase finished by a later request.
  std::optional<int64_t> customer_age;

  friend bool operator==(const Purchase&, const Purchase&) = default;
};

struct AdBooking {
  std::string id;  // "adb_<24 hex>"; CreateAdBooking assigns one when empty
  std::string market;
  std::string advertiser_json;  // business, VAT ID, billing country
  std::string format;
  UnixMillis flight_start_ms = 0;
  UnixMillis flight_end_ms = 0;  // REQUIRES: after flight_start_ms
  std::string currency;
  int64_t subtotal_minor = 0;
  int64_t tax_minor = 0;  // 0 under reverse charge
  int64_t total_minor = 0;
  PaymentTerms payment_terms = PaymentTerms::kCardPrepayment;
  std::optional<UnixMillis> due_at_ms;  // REQUIRED for kInvoice
  AdBookingState state = AdBookingState::kCreated;
  std::string quote_json;
  std::string provider;
  std::string provider_reference;
  UnixMillis created_at_ms = 0;
  UnixMillis updated_at_ms = 0;
  // Who created it (see Purchase::owner).
  std::string owner;

  friend bool operator==(const AdBooking&, const AdBooking&) = default;
};

struct Refund {
  std::string id;  // "re_<24 hex>"; CreateRefund assigns one when empty
  std::string purchase_id;
  std::string currency;      // REQUIRES: the purchase's currency
  int64_t amount_minor = 0;  // REQUIRES: > 0
  int64_t tax_minor = 0;     // the part of amount_minor that is tax refunded
  RefundState state = RefundState::kPending;
  std::string reason;
  std::string provider_reference;
  RefundAfterGifts after_gifts = RefundAfterGifts::kPlatformAbsorbs;
  UnixMillis created_at_ms = 0;
  UnixMillis updated_at_ms = 0;

  friend bool operator==(const Refund&, const Refund&) = default;
};

struct ProviderAttempt {
  std::string id;  // "att_<24 hex>"; RecordAttemptStarted assigns one when empty
  // The purchase's id, or the ad booking's ("adb_…") for a booking paid by
  // card: its calls are recorded and reconciled the same way.
  std::string purchase_id;
  // 1-based position among the purchase's attempts. 0 asks the store for the
  // next free number; a number already taken is kConflict.
  int64_t seq = 0;
  std::string provider;
  AttemptOperation operation = AttemptOperation::kAuthorize;
  int64_t amount_minor = 0;     // in the purchase's currency; 0 for void/status
  std::string idempotency_key;  // sent to the provider; REQUIRED
  // The attempt number the key was derived from (DeriveIdempotencyKey), so
  // that a resumed purchase repeats its last call with the same key.
  int64_t key_attempt = 0;
  // The provider's reference of the payment a capture, void or refund acts
  // on (empty for an authorization), so that reconciliation can repeat it.
  std::string target_reference;
  // Reconciliation of an attempt still open (started, ambiguous, pending,
  // requires_action): when it is next looked at, how often it was, what the
  // last look found, and since when a person must look (escalated).
  UnixMillis next_check_at_ms = 0;
  int64_t checks = 0;
  std::string last_check;
  std::optional<UnixMillis> needs_attention_since_ms;
  AttemptState state = AttemptState::kStarted;
  std::string provider_reference;
  std::string provider_code;  // decline code, HTTP status, ...
  UnixMillis started_at_ms = 0;
  std::optional<UnixMillis> finished_at_ms;

  friend bool operator==(const ProviderAttempt&, const ProviderAttempt&) = default;
};

// The outcome of reconciliation's look at an open attempt that stays open.
struct AttemptCheck {
  UnixMillis next_check_at_ms = 0;
  std::string last_check;  // what it found, for people: "pending at adyen", ...
  // Set once, when the attempt is escalated for a person; kept afterwards.
  std::optional<UnixMillis> needs_attention_since_ms;
};

// What the provider answered to an attempt.
struct AttemptOutcome {
  AttemptState state = AttemptState::kSucceeded;  // REQUIRES: not kStarted
  std::string provider_reference;
  std::string provider_code;
  UnixMillis finished_at_ms = 0;
};

// An event for the outbox, written in the same transaction as its cause.
struct NewEvent {
  std::string type;  // "purchase.succeeded", ...
  std::string payload_json;
};

struct OutboxEvent {
  std::string id;  // "evt_<24 hex>"
  std::string type;
  std::string payload_json;
  int64_t attempts = 0;  // delivery attempts so far, as last rescheduled
  UnixMillis created_at_ms = 0;
  UnixMillis next_attempt_at_ms = 0;
  std::string last_error;

  friend bool operator==(const OutboxEvent&, const OutboxEvent&) = default;
};

// A completed payment, for spending limits and the SCA low-value exemption.
struct Spend {
  std::string customer_id;
  std::string market;
  std::string currency;  // the market's currency
  int64_t amount_minor = 0;
  UnixMillis at_ms = 0;
  bool sca_performed = false;  // strong customer authentication was done
  std::string purchase_id;     // optional, for audit
};

// A limit RecordSpend enforces atomically: the spends after since_ms (also
// those stamped later than the new spend, by another instance's clock), plus
// the new spend, must not exceed max_minor.
struct SpendLimit {
  std::string name;  // "daily", for the error message
  UnixMillis since_ms = 0;
  int64_t max_minor = 0;
};

struct ScaTally {
  int64_t amount_minor = 0;  // spent since the last spend with SCA
  int64_t count = 0;         // payments since then
};

// Proof of owning an idempotency key, returned by BeginIdempotent (kNew).
struct IdempotencyLease {
  std::string scope;  // the API key's name
  std::string key;    // the client's Idempotency-Key
  std::string owner;  // random token: who holds the key now
};

// An Idempotency-Key a request takes in the same transaction as the first
// record it writes (Effects::claim), or not at all. A local operation (one
// that calls no provider, such as a gift) inserts it completed, with its
// response: nothing can be left half done. Work that calls a provider after
// that transaction (a purchase) sets lease_owner: the key is inserted
// in_progress, held by that owner until leased_until_ms exactly as
// BeginIdempotent's lease holds it, and the work completes it later as
// IdempotencyLease{scope, key, lease_owner}.
struct IdempotencyClaim {
  std::string scope;          // the API key's name
  std::string key;            // the client's Idempotency-Key
  std::string fingerprint;    // RequestFingerprint of the request
  std::string lease_owner{};  // empty: inserted completed
  UnixMillis leased_until_ms{};

  bool leased() const { return !lease_owner.empty(); }
  // REQUIRES: leased().
  IdempotencyLease lease() const { return {scope, key, lease_owner}; }
};

// The first response to a request, replayed for its retries.
struct StoredResponse {
  int status_code = 0;
  std::string body;

  friend bool operator==(const StoredResponse&, const StoredResponse&) = default;
};

enum class IdempotencyOutcome {
  kNew,         // the caller owns the key (row inserted in_progress)
  kReplay,      // completed before with the same fingerprint: send `response`
  kConflict,    // the key was used with another request: 409
  kInProgress,  // another request holds the key: retry later or 409
};

struct IdempotencyBegin {
  IdempotencyOutcome outcome = IdempotencyOutcome::kNew;
  IdempotencyLease lease;  // kNew
  // kNew: an earlier holder's lease ran out before it completed (it crashed
  // or stalled); resource_id names what it had created, if anything, so that
  // the new holder resumes that record instead of creating a second one.
  bool recovered = false;
  std::string resource_id;
  StoredResponse response;         // kReplay
  UnixMillis locked_until_ms = 0;  // kInProgress: when the holder's lease ends
};

}  // namespace mg::store
