// The ledger's writes and reads (ledger.h): journals posted inside the
// transactions of the state changes they record, wallets, and the check
// that every journal balances and every balance equals its entries.
#include "sql_store_journal.h"

#include <algorithm>
#include <limits>
#include <tuple>
#include <vector>

#include "gateway/store/ids.h"
#include "journal_postings.h"
#include "sql_store.h"

namespace mg::store {
namespace {

Result<CoinLot> ReadLot(const SqlRow& row) {
  CoinLot lot;
  lot.purchase_id = std::string(row.Text(0));
  lot.customer_id = std::string(row.Text(1));
  lot.market = std::string(row.Text(2));
  lot.currency = std::string(row.Text(3));
  lot.coins = row.Int(4);
  lot.remaining = row.Int(5);
  lot.clawed_back = row.Int(6);
  lot.price_minor = row.Int(7);
  lot.created_at_ms = row.Int(8);
  return lot;
}

Status UpdateLot(SqlTransaction& txn, const CoinLot& lot) {
  return txn.ExecDeferred(Stmt::kLotUpdate, {lot.remaining, lot.clawed_back, lot.purchase_id});
}

Result<int64_t> SingleInt(SqlTransaction& txn, Stmt stmt, std::initializer_list<SqlParam> params) {
  int64_t value = 0;
  MG_RETURN_IF_ERROR(txn.Query(stmt, params, [&](const SqlRow& row) {
    value = row.Int(0);
    return Status::Ok();
  }));
  return value;
}

// The entries of the journal of `kind` for `reference`; empty if none.
Result<Journal> PostedJournal(SqlTransaction& txn, JournalKind kind, std::string_view reference) {
  Journal journal;
  journal.kind = kind;
  journal.reference = std::string(reference);
  MG_RETURN_IF_ERROR(
      txn.Query(Stmt::kJournalEntriesOf, {Name(kind), reference}, [&](const SqlRow& row) {
        journal.entries.push_back({std::string(row.Text(0)), std::string(row.Text(1)), row.Int(2)});
        return Status::Ok();
      }));
  return journal;
}

}  // namespace

Status PostJournal(SqlTransaction& txn, Journal journal, UnixMillis at_ms) {
  if (journal.entries.empty()) return Status::Ok();  // it moved nothing
  MG_RETURN_IF_ERROR(CheckBalanced(journal));
  MG_ASSIGN_OR_RETURN(journal.id, NewId(kJournalIdPrefix));
  Status inserted = txn.Exec(Stmt::kJournalInsert, {journal.id, Name(journal.kind),
                                                    journal.reference, journal.market, at_ms})
                        .status();
  if (inserted.code() == ErrorCode::kConflict) {
    // The unique (kind, reference): this change was recorded already.
    return Status(ErrorCode::kInternal, "the " + std::string(Name(journal.kind)) + " journal of " +
                                            journal.reference + " was posted already");
  }
  MG_RETURN_IF_ERROR(inserted);
  for (const LedgerEntry& entry : journal.entries) {
    MG_RETURN_IF_ERROR(txn.ExecDeferred(Stmt::kEntryInsert,
                                        {journal.id, entry.account, entry.unit, entry.amount}));
  }
  // Balance rows are locked in one global order (account, unit), whatever
  // the journal's own order: two journals touching the same accounts (a
  // purchase and a gift both move coins:issued and coin_sales) then wait for
  // each other instead of deadlocking on PostgreSQL. They are updated last:
  // every purchase updates the same few rows (the provider's, the market's
  // tax payable), and PostgreSQL holds each row's lock until the commit.
  // Queued in the middle of a body, 41 of 41 sampled waiting backends were
  // waiting on them (pg_stat_activity, bench purchases at 32 connections).
  std::sort(journal.entries.begin(), journal.entries.end(),
            [](const LedgerEntry& a, const LedgerEntry& b) {
              return std::tie(a.account, a.unit) < std::tie(b.account, b.unit);
            });
  txn.AtEnd([entries = std::move(journal.entries)](SqlTransaction& end) -> Status {
    for (const LedgerEntry& entry : entries) {
      MG_RETURN_IF_ERROR(
          end.ExecDeferred(Stmt::kBalanceAdd, {entry.account, entry.unit, entry.amount}));
    }
    return Status::Ok();
  });
  return Status::Ok();
}

Status PostPurchaseIfSettled(SqlTransaction& txn, PurchaseState before, const Purchase& after,
                             UnixMillis at_ms, LotColumns columns) {
  if (IsSettled(before) || !IsSettled(after.state)) return Status::Ok();
  // A purchase without coins may be an order: its split decides the journal.
  if (after.coins == 0 && columns == LotColumns::kCurrent) {
    MG_ASSIGN_OR_RETURN(std::optional<OrderSplit> split, FindOrderSplit(txn, after.id));
    if (split) return PostJournal(txn, OrderJournal(after, *split), at_ms);
  }
  const Journal journal = PurchaseJournal(after);
  if (after.coins > 0) {
    const int64_t tax = TaxShare(after.captured_minor, after.tax_minor, after.total_minor);
    const int64_t price = after.captured_minor - tax;
    MG_RETURN_IF_ERROR(
        columns == LotColumns::kCurrent
            ? txn.ExecDeferred(Stmt::kLotInsert,
                               {after.id, after.customer_id, after.market, after.currency,
                                after.coins, after.coins, int64_t{0}, price, at_ms, after.owner})
            : txn.ExecDeferred(Stmt::kLotInsertBeforeOwner,
                               {after.id, after.customer_id, after.market, after.currency,
                                after.coins, after.coins, int64_t{0}, price, at_ms}));
  }
  return PostJournal(txn, journal, at_ms);
}

Status PostGift(SqlTransaction& txn, const GiftRecord& gift) {
  std::vector<CoinLot> lots;
  MG_RETURN_IF_ERROR(
      txn.Query(Stmt::kWalletLotsLock, {gift.owner, gift.sender_id}, [&](const SqlRow& row) {
        MG_ASSIGN_OR_RETURN(CoinLot lot, ReadLot(row));
        lots.push_back(std::move(lot));
        return Status::Ok();
      }));
  MG_ASSIGN_OR_RETURN(std::vector<LotSpend> spends, SpendOldestFirst(lots, gift.coins));
  const std::vector<int64_t> diamonds = DiamondsPerSpend(gift.diamonds, gift.coins, spends);
  for (size_t i = 0; i < spends.size(); ++i) {
    const LotSpend& spend = spends[i];
    const std::string& purchase_id = lots[spend.lot].purchase_id;
    MG_RETURN_IF_ERROR(
        txn.Exec(Stmt::kLotGift, {spend.coins, spend.price_minor, purchase_id}).status());
    // Which creator the lot's coins went to: a refund under the market's
    // claw-back policy takes these diamonds back.
    MG_RETURN_IF_ERROR(
        txn.Exec(Stmt::kGiftSpendInsert, {purchase_id, gift.id, gift.owner, gift.creator_id,
                                          spend.coins, diamonds[i], gift.created_at_ms})
            .status());
  }
  return PostJournal(txn, GiftJournal(gift, lots, spends), gift.created_at_ms);
}

Status PostRefundSucceeded(SqlTransaction& txn, const Purchase& purchase, const Refund& refund,
                           UnixMillis at_ms) {
  MG_ASSIGN_OR_RETURN(const int64_t refunded_before,
                      SingleInt(txn, Stmt::kRefundsSucceededSum, {purchase.id}));
  return PostRefund(txn, purchase, refund, refunded_before, at_ms, LotColumns::kCurrent);
}

namespace {

// The diamonds that the gifted coins at positions [from, to) of a lot
// earned, as far as their creators still hold them unpaid: each creator's
// balance is locked (so a concurrent payout waits) and never goes below
// zero, so that earnings already paid out are never reversed.
Result<std::vector<DiamondClaw>> ClawableDiamonds(SqlTransaction& txn, std::string_view purchase_id,
                                                  int64_t from, int64_t to) {
  std::vector<GiftSpend> spends;
  MG_RETURN_IF_ERROR(txn.Query(Stmt::kGiftSpendsOfLot, {purchase_id}, [&](const SqlRow& row) {
    spends.push_back({std::string(row.Text(0)), std::string(row.Text(1)), row.Int(2), row.Int(3)});
    return Status::Ok();
  }));
  std::vector<DiamondClaw> owed = DiamondsOfGiftedCoins(spends, from, to);
  // One lock order (by account) against other refunds of other purchases.
  std::sort(owed.begin(), owed.end(),
            [](const DiamondClaw& a, const DiamondClaw& b) { return a.account < b.account; });
  std::vector<DiamondClaw> claws;
  for (const DiamondClaw& claw : owed) {
    MG_ASSIGN_OR_RETURN(const int64_t held,
                        SingleInt(txn, Stmt::kBalanceLock, {claw.account, kDiamondUnit}));
    const int64_t take = std::min(claw.diamonds, std::max<int64_t>(held, 0));
    if (take > 0) claws.push_back({claw.account, take});
  }
  return claws;
}

}  // namespace

Status PostRefund(SqlTransaction& txn, const Purchase& purchase, const Refund& refund,
                  int64_t refunded_before, UnixMillis at_ms, LotColumns columns) {
  if (purchase.coins == 0 && columns == LotColumns::kCurrent) {
    MG_ASSIGN_OR_RETURN(std::optional<OrderSplit> split, FindOrderSplit(txn, purchase.id));
    if (split) {
      return PostJournal(txn, OrderRefundJournal(purchase, *split, refund, refunded_before), at_ms);
    }
  }
  int64_t coins = 0;
  int64_t from_gifts = 0;
  std::vector<DiamondClaw> claws;
  MG_ASSIGN_OR_RETURN(std::optional<CoinLot> lot,
                      QueryOptional(txn, Stmt::kLotLock, {purchase.id}, &ReadLot));
  if (lot) {
    const int64_t gifted_refunded_before =
        GiftedCoinsRefunded(*lot, purchase.captured_minor, refunded_before);
    coins = CoinsToClawBack(purchase, refunded_before, refund.amount_minor, *lot);
    // Under unspent_only, a refund of all that the unspent coins paid takes
    // every one of them: rounding must not leave a coin its money has gone with.
    if (refund.after_gifts == RefundAfterGifts::kUnspentOnly &&
        refunded_before + refund.amount_minor >=
            RefundableWithUnspentCoins(*lot, purchase.captured_minor)) {
      coins = lot->remaining;
    }
    lot->remaining -= coins;
    lot->clawed_back += coins;
    MG_RETURN_IF_ERROR(UpdateLot(txn, *lot));
    // Before migration 15 (the backfill of migration 12) nothing was gifted.
    if (columns == LotColumns::kCurrent) {
      MG_ASSIGN_OR_RETURN(const int64_t gifted, SingleInt(txn, Stmt::kLotGifted, {purchase.id}));
      MG_ASSIGN_OR_RETURN(const int64_t net_before,
                          SingleInt(txn, Stmt::kRefundsSucceededNetSum, {purchase.id}));
      from_gifts = RefundFromGiftRevenue(lot->price_minor, gifted, net_before,
                                         refund.amount_minor - refund.tax_minor);
      if (refund.after_gifts == RefundAfterGifts::kClawBackDiamonds) {
        const int64_t gifted_refunded = GiftedCoinsRefunded(*lot, purchase.captured_minor,
                                                            refunded_before + refund.amount_minor);
        MG_ASSIGN_OR_RETURN(
            claws, ClawableDiamonds(txn, purchase.id, gifted_refunded_before, gifted_refunded));
      }
    }
  }
  return PostJournal(txn, RefundJournal(purchase, refund, coins, from_gifts, claws), at_ms);
}

Status PostRefundReversal(SqlTransaction& txn, const Purchase& purchase, const Refund& refund,
                          UnixMillis at_ms) {
  MG_ASSIGN_OR_RETURN(Journal posted, PostedJournal(txn, JournalKind::kRefund, refund.id));
  posted.market = purchase.market;
  const int64_t coins = -CoinsInto(posted, WalletAccount(purchase.owner, purchase.customer_id));
  if (coins > 0) {
    MG_ASSIGN_OR_RETURN(std::optional<CoinLot> lot,
                        QueryOptional(txn, Stmt::kLotLock, {purchase.id}, &ReadLot));
    if (lot) {
      lot->remaining += coins;
      lot->clawed_back -= coins;
      MG_RETURN_IF_ERROR(UpdateLot(txn, *lot));
    }
  }
  return PostJournal(txn, ReversalOf(posted, JournalKind::kRefundReversal), at_ms);
}

Result<std::optional<CoinLot>> SqlStore::GetCoinLot(std::string_view purchase_id) {
  Result<std::optional<CoinLot>> lot = std::optional<CoinLot>();
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    lot = QueryOptional(txn, Stmt::kLotGet, {purchase_id}, &ReadLot);
    return lot.status();
  }));
  return lot;
}

