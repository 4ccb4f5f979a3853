// Orders for store tests (orders_test.cc, seller_payouts_test.cc): a USD
// 53.13 order of a Chinese seller's goods in the US, settled and returned.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "store_test_fixture.h"

namespace mg::store::testing {

inline constexpr UnixMillis kT0 = 1'700'000'000'000;

// USD 53.13 of goods: 3.13 tax the platform remits, 42.00 to the seller,
// 5.00 commission, 3.00 referral fee.
inline Purchase OrderPurchase() {
  Purchase purchase = SamplePurchase(kT0);
  purchase.owner = "app";
  purchase.market = "US";
  purchase.currency = "USD";
  purchase.items_json = R"([{"listing":"lst_shirt","quantity":2}])";
  purchase.subtotal_minor = 5000;
  purchase.tax_minor = 313;
  purchase.total_minor = 5313;
  purchase.coins = 0;
  return purchase;
}

inline OrderSplit Split() {
  OrderSplit split;
  split.owner = "app";
  split.seller_id = "seller_cn_1";
  split.creator_id = "creator_1";
  split.platform_tax_minor = 313;
  split.seller_payable_minor = 4200;
  split.creator_payable_minor = 500;
  split.platform_revenue_minor = 300;
  split.attribution_type = "live";
  split.attribution_id = "live_1";
  split.holding_days = 37;
  return split;
}

inline std::map<std::string, int64_t> Moves(const std::vector<Journal>& journals) {
  std::map<std::string, int64_t> moves;
  for (const Journal& journal : journals) {
    for (const LedgerEntry& entry : journal.entries) moves[entry.account] += entry.amount;
  }
  return moves;
}

class Orders {
 public:
  explicit Orders(Store& store) : store_(store) {}

  // The order created and settled with `captured` of its 53.13.
  std::string Settled(int64_t captured = 5313) {
    Effects effects;
    effects.order_split = Split();
    Result<Purchase> created = store_.CreatePurchase(OrderPurchase(), effects);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    Result<Purchase> settled =
        store_.TransitionPurchase(created->id, {PurchaseState::kCreated}, PurchaseState::kSucceeded,
                                  PaymentChanges::At(kT0 + 1).set_captured_minor(captured), {});
    EXPECT_TRUE(settled.ok()) << settled.status().ToString();
    return created->id;
  }

  std::string Return(const std::string& id, int64_t amount, RefundState state) {
    Refund refund = SampleRefund(id, amount, kT0 + 10);
    refund.currency = "USD";
    refund.state = state;
    Result<Refund> created = store_.CreateRefund(refund, {});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? created->id : "";
  }

  std::map<std::string, int64_t> MovesOf(const std::vector<std::string>& references) {
    std::vector<Journal> all;
    for (const std::string& reference : references) {
      Result<std::vector<Journal>> journals = store_.ListJournals(reference);
      EXPECT_TRUE(journals.ok()) << journals.status().ToString();
      if (journals.ok()) all.insert(all.end(), journals->begin(), journals->end());
    }
    return Moves(all);
  }

 private:
  Store& store_;
};

}  // namespace mg::store::testing
