// Store: the gateway's durable state behind one interface, implemented on
// SQLite (the embedded default) and on PostgreSQL (several gateway instances
// sharing one database). Both run the same schema migrations and the same
// transactions; tests run one suite against both.
//
// Contract for every implementation:
//  * Thread-safe: one Store serves every request thread.
//  * Every state change is ONE transaction, committed durably (on SQLite:
//    WAL with synchronous=FULL; on PostgreSQL: synchronous_commit as the
//    server is configured, on by default) before the call returns OK.
//  * Guarantees that must hold across processes (one idempotency key owner,
//    compare-and-set transitions, refunds bounded by the captured amount,
//    spend limits) are enforced by the database (keys, row locks), never by
//    process memory.
//  * No clock reads: every timestamp and window bound is an argument.
//  * Errors: kNotFound (no such record), kFailedPrecondition (the record is
//    not in a state that allows the change), kConflict (an id or sequence
//    number already exists), kInvalidArgument (a malformed record),
//    kUnavailable (the database is busy or unreachable; retryable), kInternal
//    (a stored row is corrupt).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "gateway/store/gifts.h"
#include "gateway/store/ledger.h"
#include "gateway/store/orders.h"
#include "gateway/store/payouts.h"
#include "gateway/store/records.h"

namespace mg::store {

// An answer to a provider attempt, recorded with a state change.
struct FinishedAttempt {
  std::string attempt_id;
  AttemptOutcome outcome;
};

// Writes committed in the same transaction as a state change, so that a
// purchase costs as few durable commits as its crash safety allows: one
// before the provider call (the purchase with its first attempt) and one
// after it (the answer, the state, the spend, the event and the response
// to replay). Each is written exactly as the Store call of the same name
// writes it on its own, and fails the whole change the same way: nothing of
// the change or of its effects is written then.
struct Effects {
  // When set, the change happens only while this lease still owns its key
  // (else kFailedPrecondition and nothing is written), and the key is linked
  // to the created or changed record (IdempotencyBegin::resource_id). Not
  // owned; must outlive the call.
  const IdempotencyLease* idempotency = nullptr;
  // Instead of a lease: the key is inserted linked to the record in this
  // transaction, completed with `response` or, when the claim is leased(),
  // in_progress under its lease (then `response` must not be set); when the
  // key already exists the change fails with IdempotencyKeyTaken and
  // nothing is written (the caller falls back to BeginIdempotent).
  // REQUIRES: idempotency is not set. Not owned; must outlive the call.
  const IdempotencyClaim* claim = nullptr;
  // Appended to the outbox.
  std::vector<NewEvent> events;
  // As RecordSpend(*spend, spend_limits): on a breach the result is
  // kComplianceDenied and nothing is written.
  std::optional<Spend> spend;
  std::vector<SpendLimit> spend_limits;
  // As RecordAttemptFinished, then RecordAttemptStarted (a failover records
  // the answer of one attempt and the start of the next together). The
  // started attempt's purchase may be the one this change creates; give it
  // an id (NewId(kAttemptIdPrefix)) to refer to it later.
  std::optional<FinishedAttempt> attempt_finished;
  std::optional<ProviderAttempt> attempt_started;
  // As CompleteIdempotent(*idempotency, *response): the key's first response,
  // stored with the outcome it describes. REQUIRES: idempotency or claim is
  // set.
  std::optional<StoredResponse> response;
  // An order's split (orders.h), inserted with the purchase CreatePurchase
  // creates; its purchase_id is that purchase's.
  std::optional<OrderSplit> order_split;

  // Shorthands: Effects::Holding(&lease), Effects::Claiming(&claim),
  // Effects::Emitting({type, payload}).
  static Effects Holding(const IdempotencyLease* lease) {
    Effects effects;
    effects.idempotency = lease;
    return effects;
  }
  static Effects Claiming(const IdempotencyClaim* claim) {
    Effects effects;
    effects.claim = claim;
    return effects;
  }
  static Effects Emitting(NewEvent event) {
    Effects effects;
    effects.events.push_back(std::move(event));
    return effects;
  }
};

// Fields a transition sets besides the state; unset fields keep their value.
struct PaymentChanges {
  UnixMillis at_ms = 0;                           // becomes updated_at_ms
  std::optional<std::string> provider;            // purchases and ad bookings
  std::optional<std::string> provider_reference;  // all three
  std::optional<int64_t> captured_minor;          // purchases: 0 <= x <= total, >= refunded
  std::optional<std::string> authentication;      // purchases (Purchase::authentication)
  std::optional<std::string> next_action_json;    // purchases (Purchase::next_action_json)

