#include "statements.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>

#include "gateway/store/store.h"
#include "rows.h"
#include "statements_entry.h"

namespace mg::store {
namespace {

using namespace statements_internal;  // NOLINT: the entry helpers, shared with the area files

// "?" -> "$1", "$2", ... (no statement has a literal question mark).
std::string NumberParameters(std::string_view sql) {
  std::string out;
  int next = 1;
  for (char c : sql) {
    if (c == '?') {
      out += '$' + std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<Entry> Entries() {
  const std::string purchases = Cat({"SELECT ", kPurchaseColumns, " FROM purchases"});
  const std::string attempts = Cat({"SELECT ", kAttemptColumns, " FROM provider_attempts"});
  const std::string bookings = Cat({"SELECT ", kAdBookingColumns, " FROM ad_bookings"});
  const std::string refunds = Cat({"SELECT ", kRefundColumns, " FROM refunds"});
  std::vector<Entry> entries = {
      Same(Stmt::kPing, "ping", "SELECT 1"),
      // Serializes migrators on one PostgreSQL; SQLite's BEGIN IMMEDIATE does.
      PostgresOnly(Stmt::kMigrationLock, "migration_lock",
                   "SELECT pg_advisory_xact_lock(7306142071302415)"),
      Same(Stmt::kMigrationsApplied, "migrations_applied",
           "SELECT version FROM schema_migrations ORDER BY version"),
      // applied_at_ms comes from the database server's clock.
      {Stmt::kMigrationRecord, "migration_record",
       "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, "
       "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))",
       "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, "
       "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT))"},

      Same(Stmt::kIdempotencyInsert, "idempotency_insert",
           "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, state, owner, "
           "created_at_ms, locked_until_ms) VALUES (?, ?, ?, 'in_progress', ?, ?, ?) "
           "ON CONFLICT (scope, idem_key) DO NOTHING"),
      Locking(Stmt::kIdempotencyLock, "idempotency_lock",
              "SELECT fingerprint, state, owner, resource_id, response_status, response_body, "
              "created_at_ms, locked_until_ms FROM idempotency_keys "
              "WHERE scope = ? AND idem_key = ?"),
      Same(Stmt::kIdempotencyRestart, "idempotency_restart",
           "UPDATE idempotency_keys SET fingerprint = ?, state = 'in_progress', owner = ?, "
           "resource_id = NULL, response_status = NULL, response_body = NULL, "
           "created_at_ms = ?, locked_until_ms = ?, completed_at_ms = NULL "
           "WHERE scope = ? AND idem_key = ?"),
      Same(Stmt::kIdempotencyTakeOver, "idempotency_take_over",
           "UPDATE idempotency_keys SET owner = ?, locked_until_ms = ? "
           "WHERE scope = ? AND idem_key = ?"),
      // Linked to the record when one is given, as it stood otherwise.
      Same(Stmt::kIdempotencyComplete, "idempotency_complete",
           "UPDATE idempotency_keys SET resource_id = COALESCE(?, resource_id), "
           "state = 'completed', response_status = ?, response_body = ?, completed_at_ms = ? "
           "WHERE scope = ? AND idem_key = ? AND owner = ? AND state = 'in_progress'"),
      Same(Stmt::kIdempotencyRelease, "idempotency_release",
           "DELETE FROM idempotency_keys "
           "WHERE scope = ? AND idem_key = ? AND owner = ? AND state = 'in_progress'"),
      Same(Stmt::kIdempotencyLink, "idempotency_link",
           "UPDATE idempotency_keys SET resource_id = ? "
           "WHERE scope = ? AND idem_key = ? AND owner = ? AND state = 'in_progress'"),
      // A local operation's key, taken completed with its outcome (Effects::claim).
      Same(Stmt::kIdempotencyClaim, "idempotency_claim",
           "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, state, owner, "
           "resource_id, response_status, response_body, created_at_ms, locked_until_ms, "
           "completed_at_ms) VALUES (?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT (scope, idem_key) DO NOTHING"),
      // A purchase's key, taken in progress under its lease with the purchase.
      Same(Stmt::kIdempotencyClaimLeased, "idempotency_claim_leased",
           "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, state, owner, "
           "resource_id, created_at_ms, locked_until_ms) VALUES (?, ?, ?, 'in_progress', ?, ?, "
           "?, ?) ON CONFLICT (scope, idem_key) DO NOTHING"),
      Same(Stmt::kIdempotencyExists, "idempotency_exists",
           "SELECT 1 FROM idempotency_keys WHERE scope = ? AND idem_key = ?"),
      // Retention, a bounded batch at a time: (cutoff, batch size).
      Same(Stmt::kIdempotencyPurge, "idempotency_purge",
           Cat({"DELETE FROM idempotency_keys WHERE (scope, idem_key) IN (SELECT scope, "
                "idem_key FROM idempotency_keys WHERE created_at_ms <= ? AND scope NOT LIKE '",
                kWebhookScopePrefix, "%' LIMIT ?)"})),
      Same(Stmt::kWebhookEventPurge, "webhook_event_purge",
           Cat({"DELETE FROM idempotency_keys WHERE (scope, idem_key) IN (SELECT scope, "
                "idem_key FROM idempotency_keys WHERE created_at_ms <= ? AND scope LIKE '",
                kWebhookScopePrefix, "%' LIMIT ?)"})),
      Same(Stmt::kDeliveredEventPurge, "delivered_event_purge",
           "DELETE FROM outbox_events WHERE seq IN (SELECT seq FROM outbox_events "
           "WHERE state = 'delivered' AND delivered_at_ms <= ? LIMIT ?)"),

      // Migration 7's backfill of rows written before it.
      Same(Stmt::kLegacyAttemptKeys, "legacy_attempt_keys",
           "SELECT id, purchase_id, operation, idempotency_key FROM provider_attempts "
           "WHERE key_attempt = 0"),
      Same(Stmt::kAttemptKeyAttemptSet, "attempt_key_attempt_set",
           "UPDATE provider_attempts SET key_attempt = ? WHERE id = ?"),
      Same(Stmt::kLegacyOpenPurchaseQuotes, "legacy_open_purchase_quotes",
           "SELECT id, quote_json FROM purchases "
           "WHERE state IN ('created', 'pending', 'requires_action')"),
      Same(Stmt::kPurchaseScaRegimeSet, "purchase_sca_regime_set",
           "UPDATE purchases SET sca_regime = ? WHERE id = ?"),

      Same(Stmt::kPurchaseInsert, "purchase_insert",
           Cat({"INSERT INTO purchases (", kPurchaseColumns, ") VALUES (", ParameterMarkers(23),
                ")"})),
      Same(Stmt::kPurchaseGet, "purchase_get", purchases + " WHERE id = ?"),
      Locking(Stmt::kPurchaseLock, "purchase_lock", purchases + " WHERE id = ?"),
      Same(Stmt::kPurchaseByProviderReference, "purchase_by_provider_reference",
           purchases +
               " WHERE provider = ? AND provider_reference = ? ORDER BY created_at_ms LIMIT 1"),
      Same(Stmt::kPurchaseUpdate, "purchase_update",
           "UPDATE purchases SET state = ?, provider = ?, provider_reference = ?, "
           "captured_minor = ?, refunded_minor = ?, updated_at_ms = ?, authentication = ?, "
           "next_action_json = ? WHERE id = ?"),
      Same(Stmt::kPurchaseAuthenticationSet, "purchase_authentication_set",
           "UPDATE purchases SET authentication = ? "
           "WHERE id = ? AND authentication IN ('', 'none')"),
      Same(Stmt::kSpendAuthenticated, "spend_authenticated",
           "UPDATE spends SET sca_performed = 1 WHERE purchase_id = ?"),
      Same(Stmt::kPurchasesCreated, "purchases_created",
           purchases + " WHERE created_at_ms >= ? AND created_at_ms < ? "
                       "AND (created_at_ms > ? OR (created_at_ms = ? AND id > ?)) "
                       "ORDER BY created_at_ms, id LIMIT ?"),

      Same(Stmt::kAttemptNextSeq, "attempt_next_seq",
           "SELECT COALESCE(MAX(seq), 0) + 1 FROM provider_attempts WHERE purchase_id = ?"),
      Same(Stmt::kAttemptInsert, "attempt_insert",
           Cat({"INSERT INTO provider_attempts (", kAttemptColumns, ") VALUES (",
                ParameterMarkers(18), ")"})),
      Locking(Stmt::kAttemptLock, "attempt_lock", attempts + " WHERE id = ?"),
      Same(Stmt::kAttemptFinish, "attempt_finish",
           "UPDATE provider_attempts SET state = ?, provider_reference = ?, provider_code = ?, "
           "finished_at_ms = ? WHERE id = ?"),
      Same(Stmt::kAttemptsOfPurchase, "attempts_of_purchase",
           attempts + " WHERE purchase_id = ? ORDER BY seq"),
      // The predicate repeats the partial index's, so that SQLite uses it.
      Same(Stmt::kAttemptsOpen, "attempts_open",
           attempts + " WHERE state IN ('started', 'ambiguous', 'pending', 'requires_action') "
                      "AND started_at_ms <= ? AND next_check_at_ms <= ? "
                      "ORDER BY next_check_at_ms, started_at_ms, id LIMIT ?"),
      Same(Stmt::kAttemptCheck, "attempt_check",
           "UPDATE provider_attempts SET next_check_at_ms = ?, checks = checks + 1, "
           "last_check = ?, needs_attention_since_ms = COALESCE(needs_attention_since_ms, ?) "
           "WHERE id = ? AND state IN ('started', 'ambiguous', 'pending', 'requires_action')"),
      Same(Stmt::kAttemptsNeedingAttention, "attempts_needing_attention",
           attempts + " WHERE state IN ('started', 'ambiguous', 'pending', 'requires_action') "
                      "AND needs_attention_since_ms IS NOT NULL "
                      "ORDER BY needs_attention_since_ms, id LIMIT ?"),

      Same(Stmt::kAdBookingInsert, "ad_booking_insert",
           Cat({"INSERT INTO ad_bookings (", kAdBookingColumns, ") VALUES (", ParameterMarkers(19),
                ")"})),
      Same(Stmt::kAdBookingGet, "ad_booking_get", bookings + " WHERE id = ?"),
      Locking(Stmt::kAdBookingLock, "ad_booking_lock", bookings + " WHERE id = ?"),
      Same(Stmt::kAdBookingUpdate, "ad_booking_update",
           "UPDATE ad_bookings SET state = ?, provider = ?, provider_reference = ?, "
           "updated_at_ms = ? WHERE id = ?"),

      Same(Stmt::kRefundInsert, "refund_insert",
           Cat({"INSERT INTO refunds (", kRefundColumns, ") VALUES (", ParameterMarkers(11), ")"})),
      Same(Stmt::kRefundGet, "refund_get", refunds + " WHERE id = ?"),
      Same(Stmt::kRefundByProviderReference, "refund_by_provider_reference",
           refunds +
               " WHERE provider_reference = ? AND purchase_id IN "
               "(SELECT id FROM purchases WHERE provider = ?) ORDER BY created_at_ms LIMIT 1"),
      Locking(Stmt::kRefundLock, "refund_lock", refunds + " WHERE id = ?"),
      Same(Stmt::kRefundUpdate, "refund_update",
           "UPDATE refunds SET state = ?, provider_reference = ?, updated_at_ms = ? "
           "WHERE id = ?"),
      Same(Stmt::kRefundsOfPurchase, "refunds_of_purchase",
           refunds + " WHERE purchase_id = ? ORDER BY created_at_ms, id"),
      // The same for migration 12's backfill, before migration 17 added
      // after_gifts: refunds made before then followed the one policy there was.
      Same(Stmt::kRefundsOfPurchaseBeforeAfterGifts, "refunds_of_purchase_before_after_gifts",
           "SELECT id, purchase_id, currency, amount_minor, tax_minor, state, reason, "
           "provider_reference, created_at_ms, updated_at_ms, 'platform_absorbs' FROM refunds "
           "WHERE purchase_id = ? ORDER BY created_at_ms, id"),

      // One lock per (customer, market): limit checks and inserts for one
      // customer run one at a time across every process.
      PostgresOnly(Stmt::kSpendLock, "spend_lock",
                   "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))"),
      Same(Stmt::kSpendInsert, "spend_insert",
           "INSERT INTO spends (customer_id, market, currency, amount_minor, at_ms, "
           "sca_performed, purchase_id) VALUES (?, ?, ?, ?, ?, ?, ?)"),
      Same(Stmt::kSpendInWindow, "spend_in_window",
           "SELECT COALESCE(SUM(amount_minor), 0) FROM spends "
           "WHERE customer_id = ? AND market = ? AND at_ms > ? AND at_ms <= ?"),
      Same(Stmt::kSpendSinceLastSca, "spend_since_last_sca",
           "SELECT COALESCE(SUM(amount_minor), 0), COUNT(*) FROM spends "
           "WHERE customer_id = ? AND market = ? AND seq > COALESCE((SELECT MAX(seq) FROM "
           "spends WHERE customer_id = ? AND market = ? AND sca_performed = 1), 0)"),

      Same(Stmt::kEventInsert, "event_insert",
           "INSERT INTO outbox_events (id, type, payload_json, state, attempts, "
           "next_attempt_at_ms, created_at_ms) VALUES (?, ?, ?, 'pending', 0, ?, ?)"),
      // SKIP LOCKED: concurrent claimers on PostgreSQL take disjoint events.
      {Stmt::kEventsDue, "events_due",
       Cat({"SELECT ", kEventColumns,
            " FROM outbox_events WHERE state = 'pending' AND next_attempt_at_ms <= ? "
            "ORDER BY next_attempt_at_ms, seq LIMIT ?"}),
       Cat({"SELECT ", kEventColumns,
            " FROM outbox_events WHERE state = 'pending' AND next_attempt_at_ms <= ? "
            "ORDER BY next_attempt_at_ms, seq LIMIT ? FOR UPDATE SKIP LOCKED"})},
      Same(Stmt::kEventHide, "event_hide",
           "UPDATE outbox_events SET next_attempt_at_ms = ? WHERE id = ?"),
      Same(Stmt::kEventState, "event_state", "SELECT state FROM outbox_events WHERE id = ?"),
      Same(Stmt::kEventDeliver, "event_deliver",
           "UPDATE outbox_events SET state = 'delivered', delivered_at_ms = ? "
           "WHERE id = ? AND state = 'pending'"),
      Same(Stmt::kEventReschedule, "event_reschedule",
           "UPDATE outbox_events SET next_attempt_at_ms = ?, attempts = ?, last_error = ? "
           "WHERE id = ? AND state = 'pending'"),
      // Keyset pages (created_at_ms, id) > cursor over the audit indexes.
      Same(Stmt::kEventsOfType, "events_of_type",
           Cat({"SELECT ", kEventColumns,
                " FROM outbox_events WHERE type = ? AND created_at_ms >= ? "
                "AND (created_at_ms > ? OR (created_at_ms = ? AND id > ?)) "
                "ORDER BY created_at_ms, id LIMIT ?"})),

      // The ledger (ledger.h). Balances are added to, never set.
      Same(Stmt::kJournalInsert, "journal_insert",
           "INSERT INTO ledger_journals (id, kind, reference, market, created_at_ms) "
           "VALUES (?, ?, ?, ?, ?)"),
      Same(Stmt::kEntryInsert, "entry_insert",
           "INSERT INTO ledger_entries (journal_id, account, unit, amount) VALUES (?, ?, ?, ?)"),
      Same(Stmt::kBalanceAdd, "balance_add",
           "INSERT INTO ledger_balances (account, unit, balance) VALUES (?, ?, ?) "
           "ON CONFLICT (account, unit) DO UPDATE SET balance = ledger_balances.balance + "
           "excluded.balance"),
      Same(Stmt::kBalanceGet, "balance_get",
           "SELECT balance FROM ledger_balances WHERE account = ? AND unit = ?"),
      Same(Stmt::kAccountHistory, "account_history",
           "SELECT e.seq, e.amount, j.id, j.kind, j.reference, j.created_at_ms "
           "FROM ledger_entries e JOIN ledger_journals j ON j.id = e.journal_id "
           "WHERE e.account = ? AND e.unit = ? AND e.seq < ? ORDER BY e.seq DESC LIMIT ?"),
      Same(Stmt::kJournalsOfReference, "journals_of_reference",
           "SELECT j.id, j.kind, j.reference, j.market, j.created_at_ms, e.account, e.unit, "
           "e.amount FROM ledger_journals j JOIN ledger_entries e ON e.journal_id = j.id "
           "WHERE j.reference = ? ORDER BY e.seq"),
      Same(Stmt::kJournalEntriesOf, "journal_entries_of",
           "SELECT e.account, e.unit, e.amount FROM ledger_journals j "
           "JOIN ledger_entries e ON e.journal_id = j.id "
           "WHERE j.kind = ? AND j.reference = ? ORDER BY e.seq"),
      Same(Stmt::kLedgerUnbalanced, "ledger_unbalanced",
           "SELECT journal_id, unit, SUM(amount) FROM ledger_entries GROUP BY journal_id, unit "
           "HAVING SUM(amount) <> 0 ORDER BY journal_id, unit"),
      // Both directions: a balance its entries do not add up to, and
      // entries on an account without a balance.
      Same(Stmt::kLedgerBalanceDrift, "ledger_balance_drift",
           "WITH sums AS (SELECT account, unit, SUM(amount) AS total FROM ledger_entries "
           "GROUP BY account, unit) "
           "SELECT b.account, b.unit, b.balance, COALESCE(s.total, 0) FROM ledger_balances b "
           "LEFT JOIN sums s ON s.account = b.account AND s.unit = b.unit "
           "WHERE b.balance <> COALESCE(s.total, 0) "
           "UNION ALL SELECT s.account, s.unit, 0, s.total FROM sums s "
           "LEFT JOIN ledger_balances b ON b.account = s.account AND b.unit = s.unit "
           "WHERE b.account IS NULL ORDER BY 1, 2"),
      // Both directions again: a wallet its lots do not add up to, and lots
      // holding coins for a wallet the ledger never credited.
      Same(Stmt::kLedgerLotDrift, "ledger_lot_drift",
           "WITH lots AS (SELECT 'wallet:' || owner || '/' || customer_id AS account, "
           "SUM(remaining) AS coins FROM coin_lots GROUP BY owner, customer_id) "
           "SELECT b.account, b.balance, COALESCE(l.coins, 0) FROM ledger_balances b "
           "LEFT JOIN lots l ON l.account = b.account "
           "WHERE b.unit = 'coin' AND b.account LIKE 'wallet:%' "
           "AND b.balance <> COALESCE(l.coins, 0) "
           "UNION ALL SELECT l.account, 0, l.coins FROM lots l "
           "LEFT JOIN ledger_balances b ON b.account = l.account AND b.unit = 'coin' "
           "WHERE b.account IS NULL AND l.coins <> 0 ORDER BY 1"),
      Same(Stmt::kLedgerCounts, "ledger_counts",
           "SELECT (SELECT COUNT(*) FROM ledger_journals), (SELECT COUNT(*) FROM ledger_entries), "
           "(SELECT COUNT(*) FROM ledger_balances)"),
      Same(Stmt::kLotInsert, "lot_insert",
           "INSERT INTO coin_lots (purchase_id, customer_id, market, currency, coins, remaining, "
           "clawed_back, price_minor, created_at_ms, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      Same(Stmt::kLotInsertBeforeOwner, "lot_insert_before_owner",
           "INSERT INTO coin_lots (purchase_id, customer_id, market, currency, coins, remaining, "
           "clawed_back, price_minor, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      // A wallet's lots that still hold coins, the oldest first (gifts spend them so).
      Locking(Stmt::kWalletLotsLock, "wallet_lots_lock",
              "SELECT purchase_id, customer_id, market, currency, coins, remaining, clawed_back, "
              "price_minor, created_at_ms FROM coin_lots WHERE owner = ? AND customer_id = ? "
              "AND remaining > 0 ORDER BY created_at_ms, purchase_id"),

      // Creators and gifts (gifts.h).
      Same(Stmt::kCreatorInsert, "creator_insert",
           Cat({"INSERT INTO creators (", kCreatorColumns, ") VALUES (", ParameterMarkers(10),
                ")"})),
      Same(Stmt::kCreatorUpdate, "creator_update",
           "UPDATE creators SET market = ?, age = ?, standing = ?, payout_method = ?, "
           "payout_token = ?, tax_identity_json = ?, updated_at_ms = ? WHERE owner = ? AND id = ?"),
      Locking(Stmt::kCreatorLock, "creator_lock",
              Cat({"SELECT ", kCreatorColumns, " FROM creators WHERE owner = ? AND id = ?"})),
      Same(Stmt::kCreatorGet, "creator_get",
           Cat({"SELECT ", kCreatorColumns, " FROM creators WHERE owner = ? AND id = ?"})),
      Same(Stmt::kGiftInsert, "gift_insert",
           Cat({"INSERT INTO gifts (", kGiftColumns, ") VALUES (", ParameterMarkers(12), ")"})),
      Same(Stmt::kGiftGet, "gift_get", Cat({"SELECT ", kGiftColumns, " FROM gifts WHERE id = ?"})),
      Same(Stmt::kCreatorGiftTotals, "creator_gift_totals",
           "SELECT COUNT(*), COALESCE(SUM(diamonds), 0) FROM gifts "
           "WHERE owner = ? AND creator_id = ?"),
      Locking(Stmt::kLotLock, "lot_lock",
              "SELECT purchase_id, customer_id, market, currency, coins, remaining, clawed_back, "
              "price_minor, created_at_ms FROM coin_lots WHERE purchase_id = ?"),
      Same(Stmt::kLotGet, "lot_get",
           "SELECT purchase_id, customer_id, market, currency, coins, remaining, clawed_back, "
           "price_minor, created_at_ms FROM coin_lots WHERE purchase_id = ?"),
      Same(Stmt::kLotUpdate, "lot_update",
           "UPDATE coin_lots SET remaining = ?, clawed_back = ? WHERE purchase_id = ?"),
      Same(Stmt::kLotGift, "lot_gift",
           "UPDATE coin_lots SET remaining = remaining - ?, gifted_minor = gifted_minor + ? "
           "WHERE purchase_id = ?"),
      Same(Stmt::kLotGifted, "lot_gifted",
           "SELECT gifted_minor FROM coin_lots WHERE purchase_id = ?"),
      Same(Stmt::kGiftSpendInsert, "gift_spend_insert",
           "INSERT INTO gift_spends (purchase_id, gift_id, owner, creator_id, coins, diamonds, "
           "created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"),
      // A lot's gifted coins in the order they were gifted (RefundJournal
      // takes back the diamonds of the first ones first).
      Same(Stmt::kGiftSpendsOfLot, "gift_spends_of_lot",
           "SELECT owner, creator_id, coins, diamonds FROM gift_spends WHERE purchase_id = ? "
           "ORDER BY created_at_ms, gift_id"),
      Same(
          Stmt::kCreatorDiamondsClawedBack, "creator_diamonds_clawed_back",
          "SELECT COALESCE(-SUM(e.amount), 0) FROM ledger_entries e "
          "JOIN ledger_journals j ON j.id = e.journal_id "
          "WHERE e.account = ? AND e.unit = 'diamond' AND j.kind IN ('refund', 'refund_reversal')"),
      Same(Stmt::kRefundsSucceededNetSum, "refunds_succeeded_net_sum",
           "SELECT COALESCE(SUM(amount_minor - tax_minor), 0) FROM refunds "
           "WHERE purchase_id = ? AND state = 'succeeded'"),
      Same(Stmt::kRefundsSucceededSum, "refunds_succeeded_sum",
           "SELECT COALESCE(SUM(amount_minor), 0) FROM refunds "
           "WHERE purchase_id = ? AND state = 'succeeded'"),
      Same(Stmt::kLegacySettledPurchases, "legacy_settled_purchases",
           Cat({"SELECT ", kPurchaseColumnsBeforeAuthentication,
                " FROM purchases WHERE state IN ('succeeded', 'partially_refunded', 'refunded') "
                "ORDER BY created_at_ms, id"})),
      // A balance about to be spent (a creator's diamonds by a payout).
      Locking(Stmt::kBalanceLock, "balance_lock",
              "SELECT balance FROM ledger_balances WHERE account = ? AND unit = ?"),

      // Payouts and FX rates (payouts.h).
      Same(Stmt::kPayoutInsert, "payout_insert",
           Cat({"INSERT INTO payouts (", kPayoutColumns, ") VALUES (", ParameterMarkers(23), ")"})),
      Same(Stmt::kPayoutGet, "payout_get",
           Cat({"SELECT ", kPayoutColumns, " FROM payouts WHERE id = ?"})),
      Locking(Stmt::kPayoutLock, "payout_lock",
              Cat({"SELECT ", kPayoutColumns, " FROM payouts WHERE id = ?"})),
      Same(Stmt::kPayoutUpdate, "payout_update",
           "UPDATE payouts SET state = ?, provider_reference = ?, failure_code = ?, "
           "failure_message = ?, checks = ?, next_check_at_ms = ?, updated_at_ms = ? "
           "WHERE id = ?"),
      Same(Stmt::kPayoutsDue, "payouts_due",
           Cat({"SELECT ", kPayoutColumns,
                " FROM payouts WHERE state IN ('processing', 'needs_attention') "
                "AND next_check_at_ms <= ? AND updated_at_ms <= ? "
                "ORDER BY next_check_at_ms, id LIMIT ?"})),
      Same(Stmt::kPayoutsNeedingAttention, "payouts_needing_attention",
           Cat({"SELECT ", kPayoutColumns,
                " FROM payouts WHERE state = 'needs_attention' "
                "ORDER BY created_at_ms, id LIMIT ?"})),
      Same(Stmt::kCreatorPayoutTotals, "creator_payout_totals",
           "SELECT COALESCE(SUM(CASE WHEN state IN ('processing', 'needs_attention') "
           "THEN diamonds ELSE 0 END), 0), "
           "COALESCE(SUM(CASE WHEN state = 'paid' THEN diamonds ELSE 0 END), 0) "
           "FROM payouts WHERE owner = ? AND creator_id = ?"),
      Same(Stmt::kFxRatesInsert, "fx_rates_insert",
           "INSERT INTO fx_rates (as_of_ms, max_age_ms, source, rates_json, loaded_at_ms) "
           "VALUES (?, ?, ?, ?, ?)"),
      Same(Stmt::kFxRatesLatest, "fx_rates_latest",
           "SELECT as_of_ms, max_age_ms, source, rates_json, loaded_at_ms FROM fx_rates "
           "ORDER BY id DESC LIMIT 1"),
  };
  for (Entry& entry : CommerceEntries()) entries.push_back(std::move(entry));
  return entries;
}

struct Table {
  std::array<std::string_view, kStmtCount> names;
  std::array<std::string, kStmtCount> sqlite;
  std::array<std::string, kStmtCount> postgres;
};

const Table& GetTable() {
  static const Table* const table = [] {
    auto* t = new Table();
    for (Entry& entry : Entries()) {
      const auto index = static_cast<size_t>(entry.stmt);
      t->names[index] = entry.name;
      t->sqlite[index] = std::move(entry.sqlite);
      t->postgres[index] = NumberParameters(entry.postgres);
    }
    // A statement without an entry would run as a silent no-op on SQLite.
    for (std::string_view name : t->names) {
      if (name.empty()) {
        std::fputs("marketgate: a store statement has no SQL entry\n", stderr);
        std::abort();
      }
    }
    return t;
  }();
  return *table;
}

}  // namespace

const std::string& StatementSql(Stmt stmt, Dialect dialect) {
  const Table& table = GetTable();
  const auto index = static_cast<size_t>(stmt);
  return dialect == Dialect::kSqlite ? table.sqlite[index] : table.postgres[index];
}

std::string_view StatementName(Stmt stmt) { return GetTable().names[static_cast<size_t>(stmt)]; }

}  // namespace mg::store
