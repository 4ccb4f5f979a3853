#include "sql_store.h"

#include "currency/currency_code.h"
#include "gateway/store/ids.h"
#include "gateway/store/open_store.h"

namespace mg::store {
namespace {

constexpr size_t kMaxIdempotencyKeyLength = 255;

struct IdempotencyRow {
  std::string fingerprint;
  std::string state;
  std::string owner;
  std::string resource_id;
  StoredResponse response;
  UnixMillis created_at_ms = 0;
  UnixMillis locked_until_ms = 0;
};

Result<IdempotencyRow> ReadIdempotencyRow(const SqlRow& row) {
  IdempotencyRow r;
  r.fingerprint = std::string(row.Text(0));
  r.state = std::string(row.Text(1));
  r.owner = std::string(row.Text(2));
  r.resource_id = std::string(row.Text(3));
  r.response.status_code = static_cast<int>(row.Int(4));
  r.response.body = std::string(row.Text(5));
  r.created_at_ms = row.Int(6);
  r.locked_until_ms = row.Int(7);
  return r;
}

constexpr std::string_view kIdempotencyKeyTakenParam = "idempotency_key_taken";

Status ValidateKey(std::string_view scope, std::string_view key, std::string_view fingerprint) {
  MG_RETURN_IF_ERROR(Require(!scope.empty(), "idempotency scope is empty", "scope"));
  MG_RETURN_IF_ERROR(Require(!key.empty() && key.size() <= kMaxIdempotencyKeyLength,
                             "Idempotency-Key must have 1 to 255 characters", "Idempotency-Key"));
  return Require(!fingerprint.empty(), "request fingerprint is empty", "fingerprint");
}

Status LeaseLost(const IdempotencyLease& lease) {
  return Status(ErrorCode::kFailedPrecondition,
                "idempotency key '" + lease.key + "' is no longer held by this request");
}

}  // namespace

SqlStore::SqlStore(std::unique_ptr<SqlDatabase> db, const StoreConfig& config)
    : db_(std::move(db)),
      idempotency_retention_ms_(config.idempotency_retention.count()),
      webhook_event_retention_ms_(config.webhook_event_retention.count()),
      delivered_event_retention_ms_(config.delivered_event_retention.count()),
      idempotency_lease_ms_(config.idempotency_lease.count()),
      outbox_claim_lease_ms_(config.outbox_claim_lease.count()) {}

Status SqlStore::Ping() {
  return db_->Read([](SqlTransaction& txn) {
    return txn.Query(Stmt::kPing, {}, [](const SqlRow&) { return Status::Ok(); });
  });
}

Result<IdempotencyBegin> SqlStore::BeginIdempotent(std::string_view scope, std::string_view key,
                                                   std::string_view fingerprint, UnixMillis now) {
  MG_RETURN_IF_ERROR(ValidateKey(scope, key, fingerprint));
  MG_ASSIGN_OR_RETURN(const std::string owner, NewId("own"));
  const UnixMillis lease_end = now + idempotency_lease_ms_;
  const UnixMillis expired_at_or_before =
      now - (scope.starts_with(kWebhookScopePrefix) ? webhook_event_retention_ms_
                                                    : idempotency_retention_ms_);

  IdempotencyBegin begin;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    begin = IdempotencyBegin();
    begin.lease = {std::string(scope), std::string(key), owner};
    // The primary key decides between concurrent inserters. A row that
    // vanishes between the insert and the read (purged) is inserted again.
    for (int round = 0; round < 3; ++round) {
      MG_ASSIGN_OR_RETURN(
          int64_t inserted,
          txn.Exec(Stmt::kIdempotencyInsert, {scope, key, fingerprint, owner, now, lease_end}));
      if (inserted == 1) return Status::Ok();
      MG_ASSIGN_OR_RETURN(
          std::optional<IdempotencyRow> row,
          QueryOptional(txn, Stmt::kIdempotencyLock, {scope, key}, &ReadIdempotencyRow));
      if (!row) continue;
      if (row->created_at_ms <= expired_at_or_before) {
        // Past retention: the key is free again, whatever it was used for.
        return txn.Exec(Stmt::kIdempotencyRestart, {fingerprint, owner, now, lease_end, scope, key})
            .status();
      }
      if (row->fingerprint != fingerprint) {
        begin.outcome = IdempotencyOutcome::kConflict;
        return Status::Ok();
      }
      if (row->state == "completed") {
        begin.outcome = IdempotencyOutcome::kReplay;
        begin.response = std::move(row->response);
        return Status::Ok();
      }
      if (row->locked_until_ms > now) {
        begin.outcome = IdempotencyOutcome::kInProgress;
        begin.locked_until_ms = row->locked_until_ms;
        return Status::Ok();
      }
      // The holder's lease ran out: it crashed or stalled. Take over; the
      // old holder's later writes fail on the owner check.
      begin.recovered = true;
      begin.resource_id = std::move(row->resource_id);
      return txn.Exec(Stmt::kIdempotencyTakeOver, {owner, lease_end, scope, key}).status();
    }
    return Status(ErrorCode::kUnavailable, "idempotency key kept changing; retry");
  }));
  return begin;
}

