// The double-entry ledger under every coin and money movement
// (docs/ledger.md). A journal is one business event (a purchase that
// succeeded, a refund that succeeded, a refund that failed afterwards); its
// entries move amounts between accounts, and per unit they sum to zero. The
// store posts journals itself, in the same transaction as the state change
// they record, so no code path can change a purchase or refund without its
// journal, and the pair (kind, reference) is unique, so none is posted twice.
// Journals and entries are append-only (the database refuses UPDATE and
// DELETE on them); balances are kept per account and unit and checked
// against the entries by CheckLedger and `marketgate audit`.
//
// Sign convention: an entry adds its amount to its account's balance. A
// wallet holding coins has a positive balance; the account that issued them
// (coins:issued) is negative by the coins in circulation. Money the
// provider owes us (provider:<name>) is positive; what we owe (coin sales
// not yet used, tax collected) is negative.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/store/records.h"

namespace mg::store {

inline constexpr std::string_view kJournalIdPrefix = "jnl";

// The unit of coin entries; money entries use the ISO 4217 code ("EUR").
// Lower case, so that it can never be a currency code.
inline constexpr std::string_view kCoinUnit = "coin";
// The unit of a creator's earnings from gifts.
inline constexpr std::string_view kDiamondUnit = "diamond";

// Account names: "<kind>:<owner>".
// The coins a customer holds, per API account (the records' `owner`): two
// accounts' customers never share a wallet, as they never share purchases.
std::string WalletAccount(std::string_view owner, std::string_view customer_id);
inline constexpr std::string_view kCoinsIssuedAccount = "coins:issued";
std::string ProviderAccount(std::string_view provider);  // money the provider holds
std::string CoinSalesAccount(std::string_view market);   // coins sold, not yet used
std::string SalesAccount(std::string_view market);       // other goods sold
std::string TaxPayableAccount(std::string_view market);  // tax collected
// The diamonds a creator has earned and not been paid for, per API account.
std::string CreatorAccount(std::string_view owner, std::string_view creator_id);
inline constexpr std::string_view kDiamondsIssuedAccount = "diamonds:issued";
// What the coins spent on gifts had cost: the platform's revenue from them.
std::string GiftRevenueAccount(std::string_view market);
// What the platform has paid its creators of `market` (their diamonds'
// worth, withheld tax included): a cost, positive.
std::string CreatorPayoutsAccount(std::string_view market);
// Tax withheld from creators' payouts, owed to the tax authority.
std::string WithholdingAccount(std::string_view market);
// Payouts sent through `provider` and not known to be paid yet.
std::string PayoutsInFlightAccount(std::string_view provider);
// Orders (orders.h): what the platform owes a seller for its orders, per API
// account (negative: owed; positive: a debt of the seller, after a return of
// an order already paid out); an affiliate creator's commissions; the
// platform's fees on orders of `market`.
std::string SellerPayableAccount(std::string_view owner, std::string_view seller_id);
std::string AffiliateAccount(std::string_view owner, std::string_view creator_id);
std::string CommerceRevenueAccount(std::string_view market);

// What a journal records; stable names ("purchase", "refund", ...).
enum class JournalKind {
  kPurchase,        // a purchase succeeded: money in, coins credited
  kRefund,          // a refund succeeded: money out, unspent coins clawed back
  kRefundReversal,  // a succeeded refund failed afterwards: the refund undone
  kGift,            // coins sent to a creator: coins retired, diamonds credited
  kPayout,          // a payout created: diamonds retired, the money owed in flight
  kPayoutPaid,      // the provider paid it: the money leaves the provider account
  kPayoutReversal,  // it failed: the payout journal undone, the diamonds back
};
std::string_view Name(JournalKind kind);
Result<JournalKind> ParseJournalKind(std::string_view name);

struct LedgerEntry {
  std::string account;
  std::string unit;    // kCoinUnit or an ISO 4217 code
  int64_t amount = 0;  // added to the account's balance; never 0
  friend bool operator==(const LedgerEntry&, const LedgerEntry&) = default;
};

struct Journal {
  std::string id;  // "jnl_<24 hex>"
  JournalKind kind = JournalKind::kPurchase;
  std::string reference;  // the purchase's or refund's id
  std::string market;
  UnixMillis created_at_ms = 0;
  std::vector<LedgerEntry> entries;  // in the order posted
  friend bool operator==(const Journal&, const Journal&) = default;
};

// One line of a wallet's history: a journal's entry on the wallet.
struct WalletMovement {
  int64_t seq = 0;  // the entry's position in the ledger; pages go by it
  std::string journal_id;
  JournalKind kind = JournalKind::kPurchase;
  std::string reference;
  int64_t coins = 0;  // positive: credited; negative: debited
  UnixMillis at_ms = 0;
  friend bool operator==(const WalletMovement&, const WalletMovement&) = default;
};

struct WalletPage {
  int64_t balance = 0;                  // coins now
  std::vector<WalletMovement> history;  // newest first
  // Pass as `before_seq` for the next (older) page; absent on the last one.
  std::optional<int64_t> next_before_seq;
};

// The coins `journal` moves into `account` (negative: out of it).
int64_t CoinsInto(const Journal& journal, std::string_view account);

// Coins bought by one purchase, kept apart so that revenue and refunds know
// what each coin cost.
struct CoinLot {
  std::string purchase_id;
  std::string customer_id;
  std::string market;
  std::string currency;
  int64_t coins = 0;        // bought
  int64_t remaining = 0;    // still in the wallet from this lot
  int64_t clawed_back = 0;  // taken back by refunds
  int64_t price_minor = 0;  // what the coins cost, net of tax
  UnixMillis created_at_ms = 0;
  friend bool operator==(const CoinLot&, const CoinLot&) = default;
};

// The most a purchase's refunds may return in total under the policy
// RefundAfterGifts::kUnspentOnly: what its coins not gifted (still in the
// wallet, or taken back already) paid, of the `captured` money, rounded
// down. All of it when nothing was gifted.
int64_t RefundableWithUnspentCoins(const CoinLot& lot, int64_t captured);

// What CheckLedger found; empty lists mean the ledger is consistent.
struct LedgerCheck {
  int64_t journals = 0;
  int64_t entries = 0;
  int64_t accounts = 0;
  struct Unbalanced {
    std::string journal_id;
    std::string unit;
    int64_t sum = 0;
  };
  struct BalanceDrift {
    std::string account;
    std::string unit;
    int64_t balance = 0;    // as kept
    int64_t entry_sum = 0;  // as the entries add up
  };
  // A wallet whose coins differ from what its coin lots still hold: the
  // ledger and the lots (which gifts and refunds spend) disagree.
  struct LotDrift {
    std::string account;  // the wallet
    int64_t wallet = 0;   // its coin balance
    int64_t lots = 0;     // coins its lots still hold
  };
  std::vector<Unbalanced> unbalanced;
  std::vector<BalanceDrift> drift;
  std::vector<LotDrift> lot_drift;
  bool consistent() const { return unbalanced.empty() && drift.empty() && lot_drift.empty(); }
};

}  // namespace mg::store
