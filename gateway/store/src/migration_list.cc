// The migrations, oldest first (migrations.h): one logical schema for SQLite
// and PostgreSQL. Append only: a migration that shipped is never edited.
#include <array>

#include "migration_backfills.h"
#include "migration_seller_payouts.h"
#include "migrations.h"

namespace mg::store {
namespace {

constexpr std::array<Migration, 20> kMigrations = {{
    {1, "idempotency_keys", R"sql(
CREATE TABLE idempotency_keys (
  scope TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('in_progress', 'completed')),
  owner TEXT NOT NULL,
  resource_id TEXT,
  response_status BIGINT,
  response_body TEXT,
  created_at_ms BIGINT NOT NULL,
  locked_until_ms BIGINT NOT NULL,
  completed_at_ms BIGINT,
  PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at_ms);
)sql"},
    {2, "purchases_and_attempts", R"sql(
CREATE TABLE purchases (
  id TEXT PRIMARY KEY,
  market TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  items_json TEXT NOT NULL,
  quote_json TEXT NOT NULL,
  currency TEXT NOT NULL,
  subtotal_minor BIGINT NOT NULL CHECK (subtotal_minor >= 0),
  tax_minor BIGINT NOT NULL CHECK (tax_minor >= 0),
  total_minor BIGINT NOT NULL CHECK (total_minor >= 0),
  coins BIGINT NOT NULL CHECK (coins >= 0),
  payment_method TEXT NOT NULL,
  provider TEXT NOT NULL,
  state TEXT NOT NULL,
  provider_reference TEXT,
  captured_minor BIGINT NOT NULL,
  refunded_minor BIGINT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  CHECK (captured_minor >= 0 AND captured_minor <= total_minor),
  CHECK (refunded_minor >= 0 AND refunded_minor <= captured_minor)
);
CREATE INDEX purchases_by_provider_reference ON purchases (provider, provider_reference);
CREATE TABLE provider_attempts (
  id TEXT PRIMARY KEY,
  purchase_id TEXT NOT NULL REFERENCES purchases (id),
  seq BIGINT NOT NULL CHECK (seq > 0),
  provider TEXT NOT NULL,
  operation TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  idempotency_key TEXT NOT NULL,
  state TEXT NOT NULL,
  provider_reference TEXT,
  provider_code TEXT,
  started_at_ms BIGINT NOT NULL,
  finished_at_ms BIGINT,
  UNIQUE (purchase_id, seq)
);
CREATE INDEX provider_attempts_in_doubt ON provider_attempts (started_at_ms)
  WHERE state IN ('started', 'ambiguous');
)sql"},
    {3, "ad_bookings", R"sql(
CREATE TABLE ad_bookings (
  id TEXT PRIMARY KEY,
  market TEXT NOT NULL,
  advertiser_json TEXT NOT NULL,
  format TEXT NOT NULL,
  flight_start_ms BIGINT NOT NULL,
  flight_end_ms BIGINT NOT NULL,
  currency TEXT NOT NULL,
  subtotal_minor BIGINT NOT NULL CHECK (subtotal_minor >= 0),
  tax_minor BIGINT NOT NULL CHECK (tax_minor >= 0),
  total_minor BIGINT NOT NULL CHECK (total_minor >= 0),
  payment_terms TEXT NOT NULL CHECK (payment_terms IN ('card_prepayment', 'invoice')),
  due_at_ms BIGINT,
  state TEXT NOT NULL,
  quote_json TEXT NOT NULL,
  provider TEXT NOT NULL,
  provider_reference TEXT,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  CHECK (flight_end_ms > flight_start_ms),
  CHECK (payment_terms <> 'invoice' OR due_at_ms IS NOT NULL)
);
)sql"},
    {4, "refunds", R"sql(
CREATE TABLE refunds (
  id TEXT PRIMARY KEY,
  purchase_id TEXT NOT NULL REFERENCES purchases (id),
  currency TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  tax_minor BIGINT NOT NULL CHECK (tax_minor >= 0 AND tax_minor <= amount_minor),
  state TEXT NOT NULL,
  reason TEXT NOT NULL,
  provider_reference TEXT,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX refunds_by_purchase ON refunds (purchase_id, created_at_ms);
)sql"},
    {5, "spends", R"sql(
CREATE TABLE spends (
  seq {identity},
  customer_id TEXT NOT NULL,
  market TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
  at_ms BIGINT NOT NULL,
  sca_performed BIGINT NOT NULL CHECK (sca_performed IN (0, 1)),
  purchase_id TEXT
);
CREATE INDEX spends_by_customer ON spends (customer_id, market, at_ms);
CREATE INDEX spends_with_sca ON spends (customer_id, market, seq) WHERE sca_performed = 1;
)sql"},
    {6, "outbox_events", R"sql(
CREATE TABLE outbox_events (
  seq {identity},
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered')),
  attempts BIGINT NOT NULL,
  next_attempt_at_ms BIGINT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  delivered_at_ms BIGINT,
  last_error TEXT
);
CREATE INDEX outbox_events_due ON outbox_events (next_attempt_at_ms, seq)
  WHERE state = 'pending';
)sql"},
    {7, "attempt_numbers_and_sca_regime", R"sql(
ALTER TABLE provider_attempts ADD COLUMN key_attempt BIGINT NOT NULL DEFAULT 0;
ALTER TABLE purchases ADD COLUMN sca_regime TEXT NOT NULL DEFAULT '';
)sql",
     &BackfillAttemptNumbersAndScaRegimes},
    {8, "reconciliation_schedule_and_owners", R"sql(
ALTER TABLE provider_attempts ADD COLUMN next_check_at_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE provider_attempts ADD COLUMN checks BIGINT NOT NULL DEFAULT 0;
ALTER TABLE provider_attempts ADD COLUMN last_check TEXT NOT NULL DEFAULT '';
ALTER TABLE provider_attempts ADD COLUMN needs_attention_since_ms BIGINT;
ALTER TABLE provider_attempts ADD COLUMN target_reference TEXT NOT NULL DEFAULT '';
DROP INDEX provider_attempts_in_doubt;
CREATE INDEX provider_attempts_open ON provider_attempts (next_check_at_ms)
  WHERE state IN ('started', 'ambiguous', 'pending', 'requires_action');
ALTER TABLE purchases ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE ad_bookings ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX refunds_by_provider_reference ON refunds (provider_reference);
)sql"},
    // Ad bookings paid by card record their provider calls as purchases do:
    // purchase_id holds a purchase's or an ad booking's id.
    {9, "attempts_of_ad_bookings", R"sql(
ALTER TABLE provider_attempts DROP CONSTRAINT IF EXISTS provider_attempts_purchase_id_fkey;
CREATE INDEX ad_bookings_by_provider_reference ON ad_bookings (provider_reference);
)sql",
     nullptr, R"sql(
CREATE TABLE provider_attempts_rebuilt (
  id TEXT PRIMARY KEY,
  purchase_id TEXT NOT NULL,
  seq BIGINT NOT NULL CHECK (seq > 0),
  provider TEXT NOT NULL,
  operation TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  idempotency_key TEXT NOT NULL,
  state TEXT NOT NULL,
  provider_reference TEXT,
  provider_code TEXT,
  started_at_ms BIGINT NOT NULL,
  finished_at_ms BIGINT,
  key_attempt BIGINT NOT NULL DEFAULT 0,
  next_check_at_ms BIGINT NOT NULL DEFAULT 0,
  checks BIGINT NOT NULL DEFAULT 0,
  last_check TEXT NOT NULL DEFAULT '',
  needs_attention_since_ms BIGINT,
  target_reference TEXT NOT NULL DEFAULT '',
  UNIQUE (purchase_id, seq)
);
INSERT INTO provider_attempts_rebuilt (id, purchase_id, seq, provider, operation, amount_minor,
  idempotency_key, state, provider_reference, provider_code, started_at_ms, finished_at_ms,
  key_attempt, next_check_at_ms, checks, last_check, needs_attention_since_ms, target_reference)
SELECT id, purchase_id, seq, provider, operation, amount_minor, idempotency_key, state,
  provider_reference, provider_code, started_at_ms, finished_at_ms, key_attempt,
  next_check_at_ms, checks, last_check, needs_attention_since_ms, target_reference
FROM provider_attempts;
DROP TABLE provider_attempts;
ALTER TABLE provider_attempts_rebuilt RENAME TO provider_attempts;
CREATE INDEX provider_attempts_open ON provider_attempts (next_check_at_ms)
  WHERE state IN ('started', 'ambiguous', 'pending', 'requires_action');
CREATE INDEX ad_bookings_by_provider_reference ON ad_bookings (provider_reference);
)sql"},
    // `marketgate audit` pages through a time range of purchases and of the
    // events that credited coins.
    {10, "audit_ranges", R"sql(
CREATE INDEX purchases_by_created ON purchases (created_at_ms, id);
CREATE INDEX outbox_events_by_type ON outbox_events (type, created_at_ms, id);
)sql"},
    // The retention purge finds delivered events by age (Store::PurgeExpired).
    {11, "delivered_events_by_age", R"sql(
CREATE INDEX outbox_events_delivered ON outbox_events (delivered_at_ms) WHERE state = 'delivered';
)sql"},
    // The double-entry ledger (gateway/store/ledger.h, docs/ledger.md):
    // journals and their entries are append-only (migration 13); balances
    // are kept per account and unit; coin lots remember what each
    // purchase's coins cost. Purchases and refunds settled before it are
    // posted by the backfill.
    {12, "ledger", R"sql(
CREATE TABLE ledger_journals (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  reference TEXT NOT NULL,
  market TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  UNIQUE (kind, reference)
);
CREATE INDEX ledger_journals_by_reference ON ledger_journals (reference);
CREATE TABLE ledger_entries (
  seq {identity},
  journal_id TEXT NOT NULL REFERENCES ledger_journals (id),
  account TEXT NOT NULL,
  unit TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount <> 0)
);
CREATE INDEX ledger_entries_by_account ON ledger_entries (account, unit, seq);
CREATE INDEX ledger_entries_by_journal ON ledger_entries (journal_id);
CREATE TABLE ledger_balances (
  account TEXT NOT NULL,
  unit TEXT NOT NULL,
  balance BIGINT NOT NULL,
  PRIMARY KEY (account, unit)
);
CREATE TABLE coin_lots (
  purchase_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  market TEXT NOT NULL,
  currency TEXT NOT NULL,
  coins BIGINT NOT NULL CHECK (coins > 0),
  remaining BIGINT NOT NULL CHECK (remaining >= 0),
  clawed_back BIGINT NOT NULL CHECK (clawed_back >= 0),
  price_minor BIGINT NOT NULL CHECK (price_minor >= 0),
  created_at_ms BIGINT NOT NULL,
  CHECK (remaining + clawed_back <= coins)
);
CREATE INDEX coin_lots_by_customer ON coin_lots (customer_id, created_at_ms);
)sql",
     &BackfillLedger},
    // The database refuses to change or delete what the ledger posted.
    {13, "ledger_append_only", R"sql(
CREATE FUNCTION ledger_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_journals_append_only BEFORE UPDATE OR DELETE ON ledger_journals
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_journals_not_truncated BEFORE TRUNCATE ON ledger_journals
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_not_truncated BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
)sql",
     nullptr, R"sql(
