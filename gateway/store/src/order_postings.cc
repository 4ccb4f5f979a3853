// The journals of an order (docs/ledger.md, "Orders"): its purchase's money
// split into the seller payable, the affiliate creator's commission, the
// platform's revenue and the tax the platform remits; a refund (a return)
// takes back the same parts of what it returns.
#include <array>

#include "journal_postings.h"

namespace mg::store {
namespace {

// The parts of `money` of an order: the tax, creator and platform parts in
// proportion to the split (rounded down), the seller the rest; exact when
// `money` is the whole of `whole`.
struct Parts {
  int64_t tax = 0;
  int64_t creator = 0;
  int64_t platform = 0;
  int64_t seller = 0;
};

Parts PartsOf(const OrderSplit& split, int64_t money, int64_t whole) {
  Parts parts;
  if (money == whole) {
    parts.tax = split.platform_tax_minor;
    parts.creator = split.creator_payable_minor;
    parts.platform = split.platform_revenue_minor;
  } else {
    parts.tax = MulDiv(split.platform_tax_minor, money, whole);
    parts.creator = MulDiv(split.creator_payable_minor, money, whole);
    parts.platform = MulDiv(split.platform_revenue_minor, money, whole);
  }
  parts.seller = money - parts.tax - parts.creator - parts.platform;
  return parts;
}

// The parts of the money captured (all of the split when all was captured).
Parts CapturedParts(const Purchase& purchase, const OrderSplit& split) {
  return PartsOf(split, purchase.captured_minor, purchase.total_minor);
}

void AddParts(Journal& journal, const Purchase& purchase, const OrderSplit& split,
              const Parts& parts, int64_t sign) {
  const std::string& unit = purchase.currency;
  AddEntry(journal, TaxPayableAccount(purchase.market), unit, sign * parts.tax);
  AddEntry(journal, SellerPayableAccount(split.owner, split.seller_id), unit, sign * parts.seller);
  if (!split.creator_id.empty()) {
    AddEntry(journal, AffiliateAccount(split.owner, split.creator_id), unit, sign * parts.creator);
  }
  AddEntry(journal, CommerceRevenueAccount(purchase.market), unit, sign * parts.platform);
}

}  // namespace

Journal OrderJournal(const Purchase& purchase, const OrderSplit& split) {
  Journal journal;
  journal.kind = JournalKind::kPurchase;
  journal.reference = purchase.id;
  journal.market = purchase.market;
  AddEntry(journal, ProviderAccount(purchase.provider), purchase.currency, purchase.captured_minor);
  AddParts(journal, purchase, split, CapturedParts(purchase, split), -1);
  return journal;
}

Journal OrderRefundJournal(const Purchase& purchase, const OrderSplit& split, const Refund& refund,
                           int64_t refunded_before) {
  Journal journal;
  journal.kind = JournalKind::kRefund;
  journal.reference = refund.id;
  journal.market = purchase.market;
  // Cumulative: the parts of all that is refunded now less those of what was
  // refunded before, so that refunds in pieces return exactly the split.
  const Parts captured = CapturedParts(purchase, split);
  OrderSplit of_captured = split;
  of_captured.platform_tax_minor = captured.tax;
  of_captured.seller_payable_minor = captured.seller;
  of_captured.creator_payable_minor = captured.creator;
  of_captured.platform_revenue_minor = captured.platform;
  const Parts after =
      PartsOf(of_captured, refunded_before + refund.amount_minor, purchase.captured_minor);
  const Parts before = PartsOf(of_captured, refunded_before, purchase.captured_minor);
  const Parts parts{after.tax - before.tax, after.creator - before.creator,
                    after.platform - before.platform, after.seller - before.seller};
  AddEntry(journal, ProviderAccount(purchase.provider), refund.currency, -refund.amount_minor);
  AddParts(journal, purchase, split, parts, +1);
  return journal;
}

}  // namespace mg::store
