#include "gateway/audit/ledger_drift.h"

#include <string>

namespace mg::audit {
namespace {

using store::JournalKind;

// Journals of `kind` for `reference` among `journals`.
int Count(const std::vector<store::Journal>& journals, JournalKind kind,
          const std::string& reference) {
  int n = 0;
  for (const store::Journal& j : journals) n += j.kind == kind && j.reference == reference ? 1 : 0;
  return n;
}

void CheckPurchase(const StoredPurchase& stored, std::vector<Drift>& out) {
  const store::Purchase& p = stored.purchase;
  auto add = [&](std::string kind, std::string detail) {
    out.push_back({std::move(kind), p.id, p.provider, p.provider_reference, std::move(detail)});
  };
  const int posted = Count(stored.journals, JournalKind::kPurchase, p.id);
  // A settled purchase that moved neither money nor coins posts nothing.
  const bool moved = p.captured_minor > 0 || p.coins > 0;
  const int expected = store::IsSettled(p.state) && moved ? 1 : 0;
  if (posted != expected) {
    add("ledger_missing", std::to_string(posted) + " purchase journals for a purchase that is " +
                              std::string(store::Name(p.state)));
  }
  for (const store::Journal& j : stored.journals) {
    if (j.kind != JournalKind::kPurchase || j.reference != p.id) continue;
    const int64_t coins = store::CoinsInto(j, store::WalletAccount(p.owner, p.customer_id));
    if (coins != p.coins) {
      add("ledger_coins_mismatch", "journal " + j.id + " credited " + std::to_string(coins) +
                                       " coins for a purchase of " + std::to_string(p.coins));
    }
  }
  for (const store::Refund& r : stored.refunds) {
    // A refund that failed after succeeding has its journal and a reversal.
    const int net = Count(stored.journals, JournalKind::kRefund, r.id) -
                    Count(stored.journals, JournalKind::kRefundReversal, r.id);
    const int want = r.state == store::RefundState::kSucceeded ? 1 : 0;
    if (net != want) {
      add("ledger_missing", "refund " + r.id + " is " + std::string(store::Name(r.state)) +
                                " with " + std::to_string(net) + " refund journals in effect");
    }
  }
}

}  // namespace

std::vector<Drift> FindLedgerDrift(const std::vector<StoredPurchase>& purchases,
                                   const store::LedgerCheck& check) {
  std::vector<Drift> out;
  for (const auto& u : check.unbalanced) {
    out.push_back(
        {"ledger_unbalanced", "", "", "",
         "journal " + u.journal_id + " is off by " + std::to_string(u.sum) + " " + u.unit});
  }
  for (const auto& d : check.drift) {
    out.push_back({"ledger_balance_drift", "", "", "",
                   d.account + " holds " + std::to_string(d.balance) + " " + d.unit +
                       " but its entries add up to " + std::to_string(d.entry_sum)});
  }
  for (const auto& d : check.lot_drift) {
    out.push_back({"ledger_lots_mismatch", "", "", "",
                   d.account + " holds " + std::to_string(d.wallet) +
                       " coins but its coin lots hold " + std::to_string(d.lots)});
  }
  for (const StoredPurchase& stored : purchases) CheckPurchase(stored, out);
  return out;
}

}  // namespace mg::audit
