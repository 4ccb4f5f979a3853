// The statements of orders (orders.h), part of the statement table
// (statements.cc).
#include "statements_entry.h"

namespace mg::store::statements_internal {

namespace {
constexpr std::string_view kOrderSplitColumns =
    "purchase_id, owner, seller_id, creator_id, platform_tax_minor, seller_payable_minor, "
    "creator_payable_minor, platform_revenue_minor, attribution_type, attribution_id, "
    "holding_days, delivered_at_ms";
}  // namespace

std::vector<Entry> CommerceEntries() {
  return {
      Same(Stmt::kOrderSplitInsert, "order_split_insert",
           Cat({"INSERT INTO order_splits (", kOrderSplitColumns, ") VALUES (",
                ParameterMarkers(12), ")"})),
      Same(Stmt::kOrderSplitGet, "order_split_get",
           Cat({"SELECT ", kOrderSplitColumns, " FROM order_splits WHERE purchase_id = ?"})),
      Locking(Stmt::kOrderSplitLock, "order_split_lock",
              Cat({"SELECT ", kOrderSplitColumns, " FROM order_splits WHERE purchase_id = ?"})),
      Same(Stmt::kOrderDeliveredSet, "order_delivered_set",
           "UPDATE order_splits SET delivered_at_ms = ? WHERE purchase_id = ? "
           "AND delivered_at_ms IS NULL"),
      // The orders a LIVE, an ad booking or a video sold that were paid,
      // and the money they kept (captured less refunded), whichever API
      // account created them.
      Same(Stmt::kOrdersAttributed, "orders_attributed",
           "SELECT COUNT(*), COALESCE(SUM(p.captured_minor - p.refunded_minor), 0) "
           "FROM order_splits s JOIN purchases p ON p.id = s.purchase_id "
           "WHERE s.attribution_type = ? AND s.attribution_id = ? AND p.captured_minor > 0"),
      // A seller's orders in a currency that no payout has paid, with their
      // purchase's state, delivery and holding days and the seller's part
      // as the journals of the order and of its refunds left it (minus the
      // sum of their entries on the seller's payable account).
      Same(Stmt::kSellerOrdersUnpaid, "seller_orders_unpaid",
           "SELECT s.purchase_id, p.state, s.delivered_at_ms, s.holding_days, "
           "COALESCE((SELECT -SUM(e.amount) FROM ledger_entries e "
           "JOIN ledger_journals j ON j.id = e.journal_id "
           "WHERE e.account = ? AND e.unit = p.currency AND (j.reference = s.purchase_id "
           "OR j.reference IN (SELECT r.id FROM refunds r WHERE r.purchase_id = s.purchase_id))"
           "), 0) "
           "FROM order_splits s JOIN purchases p ON p.id = s.purchase_id "
           "WHERE s.owner = ? AND s.seller_id = ? AND p.currency = ? "
           "AND NOT EXISTS (SELECT 1 FROM payout_orders o WHERE o.purchase_id = s.purchase_id) "
           "ORDER BY p.created_at_ms, s.purchase_id"),
      Same(Stmt::kPayoutOrderInsert, "payout_order_insert",
           "INSERT INTO payout_orders (purchase_id, payout_id, seller_minor) VALUES (?, ?, ?)"),
      Same(Stmt::kPayoutOrdersDelete, "payout_orders_delete",
           "DELETE FROM payout_orders WHERE payout_id = ?"),
      Same(Stmt::kPayoutOrdersList, "payout_orders_list",
           "SELECT purchase_id, seller_minor FROM payout_orders WHERE payout_id = ? "
           "ORDER BY purchase_id"),
  };
}

}  // namespace mg::store::statements_internal
