// Payouts of creator earnings and the FX rates they convert at (payouts.h).
// A payout retires its diamonds in the transaction that creates it, under
// a lock on the creator's diamond balance, before its provider is called.
#include "gateway/store/ids.h"
#include "rows.h"
#include "sql_store.h"
#include "sql_store_journal.h"

namespace mg::store {

Status ValidatePayout(const PayoutRecord& p) {
  MG_RETURN_IF_ERROR(Require(!p.owner.empty(), "owner is empty", "owner"));
  if (p.seller_id.empty()) {
    MG_RETURN_IF_ERROR(Require(!p.creator_id.empty(), "creator is empty", "creator"));
    MG_RETURN_IF_ERROR(Require(p.diamonds > 0, "diamonds must be positive", "diamonds"));
  } else {
    MG_RETURN_IF_ERROR(Require(p.creator_id.empty() && p.diamonds == 0,
                               "a seller payout pays a seller's orders, not a creator's diamonds",
                               "seller"));
  }
  MG_RETURN_IF_ERROR(Require(!p.market.empty(), "market is empty", "market"));
  MG_RETURN_IF_ERROR(RequireCurrency(p.currency, "currency"));
  MG_RETURN_IF_ERROR(Require(p.gross_minor > 0, "gross must be positive", "gross"));
  MG_RETURN_IF_ERROR(Require(p.withheld_minor >= 0 && p.withheld_minor < p.gross_minor,
                             "withheld must be 0 <= withheld < gross", "withheld"));
  MG_RETURN_IF_ERROR(Require(p.net_minor == p.gross_minor - p.withheld_minor,
                             "net must be gross - withheld", "net"));
  MG_RETURN_IF_ERROR(Require(!p.method.empty(), "method is empty", "method"));
  MG_RETURN_IF_ERROR(Require(!p.provider.empty(), "provider is empty", "provider"));
  MG_RETURN_IF_ERROR(Require(!p.destination.empty(), "destination is empty", "destination"));
  return Require(p.state == PayoutState::kProcessing, "a payout starts processing", "state");
}

namespace {

bool IsFinal(PayoutState state) {
  return state == PayoutState::kPaid || state == PayoutState::kFailed;
}

}  // namespace

Result<PayoutRecord> SqlStore::CreatePayout(const PayoutRecord& payout, const Effects& effects) {
  MG_RETURN_IF_ERROR(
      Require(payout.seller_id.empty(), "sellers are paid by CreateSellerPayout", "seller"));
  MG_RETURN_IF_ERROR(ValidatePayout(payout));
  PayoutRecord stored = payout;
  MG_ASSIGN_OR_RETURN(stored.id, IdOrNew(payout.id, kPayoutIdPrefix));
  if (stored.updated_at_ms == 0) stored.updated_at_ms = stored.created_at_ms;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    MG_RETURN_IF_ERROR(Required(QueryOptional(txn, Stmt::kCreatorGet,
                                              {stored.owner, stored.creator_id}, &ReadCreator),
                                "creator", stored.creator_id)
                           .status());
    // The balance row locked (PostgreSQL) until commit: a concurrent payout
    // of the same creator waits here and then sees what this one left.
    int64_t diamonds = 0;
    MG_RETURN_IF_ERROR(txn.Query(Stmt::kBalanceLock,
                                 {CreatorAccount(stored.owner, stored.creator_id), kDiamondUnit},
                                 [&](const SqlRow& row) {
                                   diamonds = row.Int(0);
                                   return Status::Ok();
                                 }));
    if (diamonds < stored.diamonds) {
      return Status(ErrorCode::kOutOfRange,
                    "creator " + stored.creator_id + " holds " + std::to_string(diamonds) +
                        " diamonds; the payout needs " + std::to_string(stored.diamonds),
                    "diamonds");
    }
    Status inserted = InsertPayout(txn, stored);
    if (inserted.code() == ErrorCode::kConflict) {
      return Status(ErrorCode::kConflict, "payout " + stored.id + " already exists");
    }
    MG_RETURN_IF_ERROR(inserted);
    MG_RETURN_IF_ERROR(PostPayoutCreated(txn, stored));
    return ApplyEffects(txn, effects, stored.id, stored.created_at_ms);
  }));
  return stored;
}

Result<PayoutRecord> SqlStore::GetPayout(std::string_view id) {
  Result<std::optional<PayoutRecord>> found = std::optional<PayoutRecord>();
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    found = QueryOptional(txn, Stmt::kPayoutGet, {id}, &ReadPayout);
    return found.status();
  }));
  return Required(std::move(found), "payout", id);
}

