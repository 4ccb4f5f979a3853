// Every SQL statement the store runs, prepared once per connection. The text
// is shared by both dialects where it can be; PostgreSQL gets $n
// parameter markers and its row locks (FOR UPDATE, SKIP LOCKED, advisory locks).
#pragma once

#include <string>
#include <string_view>

namespace mg::store {

enum class Dialect { kSqlite, kPostgres };

enum class Stmt : int {
  kPing,
  kMigrationLock,
  kMigrationsApplied,
  kMigrationRecord,
  kLegacyAttemptKeys,
  kAttemptKeyAttemptSet,
  kLegacyOpenPurchaseQuotes,
  kPurchaseScaRegimeSet,
  kIdempotencyInsert,
  kIdempotencyLock,
  kIdempotencyRestart,
  kIdempotencyTakeOver,
  kIdempotencyComplete,
  kIdempotencyRelease,
  kIdempotencyLink,
  kIdempotencyClaim,
  kIdempotencyExists,
  kIdempotencyPurge,
  kWebhookEventPurge,
  kDeliveredEventPurge,
  kPurchaseInsert,
  kPurchaseGet,
  kPurchaseLock,
  kPurchaseByProviderReference,
  kPurchaseUpdate,
  kPurchaseAuthenticationSet,
  kSpendAuthenticated,
  kPurchasesCreated,
  kAttemptNextSeq,
  kAttemptInsert,
  kAttemptLock,
  kAttemptFinish,
  kAttemptsOfPurchase,
  kAttemptsOpen,
  kAttemptCheck,
  kAttemptsNeedingAttention,
  kAdBookingInsert,
  kAdBookingGet,
  kAdBookingLock,
  kAdBookingUpdate,
  kRefundInsert,
  kRefundGet,
  kRefundByProviderReference,
  kRefundLock,
  kRefundUpdate,
  kRefundsOfPurchase,
  kSpendLock,
  kSpendInsert,
  kSpendInWindow,
  kSpendSinceLastSca,
  kEventInsert,
  kEventsDue,
  kEventHide,
  kEventState,
  kEventDeliver,
  kEventReschedule,
  kEventsOfType,
  kJournalInsert,
  kEntryInsert,
  kBalanceAdd,
  kBalanceGet,
  kAccountHistory,
  kJournalsOfReference,
  kJournalEntriesOf,
  kLedgerUnbalanced,
  kLedgerBalanceDrift,
  kLedgerCounts,
  kLedgerLotDrift,
  kLotInsert,
  kLotInsertBeforeOwner,
  kWalletLotsLock,
  kCreatorInsert,
  kCreatorUpdate,
  kCreatorLock,
  kCreatorGet,
  kGiftInsert,
  kGiftGet,
  kCreatorGiftTotals,
  kLotLock,
  kLotUpdate,
  kRefundsSucceededSum,
  kLotGift,
  kLotGifted,
  kLotGet,
  kPayoutsNeedingAttention,
  kGiftSpendInsert,
  kGiftSpendsOfLot,
  kCreatorDiamondsClawedBack,
  kRefundsOfPurchaseBeforeAfterGifts,
  kRefundsSucceededNetSum,
  kLegacySettledPurchases,
  kBalanceLock,
  kPayoutInsert,
  kPayoutGet,
  kPayoutLock,
  kPayoutUpdate,
  kPayoutsDue,
  kCreatorPayoutTotals,
  kFxRatesInsert,
  kFxRatesLatest,
  // Orders (statements_commerce.cc).
  kOrderSplitInsert,
  kOrderSplitGet,
  kOrderSplitLock,
  kOrderDeliveredSet,
  kOrdersAttributed,
  kCount,
};

inline constexpr int kStmtCount = static_cast<int>(Stmt::kCount);

// The statement's SQL in `dialect`; empty when the statement has nothing to
// do there (SQLite needs no advisory locks: its writers are serialized).
const std::string& StatementSql(Stmt stmt, Dialect dialect);

// A short name for error messages ("purchase_insert").
std::string_view StatementName(Stmt stmt);

}  // namespace mg::store
