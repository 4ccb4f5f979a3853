// Seller payouts in the store (store.h, GetSellerPayable and
// CreateSellerPayout), on both backends: nothing is payable before an
// order's holding period ends; a payout pays each order once and empties
// the seller's payable; one that fails releases its orders; a return after
// a payout is a debt the next payout nets, never a negative payout.
#include "order_test_support.h"

namespace mg::store::testing {
namespace {

constexpr int64_t kDay = 24 * 60 * 60 * 1000;
constexpr UnixMillis kDelivered = kT0 + kDay;
constexpr UnixMillis kReleased = kDelivered + 37 * kDay;  // Split().holding_days
constexpr const char* kSellerAccount = "seller_payable:app/seller_cn_1";

// The seller payable's balance as the ledger keeps it.
constexpr const char* kSellerBalance =
    "SELECT COALESCE(SUM(balance), 0) FROM ledger_balances "
    "WHERE account = 'seller_payable:app/seller_cn_1' AND unit = 'USD'";

MG_STORE_TEST_SUITE(SellerPayoutsTest);

PayoutRecord SellerPayout(UnixMillis now) {
  PayoutRecord payout;
  payout.owner = "app";
  payout.seller_id = "seller_cn_1";
  payout.market = "US";
  payout.currency = "USD";
  payout.method = "stripe_connect";
  payout.provider = "stripe";
  payout.destination = "acct_seller_1";
  payout.created_at_ms = now;
  payout.next_check_at_ms = now;
  return payout;
}

class SellerPayoutsFixture {
 public:
  explicit SellerPayoutsFixture(Store& store) : store_(store), orders_(store) {}

  std::string DeliveredOrder(UnixMillis delivered = kDelivered) {
    const std::string id = orders_.Settled();
    EXPECT_TRUE(store_.RecordDelivery(id, delivered).ok());
    return id;
  }
  SellerPayable PayableAt(UnixMillis now) {
    Result<SellerPayable> payable = store_.GetSellerPayable("app", "seller_cn_1", "USD", now);
    EXPECT_TRUE(payable.ok()) << payable.status().ToString();
    return payable.ok() ? *payable : SellerPayable{};
  }
  Result<PayoutRecord> PayAt(UnixMillis now) {
    return store_.CreateSellerPayout(SellerPayout(now), now, {});
  }
  void Settle(const PayoutRecord& payout, PayoutState to, UnixMillis at) {
    PayoutChanges changes;
    changes.at_ms = at;
    ASSERT_TRUE(
        store_.TransitionPayout(payout.id, {PayoutState::kProcessing}, to, changes, {}).ok());
  }
  Orders& orders() { return orders_; }

 private:
  Store& store_;
  Orders orders_;
};

TEST_P(SellerPayoutsTest, NothingIsPayableBeforeTheHoldingPeriodEnds) {
  SellerPayoutsFixture f(*store_);
  const std::string id = f.orders().Settled();
  SellerPayable undelivered = f.PayableAt(kReleased);
  EXPECT_EQ(undelivered.owed_minor, 4200);
  EXPECT_EQ(undelivered.held_minor, 4200);
  EXPECT_EQ(undelivered.payable_minor, 0);
  ASSERT_EQ(undelivered.held_orders.size(), 1u);
  EXPECT_FALSE(undelivered.held_orders[0].holding_ends_ms.has_value());

  ASSERT_TRUE(store_->RecordDelivery(id, kDelivered).ok());
  SellerPayable held = f.PayableAt(kReleased - 1);
  EXPECT_EQ(held.payable_minor, 0);
  ASSERT_EQ(held.held_orders.size(), 1u);
  EXPECT_EQ(held.held_orders[0].holding_ends_ms, kReleased);
  EXPECT_TRUE(held.payable_orders.empty());
  EXPECT_EQ(f.PayAt(kReleased - 1).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM payouts"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM payout_orders"), 0);

