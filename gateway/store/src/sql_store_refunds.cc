// Refunds, bounded by the purchase's captured amount.
#include "gateway/store/ids.h"
#include "rows.h"
#include "sql_store.h"
#include "sql_store_journal.h"

namespace mg::store {
namespace {

Status ValidateRefund(const Refund& r) {
  MG_RETURN_IF_ERROR(Require(!r.purchase_id.empty(), "purchase id is empty", "purchase"));
  MG_RETURN_IF_ERROR(RequireCurrency(r.currency, "currency"));
  MG_RETURN_IF_ERROR(Require(r.amount_minor > 0, "refund amount must be positive", "amount"));
  MG_RETURN_IF_ERROR(Require(0 <= r.tax_minor && r.tax_minor <= r.amount_minor,
                             "refunded tax must be between 0 and the amount", "tax"));
  MG_RETURN_IF_ERROR(Require(r.state == RefundState::kPending || r.state == RefundState::kSucceeded,
                             "a new refund is pending or succeeded", "state"));
  return Status::Ok();
}

// The purchase's state for its refunded amount.
PurchaseState RefundedState(const Purchase& purchase) {
  if (purchase.refunded_minor == 0) return PurchaseState::kSucceeded;
  return purchase.refunded_minor == purchase.captured_minor ? PurchaseState::kRefunded
                                                            : PurchaseState::kPartiallyRefunded;
}

Status UpdateRefunded(SqlTransaction& txn, const Purchase& p) {
  return txn
      .Exec(Stmt::kPurchaseUpdate,
            {Name(p.state), p.provider, TextOrNull(p.provider_reference), p.captured_minor,
             p.refunded_minor, p.updated_at_ms, p.authentication, p.next_action_json, p.id})
      .status();
}

Result<Purchase> LockPurchase(SqlTransaction& txn, std::string_view id) {
  return Required(QueryOptional(txn, Stmt::kPurchaseLock, {id}, &ReadPurchase), "purchase", id);
}

}  // namespace

Result<Refund> SqlStore::CreateRefund(const Refund& refund, const Effects& effects) {
  MG_RETURN_IF_ERROR(ValidateRefund(refund));
  Refund stored = refund;
  MG_ASSIGN_OR_RETURN(stored.id, IdOrNew(refund.id, kRefundIdPrefix));
  if (stored.updated_at_ms == 0) stored.updated_at_ms = stored.created_at_ms;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    // The purchase row lock makes check-and-add atomic against every other
    // refund of this purchase, in this process or another.
    MG_ASSIGN_OR_RETURN(Purchase purchase, LockPurchase(txn, refund.purchase_id));
    MG_RETURN_IF_ERROR(CheckState("purchase", purchase.id, purchase.state,
                                  {PurchaseState::kSucceeded, PurchaseState::kPartiallyRefunded}));
    if (purchase.currency != refund.currency) {
      return Status(ErrorCode::kCurrencyMismatch,
                    "refund in " + refund.currency + " of a purchase in " + purchase.currency,
                    "currency");
    }
    const int64_t refundable = purchase.captured_minor - purchase.refunded_minor;
    if (refund.amount_minor > refundable) {
      return Status(ErrorCode::kOutOfRange,
                    "refund of " + std::to_string(refund.amount_minor) + " exceeds the " +
                        std::to_string(refundable) + " still refundable on purchase " + purchase.id,
                    "amount");
    }
    if (stored.after_gifts == RefundAfterGifts::kUnspentOnly) {
      MG_RETURN_IF_ERROR(CheckUnspentOnly(txn, purchase, refund.amount_minor));
    }
    if (stored.state == RefundState::kSucceeded) {
      MG_RETURN_IF_ERROR(PostRefundSucceeded(txn, purchase, stored, stored.created_at_ms));
    }
    Status inserted = InsertRefund(txn, stored);
    if (inserted.code() == ErrorCode::kConflict) {
      return Status(ErrorCode::kConflict, "refund " + stored.id + " already exists");
    }
    MG_RETURN_IF_ERROR(inserted);
    purchase.refunded_minor += refund.amount_minor;
    purchase.state = RefundedState(purchase);
    purchase.updated_at_ms = stored.created_at_ms;
    MG_RETURN_IF_ERROR(UpdateRefunded(txn, purchase));
    return ApplyEffects(txn, effects, stored.id, stored.created_at_ms);
  }));
  return stored;
}

