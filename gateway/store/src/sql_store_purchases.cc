// Purchases and their provider attempts.
#include "gateway/store/ids.h"
#include "rows.h"
#include "sql_store.h"
#include "sql_store_journal.h"

namespace mg::store {
namespace {

Status ValidatePurchase(const Purchase& p) {
  MG_RETURN_IF_ERROR(Require(!p.market.empty(), "market is empty", "market"));
  MG_RETURN_IF_ERROR(Require(!p.customer_id.empty(), "customer id is empty", "customer.id"));
  MG_RETURN_IF_ERROR(Require(!p.items_json.empty(), "items are empty", "items"));
  MG_RETURN_IF_ERROR(Require(!p.quote_json.empty(), "quote is empty", "quote"));
  MG_RETURN_IF_ERROR(RequireCurrency(p.currency, "currency"));
  MG_RETURN_IF_ERROR(Require(p.subtotal_minor >= 0 && p.tax_minor >= 0 && p.total_minor >= 0,
                             "amounts must not be negative", "amount"));
  MG_RETURN_IF_ERROR(Require(p.coins >= 0, "coins must not be negative", "coins"));
  MG_RETURN_IF_ERROR(
      Require(!p.payment_method.empty(), "payment method is empty", "payment_method"));
  MG_RETURN_IF_ERROR(Require(0 <= p.refunded_minor && p.refunded_minor <= p.captured_minor &&
                                 p.captured_minor <= p.total_minor,
                             "need 0 <= refunded <= captured <= total", "captured"));
  return Status::Ok();
}

Status ValidateAttempt(const ProviderAttempt& a) {
  MG_RETURN_IF_ERROR(Require(!a.purchase_id.empty(), "purchase id is empty", "purchase_id"));
  MG_RETURN_IF_ERROR(Require(a.seq >= 0, "attempt seq must not be negative", "seq"));
  MG_RETURN_IF_ERROR(Require(!a.provider.empty(), "provider is empty", "provider"));
  MG_RETURN_IF_ERROR(
      Require(!a.idempotency_key.empty(), "idempotency key is empty", "idempotency_key"));
  MG_RETURN_IF_ERROR(Require(a.amount_minor >= 0, "amount must not be negative", "amount"));
  return Status::Ok();
}

Result<std::vector<ProviderAttempt>> QueryAttempts(SqlDatabase& db, Stmt stmt,
                                                   std::initializer_list<SqlParam> params) {
  std::vector<ProviderAttempt> attempts;
  MG_RETURN_IF_ERROR(db.Read([&](SqlTransaction& txn) {
    attempts.clear();
    return txn.Query(stmt, params, [&](const SqlRow& row) -> Status {
      MG_ASSIGN_OR_RETURN(ProviderAttempt attempt, ReadAttempt(row));
      attempts.push_back(std::move(attempt));
      return Status::Ok();
    });
  }));
  return attempts;
}

}  // namespace

Result<Purchase> SqlStore::CreatePurchase(const Purchase& purchase, const Effects& effects) {
  MG_RETURN_IF_ERROR(ValidatePurchase(purchase));
  Purchase stored = purchase;
  MG_ASSIGN_OR_RETURN(stored.id, IdOrNew(purchase.id, kPurchaseIdPrefix));
  if (stored.updated_at_ms == 0) stored.updated_at_ms = stored.created_at_ms;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    Status inserted = InsertPurchase(txn, stored);
    if (inserted.code() == ErrorCode::kConflict) {
      return Status(ErrorCode::kConflict, "purchase " + stored.id + " already exists");
    }
    MG_RETURN_IF_ERROR(inserted);
    if (effects.order_split)
      MG_RETURN_IF_ERROR(InsertOrderSplit(txn, stored, *effects.order_split));
    MG_RETURN_IF_ERROR(
        PostPurchaseIfSettled(txn, PurchaseState::kCreated, stored, stored.created_at_ms));
    return ApplyEffects(txn, effects, stored.id, stored.created_at_ms);
  }));
  return stored;
}

Result<Purchase> SqlStore::GetPurchase(std::string_view id) {
  Result<std::optional<Purchase>> found = std::optional<Purchase>();
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    found = QueryOptional(txn, Stmt::kPurchaseGet, {id}, &ReadPurchase);
    return found.status();
  }));
  return Required(std::move(found), "purchase", id);
}