  SellerPayable released = f.PayableAt(kReleased);
  EXPECT_EQ(released.payable_minor, 4200);
  EXPECT_EQ(released.held_minor, 0);
  EXPECT_EQ(released.payable_orders,
            (std::vector<SellerOrderPart>{{id, 4200, std::optional<int64_t>(kReleased)}}));
}

TEST_P(SellerPayoutsTest, APayoutPaysEachOrderOnceAndEmptiesThePayable) {
  SellerPayoutsFixture f(*store_);
  const std::string paid = f.DeliveredOrder();
  const std::string later = f.DeliveredOrder(kDelivered + kDay);  // released a day later
  Result<PayoutRecord> payout = f.PayAt(kReleased);
  ASSERT_TRUE(payout.ok()) << payout.status().ToString();
  EXPECT_EQ(payout->gross_minor, 4200);
  EXPECT_EQ(payout->withheld_minor, 0);
  EXPECT_EQ(payout->net_minor, 4200);
  EXPECT_EQ(payout->diamonds, 0);
  EXPECT_EQ(*store_->GetPayout(payout->id), *payout);
  EXPECT_EQ(*store_->ListPayoutOrders(payout->id),
            (std::vector<SellerOrderPart>{{paid, 4200, std::nullopt}}));
  EXPECT_EQ(f.orders().MovesOf({payout->id}),
            (std::map<std::string, int64_t>{{kSellerAccount, 4200},
                                            {"payouts_in_flight:stripe", -4200}}));
  EXPECT_EQ(QueryInt(kSellerBalance), -4200);  // the later order, still held
  // The same order is never paid twice: nothing more until the later one.
  EXPECT_EQ(f.PayAt(kReleased).status().code(), ErrorCode::kOutOfRange);
  f.Settle(*payout, PayoutState::kPaid, kReleased + 1);
  Result<PayoutRecord> second = f.PayAt(kReleased + kDay);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->net_minor, 4200);
  EXPECT_EQ(store_->ListPayoutOrders(second->id)->at(0).purchase_id, later);
  EXPECT_EQ(QueryInt(kSellerBalance), 0);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(SellerPayoutsTest, APayoutThatFailsReleasesItsOrders) {
  SellerPayoutsFixture f(*store_);
  const std::string id = f.DeliveredOrder();
  Result<PayoutRecord> failed = f.PayAt(kReleased);
  ASSERT_TRUE(failed.ok()) << failed.status().ToString();
  f.Settle(*failed, PayoutState::kFailed, kReleased + 1);
  EXPECT_TRUE(store_->ListPayoutOrders(failed->id)->empty());
  EXPECT_EQ(QueryInt(kSellerBalance), -4200);  // owed again
  EXPECT_EQ(f.PayableAt(kReleased + 2).payable_minor, 4200);
  Result<PayoutRecord> again = f.PayAt(kReleased + 2);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(store_->ListPayoutOrders(again->id)->at(0).purchase_id, id);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(SellerPayoutsTest, AReturnAfterAPayoutIsADebtTheNextPayoutNets) {
  SellerPayoutsFixture f(*store_);
  const std::string first = f.DeliveredOrder();
  Result<PayoutRecord> payout = f.PayAt(kReleased);
  ASSERT_TRUE(payout.ok()) << payout.status().ToString();
  f.Settle(*payout, PayoutState::kPaid, kReleased + 1);
  // USD 10.00 of the first order comes back after it was paid out: the
  // seller's part of it (10.00 - 0.58 tax - 0.94 commission - 0.56 fee) is
  // now the seller's debt.
  f.orders().Return(first, 1000, RefundState::kSucceeded);
  EXPECT_EQ(QueryInt(kSellerBalance), 792);
  SellerPayable debt = f.PayableAt(kReleased + 2);
  EXPECT_EQ(debt.owed_minor, -792);
  EXPECT_EQ(debt.payable_minor, -792);
  EXPECT_EQ(f.PayAt(kReleased + 2).status().code(), ErrorCode::kOutOfRange);

  // The next order's payout pays its part less the debt.
  const std::string second = f.DeliveredOrder(kReleased);
  Result<PayoutRecord> netted = f.PayAt(kReleased + 37 * kDay);
  ASSERT_TRUE(netted.ok()) << netted.status().ToString();
  EXPECT_EQ(netted->net_minor, 4200 - 792);
  EXPECT_EQ(*store_->ListPayoutOrders(netted->id),
            (std::vector<SellerOrderPart>{{second, 4200, std::nullopt}}));
  EXPECT_EQ(QueryInt(kSellerBalance), 0);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(SellerPayoutsTest, AReturnBeforeThePayoutLowersTheOrdersPart) {
  SellerPayoutsFixture f(*store_);
  const std::string id = f.DeliveredOrder();
  f.orders().Return(id, 1000, RefundState::kSucceeded);
  SellerPayable payable = f.PayableAt(kReleased);
  EXPECT_EQ(payable.payable_minor, 4200 - 792);
  ASSERT_EQ(payable.payable_orders.size(), 1u);
  EXPECT_EQ(payable.payable_orders[0].seller_minor, 4200 - 792);
  // Other sellers, currencies and accounts see nothing of it.
  EXPECT_EQ(store_->GetSellerPayable("app", "seller_other", "USD", kReleased)->payable_minor, 0);
  EXPECT_EQ(store_->GetSellerPayable("app", "seller_cn_1", "EUR", kReleased)->payable_minor, 0);
  EXPECT_EQ(store_->GetSellerPayable("other", "seller_cn_1", "USD", kReleased)->payable_minor, 0);
}

TEST_P(SellerPayoutsTest, ACreatorPayoutIsNotASellerPayout) {
  PayoutRecord mixed = SellerPayout(kT0);
  mixed.creator_id = "creator_1";
  EXPECT_EQ(store_->CreateSellerPayout(mixed, kT0, {}).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->CreatePayout(SellerPayout(kT0), {}).status().code(),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace mg::store::testing
