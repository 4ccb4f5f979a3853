// Spend history and the outbox of events.
#include <limits>

#include "gateway/store/ids.h"
#include "rows.h"
#include "sql_store.h"

namespace mg::store {
namespace {

Result<int64_t> SumInWindow(SqlTransaction& txn, std::string_view customer_id,
                            std::string_view market, UnixMillis since_ms, UnixMillis until_ms) {
  int64_t sum = 0;
  MG_RETURN_IF_ERROR(txn.Query(Stmt::kSpendInWindow, {customer_id, market, since_ms, until_ms},
                               [&](const SqlRow& row) {
                                 sum = row.Int(0);
                                 return Status::Ok();
                               }));
  return sum;
}

// For events that must exist and still be pending.
Status EventNotPending(SqlTransaction& txn, std::string_view event_id, bool delivered_is_ok) {
  std::optional<std::string> state;
  MG_RETURN_IF_ERROR(txn.Query(Stmt::kEventState, {event_id}, [&](const SqlRow& row) {
    state = std::string(row.Text(0));
    return Status::Ok();
  }));
  if (!state) {
    return Status(ErrorCode::kNotFound, "event " + std::string(event_id) + " not found");
  }
  if (delivered_is_ok) return Status::Ok();
  return Status(ErrorCode::kFailedPrecondition,
                "event " + std::string(event_id) + " was already delivered");
}

}  // namespace

Status SqlStore::RecordSpend(const Spend& spend, const std::vector<SpendLimit>& limits) {
  return db_->Write(
      [&](SqlTransaction& txn) -> Status { return RecordSpendIn(txn, spend, limits); });
}

Status RecordSpendIn(SqlTransaction& txn, const Spend& spend,
                     const std::vector<SpendLimit>& limits) {
  MG_RETURN_IF_ERROR(Require(!spend.customer_id.empty(), "customer id is empty", "customer.id"));
  MG_RETURN_IF_ERROR(Require(!spend.market.empty(), "market is empty", "market"));
  MG_RETURN_IF_ERROR(RequireCurrency(spend.currency, "currency"));
  MG_RETURN_IF_ERROR(Require(spend.amount_minor >= 0, "amount must not be negative", "amount"));
  // The customer and market, joined by a separator neither contains.
  const std::string lock_key = spend.customer_id + '\x1f' + spend.market;
  MG_RETURN_IF_ERROR(txn.ExecDeferred(Stmt::kSpendLock, {lock_key}));
  for (const SpendLimit& limit : limits) {
    MG_ASSIGN_OR_RETURN(int64_t spent,
                        SumInWindow(txn, spend.customer_id, spend.market, limit.since_ms,
                                    std::numeric_limits<UnixMillis>::max()));
    if (spend.amount_minor > limit.max_minor - spent) {
      return Status(ErrorCode::kComplianceDenied,
                    "spend limit '" + limit.name + "' of " + std::to_string(limit.max_minor) +
                        " would be exceeded: " + std::to_string(spent) + " spent, " +
                        std::to_string(spend.amount_minor) + " more asked",
                    "amount");
    }
  }
  return txn.ExecDeferred(
      Stmt::kSpendInsert,
      {spend.customer_id, spend.market, spend.currency, spend.amount_minor, spend.at_ms,
       int64_t{spend.sca_performed ? 1 : 0}, TextOrNull(spend.purchase_id)});
}

Result<int64_t> SqlStore::SpendInWindow(std::string_view customer_id, std::string_view market,
                                        UnixMillis since_ms, UnixMillis until_ms) {
  int64_t sum = 0;
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) -> Status {
    MG_ASSIGN_OR_RETURN(sum, SumInWindow(txn, customer_id, market, since_ms, until_ms));
    return Status::Ok();
  }));
  return sum;
}

Result<ScaTally> SqlStore::SpendSinceLastSca(std::string_view customer_id,
                                             std::string_view market) {
  ScaTally tally;
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    return txn.Query(Stmt::kSpendSinceLastSca, {customer_id, market, customer_id, market},
                     [&](const SqlRow& row) {
                       tally.amount_minor = row.Int(0);
                       tally.count = row.Int(1);
                       return Status::Ok();
                     });
  }));
  return tally;
}

Result<std::string> SqlStore::EnqueueEvent(const NewEvent& event, UnixMillis now) {
  MG_RETURN_IF_ERROR(Require(!event.type.empty(), "event type is empty", "event.type"));
  MG_ASSIGN_OR_RETURN(const std::string id, NewId(kEventIdPrefix));
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) {
    return txn.Exec(Stmt::kEventInsert, {id, event.type, event.payload_json, now, now}).status();
  }));
  return id;
}

Result<std::vector<OutboxEvent>> SqlStore::ClaimDueEvents(UnixMillis now, int limit) {
  MG_RETURN_IF_ERROR(Require(limit > 0, "limit must be positive", "limit"));
  const UnixMillis hidden_until = now + outbox_claim_lease_ms_;
  std::vector<OutboxEvent> events;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    events.clear();
    MG_RETURN_IF_ERROR(txn.Query(Stmt::kEventsDue, {now, int64_t{limit}}, [&](const SqlRow& row) {
      events.push_back(ReadEvent(row));
      return Status::Ok();
    }));
    for (OutboxEvent& event : events) {
      MG_RETURN_IF_ERROR(txn.Exec(Stmt::kEventHide, {hidden_until, event.id}).status());
      event.next_attempt_at_ms = hidden_until;
    }
    return Status::Ok();
  }));
  return events;
}

Status SqlStore::MarkEventDelivered(std::string_view event_id, UnixMillis now) {
  return db_->Write([&](SqlTransaction& txn) -> Status {
    MG_ASSIGN_OR_RETURN(int64_t changed, txn.Exec(Stmt::kEventDeliver, {now, event_id}));
    if (changed == 1) return Status::Ok();
    return EventNotPending(txn, event_id, /*delivered_is_ok=*/true);
  });
}

Status SqlStore::RescheduleEvent(std::string_view event_id, UnixMillis next_attempt_at,
                                 int64_t attempts, std::string_view last_error) {
  return db_->Write([&](SqlTransaction& txn) -> Status {
    MG_ASSIGN_OR_RETURN(int64_t changed,
                        txn.Exec(Stmt::kEventReschedule,
                                 {next_attempt_at, attempts, TextOrNull(last_error), event_id}));
    if (changed == 1) return Status::Ok();
    return EventNotPending(txn, event_id, /*delivered_is_ok=*/false);
  });
}

Result<std::vector<OutboxEvent>> SqlStore::ListEventsOfType(std::string_view type, UnixMillis from,
                                                            const PageAfter& after, int limit) {
  MG_RETURN_IF_ERROR(Require(limit > 0, "limit must be positive", "limit"));
  std::vector<OutboxEvent> events;
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    events.clear();
    return txn.Query(
        Stmt::kEventsOfType,
        {type, from, after.created_at_ms, after.created_at_ms, after.id, int64_t{limit}},
        [&](const SqlRow& row) -> Status {
          events.push_back(ReadEvent(row));
          return Status::Ok();
        });
  }));
  return events;
}

}  // namespace mg::store
