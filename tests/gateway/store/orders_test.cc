// Orders in the store (gateway/store/orders.h), on both backends: the split
// written with its purchase or nothing at all; the purchase journal moving
// the split's parts, in proportion when less was captured; returns in pieces
// giving back exactly each part; a failed return reversed.
#include <map>

#include "order_test_support.h"

namespace mg::store::testing {
namespace {

MG_STORE_TEST_SUITE(OrdersTest);

TEST_P(OrdersTest, TheSplitIsWrittenWithItsPurchaseAndItsJournalMovesIt) {
  Orders orders(*store_);
  const std::string id = orders.Settled();
  Result<std::optional<OrderSplit>> split = store_->GetOrderSplit(id);
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  ASSERT_TRUE(split->has_value());
  OrderSplit expected = Split();
  expected.purchase_id = id;
  EXPECT_EQ(**split, expected);

  EXPECT_EQ(orders.MovesOf({id}), (std::map<std::string, int64_t>{
                                      {"provider:stripe", 5313},
                                      {"tax_payable:US", -313},
                                      {"seller_payable:app/seller_cn_1", -4200},
                                      {"affiliate:app/creator_1", -500},
                                      {"commerce_revenue:US", -300},
                                  }));
  EXPECT_TRUE(store_->CheckLedger()->consistent());
  // A purchase that is not an order has no split.
  Result<Purchase> coins = store_->CreatePurchase(SamplePurchase(kT0), {});
  ASSERT_TRUE(coins.ok());
  EXPECT_FALSE(store_->GetOrderSplit(coins->id)->has_value());
}

TEST_P(OrdersTest, ASplitThatDoesNotAddUpWritesNothing) {
  Effects effects;
  effects.order_split = Split();
  effects.order_split->seller_payable_minor += 1;
  Result<Purchase> created = store_->CreatePurchase(OrderPurchase(), effects);
  EXPECT_EQ(created.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM purchases"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM order_splits"), 0);
}

TEST_P(OrdersTest, LessCapturedMovesEachPartInProportion) {
  Orders orders(*store_);
  const std::string id = orders.Settled(/*captured=*/2000);
  std::map<std::string, int64_t> moves = orders.MovesOf({id});
  // 2000 of 5313: tax 117.8 -> 117; commission 188.2 -> 188; fee 112.9 -> 112.
  EXPECT_EQ(moves["provider:stripe"], 2000);
  EXPECT_EQ(moves["tax_payable:US"], -117);
  EXPECT_EQ(moves["affiliate:app/creator_1"], -188);
  EXPECT_EQ(moves["commerce_revenue:US"], -112);
  EXPECT_EQ(moves["seller_payable:app/seller_cn_1"], -(2000 - 117 - 188 - 112));
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(OrdersTest, ReturnsInPiecesGiveBackExactlyEachPart) {
  Orders orders(*store_);
  const std::string id = orders.Settled();
  const std::string first = orders.Return(id, 1000, RefundState::kSucceeded);
  const std::string second = orders.Return(id, 1000, RefundState::kSucceeded);
  const std::string rest = orders.Return(id, 3313, RefundState::kSucceeded);
  std::map<std::string, int64_t> moves = orders.MovesOf({id, first, second, rest});
  for (const auto& [account, sum] : moves) EXPECT_EQ(sum, 0) << account;
  // The first piece: 1000 of 5313 -> tax 58, commission 94, fee 56.
  std::map<std::string, int64_t> piece = orders.MovesOf({first});
  EXPECT_EQ(piece["tax_payable:US"], 58);
  EXPECT_EQ(piece["affiliate:app/creator_1"], 94);
  EXPECT_EQ(piece["commerce_revenue:US"], 56);
  EXPECT_EQ(piece["seller_payable:app/seller_cn_1"], 1000 - 58 - 94 - 56);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(OrdersTest, AFailedReturnIsReversed) {
  Orders orders(*store_);
  const std::string id = orders.Settled();
  const std::string refund = orders.Return(id, 5313, RefundState::kSucceeded);
  ASSERT_TRUE(store_
                  ->TransitionRefund(refund, {RefundState::kSucceeded}, RefundState::kFailed,
                                     PaymentChanges::At(kT0 + 30), {})
                  .ok());
  std::map<std::string, int64_t> moves = orders.MovesOf({refund});
  for (const auto& [account, sum] : moves) EXPECT_EQ(sum, 0) << account;
  // The order's own journal stands: the seller is owed again.
  EXPECT_EQ(orders.MovesOf({id, refund})["seller_payable:app/seller_cn_1"], -4200);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(OrdersTest, TheFirstDeliveryOfAPaidOrderStands) {
  Orders orders(*store_);
  const std::string id = orders.Settled();
  EXPECT_FALSE((*store_->GetOrderSplit(id))->delivered_at_ms.has_value());
  Result<OrderSplit> delivered = store_->RecordDelivery(id, kT0 + 3'600'000);
  ASSERT_TRUE(delivered.ok()) << delivered.status().ToString();
  EXPECT_EQ(delivered->delivered_at_ms, kT0 + 3'600'000);
  // A second record changes nothing.
  EXPECT_EQ(store_->RecordDelivery(id, kT0 + 7'200'000)->delivered_at_ms, kT0 + 3'600'000);
  EXPECT_EQ((*store_->GetOrderSplit(id))->delivered_at_ms, kT0 + 3'600'000);

  // Not before it was placed; not an order that was not paid; not a purchase.
  Effects effects;
  effects.order_split = Split();
  Result<Purchase> unpaid = store_->CreatePurchase(OrderPurchase(), effects);
  ASSERT_TRUE(unpaid.ok());
  EXPECT_EQ(store_->RecordDelivery(unpaid->id, kT0 + 1).status().code(),
            ErrorCode::kFailedPrecondition);
  const std::string early = orders.Settled();
  EXPECT_EQ(store_->RecordDelivery(early, kT0 - 1).status().code(), ErrorCode::kInvalidArgument);
  Result<Purchase> coins = store_->CreatePurchase(SamplePurchase(kT0), {});
  EXPECT_EQ(store_->RecordDelivery(coins->id, kT0 + 1).status().code(), ErrorCode::kNotFound);
  EXPECT_FALSE((*store_->GetOrderSplit(unpaid->id))->delivered_at_ms.has_value());
}

}  // namespace
}  // namespace mg::store::testing