  // For call sites: PaymentChanges::At(now).set_provider_reference("ch_1").
  static PaymentChanges At(UnixMillis at_ms) {
    PaymentChanges changes;
    changes.at_ms = at_ms;
    return changes;
  }
  PaymentChanges& set_provider(std::string value) {
    provider = std::move(value);
    return *this;
  }
  PaymentChanges& set_provider_reference(std::string value) {
    provider_reference = std::move(value);
    return *this;
  }
  PaymentChanges& set_captured_minor(int64_t value) {
    captured_minor = value;
    return *this;
  }
  PaymentChanges& set_authentication(std::string value) {
    authentication = std::move(value);
    return *this;
  }
  PaymentChanges& set_next_action_json(std::string value) {
    next_action_json = std::move(value);
    return *this;
  }
};

// Webhook event ids are idempotency keys whose scope starts with this
// ("webhook:stripe"); they are kept for StoreConfig::webhook_event_retention.
inline constexpr std::string_view kWebhookScopePrefix = "webhook:";

// The failure of a claim (Effects::claim, Store::ClaimIdempotent) whose key
// already exists: another request took it first, or it is an older key.
Status IdempotencyKeyTaken(std::string_view key);
bool IsIdempotencyKeyTaken(const Status& status);

// Rows one PurgeExpired run deleted.
struct RetentionPurge {
  int64_t idempotency_keys = 0;
  int64_t webhook_events = 0;
  int64_t delivered_events = 0;

  int64_t total() const { return idempotency_keys + webhook_events + delivered_events; }
};

// Where a page of records created in a time range starts: after the record
// with this creation time and id (the last of the previous page); the
// default starts at the range's beginning.
struct PageAfter {
  UnixMillis created_at_ms = -1;
  std::string id;
};

class Store {
 public:
  virtual ~Store() = default;

  // OK when the database answers a trivial query; for /readyz.
  virtual Status Ping() = 0;

  // --- Idempotency keys: (scope, key) -> fingerprint, state, first response.

  // Claims (scope, key) for a request whose fingerprint is `fingerprint`
  // (RequestFingerprint). Exactly one of any number of concurrent callers,
  // in any number of processes, gets kNew. A key older than the retention
  // (StoreConfig::idempotency_retention; webhook_event_retention for scopes
  // starting with kWebhookScopePrefix) counts as absent. A key held
  // in_progress longer than the lease (StoreConfig::idempotency_lease) is
  // taken over: kNew with recovered = true.
  virtual Result<IdempotencyBegin> BeginIdempotent(std::string_view scope, std::string_view key,
                                                   std::string_view fingerprint,
                                                   UnixMillis now) = 0;
  // Stores the first response and marks the key completed; later Begins
  // with the same fingerprint replay it. kFailedPrecondition when the lease
  // no longer owns the key (taken over, released, or already completed).
  virtual Status CompleteIdempotent(const IdempotencyLease& lease, const StoredResponse& response,
                                    UnixMillis now) = 0;
  // Forgets an in_progress key whose request wrote nothing (bad input), so
  // that a corrected retry with the same key starts afresh. OK when the
  // lease no longer owns the key (nothing to release).
  virtual Status ReleaseIdempotent(const IdempotencyLease& lease) = 0;
  // Whether (scope, key) has a row, whatever its state and age: a read, so
  // that a local operation learns cheaply whether it may claim its key.
  virtual Result<bool> HasIdempotencyKey(std::string_view scope, std::string_view key) = 0;
  // Inserts the key completed with `response` and no record (a local
  // operation's final refusal); IdempotencyKeyTaken when the key exists.
  virtual Status ClaimIdempotent(const IdempotencyClaim& claim, const StoredResponse& response,
                                 UnixMillis now) = 0;
  // --- Retention (StoreConfig): what is past its retention is deleted, in
  // batches of `batch` rows per transaction so that a purge never holds the
  // writer for long. Records of money (purchases, refunds, ad bookings,
  // provider calls, spends) are never purged.
  virtual Result<RetentionPurge> PurgeExpired(UnixMillis now, int64_t batch = 1000) = 0;

  // --- Purchases.