Result<Purchase> SqlStore::FindPurchaseByProviderReference(std::string_view provider,
                                                           std::string_view reference) {
  MG_RETURN_IF_ERROR(Require(!reference.empty(), "provider reference is empty", "reference"));
  Result<std::optional<Purchase>> found = std::optional<Purchase>();
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    found = QueryOptional(txn, Stmt::kPurchaseByProviderReference, {provider, reference},
                          &ReadPurchase);
    return found.status();
  }));
  return Required(std::move(found), "purchase with provider reference", reference);
}

Result<Purchase> SqlStore::RecordAuthentication(std::string_view id,
                                                std::string_view authentication) {
  Purchase updated;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    MG_ASSIGN_OR_RETURN(
        updated,
        Required(QueryOptional(txn, Stmt::kPurchaseLock, {id}, &ReadPurchase), "purchase", id));
    if (!updated.authentication.empty() && updated.authentication != "none") return Status::Ok();
    MG_RETURN_IF_ERROR(txn.Exec(Stmt::kPurchaseAuthenticationSet, {authentication, id}).status());
    updated.authentication = std::string(authentication);
    if (authentication != "authenticated") return Status::Ok();
    return txn.Exec(Stmt::kSpendAuthenticated, {id}).status();
  }));
  return updated;
}

Result<Purchase> SqlStore::TransitionPurchase(std::string_view id,
                                              const std::vector<PurchaseState>& from,
                                              PurchaseState to, const PaymentChanges& changes,
                                              const Effects& effects) {
  Purchase updated;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    MG_ASSIGN_OR_RETURN(
        updated,
        Required(QueryOptional(txn, Stmt::kPurchaseLock, {id}, &ReadPurchase), "purchase", id));
    MG_RETURN_IF_ERROR(CheckState("purchase", id, updated.state, from));
    const PurchaseState before = updated.state;
    if (changes.provider) updated.provider = *changes.provider;
    if (changes.provider_reference) updated.provider_reference = *changes.provider_reference;
    if (changes.captured_minor) {
      const int64_t captured = *changes.captured_minor;
      MG_RETURN_IF_ERROR(
          Require(updated.refunded_minor <= captured && captured <= updated.total_minor,
                  "captured amount must be between the refunded amount and the total", "captured"));
      updated.captured_minor = captured;
    }
    if (changes.authentication) updated.authentication = *changes.authentication;
    // The next action is only ever the current state's.
    updated.next_action_json = to == PurchaseState::kRequiresAction
                                   ? changes.next_action_json.value_or(updated.next_action_json)
                                   : "";
    updated.state = to;
    updated.updated_at_ms = changes.at_ms;
    MG_RETURN_IF_ERROR(txn.ExecDeferred(
        Stmt::kPurchaseUpdate,
        {Name(updated.state), updated.provider, TextOrNull(updated.provider_reference),
         updated.captured_minor, updated.refunded_minor, updated.updated_at_ms,
         updated.authentication, updated.next_action_json, updated.id}));
    MG_RETURN_IF_ERROR(PostPurchaseIfSettled(txn, before, updated, changes.at_ms));
    return ApplyEffects(txn, effects, updated.id, changes.at_ms);
  }));
  return updated;
}

Result<ProviderAttempt> SqlStore::RecordAttemptStarted(const ProviderAttempt& attempt) {
  ProviderAttempt stored;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    MG_ASSIGN_OR_RETURN(stored, RecordAttemptStartedIn(txn, attempt));
    return Status::Ok();
  }));
  return stored;
}

Result<ProviderAttempt> RecordAttemptStartedIn(SqlTransaction& txn,
                                               const ProviderAttempt& attempt) {
  MG_RETURN_IF_ERROR(ValidateAttempt(attempt));
  ProviderAttempt stored = attempt;
  MG_ASSIGN_OR_RETURN(stored.id, IdOrNew(attempt.id, kAttemptIdPrefix));
  stored.state = AttemptState::kStarted;
  stored.finished_at_ms.reset();
  // Locking the purchase (or ad booking) serializes its attempts.
  if (HasPrefix(attempt.purchase_id, kAdBookingIdPrefix)) {
    MG_RETURN_IF_ERROR(
        Required(QueryOptional(txn, Stmt::kAdBookingLock, {attempt.purchase_id}, &ReadAdBooking),
                 "ad booking", attempt.purchase_id)
            .status());
  } else {
    MG_RETURN_IF_ERROR(
        Required(QueryOptional(txn, Stmt::kPurchaseLock, {attempt.purchase_id}, &ReadPurchase),
                 "purchase", attempt.purchase_id)
            .status());
  }
  if (stored.seq == 0) {
    MG_RETURN_IF_ERROR(
        txn.Query(Stmt::kAttemptNextSeq, {attempt.purchase_id}, [&](const SqlRow& row) {
          stored.seq = row.Int(0);
          return Status::Ok();
        }));
  }
  Status inserted = InsertAttempt(txn, stored);
  if (inserted.code() == ErrorCode::kConflict) {
    return Status(ErrorCode::kConflict, "attempt " + std::to_string(stored.seq) + " of purchase " +
                                            stored.purchase_id + " (or attempt id " + stored.id +
                                            ") exists");
  }
  MG_RETURN_IF_ERROR(inserted);
  return stored;
}

