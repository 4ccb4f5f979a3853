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
  };
}

}  // namespace mg::store::statements_internal