Status SqlStore::CompleteIdempotent(const IdempotencyLease& lease, const StoredResponse& response,
                                    UnixMillis now) {
  return db_->Write([&](SqlTransaction& txn) -> Status {
    return CompleteIdempotentIn(txn, lease, /*resource_id=*/"", response, now);
  });
}

Status CompleteIdempotentIn(SqlTransaction& txn, const IdempotencyLease& lease,
                            std::string_view resource_id, const StoredResponse& response,
                            UnixMillis now) {
  MG_ASSIGN_OR_RETURN(int64_t changed,
                      txn.Exec(Stmt::kIdempotencyComplete,
                               {TextOrNull(resource_id), int64_t{response.status_code},
                                response.body, now, lease.scope, lease.key, lease.owner}));
  return changed == 1 ? Status::Ok() : LeaseLost(lease);
}

Status SqlStore::ReleaseIdempotent(const IdempotencyLease& lease) {
  return db_->Write([&](SqlTransaction& txn) {
    return txn.Exec(Stmt::kIdempotencyRelease, {lease.scope, lease.key, lease.owner}).status();
  });
}

Result<bool> SqlStore::HasIdempotencyKey(std::string_view scope, std::string_view key) {
  bool found = false;
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    found = false;
    return txn.Query(Stmt::kIdempotencyExists, {scope, key}, [&](const SqlRow&) {
      found = true;
      return Status::Ok();
    });
  }));
  return found;
}

Status SqlStore::ClaimIdempotent(const IdempotencyClaim& claim, const StoredResponse& response,
                                 UnixMillis now) {
  return db_->Write([&](SqlTransaction& txn) -> Status {
    return ClaimIdempotentIn(txn, claim, /*resource_id=*/"", response, now);
  });
}

Status ClaimIdempotentIn(SqlTransaction& txn, const IdempotencyClaim& claim,
                         std::string_view resource_id, const StoredResponse& response,
                         UnixMillis now) {
  MG_RETURN_IF_ERROR(ValidateKey(claim.scope, claim.key, claim.fingerprint));
  MG_RETURN_IF_ERROR(Require(!claim.leased(), "a leased claim has no response yet", "claim"));
  MG_ASSIGN_OR_RETURN(const std::string owner, NewId("own"));
  MG_ASSIGN_OR_RETURN(
      int64_t inserted,
      txn.Exec(Stmt::kIdempotencyClaim,
               {claim.scope, claim.key, claim.fingerprint, owner, TextOrNull(resource_id),
                int64_t{response.status_code}, response.body, now, now, now}));
  return inserted == 1 ? Status::Ok() : IdempotencyKeyTaken(claim.key);
}

namespace {

Status ClaimLeasedIn(SqlTransaction& txn, const IdempotencyClaim& claim,
                     std::string_view resource_id, UnixMillis now) {
  MG_RETURN_IF_ERROR(ValidateKey(claim.scope, claim.key, claim.fingerprint));
  MG_RETURN_IF_ERROR(Require(claim.leased_until_ms > now,
                             "a leased claim needs a lease that ends after now",
                             "leased_until_ms"));
  MG_ASSIGN_OR_RETURN(int64_t inserted,
                      txn.Exec(Stmt::kIdempotencyClaimLeased,
                               {claim.scope, claim.key, claim.fingerprint, claim.lease_owner,
                                TextOrNull(resource_id), now, claim.leased_until_ms}));
  return inserted == 1 ? Status::Ok() : IdempotencyKeyTaken(claim.key);
}

}  // namespace

Status IdempotencyKeyTaken(std::string_view key) {
  return Status(ErrorCode::kConflict,
                "idempotency key '" + std::string(key) + "' was taken by another request",
                std::string(kIdempotencyKeyTakenParam));
}