  // Inserts `purchase` (state and amounts as given; captured and refunded
  // must be 0 <= refunded <= captured <= total) and returns it as stored.
  virtual Result<Purchase> CreatePurchase(const Purchase& purchase, const Effects& effects) = 0;
  virtual Result<Purchase> GetPurchase(std::string_view id) = 0;
  // The split of an order (orders.h); nullopt for a purchase that is not one.
  virtual Result<std::optional<OrderSplit>> GetOrderSplit(std::string_view purchase_id) = 0;
  // Records when an order's goods were delivered (the first call stands;
  // later ones return it unchanged). kNotFound for an id that is not an
  // order, kFailedPrecondition for an order not paid, kInvalidArgument for a
  // time before the order was placed.
  virtual Result<OrderSplit> RecordDelivery(std::string_view purchase_id,
                                            UnixMillis delivered_at_ms) = 0;
  virtual Result<AttributedOrders> CountAttributedOrders(std::string_view attribution_type,
                                                         std::string_view attribution_id) = 0;
  // For webhooks, which name the provider's reference, not ours.
  virtual Result<Purchase> FindPurchaseByProviderReference(std::string_view provider,
                                                           std::string_view reference) = 0;
  // Compare-and-set: moves the purchase to `to` only if its state is one of
  // `from` (else kFailedPrecondition, nothing written), so that of two
  // concurrent transitions from the same state exactly one wins. The store
  // does not judge which transitions make sense; the state machine does.
  // What the provider said of the cardholder's authentication, learnt after
  // the purchase was settled by someone else (a webhook that said nothing of
  // it won the race with the answer that did): sets Purchase::authentication
  // where none is known yet ("" or "none") and, for "authenticated", marks
  // the purchase's spend as strongly authenticated, in one transaction.
  // Returns the purchase as it is afterwards.
  virtual Result<Purchase> RecordAuthentication(std::string_view id,
                                                std::string_view authentication) = 0;
  virtual Result<Purchase> TransitionPurchase(std::string_view id,
                                              const std::vector<PurchaseState>& from,
                                              PurchaseState to, const PaymentChanges& changes,
                                              const Effects& effects) = 0;

  // --- Provider attempts (crash safety: record before and after each call).

  // Records a call about to be made, durably, before it is made. The state
  // is forced to kStarted. kNotFound when the purchase does not exist.
  virtual Result<ProviderAttempt> RecordAttemptStarted(const ProviderAttempt& attempt) = 0;
  // Records the answer. Allowed while the attempt is open (kStarted,
  // kAmbiguous, kPending, kRequiresAction): reconciliation may settle it
  // later. Otherwise kFailedPrecondition.
  virtual Status RecordAttemptFinished(std::string_view attempt_id,
                                       const AttemptOutcome& outcome) = 0;
  // The purchase's attempts in seq order.
  virtual Result<std::vector<ProviderAttempt>> ListAttempts(std::string_view purchase_id) = 0;
  // Open attempts (kStarted, kAmbiguous, kPending, kRequiresAction) started
  // at or before `started_before` (pass now minus the longest provider call,
  // so that calls still running in a live process are left alone) and due
  // for a look (next_check_at_ms <= `due_by`), the longest due first: an
  // attempt that cannot be settled yet is rescheduled and never blocks the
  // others.
  virtual Result<std::vector<ProviderAttempt>> ListOpenAttempts(UnixMillis started_before,
                                                                UnixMillis due_by, int limit) = 0;
  // Records a look at an open attempt that leaves it open; counts the look.
  // kFailedPrecondition when the attempt is no longer open.
  virtual Status ScheduleAttemptCheck(std::string_view attempt_id, const AttemptCheck& check) = 0;
  // Open attempts escalated for a person, the oldest escalation first.
  virtual Result<std::vector<ProviderAttempt>> ListAttemptsNeedingAttention(int limit) = 0;

  // Reading a time range back (marketgate audit): at most `limit` (> 0)
  // purchases created in [from, to), or events of `type` created at or
  // after `from`, ordered by (creation time, id), after `after`.
  virtual Result<std::vector<Purchase>> ListPurchasesCreated(UnixMillis from, UnixMillis to,
                                                             const PageAfter& after, int limit) = 0;
  virtual Result<std::vector<OutboxEvent>> ListEventsOfType(std::string_view type, UnixMillis from,
                                                            const PageAfter& after, int limit) = 0;

  // --- Ad bookings.

