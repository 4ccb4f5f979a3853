#include "gateway/store/ledger.h"

#include <array>
#include <string>

namespace mg::store {
namespace {

constexpr std::array<std::string_view, 7> kJournalKinds = {
    "purchase", "refund", "refund_reversal", "gift", "payout", "payout_paid", "payout_reversal"};

std::string Account(std::string_view kind, std::string_view owner) {
  std::string name(kind);
  name += ':';
  name += owner;
  return name;
}

}  // namespace

std::string WalletAccount(std::string_view owner, std::string_view customer_id) {
  return Account("wallet", std::string(owner) + "/" + std::string(customer_id));
}
std::string ProviderAccount(std::string_view provider) { return Account("provider", provider); }
std::string CoinSalesAccount(std::string_view market) { return Account("coin_sales", market); }
std::string SalesAccount(std::string_view market) { return Account("sales", market); }
std::string TaxPayableAccount(std::string_view market) { return Account("tax_payable", market); }
std::string CreatorAccount(std::string_view owner, std::string_view creator_id) {
  return Account("creator", std::string(owner) + "/" + std::string(creator_id));
}
std::string GiftRevenueAccount(std::string_view market) { return Account("gift_revenue", market); }
std::string CreatorPayoutsAccount(std::string_view market) {
  return Account("creator_payouts", market);
}
std::string WithholdingAccount(std::string_view market) { return Account("withholding", market); }
std::string PayoutsInFlightAccount(std::string_view provider) {
  return Account("payouts_in_flight", provider);
}
std::string SellerPayableAccount(std::string_view owner, std::string_view seller_id) {
  return Account("seller_payable", std::string(owner) + "/" + std::string(seller_id));
}
std::string AffiliateAccount(std::string_view owner, std::string_view creator_id) {
  return Account("affiliate", std::string(owner) + "/" + std::string(creator_id));
}
std::string CommerceRevenueAccount(std::string_view market) {
  return Account("commerce_revenue", market);
}

int64_t CoinsInto(const Journal& journal, std::string_view account) {
  int64_t coins = 0;
  for (const LedgerEntry& entry : journal.entries) {
    if (entry.account == account && entry.unit == kCoinUnit) coins += entry.amount;
  }
  return coins;
}

int64_t RefundableWithUnspentCoins(const CoinLot& lot, int64_t captured) {
  if (lot.coins <= 0) return captured;
  return static_cast<int64_t>(static_cast<__int128>(captured) * (lot.remaining + lot.clawed_back) /
                              lot.coins);
}

std::string_view Name(JournalKind kind) {
  const auto index = static_cast<size_t>(kind);
  return index < kJournalKinds.size() ? kJournalKinds[index] : std::string_view("unknown");
}

Result<JournalKind> ParseJournalKind(std::string_view name) {
  for (size_t i = 0; i < kJournalKinds.size(); ++i) {
    if (kJournalKinds[i] == name) return static_cast<JournalKind>(i);
  }
  return InvalidArgument("unknown journal kind '" + std::string(name) + "'");
}

}  // namespace mg::store
