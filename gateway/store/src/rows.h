// Records to rows and back: the column lists the statements select and
// insert, in the order Insert* binds and Read* decodes them.
#pragma once

#include <string_view>

#include "gateway/store/gifts.h"
#include "gateway/store/payouts.h"
#include "gateway/store/records.h"
#include "sql.h"

namespace mg::store {

extern const std::string_view kPurchaseColumns;
// The same columns as the schema had them before migration 18, for the
// backfills of earlier migrations (the newer ones as their defaults).
extern const std::string_view kPurchaseColumnsBeforeAuthentication;
extern const std::string_view kAttemptColumns;
extern const std::string_view kAdBookingColumns;
extern const std::string_view kRefundColumns;
extern const std::string_view kEventColumns;  // as returned by a claim
extern const std::string_view kCreatorColumns;
extern const std::string_view kGiftColumns;
extern const std::string_view kPayoutColumns;

// Decoders: kInternal when a stored value is not one the code knows.
Result<Purchase> ReadPurchase(const SqlRow& row);
Result<ProviderAttempt> ReadAttempt(const SqlRow& row);
Result<AdBooking> ReadAdBooking(const SqlRow& row);
Result<Refund> ReadRefund(const SqlRow& row);
OutboxEvent ReadEvent(const SqlRow& row);
Result<Creator> ReadCreator(const SqlRow& row);
Result<GiftRecord> ReadGift(const SqlRow& row);
Result<PayoutRecord> ReadPayout(const SqlRow& row);
Result<FxRatesRecord> ReadFxRates(const SqlRow& row);

// Inserts with every column bound from the record.
Status InsertPurchase(SqlTransaction& txn, const Purchase& purchase);
Status InsertAttempt(SqlTransaction& txn, const ProviderAttempt& attempt);
Status InsertAdBooking(SqlTransaction& txn, const AdBooking& booking);
Status InsertRefund(SqlTransaction& txn, const Refund& refund);
Status InsertCreator(SqlTransaction& txn, const Creator& creator);
Status InsertGift(SqlTransaction& txn, const GiftRecord& gift);
Status InsertPayout(SqlTransaction& txn, const PayoutRecord& payout);

}  // namespace mg::store