  virtual Result<AdBooking> CreateAdBooking(const AdBooking& booking, const Effects& effects) = 0;
  virtual Result<AdBooking> GetAdBooking(std::string_view id) = 0;
  // Compare-and-set as TransitionPurchase; captured_minor is kInvalidArgument.
  virtual Result<AdBooking> TransitionAdBooking(std::string_view id,
                                                const std::vector<AdBookingState>& from,
                                                AdBookingState to, const PaymentChanges& changes,
                                                const Effects& effects) = 0;

  // --- Refunds.

  // In one transaction: requires the purchase to be kSucceeded or
  // kPartiallyRefunded (else kFailedPrecondition), the same currency (else
  // kCurrencyMismatch) and refunded + amount <= captured (else kOutOfRange);
  // under RefundAfterGifts::kUnspentOnly, no more than the coins not gifted
  // paid (else kComplianceDenied, naming the figures); inserts the refund (state kPending or
  // kSucceeded) and adds its amount to the purchase's refunded_minor, whose state becomes kRefunded
  // or kPartiallyRefunded. Holds under concurrency and across processes.
  virtual Result<Refund> CreateRefund(const Refund& refund, const Effects& effects) = 0;
  virtual Result<Refund> GetRefund(std::string_view id) = 0;
  // The refund of a purchase made through provider instance `provider`
  // whose provider reference is `reference`; kNotFound when none.
  virtual Result<Refund> FindRefundByProviderReference(std::string_view provider,
                                                       std::string_view reference) = 0;
  virtual Result<std::vector<Refund>> ListRefunds(std::string_view purchase_id) = 0;
  // Compare-and-set as TransitionPurchase. Moving a refund to kFailed gives
  // its amount back to the purchase (refunded_minor and state) in the same
  // transaction. provider and captured_minor are kInvalidArgument.
  virtual Result<Refund> TransitionRefund(std::string_view id, const std::vector<RefundState>& from,
                                          RefundState to, const PaymentChanges& changes,
                                          const Effects& effects) = 0;

  // --- Spend history (compliance limits, SCA exemption), per customer and
  // market, in the market's currency.

  // Records a spend. When `limits` are given, first checks each atomically
  // (across processes): on a breach nothing is written and the result is
  // kComplianceDenied naming the limit.
  virtual Status RecordSpend(const Spend& spend, const std::vector<SpendLimit>& limits) = 0;
  // Sum of spends with since_ms < at_ms <= until_ms: a spend exactly at
  // since_ms has left the window.
  virtual Result<int64_t> SpendInWindow(std::string_view customer_id, std::string_view market,
                                        UnixMillis since_ms, UnixMillis until_ms) = 0;
  // Sum and count of the spends recorded after the customer's last spend
  // with sca_performed (all spends when there was none).
  virtual Result<ScaTally> SpendSinceLastSca(std::string_view customer_id,
                                             std::string_view market) = 0;

  // --- The ledger (ledger.h). Journals are posted by the calls above, in
  // the transactions of the changes they record; these only read.

  // The coin balance of `owner`'s customer and its movements, newest first,
  // `limit` per page, older than entry `before_seq` when given.
  virtual Result<WalletPage> GetWallet(std::string_view owner, std::string_view customer_id,
                                       std::optional<int64_t> before_seq, int limit) = 0;
  // The coin lot of a purchase that bought coins; nullopt for one that did
  // not (or has not settled).
  virtual Result<std::optional<CoinLot>> GetCoinLot(std::string_view purchase_id) = 0;
  // The journals posted for a purchase's or refund's id, oldest first.
  virtual Result<std::vector<Journal>> ListJournals(std::string_view reference) = 0;
  // Whether every journal balances, every balance equals its entries and
  // every wallet holds the coins its coin lots still hold.
  virtual Result<LedgerCheck> CheckLedger() = 0;

  // --- Creators and gifts (gifts.h).

  // Registers `creator`, or updates the one with its owner and id (its
  // created_at_ms is kept). kFailedPrecondition when an update would move a
  // creator who holds diamonds to another market: their value is the old
  // market's until they are paid out.
  virtual Result<Creator> PutCreator(const Creator& creator) = 0;
  virtual Result<Creator> GetCreator(std::string_view owner, std::string_view id) = 0;
  // In one transaction: requires the creator (kNotFound) in good standing
  // (kFailedPrecondition), takes gift.coins from the sender's coin lots,
  // oldest first (kOutOfRange when the wallet holds fewer), inserts the gift
  // (id assigned when empty), posts its journal and writes `effects`. On
  // any error nothing is written. Holds across processes: concurrent gifts
  // from one wallet never spend a coin twice.
  virtual Result<GiftRecord> SendGift(const GiftRecord& gift, const Effects& effects) = 0;
  virtual Result<GiftRecord> GetGift(std::string_view id) = 0;
  virtual Result<CreatorEarnings> GetCreatorEarnings(std::string_view owner,
                                                     std::string_view creator_id) = 0;

