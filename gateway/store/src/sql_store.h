// SqlStore: the Store's transactions, written once against SqlDatabase and
// shared by the SQLite and PostgreSQL backends.
//
// Isolation: every write runs in one transaction of SqlDatabase::Write.
// Records a transaction changes are read through the *Lock statements first
// (SELECT ... FOR UPDATE on PostgreSQL; SQLite serializes writers), so a
// compare-and-set cannot lose an update. When a transaction locks several
// rows it locks the purchase before its refunds.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gateway/store/open_store.h"
#include "gateway/store/store.h"
#include "sql.h"

namespace mg::store {

class SqlStore : public Store {
 public:
  SqlStore(std::unique_ptr<SqlDatabase> db, const StoreConfig& config);

  Status Ping() override;

  Result<IdempotencyBegin> BeginIdempotent(std::string_view scope, std::string_view key,
                                           std::string_view fingerprint, UnixMillis now) override;
  Status CompleteIdempotent(const IdempotencyLease& lease, const StoredResponse& response,
                            UnixMillis now) override;
  Status ReleaseIdempotent(const IdempotencyLease& lease) override;
  Result<bool> HasIdempotencyKey(std::string_view scope, std::string_view key) override;
  Status ClaimIdempotent(const IdempotencyClaim& claim, const StoredResponse& response,
                         UnixMillis now) override;
  Result<RetentionPurge> PurgeExpired(UnixMillis now, int64_t batch) override;

  Result<Purchase> CreatePurchase(const Purchase& purchase, const Effects& effects) override;
  Result<Purchase> GetPurchase(std::string_view id) override;
  Result<std::optional<OrderSplit>> GetOrderSplit(std::string_view purchase_id) override;
  Result<OrderSplit> RecordDelivery(std::string_view purchase_id,
                                    UnixMillis delivered_at_ms) override;
  Result<AttributedOrders> CountAttributedOrders(std::string_view attribution_type,
                                                 std::string_view attribution_id) override;
  Result<Purchase> FindPurchaseByProviderReference(std::string_view provider,
                                                   std::string_view reference) override;
  Result<Purchase> RecordAuthentication(std::string_view id,
                                        std::string_view authentication) override;
  Result<Purchase> TransitionPurchase(std::string_view id, const std::vector<PurchaseState>& from,
                                      PurchaseState to, const PaymentChanges& changes,
                                      const Effects& effects) override;

  Result<ProviderAttempt> RecordAttemptStarted(const ProviderAttempt& attempt) override;
  Status RecordAttemptFinished(std::string_view attempt_id, const AttemptOutcome& outcome) override;
  Result<std::vector<ProviderAttempt>> ListAttempts(std::string_view purchase_id) override;
  Result<std::vector<ProviderAttempt>> ListOpenAttempts(UnixMillis started_before,
                                                        UnixMillis due_by, int limit) override;
  Status ScheduleAttemptCheck(std::string_view attempt_id, const AttemptCheck& check) override;
  Result<std::vector<ProviderAttempt>> ListAttemptsNeedingAttention(int limit) override;
  Result<std::vector<Purchase>> ListPurchasesCreated(UnixMillis from, UnixMillis to,
                                                     const PageAfter& after, int limit) override;
  Result<std::vector<OutboxEvent>> ListEventsOfType(std::string_view type, UnixMillis from,
                                                    const PageAfter& after, int limit) override;

  Result<AdBooking> CreateAdBooking(const AdBooking& booking, const Effects& effects) override;
  Result<AdBooking> GetAdBooking(std::string_view id) override;
  Result<AdBooking> TransitionAdBooking(std::string_view id,
                                        const std::vector<AdBookingState>& from, AdBookingState to,
                                        const PaymentChanges& changes,
                                        const Effects& effects) override;

  Result<Refund> CreateRefund(const Refund& refund, const Effects& effects) override;
  Result<Refund> GetRefund(std::string_view id) override;
  Result<Refund> FindRefundByProviderReference(std::string_view provider,
                                               std::string_view reference) override;
  Result<std::vector<Refund>> ListRefunds(std::string_view purchase_id) override;
  Result<Refund> TransitionRefund(std::string_view id, const std::vector<RefundState>& from,
                                  RefundState to, const PaymentChanges& changes,
                                  const Effects& effects) override;

  Status RecordSpend(const Spend& spend, const std::vector<SpendLimit>& limits) override;
  Result<int64_t> SpendInWindow(std::string_view customer_id, std::string_view market,
                                UnixMillis since_ms, UnixMillis until_ms) override;
  Result<ScaTally> SpendSinceLastSca(std::string_view customer_id,
                                     std::string_view market) override;

  Result<std::optional<CoinLot>> GetCoinLot(std::string_view purchase_id) override;
  Result<WalletPage> GetWallet(std::string_view owner, std::string_view customer_id,
                               std::optional<int64_t> before_seq, int limit) override;
  Result<std::vector<Journal>> ListJournals(std::string_view reference) override;
  Result<LedgerCheck> CheckLedger() override;

  Result<Creator> PutCreator(const Creator& creator) override;
  Result<Creator> GetCreator(std::string_view owner, std::string_view id) override;
  Result<GiftRecord> SendGift(const GiftRecord& gift, const Effects& effects) override;
  Result<GiftRecord> GetGift(std::string_view id) override;
  Result<CreatorEarnings> GetCreatorEarnings(std::string_view owner,
                                             std::string_view creator_id) override;