Status SqlStore::RecordAttemptFinished(std::string_view attempt_id, const AttemptOutcome& outcome) {
  return db_->Write([&](SqlTransaction& txn) -> Status {
    return RecordAttemptFinishedIn(txn, attempt_id, outcome);
  });
}

Status RecordAttemptFinishedIn(SqlTransaction& txn, std::string_view attempt_id,
                               const AttemptOutcome& outcome) {
  MG_RETURN_IF_ERROR(Require(outcome.state != AttemptState::kStarted,
                             "a finished attempt needs an outcome other than started", "state"));
  MG_ASSIGN_OR_RETURN(ProviderAttempt attempt,
                      Required(QueryOptional(txn, Stmt::kAttemptLock, {attempt_id}, &ReadAttempt),
                               "attempt", attempt_id));
  MG_RETURN_IF_ERROR(CheckState("attempt", attempt_id, attempt.state,
                                {AttemptState::kStarted, AttemptState::kAmbiguous,
                                 AttemptState::kPending, AttemptState::kRequiresAction}));
  // An outcome without a reference keeps the one recorded earlier.
  const std::string& reference =
      outcome.provider_reference.empty() ? attempt.provider_reference : outcome.provider_reference;
  return txn.ExecDeferred(Stmt::kAttemptFinish,
                          {Name(outcome.state), TextOrNull(reference),
                           TextOrNull(outcome.provider_code), outcome.finished_at_ms, attempt_id});
}

Result<std::vector<ProviderAttempt>> SqlStore::ListAttempts(std::string_view purchase_id) {
  return QueryAttempts(*db_, Stmt::kAttemptsOfPurchase, {purchase_id});
}

Result<std::vector<ProviderAttempt>> SqlStore::ListOpenAttempts(UnixMillis started_before,
                                                                UnixMillis due_by, int limit) {
  MG_RETURN_IF_ERROR(Require(limit > 0, "limit must be positive", "limit"));
  return QueryAttempts(*db_, Stmt::kAttemptsOpen, {started_before, due_by, int64_t{limit}});
}

Status SqlStore::ScheduleAttemptCheck(std::string_view attempt_id, const AttemptCheck& check) {
  return db_->Write([&](SqlTransaction& txn) -> Status {
    MG_ASSIGN_OR_RETURN(
        int64_t changed,
        txn.Exec(Stmt::kAttemptCheck, {check.next_check_at_ms, check.last_check,
                                       OptionalParam(check.needs_attention_since_ms), attempt_id}));
    if (changed == 0) {
      return Status(ErrorCode::kFailedPrecondition,
                    "attempt '" + std::string(attempt_id) + "' is not open");
    }
    return Status::Ok();
  });
}

Result<std::vector<ProviderAttempt>> SqlStore::ListAttemptsNeedingAttention(int limit) {
  MG_RETURN_IF_ERROR(Require(limit > 0, "limit must be positive", "limit"));
  return QueryAttempts(*db_, Stmt::kAttemptsNeedingAttention, {int64_t{limit}});
}

Result<std::vector<Purchase>> SqlStore::ListPurchasesCreated(UnixMillis from, UnixMillis to,
                                                             const PageAfter& after, int limit) {
  MG_RETURN_IF_ERROR(Require(limit > 0, "limit must be positive", "limit"));
  std::vector<Purchase> purchases;
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    purchases.clear();
    return txn.Query(Stmt::kPurchasesCreated,
                     {from, to, after.created_at_ms, after.created_at_ms, after.id, int64_t{limit}},
                     [&](const SqlRow& row) -> Status {
                       MG_ASSIGN_OR_RETURN(Purchase purchase, ReadPurchase(row));
                       purchases.push_back(std::move(purchase));
                       return Status::Ok();
                     });
  }));
  return purchases;
}

}  // namespace mg::store
