// Seller payouts (orders.h, SellerPayable; docs/payouts.md, "Seller
// payouts"): what a seller's orders left on their payable account once each
// order's holding period is over, paid on the payout rails of creators. The
// amount is computed in the transaction that creates the payout, under a
// lock on the seller's payable balance, so that two payouts never pay the
// same order and a return recorded meanwhile is netted.
#include "gateway/store/ids.h"
#include "gateway/store/ledger.h"
#include "rows.h"
#include "sql_store.h"
#include "sql_store_journal.h"

namespace mg::store {
namespace {

constexpr int64_t kMillisPerDay = 24 * 60 * 60 * 1000;

// An order is payable once its purchase settled (a purchase still pending
// has posted nothing yet, and may) and its holding period is over.
bool Settled(PurchaseState state) {
  return state == PurchaseState::kSucceeded || state == PurchaseState::kPartiallyRefunded ||
         state == PurchaseState::kRefunded;
}

// `lock`: the balance row is locked until commit (PostgreSQL), for a payout.
Result<SellerPayable> ReadSellerPayable(SqlTransaction& txn, std::string_view owner,
                                        std::string_view seller_id, std::string_view currency,
                                        UnixMillis now, bool lock) {
  const std::string account = SellerPayableAccount(owner, seller_id);
  SellerPayable payable;
  MG_RETURN_IF_ERROR(txn.Query(lock ? Stmt::kBalanceLock : Stmt::kBalanceGet, {account, currency},
                               [&](const SqlRow& row) {
                                 payable.owed_minor = -row.Int(0);
                                 return Status::Ok();
                               }));
  MG_RETURN_IF_ERROR(txn.Query(
      Stmt::kSellerOrdersUnpaid, {account, owner, seller_id, currency},
      [&](const SqlRow& row) -> Status {
        SellerOrderPart part;
        part.purchase_id = std::string(row.Text(0));
        Result<PurchaseState> state = ParsePurchaseState(row.Text(1));
        if (!state.ok()) {
          return Status(ErrorCode::kInternal, "corrupt purchases row: " + state.status().message());
        }
        if (!row.IsNull(2)) part.holding_ends_ms = row.Int(2) + row.Int(3) * kMillisPerDay;
        part.seller_minor = row.Int(4);
        const bool payable_now =
            Settled(*state) && part.holding_ends_ms && *part.holding_ends_ms <= now;
        if (payable_now) {
          payable.payable_orders.push_back(std::move(part));
        } else {
          payable.held_minor += part.seller_minor;
          payable.held_orders.push_back(std::move(part));
        }
        return Status::Ok();
      }));
  payable.payable_minor = payable.owed_minor - payable.held_minor;
  return payable;
}

}  // namespace

Result<SellerPayable> SqlStore::GetSellerPayable(std::string_view owner, std::string_view seller_id,
                                                 std::string_view currency, UnixMillis now) {
  MG_RETURN_IF_ERROR(RequireCurrency(currency, "currency"));
  Result<SellerPayable> payable = SellerPayable{};
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    payable = ReadSellerPayable(txn, owner, seller_id, currency, now, /*lock=*/false);
    return payable.status();
  }));
  return payable;
}

Result<PayoutRecord> SqlStore::CreateSellerPayout(const PayoutRecord& payout, UnixMillis now,
                                                  const Effects& effects) {
  // Everything but the amounts, checked before they are computed.
  PayoutRecord checked = payout;
  checked.gross_minor = checked.net_minor = 1;
  checked.withheld_minor = 0;
  MG_RETURN_IF_ERROR(Require(!payout.seller_id.empty(), "seller is empty", "seller"));
  MG_RETURN_IF_ERROR(ValidatePayout(checked));
  PayoutRecord stored = payout;
  MG_ASSIGN_OR_RETURN(stored.id, IdOrNew(payout.id, kPayoutIdPrefix));
  if (stored.updated_at_ms == 0) stored.updated_at_ms = stored.created_at_ms;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    MG_ASSIGN_OR_RETURN(SellerPayable payable,
                        ReadSellerPayable(txn, stored.owner, stored.seller_id, stored.currency, now,
                                          /*lock=*/true));
    if (payable.payable_minor <= 0) {
      return Status(ErrorCode::kOutOfRange,
                    "nothing is payable to seller " + stored.seller_id + " in " + stored.currency,
                    "seller");
    }
    stored.gross_minor = payable.payable_minor;
    stored.withheld_minor = 0;
    stored.net_minor = payable.payable_minor;
    MG_RETURN_IF_ERROR(ValidatePayout(stored));
    Status inserted = InsertPayout(txn, stored);
    if (inserted.code() == ErrorCode::kConflict) {
      return Status(ErrorCode::kConflict, "payout " + stored.id + " already exists");
    }
    MG_RETURN_IF_ERROR(inserted);
    for (const SellerOrderPart& part : payable.payable_orders) {
      MG_RETURN_IF_ERROR(
          txn.Exec(Stmt::kPayoutOrderInsert, {part.purchase_id, stored.id, part.seller_minor})
              .status());
    }
    MG_RETURN_IF_ERROR(PostPayoutCreated(txn, stored));
    return ApplyEffects(txn, effects, stored.id, stored.created_at_ms);
  }));
  return stored;
}

Result<std::vector<SellerOrderPart>> SqlStore::ListPayoutOrders(std::string_view payout_id) {
  std::vector<SellerOrderPart> parts;
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) -> Status {
    parts.clear();
    return txn.Query(Stmt::kPayoutOrdersList, {payout_id}, [&](const SqlRow& row) {
      parts.push_back({std::string(row.Text(0)), row.Int(1), std::nullopt});
      return Status::Ok();
    });
  }));
  return parts;
}

}  // namespace mg::store