  Result<PayoutRecord> CreatePayout(const PayoutRecord& payout, const Effects& effects) override;
  Result<PayoutRecord> GetPayout(std::string_view id) override;
  Result<SellerPayable> GetSellerPayable(std::string_view owner, std::string_view seller_id,
                                         std::string_view currency, UnixMillis now) override;
  Result<PayoutRecord> CreateSellerPayout(const PayoutRecord& payout, UnixMillis now,
                                          const Effects& effects) override;
  Result<std::vector<SellerOrderPart>> ListPayoutOrders(std::string_view payout_id) override;
  Result<PayoutRecord> TransitionPayout(std::string_view id, const std::vector<PayoutState>& from,
                                        PayoutState to, const PayoutChanges& changes,
                                        const Effects& effects) override;
  Result<std::vector<PayoutRecord>> ListPayoutsNeedingAttention(int limit) override;
  Result<std::vector<PayoutRecord>> ListPayoutsDue(UnixMillis due_by, UnixMillis updated_before,
                                                   int limit) override;
  Status PutFxRates(const FxRatesRecord& rates) override;
  Result<std::optional<FxRatesRecord>> GetFxRates() override;

  Result<std::string> EnqueueEvent(const NewEvent& event, UnixMillis now) override;
  Result<std::vector<OutboxEvent>> ClaimDueEvents(UnixMillis now, int limit) override;
  Status MarkEventDelivered(std::string_view event_id, UnixMillis now) override;
  Status RescheduleEvent(std::string_view event_id, UnixMillis next_attempt_at, int64_t attempts,
                         std::string_view last_error) override;

 private:
  const std::unique_ptr<SqlDatabase> db_;
  const int64_t idempotency_retention_ms_;
  const int64_t webhook_event_retention_ms_;
  const int64_t delivered_event_retention_ms_;
  const int64_t idempotency_lease_ms_;
  const int64_t outbox_claim_lease_ms_;
};

// --- Helpers shared by the sql_store*.cc files.

// Runs a query expected to return at most one row and decodes it.
template <typename T>
Result<std::optional<T>> QueryOptional(SqlTransaction& txn, Stmt stmt,
                                       std::initializer_list<SqlParam> params,
                                       Result<T> (*decode)(const SqlRow&)) {
  std::optional<T> found;
  MG_RETURN_IF_ERROR(txn.Query(stmt, params, [&](const SqlRow& row) -> Status {
    MG_ASSIGN_OR_RETURN(T value, decode(row));
    found = std::move(value);
    return Status::Ok();
  }));
  return found;
}

// The value, or kNotFound "<what> <id> not found".
template <typename T>
Result<T> Required(Result<std::optional<T>> found, std::string_view what, std::string_view id) {
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return Status(ErrorCode::kNotFound, std::string(what) + " " + std::string(id) + " not found");
  }
  return std::move(**found);
}

// kFailedPrecondition unless `state` is one of `from`.
template <typename State>
Status CheckState(std::string_view what, std::string_view id, State state,
                  const std::vector<State>& from) {
  if (std::find(from.begin(), from.end(), state) != from.end()) return Status::Ok();
  std::string allowed;
  for (State s : from) allowed += (allowed.empty() ? "" : ", ") + std::string(Name(s));
  return Status(ErrorCode::kFailedPrecondition, std::string(what) + " " + std::string(id) + " is " +
                                                    std::string(Name(state)) + ", not one of [" +
                                                    allowed + "]");
}

// Writes `effects` in `txn` (store.h, Effects): the spend first (a breach
// fails the change), then the claim of the key or the lease check and link
// to `resource_id`, the attempts, the events and the stored response.
Status ApplyEffects(SqlTransaction& txn, const Effects& effects, std::string_view resource_id,
                    UnixMillis now);

// The transaction bodies of the Store calls of the same names, shared by
// those calls and ApplyEffects.
// `resource_id` empty: the key keeps the record it names, if any.
Status CompleteIdempotentIn(SqlTransaction& txn, const IdempotencyLease& lease,
                            std::string_view resource_id, const StoredResponse& response,
                            UnixMillis now);
// `resource_id` empty: no record (stored as NULL).
Status ClaimIdempotentIn(SqlTransaction& txn, const IdempotencyClaim& claim,
                         std::string_view resource_id, const StoredResponse& response,
                         UnixMillis now);
// `attempt` with its id (assigned when empty) and seq as stored.
Result<ProviderAttempt> RecordAttemptStartedIn(SqlTransaction& txn, const ProviderAttempt& attempt);
Status RecordAttemptFinishedIn(SqlTransaction& txn, std::string_view attempt_id,
                               const AttemptOutcome& outcome);
Status RecordSpendIn(SqlTransaction& txn, const Spend& spend,
                     const std::vector<SpendLimit>& limits);

// kInvalidArgument naming `param` unless the condition holds.
Status Require(bool condition, std::string_view message, std::string_view param);

// kInvalidArgument unless `code` is an ISO 4217 currency.
Status RequireCurrency(std::string_view code, std::string_view param);

// `id` when set, else a new id with `prefix`.
Result<std::string> IdOrNew(const std::string& id, std::string_view prefix);

}  // namespace mg::store
