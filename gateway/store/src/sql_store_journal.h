// Posting to the ledger from inside the store's transactions (ledger.h).
// Each call writes the journal of one state change in the transaction that
// makes the change, so both are committed or neither.
#pragma once

#include "gateway/store/gifts.h"
#include "gateway/store/ledger.h"
#include "gateway/store/orders.h"
#include "gateway/store/payouts.h"
#include "gateway/store/records.h"
#include "sql.h"

namespace mg::store {

// Writes `journal` with a new id, its entries, and their amounts added to
// the balances. Nothing for a journal without entries; kInternal for one
// that does not balance or was posted already (same kind and reference).
Status PostJournal(SqlTransaction& txn, Journal journal, UnixMillis at_ms);

// The coin_lots columns a write may use: the backfill of migration 12 runs
// before migration 14 gives lots their owner (and fills it in).
enum class LotColumns { kCurrent, kBeforeOwner };

// When `after` has just settled (it was not in `before`): its purchase
// journal and, when it bought coins, its coin lot.
Status PostPurchaseIfSettled(SqlTransaction& txn, PurchaseState before, const Purchase& after,
                             UnixMillis at_ms, LotColumns columns = LotColumns::kCurrent);

// The coins of `gift` taken from its sender's lots, oldest first, and its
// journal: kOutOfRange (nothing written) when the lots hold fewer coins.
// `gift` must be inserted in the same transaction.
Status PostGift(SqlTransaction& txn, const GiftRecord& gift);

// `refund` of `purchase` has just succeeded: its refund journal, with the
// coins it claws back taken off the lot. Call before the refund's new state
// is written (the coins follow the refunds that succeeded before it).
Status PostRefundSucceeded(SqlTransaction& txn, const Purchase& purchase, const Refund& refund,
                           UnixMillis at_ms);

// As PostRefundSucceeded, with the money of the purchase's refunds that
// succeeded before this one given (the migration's backfill counts them).
Status PostRefund(SqlTransaction& txn, const Purchase& purchase, const Refund& refund,
                  int64_t refunded_before, UnixMillis at_ms, LotColumns columns);

// kComplianceDenied, naming the figures, when refunding `amount` more of
// `purchase` would return more than its coins not gifted paid
// (RefundAfterGifts::kUnspentOnly). Locks the purchase's coin lot, so that
// no gift spends its coins until the transaction ends.
Status CheckUnspentOnly(SqlTransaction& txn, const Purchase& purchase, int64_t amount);

// A succeeded `refund` has failed after all: its refund journal undone and
// the coins it took given back to the lot.
Status PostRefundReversal(SqlTransaction& txn, const Purchase& purchase, const Refund& refund,
                          UnixMillis at_ms);

// Orders (sql_store_orders.cc): the split of `purchase`, which must be
// inserted in the same transaction (kInvalidArgument when the split does not
// add up to its total); the split of a purchase, nullopt when it is not an
// order.
Status InsertOrderSplit(SqlTransaction& txn, const Purchase& purchase, const OrderSplit& split);
Result<std::optional<OrderSplit>> FindOrderSplit(SqlTransaction& txn, std::string_view purchase_id);

// kInvalidArgument naming the field unless `payout` is one to create: a
// creator's diamonds or a seller's orders, amounts that add up, processing.
Status ValidatePayout(const PayoutRecord& payout);

// The journals of a payout's life (journal_postings.h): created, paid, and
// failed (the created journal undone).
Status PostPayoutCreated(SqlTransaction& txn, const PayoutRecord& payout);
Status PostPayoutPaid(SqlTransaction& txn, const PayoutRecord& payout, UnixMillis at_ms);
Status PostPayoutReversal(SqlTransaction& txn, const PayoutRecord& payout, UnixMillis at_ms);

}  // namespace mg::store
