#include "gateway/audit/drift.h"

#include <algorithm>
#include <string_view>

namespace mg::audit {
namespace {

using providers::ListedCharge;
using providers::ListedRefund;
using store::PurchaseState;
using store::RefundState;

bool Open(PurchaseState s) {
  return s == PurchaseState::kCreated || s == PurchaseState::kPending ||
         s == PurchaseState::kRequiresAction;
}

int64_t RefundedAtProvider(const ListedCharge& c, ListedRefund::State state) {
  int64_t sum = 0;
  for (const ListedRefund& r : c.refunds) {
    if (r.state == state) sum += r.amount_minor;
  }
  return sum;
}

// Money the provider holds or moved and has not given back.
bool Live(const ListedCharge& c) {
  if (c.state != ListedCharge::State::kCaptured && c.state != ListedCharge::State::kAuthorized) {
    return false;
  }
  return RefundedAtProvider(c, ListedRefund::State::kSucceeded) < c.amount_minor;
}

int64_t RefundedInStore(const StoredPurchase& p, RefundState state) {
  int64_t sum = 0;
  for (const store::Refund& r : p.refunds) {
    if (r.state == state) sum += r.amount_minor;
  }
  return sum;
}

class Auditor {
 public:
  explicit Auditor(const AuditInput& input) : in_(input) {
    for (const ListedCharge& c : input.charges) {
      if (!c.merchant_reference.empty()) by_reference_[c.merchant_reference].push_back(&c);
      by_id_[c.provider + "/" + c.id] = &c;
    }
  }

  AuditFindings Run() {
    for (const StoredPurchase& p : in_.purchases) Check(p);
    for (const ListedCharge& c : in_.charges) {
      if (claimed_.count(&c) == 0 && Live(c)) {
        Add("charge_without_purchase", c.merchant_reference, c, "no such purchase in the store");
      }
    }
    return std::move(out_);
  }

 private:
  bool Settling(store::UnixMillis updated_at_ms) const {
    return in_.now_ms - updated_at_ms < in_.settle_grace_ms;
  }

  void Add(std::string kind, const std::string& purchase_id, const ListedCharge& c,
           std::string detail) {
    out_.drift.push_back({std::move(kind), purchase_id, c.provider, c.id, std::move(detail)});
  }
  void Add(std::string kind, const store::Purchase& p, std::string detail) {
    out_.drift.push_back(
        {std::move(kind), p.id, p.provider, p.provider_reference, std::move(detail)});
  }

  void Check(const StoredPurchase& stored) {
    const store::Purchase& p = stored.purchase;
    const bool settling = Settling(p.updated_at_ms);
    CheckFinal(stored, settling);
    CheckCoins(stored);
    std::vector<const ListedCharge*> charges = ChargesOf(p);
    for (const ListedCharge* c : charges) claimed_.insert(c);
    const bool covered = in_.covered_providers.count(p.provider) > 0;
    if (!covered && charges.empty()) {
      ++out_.purchases_unchecked;
      return;
    }
    ++out_.purchases_checked;
    const ListedCharge* kept = nullptr;
    for (const ListedCharge* c : charges) {
      if (store::IsSettled(p.state) && c->id == p.provider_reference) {
        kept = c;
      } else if (Live(*c) && !settling) {
        Add(store::IsSettled(p.state) ? "unreversed_duplicate_charge" : "charge_without_purchase",
            p.id, *c,
            "a " + std::string(providers::ListedStateName(c->state)) + " charge of " +
                std::to_string(c->amount_minor) + " for a purchase that is " +
                std::string(store::Name(p.state)) +
                (store::IsSettled(p.state) ? " with " + p.provider_reference : ""));
      }
    }
    if (store::IsSettled(p.state)) CheckKept(stored, kept, covered);
  }

  // The charges carrying the purchase's id as our reference, and the one it
  // names (a Pix cob carries no reference of ours: its txid is the link).
  std::vector<const ListedCharge*> ChargesOf(const store::Purchase& p) const {
    std::vector<const ListedCharge*> charges;
    if (auto found = by_reference_.find(p.id); found != by_reference_.end()) {
      charges = found->second;
    }
    auto named = by_id_.find(p.provider + "/" + p.provider_reference);
    if (!p.provider_reference.empty() && named != by_id_.end() &&
        std::find(charges.begin(), charges.end(), named->second) == charges.end()) {
      charges.push_back(named->second);
    }
    return charges;
  }

  void CheckKept(const StoredPurchase& stored, const ListedCharge* kept, bool covered) {
    const store::Purchase& p = stored.purchase;
    if (kept == nullptr || kept->state != ListedCharge::State::kCaptured) {
      if (covered) {
        Add("purchase_without_charge", p,
            std::string(store::Name(p.state)) + " with " + p.provider_reference +
                ", which the provider shows " +
                (kept == nullptr ? std::string("nowhere")
                                 : providers::ListedStateName(kept->state)));
      }
      return;
    }
    if (kept->currency != p.currency) {
      Add("currency_mismatch", p, "stored " + p.currency + ", charged " + kept->currency);
    }
    if (kept->amount_minor != p.captured_minor) {
      Add("amount_mismatch", p,
          "stored captured " + std::to_string(p.captured_minor) + ", charged " +
              std::to_string(kept->amount_minor));
    }
    if (Settling(p.updated_at_ms)) return;
    for (ListedRefund::State state :
         {ListedRefund::State::kSucceeded, ListedRefund::State::kPending}) {
      const int64_t ours =
          RefundedInStore(stored, state == ListedRefund::State::kSucceeded ? RefundState::kSucceeded
                                                                           : RefundState::kPending);
      const int64_t theirs = RefundedAtProvider(*kept, state);
      if (ours != theirs) {
        Add("refund_mismatch", p,
            std::string(providers::ListedStateName(state)) + " refunds: stored " +
                std::to_string(ours) + ", at the provider " + std::to_string(theirs));
      }
    }
  }

  void CheckFinal(const StoredPurchase& stored, bool settling) {
    const store::Purchase& p = stored.purchase;
    if (Open(p.state) && !settling) {
      Add("not_final", p, "purchase still " + std::string(store::Name(p.state)));
    }
    for (const store::Refund& r : stored.refunds) {
      if (r.state == RefundState::kPending && !Settling(r.updated_at_ms)) {
        Add("not_final", p, "refund " + r.id + " still pending");
      }
    }
  }

  void CheckCoins(const StoredPurchase& stored) {
    const store::Purchase& p = stored.purchase;
    const int expected = store::IsSettled(p.state) ? 1 : 0;
    if (stored.coin_credits != expected) {
      Add("coins_credited", p,
          "credited " + std::to_string(stored.coin_credits) + " times for a purchase that is " +
              std::string(store::Name(p.state)));
    }
  }

  const AuditInput& in_;
  std::map<std::string, std::vector<const ListedCharge*>> by_reference_;
  std::map<std::string, const ListedCharge*> by_id_;  // "provider/id"
  std::set<const ListedCharge*> claimed_;
  AuditFindings out_;
};

}  // namespace

AuditFindings FindDrift(const AuditInput& input) { return Auditor(input).Run(); }

}  // namespace mg::audit