Result<PayoutRecord> SqlStore::TransitionPayout(std::string_view id,
                                                const std::vector<PayoutState>& from,
                                                PayoutState to, const PayoutChanges& changes,
                                                const Effects& effects) {
  PayoutRecord updated;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    MG_ASSIGN_OR_RETURN(
        updated, Required(QueryOptional(txn, Stmt::kPayoutLock, {id}, &ReadPayout), "payout", id));
    MG_RETURN_IF_ERROR(CheckState("payout", id, updated.state, from));
    if (IsFinal(updated.state) && updated.state != to) {
      return Status(
          ErrorCode::kFailedPrecondition,
          "payout " + updated.id + " is " + std::string(Name(updated.state)) + ", which is final");
    }
    if (to == PayoutState::kPaid && updated.state != PayoutState::kPaid) {
      MG_RETURN_IF_ERROR(PostPayoutPaid(txn, updated, changes.at_ms));
    } else if (to == PayoutState::kFailed && updated.state != PayoutState::kFailed) {
      MG_RETURN_IF_ERROR(PostPayoutReversal(txn, updated, changes.at_ms));
      // A seller payout that failed paid none of its orders.
      MG_RETURN_IF_ERROR(txn.Exec(Stmt::kPayoutOrdersDelete, {updated.id}).status());
    }
    if (changes.provider_reference) updated.provider_reference = *changes.provider_reference;
    if (changes.failure_code) updated.failure_code = *changes.failure_code;
    if (changes.failure_message) updated.failure_message = *changes.failure_message;
    if (changes.next_check_at_ms) updated.next_check_at_ms = *changes.next_check_at_ms;
    if (changes.count_check) ++updated.checks;
    updated.state = to;
    updated.updated_at_ms = changes.at_ms;
    MG_RETURN_IF_ERROR(
        txn.Exec(Stmt::kPayoutUpdate,
                 {Name(updated.state), TextOrNull(updated.provider_reference),
                  TextOrNull(updated.failure_code), TextOrNull(updated.failure_message),
                  updated.checks, updated.next_check_at_ms, updated.updated_at_ms, updated.id})
            .status());
    return ApplyEffects(txn, effects, updated.id, changes.at_ms);
  }));
  return updated;
}

namespace {

Result<std::vector<PayoutRecord>> ListPayouts(SqlDatabase& db, Stmt stmt,
                                              std::initializer_list<SqlParam> params) {
  std::vector<PayoutRecord> payouts;
  MG_RETURN_IF_ERROR(db.Read([&](SqlTransaction& txn) -> Status {
    payouts.clear();
    return txn.Query(stmt, params, [&](const SqlRow& row) -> Status {
      MG_ASSIGN_OR_RETURN(PayoutRecord payout, ReadPayout(row));
      payouts.push_back(std::move(payout));
      return Status::Ok();
    });
  }));
  return payouts;
}

}  // namespace

Result<std::vector<PayoutRecord>> SqlStore::ListPayoutsDue(UnixMillis due_by,
                                                           UnixMillis updated_before, int limit) {
  MG_RETURN_IF_ERROR(Require(limit > 0, "limit must be positive", "limit"));
  return ListPayouts(*db_, Stmt::kPayoutsDue, {due_by, updated_before, int64_t{limit}});
}

Result<std::vector<PayoutRecord>> SqlStore::ListPayoutsNeedingAttention(int limit) {
  MG_RETURN_IF_ERROR(Require(limit > 0, "limit must be positive", "limit"));
  return ListPayouts(*db_, Stmt::kPayoutsNeedingAttention, {int64_t{limit}});
}

Status SqlStore::PutFxRates(const FxRatesRecord& rates) {
  MG_RETURN_IF_ERROR(Require(rates.max_age_ms > 0, "max age must be positive", "max_age"));
  MG_RETURN_IF_ERROR(Require(!rates.source.empty(), "source is empty", "source"));
  return db_->Write([&](SqlTransaction& txn) -> Status {
    return txn
        .Exec(Stmt::kFxRatesInsert, {rates.as_of_ms, rates.max_age_ms, rates.source,
                                     rates.rates_json, rates.loaded_at_ms})
        .status();
  });
}

Result<std::optional<FxRatesRecord>> SqlStore::GetFxRates() {
  Result<std::optional<FxRatesRecord>> found = std::optional<FxRatesRecord>();
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    found = QueryOptional(txn, Stmt::kFxRatesLatest, {}, &ReadFxRates);
    return found.status();
  }));
  return found;
}

}  // namespace mg::store
