// Migration 20 (migration_list.cc), kept apart for its length.
#pragma once

#include <string_view>

namespace mg::store {

// Seller payouts (docs/payouts.md, "Seller payouts") on the payout rails:
// a payout pays a creator's diamonds or a seller's orders, never both, so
// the table is rebuilt with a seller column and diamonds >= 0 (SQLite
// cannot change a CHECK in place). payout_orders names the orders a
// seller payout paid: an order is paid at most once (its key); the rows
// of a payout that fails are deleted, and its orders are payable again.
inline constexpr std::string_view kSellerPayoutsSql = R"sql(
CREATE TABLE payouts_next (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  creator_id TEXT NOT NULL,
  market TEXT NOT NULL,
  diamonds BIGINT NOT NULL CHECK (diamonds >= 0),
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
  updated_at_ms BIGINT NOT NULL,
  seller_id TEXT NOT NULL,
  CHECK ((seller_id = '' AND creator_id <> '' AND diamonds > 0) OR
         (seller_id <> '' AND creator_id = '' AND diamonds = 0))
);
INSERT INTO payouts_next (id, owner, creator_id, market, diamonds, currency, gross_minor,
  withheld_minor, net_minor, fx_rate, fx_as_of_ms, method, provider, destination, state,
  provider_reference, failure_code, failure_message, checks, next_check_at_ms, created_at_ms,
  updated_at_ms, seller_id)
SELECT id, owner, creator_id, market, diamonds, currency, gross_minor, withheld_minor,
  net_minor, fx_rate, fx_as_of_ms, method, provider, destination, state, provider_reference,
  failure_code, failure_message, checks, next_check_at_ms, created_at_ms, updated_at_ms, ''
FROM payouts;
DROP TABLE payouts;
ALTER TABLE payouts_next RENAME TO payouts;
CREATE INDEX payouts_by_creator ON payouts (owner, creator_id, created_at_ms);
CREATE INDEX payouts_due ON payouts (state, next_check_at_ms);
CREATE TABLE payout_orders (
  purchase_id TEXT PRIMARY KEY REFERENCES order_splits(purchase_id),
  payout_id TEXT NOT NULL REFERENCES payouts(id),
  seller_minor BIGINT NOT NULL
);
CREATE INDEX payout_orders_by_payout ON payout_orders (payout_id);
)sql";

}  // namespace mg::store
