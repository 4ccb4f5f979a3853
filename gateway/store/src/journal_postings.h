// What the ledger records for each state change (docs/ledger.md): pure
// functions from records to journals, apart from SQL so that the rules can
// be read and tested on their own. Ids and times are filled in by the
// caller (sql_store_journal.cc), which posts them.
#pragma once

#include <cstdint>
#include <vector>

#include "gateway/store/gifts.h"
#include "gateway/store/ledger.h"
#include "gateway/store/orders.h"
#include "gateway/store/payouts.h"
#include "gateway/store/records.h"

namespace mg::store {

// a * b / c rounded down, in 128 bits (no overflow for amounts below 2^63);
// 0 when c is 0.
int64_t MulDiv(int64_t a, int64_t b, int64_t c);

// Appends an entry to `journal`; an entry that moves nothing is not written.
void AddEntry(Journal& journal, std::string account, std::string_view unit, int64_t amount);

// The part of `amount` that is tax, when `tax` of `total` was: rounded down,
// exact when amount == total. REQUIRES: 0 <= amount <= total, 0 <= tax <= total.
int64_t TaxShare(int64_t amount, int64_t tax, int64_t total);

// A purchase that has just settled: the provider holds the captured money,
// owed as tax and as coin sales (or sales of other goods, for a purchase
// without coins); the coins move from coins:issued to the wallet.
Journal PurchaseJournal(const Purchase& purchase);

// Coins a refund takes back: the purchase's coins in proportion to the money
// refunded so far (rounded down, so all of them at a full refund), less what
// earlier refunds took, and never more than is left of the lot.
int64_t CoinsToClawBack(const Purchase& purchase, int64_t refunded_before, int64_t refund_amount,
                        const CoinLot& lot);

// The part of a refund's net money (`net`) that the platform's gift revenue
// carries: what the purchase's coin sales no longer owe because its coins
// were gifted (their cost moved to gift revenue, and the creator keeps the
// diamonds). The lot cost `price`, `gifted` of it went to gifts and `net_before`
// to earlier refunds; the rest is still owed as coin sales and is refunded
// from there first.
int64_t RefundFromGiftRevenue(int64_t price, int64_t gifted, int64_t net_before, int64_t net);

// Diamonds a refund takes back from one creator account.
struct DiamondClaw {
  std::string account;  // CreatorAccount(owner, creator id)
  int64_t diamonds = 0;
};

// A refund that has succeeded: the money goes back out of the provider
// account, the tax it undoes is no longer owed, the sale is undone (from
// coin sales, and `from_gifts` of it from gift revenue), `coins` leave
// the wallet for coins:issued, and each claw's diamonds leave its creator
// for diamonds:issued.
Journal RefundJournal(const Purchase& purchase, const Refund& refund, int64_t coins,
                      int64_t from_gifts = 0, const std::vector<DiamondClaw>& claws = {});

// Of the coins a lot gave to gifts, how many the refunds of its purchase
// (`refunded` of `captured`, in total) have paid back: the coins they are
// due, less those taken back from the wallet, at most what was gifted.
// With the lot as it was before a refund and as it is after, the
// difference is what that refund paid back of the gifted coins.
int64_t GiftedCoinsRefunded(const CoinLot& lot, int64_t captured, int64_t refunded);

// A lot's coins spent by one gift, and the diamonds they earned the creator.
struct GiftSpend {
  std::string owner;
  std::string creator_id;
  int64_t coins = 0;
  int64_t diamonds = 0;
};

// The diamonds earned by a lot's gifted coins at positions [from, to),
// the positions counted through `spends` in the order the gifts were sent;
// per creator account, in order of first appearance. A spend's diamonds
// are split over its coins cumulatively, rounded down, so that all of them
// come back when all its coins do.
std::vector<DiamondClaw> DiamondsOfGiftedCoins(const std::vector<GiftSpend>& spends, int64_t from,
                                               int64_t to);

// The coins a gift takes from one lot, and what they had cost.
struct LotSpend {
  size_t lot = 0;  // index into the lots given
  int64_t coins = 0;
  int64_t price_minor = 0;  // in the lot's currency, net of tax
};

// Takes `coins` from `lots` (oldest first, as given), each lot's coins at
// the price its purchase paid: a lot's coins are valued cumulatively
// (rounded down) so that spending all of them releases exactly their price.
// kOutOfRange, naming both figures, when the lots hold fewer coins.
Result<std::vector<LotSpend>> SpendOldestFirst(const std::vector<CoinLot>& lots, int64_t coins);

// How a gift's `diamonds` split over the lots it spent (`spends`, of
// `coins` in total): in proportion to their coins, cumulatively rounded
// down, so that they sum to `diamonds`.
std::vector<int64_t> DiamondsPerSpend(int64_t diamonds, int64_t coins,
                                      const std::vector<LotSpend>& spends);

// A gift: its coins leave the sender's wallet for coins:issued, its
// diamonds go from diamonds:issued to the creator, and what the coins cost
// moves from coin sales (owed to buyers) to gift revenue, per lot currency.
Journal GiftJournal(const GiftRecord& gift, const std::vector<CoinLot>& lots,
                    const std::vector<LotSpend>& spends);

// A payout created: its diamonds leave the creator for diamonds:issued; its
// gross amount is the platform's cost (creator payouts), of which the
// withheld tax is owed to the authority and the net is in flight at its
// provider until paid.
Journal PayoutJournal(const PayoutRecord& payout);

// A payout the provider paid: the net leaves the provider account and is no
// longer in flight.
Journal PayoutPaidJournal(const PayoutRecord& payout);

// Every entry of `posted`, negated: undoes it.
Journal ReversalOf(const Journal& posted, JournalKind kind);

// Orders (order_postings.cc). The purchase journal of an order: the money
// captured into the provider account, out of the tax payable (the
// platform's tax), the seller payable, the affiliate creator's commission
// and the platform's commerce revenue, in proportion to the split when less
// than the total was captured.
Journal OrderJournal(const Purchase& purchase, const OrderSplit& split);
// A refund of an order (a return): the same parts of the money refunded go
// back, cumulatively with the `refunded_before` of earlier refunds, so that
// refunding all of it in pieces returns exactly each part. A seller payable
// already paid out becomes a seller debt (a positive balance).
Journal OrderRefundJournal(const Purchase& purchase, const OrderSplit& split, const Refund& refund,
                           int64_t refunded_before);

// Per unit, whether the entries sum to zero, and none is zero.
Status CheckBalanced(const Journal& journal);

}  // namespace mg::store
