// The data migrations of migrations.cc: rows written by older binaries
// brought up to what newer code expects, inside the migration's transaction.
#include "migration_backfills.h"

#include <boost/json/parse.hpp>
#include <string>
#include <utility>
#include <vector>

#include "base/idempotency_key.h"
#include "rows.h"
#include "sql_store_journal.h"

namespace mg::store {
namespace {

// The key's attempt number, recovered once from the key itself: rows written
// before migration 7 did not record it. Attempts of one record number from
// 1 and stay few (the router stops after max_attempts; status probes and
// resumes reuse numbers), so 64 bounds the search with room to spare.
int64_t KeyAttemptOf(std::string_view record_id, std::string_view key) {
  // "mg-<operation>-<hex>": a status probe carries the key of the call in
  // doubt, so the key's own operation is the one to derive with.
  if (!key.starts_with("mg-")) return 0;
  const size_t end = key.find('-', 3);
  if (end == std::string_view::npos) return 0;
  const std::string_view operation = key.substr(3, end - 3);
  for (int n = 1; n <= 64; ++n) {
    if (DeriveIdempotencyKey(record_id, n, operation) == key) return n;
  }
  return 0;
}

// The SCA regime a stored quote's decision required, read the way
// compliance::QuoteToJson wrote it; for purchases created before migration 7
// that may still be charged or settled.
std::string LegacyScaRegime(std::string_view quote_json) {
  boost::system::error_code error;
  boost::json::value quote = boost::json::parse(quote_json, error);
  if (error || !quote.is_object()) return "";
  const boost::json::value* decision = quote.get_object().if_contains("decision");
  const boost::json::value* requirements = decision != nullptr && decision->is_object()
                                               ? decision->get_object().if_contains("requirements")
                                               : nullptr;
  if (requirements == nullptr || !requirements->is_array()) return "";
  for (const boost::json::value& item : requirements->get_array()) {
    const auto* requirement = item.if_object();
    if (requirement == nullptr) continue;
    const auto* type = requirement->if_contains("type");
    if (type == nullptr || !type->is_string() || type->get_string() != "sca") continue;
    const auto* regime = requirement->if_contains("regime");
    return regime != nullptr && regime->is_string() ? std::string(regime->get_string()) : "sca";
  }
  return "";
}

}  // namespace

Status BackfillAttemptNumbersAndScaRegimes(SqlTransaction& txn) {
  std::vector<std::pair<int64_t, std::string>> attempts;
  MG_RETURN_IF_ERROR(txn.Query(Stmt::kLegacyAttemptKeys, {}, [&](const SqlRow& row) {
    // Refunds are keyed by the refund's id, which this row does not hold;
    // every such key is attempt 1 (refund_routes.cc).
    int64_t n = row.Text(2) == "refund" ? 1 : KeyAttemptOf(row.Text(1), row.Text(3));
    if (n > 0) attempts.emplace_back(n, std::string(row.Text(0)));
    return Status::Ok();
  }));
  for (const auto& [n, id] : attempts) {
    MG_RETURN_IF_ERROR(txn.Exec(Stmt::kAttemptKeyAttemptSet, {n, id}).status());
  }
  std::vector<std::pair<std::string, std::string>> regimes;
  MG_RETURN_IF_ERROR(txn.Query(Stmt::kLegacyOpenPurchaseQuotes, {}, [&](const SqlRow& row) {
    std::string regime = LegacyScaRegime(row.Text(1));
    if (!regime.empty()) regimes.emplace_back(std::move(regime), std::string(row.Text(0)));
    return Status::Ok();
  }));
  for (const auto& [regime, id] : regimes) {
    MG_RETURN_IF_ERROR(txn.Exec(Stmt::kPurchaseScaRegimeSet, {regime, id}).status());
  }
  return Status::Ok();
}

// Journals for what settled before the ledger existed: each settled
// purchase at its creation time, then its succeeded refunds in the order they
// were made, at the time they were last updated.
Status BackfillLedger(SqlTransaction& txn) {
  std::vector<Purchase> settled;
  MG_RETURN_IF_ERROR(txn.Query(Stmt::kLegacySettledPurchases, {}, [&](const SqlRow& row) {
    MG_ASSIGN_OR_RETURN(Purchase purchase, ReadPurchase(row));
    settled.push_back(std::move(purchase));
    return Status::Ok();
  }));
  for (const Purchase& purchase : settled) {
    MG_RETURN_IF_ERROR(PostPurchaseIfSettled(txn, PurchaseState::kCreated, purchase,
                                             purchase.created_at_ms, LotColumns::kBeforeOwner));
    std::vector<Refund> refunds;
    MG_RETURN_IF_ERROR(
        txn.Query(Stmt::kRefundsOfPurchaseBeforeAfterGifts, {purchase.id}, [&](const SqlRow& row) {
          MG_ASSIGN_OR_RETURN(Refund refund, ReadRefund(row));
          if (refund.state == RefundState::kSucceeded) refunds.push_back(std::move(refund));
          return Status::Ok();
        }));
    int64_t refunded_before = 0;
    for (const Refund& refund : refunds) {
      MG_RETURN_IF_ERROR(PostRefund(txn, purchase, refund, refunded_before, refund.updated_at_ms,
                                    LotColumns::kBeforeOwner));
      refunded_before += refund.amount_minor;
    }
  }
  return Status::Ok();
}

}  // namespace mg::store