  // --- Payouts and FX rates (payouts.h).

  // In one transaction: requires the creator (kNotFound) to hold at least
  // payout.diamonds (kOutOfRange, naming both figures), inserts the payout
  // (id assigned when empty), posts its journal (the diamonds retired) and
  // writes `effects`. On any error nothing is written. Holds across
  // processes: concurrent payouts never retire a diamond twice.
  virtual Result<PayoutRecord> CreatePayout(const PayoutRecord& payout, const Effects& effects) = 0;
  virtual Result<PayoutRecord> GetPayout(std::string_view id) = 0;
  // What `owner`'s seller may be paid in `currency` at `now` (orders.h).
  virtual Result<SellerPayable> GetSellerPayable(std::string_view owner, std::string_view seller_id,
                                                 std::string_view currency, UnixMillis now) = 0;
  // Creates a seller payout (payout.seller_id set) of what is payable at
  // `now`, computed here under a lock on the seller's payable balance
  // (gross = net = payable, nothing withheld; the given amounts are
  // ignored), marks its orders paid and posts its journal; kOutOfRange when
  // nothing is payable, nothing written. A payout that fails releases its
  // orders (TransitionPayout).
  virtual Result<PayoutRecord> CreateSellerPayout(const PayoutRecord& payout, UnixMillis now,
                                                  const Effects& effects) = 0;
  // The orders a seller payout paid, with their parts; empty for a creator's.
  virtual Result<std::vector<SellerOrderPart>> ListPayoutOrders(std::string_view payout_id) = 0;
  // Compare-and-set as TransitionPurchase. Into kPaid it posts the paid
  // journal; into kFailed the payout journal's reversal (the diamonds go
  // back to the creator). kPaid and kFailed are final: leaving them is
  // kFailedPrecondition.
  virtual Result<PayoutRecord> TransitionPayout(std::string_view id,
                                                const std::vector<PayoutState>& from,
                                                PayoutState to, const PayoutChanges& changes,
                                                const Effects& effects) = 0;
  // Payouts not final (processing, needs attention) due for a status check
  // (next_check_at_ms <= due_by) and untouched since `updated_before` (so a
  // payout whose call is still running in a live process is left alone),
  // the longest due first.
  virtual Result<std::vector<PayoutRecord>> ListPayoutsDue(UnixMillis due_by,
                                                           UnixMillis updated_before,
                                                           int limit) = 0;
  // Payouts escalated for a person (kNeedsAttention), the oldest first, at
  // most `limit` (> 0).
  virtual Result<std::vector<PayoutRecord>> ListPayoutsNeedingAttention(int limit) = 0;
  // Records a new FX rates table; the latest recorded is the one in force.
  virtual Status PutFxRates(const FxRatesRecord& rates) = 0;
  // The latest table; nullopt when none was ever recorded.
  virtual Result<std::optional<FxRatesRecord>> GetFxRates() = 0;

  // --- Outbox of events for subscribers (at-least-once delivery).

  // Appends an event on its own; returns its id. Events caused by a state
  // change go through that change's Effects instead.
  virtual Result<std::string> EnqueueEvent(const NewEvent& event, UnixMillis now) = 0;
  // Claims up to `limit` undelivered events due at `now`, oldest first: each
  // is hidden from other claimers for StoreConfig::outbox_claim_lease, after
  // which it is due again unless delivered or rescheduled. Safe across
  // processes.
  virtual Result<std::vector<OutboxEvent>> ClaimDueEvents(UnixMillis now, int limit) = 0;
  // Marks delivered; delivered events are never claimed again. OK when
  // already delivered; kNotFound for an unknown id.
  virtual Status MarkEventDelivered(std::string_view event_id, UnixMillis now) = 0;
  // Records a failed delivery: due again at next_attempt_at, with the total
  // attempts so far. kFailedPrecondition when already delivered.
  virtual Status RescheduleEvent(std::string_view event_id, UnixMillis next_attempt_at,
                                 int64_t attempts, std::string_view last_error) = 0;
};

}  // namespace mg::store