Status CheckUnspentOnly(SqlTransaction& txn, const Purchase& purchase, int64_t amount) {
  MG_ASSIGN_OR_RETURN(std::optional<CoinLot> lot,
                      QueryOptional(txn, Stmt::kLotLock, {purchase.id}, &ReadLot));
  if (!lot) return Status::Ok();
  const int64_t refundable =
      RefundableWithUnspentCoins(*lot, purchase.captured_minor) - purchase.refunded_minor;
  if (amount <= refundable) return Status::Ok();
  return Status(ErrorCode::kComplianceDenied,
                "refund of " + std::to_string(amount) + " exceeds the " +
                    std::to_string(std::max<int64_t>(refundable, 0)) + " that purchase " +
                    purchase.id + "'s unspent coins paid; " +
                    std::to_string(lot->coins - lot->remaining - lot->clawed_back) +
                    " of its coins were gifted, and its market refunds only unspent coins",
                "amount");
}

Result<WalletPage> SqlStore::GetWallet(std::string_view owner, std::string_view customer_id,
                                       std::optional<int64_t> before_seq, int limit) {
  MG_RETURN_IF_ERROR(Require(!customer_id.empty(), "customer id is empty", "customer"));
  MG_RETURN_IF_ERROR(Require(limit > 0, "limit must be positive", "limit"));
  const std::string account = WalletAccount(owner, customer_id);
  WalletPage page;
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) -> Status {
    page = WalletPage();
    MG_ASSIGN_OR_RETURN(page.balance, SingleInt(txn, Stmt::kBalanceGet, {account, kCoinUnit}));
    // One more than asked, to know whether an older page exists.
    return txn.Query(Stmt::kAccountHistory,
                     {account, kCoinUnit, before_seq.value_or(std::numeric_limits<int64_t>::max()),
                      int64_t{limit} + 1},
                     [&](const SqlRow& row) -> Status {
                       MG_ASSIGN_OR_RETURN(JournalKind kind, ParseJournalKind(row.Text(3)));
                       page.history.push_back({row.Int(0), std::string(row.Text(2)), kind,
                                               std::string(row.Text(4)), row.Int(1), row.Int(5)});
                       return Status::Ok();
                     });
  }));
  if (page.history.size() > static_cast<size_t>(limit)) {
    page.history.pop_back();
    page.next_before_seq = page.history.back().seq;
  }
  return page;
}