bool IsIdempotencyKeyTaken(const Status& status) {
  return status.code() == ErrorCode::kConflict && status.param() == kIdempotencyKeyTakenParam;
}

Result<RetentionPurge> SqlStore::PurgeExpired(UnixMillis now, int64_t batch) {
  MG_RETURN_IF_ERROR(Require(batch > 0, "the purge batch must be positive", "batch"));
  // One transaction per batch: other writers get the database in between.
  auto purge = [&](Stmt stmt, UnixMillis cutoff) -> Result<int64_t> {
    int64_t total = 0;
    for (;;) {
      int64_t deleted = 0;
      MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
        MG_ASSIGN_OR_RETURN(deleted, txn.Exec(stmt, {cutoff, batch}));
        return Status::Ok();
      }));
      total += deleted;
      if (deleted < batch) return total;
    }
  };
  RetentionPurge purged;
  MG_ASSIGN_OR_RETURN(purged.idempotency_keys,
                      purge(Stmt::kIdempotencyPurge, now - idempotency_retention_ms_));
  MG_ASSIGN_OR_RETURN(purged.webhook_events,
                      purge(Stmt::kWebhookEventPurge, now - webhook_event_retention_ms_));
  MG_ASSIGN_OR_RETURN(purged.delivered_events,
                      purge(Stmt::kDeliveredEventPurge, now - delivered_event_retention_ms_));
  return purged;
}

Status ApplyEffects(SqlTransaction& txn, const Effects& effects, std::string_view resource_id,
                    UnixMillis now) {
  const IdempotencyLease* lease = effects.idempotency;
  const IdempotencyClaim* claim = effects.claim;
  MG_RETURN_IF_ERROR(Require(lease == nullptr || claim == nullptr,
                             "a change holds a lease or claims its key, not both", "claim"));
  MG_RETURN_IF_ERROR(Require(!effects.response || lease != nullptr || claim != nullptr,
                             "a stored response needs the idempotency lease or claim", "response"));
  MG_RETURN_IF_ERROR(Require(claim == nullptr || claim->leased() != effects.response.has_value(),
                             "a claimed key needs its response, a leased claim none yet", "claim"));
  if (effects.spend) MG_RETURN_IF_ERROR(RecordSpendIn(txn, *effects.spend, effects.spend_limits));
  if (claim != nullptr && claim->leased()) {
    MG_RETURN_IF_ERROR(ClaimLeasedIn(txn, *claim, resource_id, now));
  } else if (claim != nullptr) {
    MG_RETURN_IF_ERROR(ClaimIdempotentIn(txn, *claim, resource_id, *effects.response, now));
  }
  // A change that also stores the answer links and completes the key in one
  // statement, at the end.
  if (lease != nullptr && !effects.response) {
    MG_ASSIGN_OR_RETURN(
        int64_t linked,
        txn.Exec(Stmt::kIdempotencyLink, {resource_id, lease->scope, lease->key, lease->owner}));
    if (linked != 1) return LeaseLost(*lease);
  }
  if (const auto& finished = effects.attempt_finished) {
    MG_RETURN_IF_ERROR(RecordAttemptFinishedIn(txn, finished->attempt_id, finished->outcome));
  }
  if (effects.attempt_started) {
    MG_RETURN_IF_ERROR(RecordAttemptStartedIn(txn, *effects.attempt_started).status());
  }
  for (const NewEvent& event : effects.events) {
    MG_RETURN_IF_ERROR(Require(!event.type.empty(), "event type is empty", "event.type"));
    MG_ASSIGN_OR_RETURN(const std::string id, NewId(kEventIdPrefix));
    MG_RETURN_IF_ERROR(
        txn.ExecDeferred(Stmt::kEventInsert, {id, event.type, event.payload_json, now, now}));
  }
  if (effects.response && lease != nullptr) {
    MG_RETURN_IF_ERROR(CompleteIdempotentIn(txn, *lease, resource_id, *effects.response, now));
  }
  return Status::Ok();
}

Status Require(bool condition, std::string_view message, std::string_view param) {
  if (condition) return Status::Ok();
  return InvalidArgument(std::string(message), std::string(param));
}

Status RequireCurrency(std::string_view code, std::string_view param) {
  Result<CurrencyCode> parsed = CurrencyCode::Parse(code);
  if (parsed.ok()) return Status::Ok();
  return InvalidArgument(parsed.status().message(), std::string(param));
}

Result<std::string> IdOrNew(const std::string& id, std::string_view prefix) {
  if (!id.empty()) return id;
  return NewId(prefix);
}

}  // namespace mg::store
