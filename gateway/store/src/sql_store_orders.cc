// Orders: the split of a purchase of goods from a seller (orders.h).
#include "rows.h"
#include "sql_store.h"
#include "sql_store_journal.h"

namespace mg::store {
namespace {

Result<OrderSplit> ReadOrderSplit(const SqlRow& row) {
  OrderSplit split;
  split.purchase_id = std::string(row.Text(0));
  split.owner = std::string(row.Text(1));
  split.seller_id = std::string(row.Text(2));
  split.creator_id = std::string(row.Text(3));
  split.platform_tax_minor = row.Int(4);
  split.seller_payable_minor = row.Int(5);
  split.creator_payable_minor = row.Int(6);
  split.platform_revenue_minor = row.Int(7);
  split.attribution_type = std::string(row.Text(8));
  split.attribution_id = std::string(row.Text(9));
  split.holding_days = row.Int(10);
  if (!row.IsNull(11)) split.delivered_at_ms = row.Int(11);
  return split;
}

}  // namespace

Status InsertOrderSplit(SqlTransaction& txn, const Purchase& purchase, const OrderSplit& split) {
  const int64_t parts = split.platform_tax_minor + split.seller_payable_minor +
                        split.creator_payable_minor + split.platform_revenue_minor;
  MG_RETURN_IF_ERROR(Require(!split.seller_id.empty(), "an order needs a seller", "seller.id"));
  MG_RETURN_IF_ERROR(Require(split.platform_tax_minor >= 0 && split.seller_payable_minor >= 0 &&
                                 split.creator_payable_minor >= 0 &&
                                 split.platform_revenue_minor >= 0,
                             "an order's split has no negative part", "split"));
  MG_RETURN_IF_ERROR(
      Require(parts == purchase.total_minor, "an order's split must add up to its total", "split"));
  return txn
      .Exec(Stmt::kOrderSplitInsert,
            {purchase.id, purchase.owner, split.seller_id, split.creator_id,
             split.platform_tax_minor, split.seller_payable_minor, split.creator_payable_minor,
             split.platform_revenue_minor, split.attribution_type, split.attribution_id,
             split.holding_days, OptionalParam(split.delivered_at_ms)})
      .status();
}

Result<std::optional<OrderSplit>> FindOrderSplit(SqlTransaction& txn,
                                                 std::string_view purchase_id) {
  return QueryOptional(txn, Stmt::kOrderSplitGet, {purchase_id}, &ReadOrderSplit);
}

Result<std::optional<OrderSplit>> SqlStore::GetOrderSplit(std::string_view purchase_id) {
  Result<std::optional<OrderSplit>> found = std::optional<OrderSplit>();
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    found = FindOrderSplit(txn, purchase_id);
    return found.status();
  }));
  return found;
}

Result<OrderSplit> SqlStore::RecordDelivery(std::string_view purchase_id,
                                            UnixMillis delivered_at_ms) {
  OrderSplit split;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    MG_ASSIGN_OR_RETURN(Purchase purchase, Required(QueryOptional(txn, Stmt::kPurchaseLock,
                                                                  {purchase_id}, &ReadPurchase),
                                                    "order", purchase_id));
    MG_ASSIGN_OR_RETURN(
        split, Required(QueryOptional(txn, Stmt::kOrderSplitLock, {purchase_id}, &ReadOrderSplit),
                        "order", purchase_id));
    if (split.delivered_at_ms) return Status::Ok();  // the first delivery stands
    if (purchase.captured_minor <= 0) {
      return Status(ErrorCode::kFailedPrecondition,
                    "order " + std::string(purchase_id) + " is " +
                        std::string(Name(purchase.state)) + ": only a paid order is delivered",
                    "id");
    }
    if (delivered_at_ms < purchase.created_at_ms) {
      return InvalidArgument("an order is not delivered before it was placed", "delivered_at");
    }
    split.delivered_at_ms = delivered_at_ms;
    return txn.Exec(Stmt::kOrderDeliveredSet, {delivered_at_ms, purchase_id}).status();
  }));
  return split;
}

Result<AttributedOrders> SqlStore::CountAttributedOrders(std::string_view attribution_type,
                                                         std::string_view attribution_id) {
  AttributedOrders counted;
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    return txn.Query(Stmt::kOrdersAttributed, {attribution_type, attribution_id},
                     [&](const SqlRow& row) -> Status {
                       counted = AttributedOrders{row.Int(0), row.Int(1)};
                       return Status::Ok();
                     });
  }));
  return counted;
}

}  // namespace mg::store