Result<std::vector<Journal>> SqlStore::ListJournals(std::string_view reference) {
  std::vector<Journal> journals;
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) -> Status {
    journals.clear();
    return txn.Query(Stmt::kJournalsOfReference, {reference}, [&](const SqlRow& row) -> Status {
      if (journals.empty() || journals.back().id != row.Text(0)) {
        MG_ASSIGN_OR_RETURN(JournalKind kind, ParseJournalKind(row.Text(1)));
        journals.push_back({std::string(row.Text(0)),
                            kind,
                            std::string(row.Text(2)),
                            std::string(row.Text(3)),
                            row.Int(4),
                            {}});
      }
      journals.back().entries.push_back(
          {std::string(row.Text(5)), std::string(row.Text(6)), row.Int(7)});
      return Status::Ok();
    });
  }));
  return journals;
}

Result<LedgerCheck> SqlStore::CheckLedger() {
  LedgerCheck check;
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) -> Status {
    check = LedgerCheck();
    MG_RETURN_IF_ERROR(txn.Query(Stmt::kLedgerCounts, {}, [&](const SqlRow& row) {
      check.journals = row.Int(0);
      check.entries = row.Int(1);
      check.accounts = row.Int(2);
      return Status::Ok();
    }));
    MG_RETURN_IF_ERROR(txn.Query(Stmt::kLedgerUnbalanced, {}, [&](const SqlRow& row) {
      check.unbalanced.push_back({std::string(row.Text(0)), std::string(row.Text(1)), row.Int(2)});
      return Status::Ok();
    }));
    MG_RETURN_IF_ERROR(txn.Query(Stmt::kLedgerBalanceDrift, {}, [&](const SqlRow& row) {
      check.drift.push_back(
          {std::string(row.Text(0)), std::string(row.Text(1)), row.Int(2), row.Int(3)});
      return Status::Ok();
    }));
    return txn.Query(Stmt::kLedgerLotDrift, {}, [&](const SqlRow& row) {
      check.lot_drift.push_back({std::string(row.Text(0)), row.Int(1), row.Int(2)});
      return Status::Ok();
    });
  }));
  return check;
}

Status PostPayoutCreated(SqlTransaction& txn, const PayoutRecord& payout) {
  return PostJournal(txn, PayoutJournal(payout), payout.created_at_ms);
}

Status PostPayoutPaid(SqlTransaction& txn, const PayoutRecord& payout, UnixMillis at_ms) {
  return PostJournal(txn, PayoutPaidJournal(payout), at_ms);
}

Status PostPayoutReversal(SqlTransaction& txn, const PayoutRecord& payout, UnixMillis at_ms) {
  return PostJournal(txn, ReversalOf(PayoutJournal(payout), JournalKind::kPayoutReversal), at_ms);
}

}  // namespace mg::store
