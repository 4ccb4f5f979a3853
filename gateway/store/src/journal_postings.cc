#include "journal_postings.h"

#include <algorithm>
#include <map>
#include <string>

namespace mg::store {
namespace {

// Where a purchase's net money is owed: coins are sold ahead of their use.
std::string SaleAccount(const Purchase& purchase) {
  return purchase.coins > 0 ? CoinSalesAccount(purchase.market) : SalesAccount(purchase.market);
}

}  // namespace

int64_t MulDiv(int64_t a, int64_t b, int64_t c) {
  return c == 0 ? 0 : static_cast<int64_t>(static_cast<__int128>(a) * b / c);
}

void AddEntry(Journal& journal, std::string account, std::string_view unit, int64_t amount) {
  if (amount == 0) return;  // an entry that moves nothing is not written
  journal.entries.push_back({std::move(account), std::string(unit), amount});
}

int64_t TaxShare(int64_t amount, int64_t tax, int64_t total) {
  return amount == total ? tax : MulDiv(tax, amount, total);
}

Journal PurchaseJournal(const Purchase& purchase) {
  Journal journal;
  journal.kind = JournalKind::kPurchase;
  journal.reference = purchase.id;
  journal.market = purchase.market;
  const int64_t money = purchase.captured_minor;
  const int64_t tax = TaxShare(money, purchase.tax_minor, purchase.total_minor);
  AddEntry(journal, ProviderAccount(purchase.provider), purchase.currency, money);
  AddEntry(journal, TaxPayableAccount(purchase.market), purchase.currency, -tax);
  AddEntry(journal, SaleAccount(purchase), purchase.currency, -(money - tax));
  AddEntry(journal, std::string(kCoinsIssuedAccount), kCoinUnit, -purchase.coins);
  AddEntry(journal, WalletAccount(purchase.owner, purchase.customer_id), kCoinUnit, purchase.coins);
  return journal;
}

int64_t CoinsToClawBack(const Purchase& purchase, int64_t refunded_before, int64_t refund_amount,
                        const CoinLot& lot) {
  const int64_t due =
      MulDiv(lot.coins, refunded_before + refund_amount, purchase.captured_minor) - lot.clawed_back;
  return std::clamp<int64_t>(due, 0, lot.remaining);
}

int64_t RefundFromGiftRevenue(int64_t price, int64_t gifted, int64_t net_before, int64_t net) {
  const int64_t still_owed = std::max<int64_t>(0, price - gifted - net_before);
  return net - std::clamp<int64_t>(still_owed, 0, net);
}

Journal RefundJournal(const Purchase& purchase, const Refund& refund, int64_t coins,
                      int64_t from_gifts, const std::vector<DiamondClaw>& claws) {
  Journal journal;
  journal.kind = JournalKind::kRefund;
  journal.reference = refund.id;
  journal.market = purchase.market;
  const int64_t net = refund.amount_minor - refund.tax_minor;
  AddEntry(journal, ProviderAccount(purchase.provider), refund.currency, -refund.amount_minor);
  AddEntry(journal, TaxPayableAccount(purchase.market), refund.currency, refund.tax_minor);
  AddEntry(journal, SaleAccount(purchase), refund.currency, net - from_gifts);
  AddEntry(journal, GiftRevenueAccount(purchase.market), refund.currency, from_gifts);
  AddEntry(journal, WalletAccount(purchase.owner, purchase.customer_id), kCoinUnit, -coins);
  AddEntry(journal, std::string(kCoinsIssuedAccount), kCoinUnit, coins);
  int64_t clawed = 0;
  for (const DiamondClaw& claw : claws) {
    AddEntry(journal, claw.account, kDiamondUnit, -claw.diamonds);
    clawed += claw.diamonds;
  }
  AddEntry(journal, std::string(kDiamondsIssuedAccount), kDiamondUnit, clawed);
  return journal;
}

int64_t GiftedCoinsRefunded(const CoinLot& lot, int64_t captured, int64_t refunded) {
  const int64_t gifted = lot.coins - lot.remaining - lot.clawed_back;
  return std::clamp<int64_t>(MulDiv(lot.coins, refunded, captured) - lot.clawed_back, 0,
                             std::max<int64_t>(gifted, 0));
}

std::vector<DiamondClaw> DiamondsOfGiftedCoins(const std::vector<GiftSpend>& spends, int64_t from,
                                               int64_t to) {
  std::vector<DiamondClaw> claws;
  int64_t start = 0;  // the position of the spend's first coin
  for (const GiftSpend& spend : spends) {
    const int64_t lo = std::max(from, start) - start;
    const int64_t hi = std::min(to, start + spend.coins) - start;
    start += spend.coins;
    if (lo >= hi) continue;
    const int64_t diamonds =
        MulDiv(spend.diamonds, hi, spend.coins) - MulDiv(spend.diamonds, lo, spend.coins);
    if (diamonds == 0) continue;
    const std::string account = CreatorAccount(spend.owner, spend.creator_id);
    auto same = std::find_if(claws.begin(), claws.end(),
                             [&](const DiamondClaw& claw) { return claw.account == account; });
    if (same == claws.end()) {
      claws.push_back({account, diamonds});
    } else {
      same->diamonds += diamonds;
    }
  }
  return claws;
}

Result<std::vector<LotSpend>> SpendOldestFirst(const std::vector<CoinLot>& lots, int64_t coins) {
  int64_t held = 0;
  for (const CoinLot& lot : lots) held += lot.remaining;
  if (held < coins) {
    return Status(ErrorCode::kOutOfRange,
                  "the wallet holds " + std::to_string(held) + " coins; the gift costs " +
                      std::to_string(coins),
                  "quantity");
  }
  std::vector<LotSpend> spends;
  int64_t left = coins;
  for (size_t i = 0; i < lots.size() && left > 0; ++i) {
    const CoinLot& lot = lots[i];
    const int64_t take = std::min(left, lot.remaining);
    if (take <= 0) continue;
    // Coins leave a lot in order: clawed back or spent, each position once.
    const int64_t used_before = lot.coins - lot.remaining;
    const int64_t price = MulDiv(lot.price_minor, used_before + take, lot.coins) -
                          MulDiv(lot.price_minor, used_before, lot.coins);
    spends.push_back({i, take, price});
    left -= take;
  }
  return spends;
}

std::vector<int64_t> DiamondsPerSpend(int64_t diamonds, int64_t coins,
                                      const std::vector<LotSpend>& spends) {
  std::vector<int64_t> split;
  int64_t spent = 0;
  for (const LotSpend& spend : spends) {
    split.push_back(MulDiv(diamonds, spent + spend.coins, coins) - MulDiv(diamonds, spent, coins));
    spent += spend.coins;
  }
  return split;
}

Journal GiftJournal(const GiftRecord& gift, const std::vector<CoinLot>& lots,
                    const std::vector<LotSpend>& spends) {
  Journal journal;
  journal.kind = JournalKind::kGift;
  journal.reference = gift.id;
  journal.market = gift.market;
  AddEntry(journal, WalletAccount(gift.owner, gift.sender_id), kCoinUnit, -gift.coins);
  AddEntry(journal, std::string(kCoinsIssuedAccount), kCoinUnit, gift.coins);
  AddEntry(journal, std::string(kDiamondsIssuedAccount), kDiamondUnit, -gift.diamonds);
  AddEntry(journal, CreatorAccount(gift.owner, gift.creator_id), kDiamondUnit, gift.diamonds);
  // Per lot market and currency, in the order first spent.
  std::vector<std::pair<const CoinLot*, int64_t>> released;
  for (const LotSpend& spend : spends) {
    const CoinLot& lot = lots[spend.lot];
    auto same = std::find_if(released.begin(), released.end(), [&](const auto& entry) {
      return entry.first->market == lot.market && entry.first->currency == lot.currency;
    });
    if (same == released.end()) {
      released.emplace_back(&lot, spend.price_minor);
    } else {
      same->second += spend.price_minor;
    }
  }
  for (const auto& [lot, price] : released) {
    AddEntry(journal, CoinSalesAccount(lot->market), lot->currency, price);
    AddEntry(journal, GiftRevenueAccount(lot->market), lot->currency, -price);
  }
  return journal;
}

Journal PayoutJournal(const PayoutRecord& payout) {
  Journal journal;
  journal.kind = JournalKind::kPayout;
  journal.reference = payout.id;
  journal.market = payout.market;
  if (!payout.seller_id.empty()) {
    // What the platform owed the seller leaves the payable for the rail.
    AddEntry(journal, SellerPayableAccount(payout.owner, payout.seller_id), payout.currency,
             payout.net_minor);
    AddEntry(journal, PayoutsInFlightAccount(payout.provider), payout.currency, -payout.net_minor);
    return journal;
  }
  AddEntry(journal, CreatorAccount(payout.owner, payout.creator_id), kDiamondUnit,
           -payout.diamonds);
  AddEntry(journal, std::string(kDiamondsIssuedAccount), kDiamondUnit, payout.diamonds);
  AddEntry(journal, CreatorPayoutsAccount(payout.market), payout.currency, payout.gross_minor);
  AddEntry(journal, WithholdingAccount(payout.market), payout.currency, -payout.withheld_minor);
  AddEntry(journal, PayoutsInFlightAccount(payout.provider), payout.currency, -payout.net_minor);
  return journal;
}

Journal PayoutPaidJournal(const PayoutRecord& payout) {
  Journal journal;
  journal.kind = JournalKind::kPayoutPaid;
  journal.reference = payout.id;
  journal.market = payout.market;
  AddEntry(journal, PayoutsInFlightAccount(payout.provider), payout.currency, payout.net_minor);
  AddEntry(journal, ProviderAccount(payout.provider), payout.currency, -payout.net_minor);
  return journal;
}

Journal ReversalOf(const Journal& posted, JournalKind kind) {
  Journal journal;
  journal.kind = kind;
  journal.reference = posted.reference;
  journal.market = posted.market;
  for (const LedgerEntry& entry : posted.entries) {
    journal.entries.push_back({entry.account, entry.unit, -entry.amount});
  }
  return journal;
}

Status CheckBalanced(const Journal& journal) {
  std::map<std::string, int64_t> sums;
  for (const LedgerEntry& entry : journal.entries) {
    if (entry.amount == 0) {
      return Status(ErrorCode::kInternal, "journal entry on " + entry.account + " moves nothing");
    }
    sums[entry.unit] += entry.amount;
  }
  for (const auto& [unit, sum] : sums) {
    if (sum != 0) {
      return Status(ErrorCode::kInternal, std::string(Name(journal.kind)) + " journal of " +
                                              journal.reference + " does not balance in " + unit +
                                              " (off by " + std::to_string(sum) + ")");
    }
  }
  return Status::Ok();
}

}  // namespace mg::store