CREATE TRIGGER ledger_journals_no_update BEFORE UPDATE ON ledger_journals
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: UPDATE on ledger_journals refused'); END;
CREATE TRIGGER ledger_journals_no_delete BEFORE DELETE ON ledger_journals
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: DELETE on ledger_journals refused'); END;
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: UPDATE on ledger_entries refused'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: DELETE on ledger_entries refused'); END;
)sql"},
    // Creators and gifts (gateway/store/gifts.h). Coin lots learn their
    // API account, so that a gift spends the lots of its owner's customer
    // only, oldest first.
    {14, "creators_and_gifts", R"sql(
ALTER TABLE coin_lots ADD COLUMN owner TEXT NOT NULL DEFAULT '';
UPDATE coin_lots SET owner = COALESCE(
  (SELECT p.owner FROM purchases p WHERE p.id = coin_lots.purchase_id), '');
CREATE INDEX coin_lots_by_wallet ON coin_lots (owner, customer_id, created_at_ms, purchase_id);
CREATE TABLE creators (
  owner TEXT NOT NULL,
  id TEXT NOT NULL,
  market TEXT NOT NULL,
  age BIGINT NOT NULL,
  standing TEXT NOT NULL,
  payout_method TEXT,
  payout_token TEXT,
  tax_identity_json TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (owner, id)
);
CREATE TABLE gifts (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  market TEXT NOT NULL,
  sender_id TEXT NOT NULL,
  creator_id TEXT NOT NULL,
  creator_market TEXT NOT NULL,
  live_id TEXT NOT NULL,
  gift TEXT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  coins BIGINT NOT NULL CHECK (coins > 0),
  diamonds BIGINT NOT NULL CHECK (diamonds >= 0),
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX gifts_by_creator ON gifts (owner, creator_id, created_at_ms);
)sql"},
    // What each lot's gifted coins had cost (gateway/store/src/journal_postings.h,
    // RefundFromGiftRevenue): a refund after gifts takes that part from gift
    // revenue, not from coin sales already released.
    {15, "lot_gifted_value", R"sql(
ALTER TABLE coin_lots ADD COLUMN gifted_minor BIGINT NOT NULL DEFAULT 0;
)sql"},
    // Creator payouts (payouts.h) and the FX rates tables they convert at,
    // shared by every gateway instance on the database.
    {16, "payouts_and_fx_rates", R"sql(
CREATE TABLE payouts (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  creator_id TEXT NOT NULL,
  market TEXT NOT NULL,
  diamonds BIGINT NOT NULL CHECK (diamonds > 0),
  currency TEXT NOT NULL,
  gross_minor BIGINT NOT NULL CHECK (gross_minor > 0),
  withheld_minor BIGINT NOT NULL CHECK (withheld_minor >= 0),
  net_minor BIGINT NOT NULL CHECK (net_minor > 0 AND net_minor = gross_minor - withheld_minor),
  fx_rate TEXT,
  fx_as_of_ms BIGINT NOT NULL,
  method TEXT NOT NULL,
  provider TEXT NOT NULL,
  destination TEXT NOT NULL,
  state TEXT NOT NULL,
  provider_reference TEXT,
  failure_code TEXT,
  failure_message TEXT,
  checks BIGINT NOT NULL,
  next_check_at_ms BIGINT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX payouts_by_creator ON payouts (owner, creator_id, created_at_ms);
CREATE INDEX payouts_due ON payouts (state, next_check_at_ms);
CREATE TABLE fx_rates (
  id {identity},
  as_of_ms BIGINT NOT NULL,
  max_age_ms BIGINT NOT NULL CHECK (max_age_ms > 0),
  source TEXT NOT NULL,
  rates_json TEXT NOT NULL,
  loaded_at_ms BIGINT NOT NULL
);
)sql"},
    // A refund after gifts follows its market's policy (records.h,
    // RefundAfterGifts), kept with the refund: it posts when the refund
    // succeeds, maybe after a reload changed the policy. Which gifts spent
    // each lot's coins, so that a refund can take their diamonds back.
    // Gifts sent before this migration have no spends: nothing is taken back
    // for them (the platform carries them, as it did).
    {17, "refund_after_gifts", R"sql(
ALTER TABLE refunds ADD COLUMN after_gifts TEXT NOT NULL DEFAULT 'platform_absorbs';
CREATE TABLE gift_spends (
  purchase_id TEXT NOT NULL,
  gift_id TEXT NOT NULL,
  owner TEXT NOT NULL,
  creator_id TEXT NOT NULL,
  coins BIGINT NOT NULL CHECK (coins > 0),
  diamonds BIGINT NOT NULL CHECK (diamonds >= 0),
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (purchase_id, gift_id)
);
)sql"},
    // Strong customer authentication on the wire: what the provider said of
    // the cardholder's authentication ("authenticated", "exempted",
    // "failed", "none"; empty until it answered), and the next action of a
    // purchase that waits for the shopper, so that GET shows it too. The
    // customer's age as the request gave it, for the spending limits of a
    // purchase finished in a later request (POST /v1/purchases/{id}/confirm).
    {18, "purchase_authentication", R"sql(
ALTER TABLE purchases ADD COLUMN authentication TEXT NOT NULL DEFAULT '';
ALTER TABLE purchases ADD COLUMN next_action_json TEXT NOT NULL DEFAULT '';
ALTER TABLE purchases ADD COLUMN customer_age BIGINT;
)sql"},
    // Orders of goods from third-party sellers (docs/markets.md, "Commerce"):
    // an order is a purchase with its split, written with it. The journals of
    // the purchase and of its refunds move the split's parts (docs/ledger.md,
    // "Orders"); attribution_id counts the orders a LIVE, an ad booking or a
    // video sold; delivered_at_ms starts the return window and the holding
    // period (NULL until the goods are delivered).
    {19, "order_splits", R"sql(
CREATE TABLE order_splits (
  purchase_id TEXT PRIMARY KEY REFERENCES purchases(id),
  owner TEXT NOT NULL,
  seller_id TEXT NOT NULL,
  creator_id TEXT NOT NULL,
  platform_tax_minor BIGINT NOT NULL,
  seller_payable_minor BIGINT NOT NULL,
  creator_payable_minor BIGINT NOT NULL,
  platform_revenue_minor BIGINT NOT NULL,
  attribution_type TEXT NOT NULL,
  attribution_id TEXT NOT NULL,
  holding_days BIGINT NOT NULL,
  delivered_at_ms BIGINT
);
CREATE INDEX order_splits_by_attribution ON order_splits (attribution_type, attribution_id);
CREATE INDEX order_splits_by_seller ON order_splits (owner, seller_id);
)sql"},
    // Seller payouts: migration_seller_payouts.h.
    {20, "seller_payouts", kSellerPayoutsSql},
}};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace mg::store