Result<Refund> SqlStore::FindRefundByProviderReference(std::string_view provider,
                                                       std::string_view reference) {
  Result<std::optional<Refund>> found = std::optional<Refund>();
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    found =
        QueryOptional(txn, Stmt::kRefundByProviderReference, {reference, provider}, &ReadRefund);
    return found.status();
  }));
  return Required(std::move(found), "refund with reference", reference);
}

Result<Refund> SqlStore::GetRefund(std::string_view id) {
  Result<std::optional<Refund>> found = std::optional<Refund>();
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    found = QueryOptional(txn, Stmt::kRefundGet, {id}, &ReadRefund);
    return found.status();
  }));
  return Required(std::move(found), "refund", id);
}

Result<std::vector<Refund>> SqlStore::ListRefunds(std::string_view purchase_id) {
  std::vector<Refund> refunds;
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    refunds.clear();
    return txn.Query(Stmt::kRefundsOfPurchase, {purchase_id}, [&](const SqlRow& row) -> Status {
      MG_ASSIGN_OR_RETURN(Refund refund, ReadRefund(row));
      refunds.push_back(std::move(refund));
      return Status::Ok();
    });
  }));
  return refunds;
}

Result<Refund> SqlStore::TransitionRefund(std::string_view id, const std::vector<RefundState>& from,
                                          RefundState to, const PaymentChanges& changes,
                                          const Effects& effects) {
  MG_RETURN_IF_ERROR(Require(!changes.provider && !changes.captured_minor,
                             "a refund transition sets only the provider reference", "changes"));
  Refund updated;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    // Purchase first, then refund: the lock order of CreateRefund.
    MG_ASSIGN_OR_RETURN(
        const Refund unlocked,
        Required(QueryOptional(txn, Stmt::kRefundGet, {id}, &ReadRefund), "refund", id));
    MG_ASSIGN_OR_RETURN(Purchase purchase, LockPurchase(txn, unlocked.purchase_id));
    MG_ASSIGN_OR_RETURN(
        updated, Required(QueryOptional(txn, Stmt::kRefundLock, {id}, &ReadRefund), "refund", id));
    MG_RETURN_IF_ERROR(CheckState("refund", id, updated.state, from));
    if (updated.state == RefundState::kFailed && to != RefundState::kFailed) {
      return Status(ErrorCode::kFailedPrecondition,
                    "refund " + updated.id + " failed; a failed refund is final");
    }
    if (to == RefundState::kFailed && updated.state != RefundState::kFailed) {
      // Give the amount back: it was counted as refunded when created.
      purchase.refunded_minor -= updated.amount_minor;
      if (purchase.state == PurchaseState::kRefunded ||
          purchase.state == PurchaseState::kPartiallyRefunded) {
        purchase.state = RefundedState(purchase);
      }
      purchase.updated_at_ms = changes.at_ms;
      MG_RETURN_IF_ERROR(UpdateRefunded(txn, purchase));
    }
    // The ledger follows the refund into and out of succeeded.
    if (to == RefundState::kSucceeded && updated.state != RefundState::kSucceeded) {
      MG_RETURN_IF_ERROR(PostRefundSucceeded(txn, purchase, updated, changes.at_ms));
    } else if (to == RefundState::kFailed && updated.state == RefundState::kSucceeded) {
      MG_RETURN_IF_ERROR(PostRefundReversal(txn, purchase, updated, changes.at_ms));
    }
    if (changes.provider_reference) updated.provider_reference = *changes.provider_reference;
    updated.state = to;
    updated.updated_at_ms = changes.at_ms;
    MG_RETURN_IF_ERROR(
        txn.Exec(Stmt::kRefundUpdate, {Name(updated.state), TextOrNull(updated.provider_reference),
                                       updated.updated_at_ms, updated.id})
            .status());
    return ApplyEffects(txn, effects, updated.id, changes.at_ms);
  }));
  return updated;
}

}  // namespace mg::store
