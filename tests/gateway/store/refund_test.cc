#include <atomic>

#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

constexpr UnixMillis kT0 = 1'700'000'000'000;

class RefundTestBase : public StoreTest {
 protected:
  // A purchase that succeeded with `captured` minor units captured.
  std::string SucceededPurchase(int64_t captured) {
    Result<Purchase> created = store_->CreatePurchase(SamplePurchase(kT0), {});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    Result<Purchase> succeeded = store_->TransitionPurchase(
        created->id, {PurchaseState::kCreated}, PurchaseState::kSucceeded,
        PaymentChanges::At(kT0 + 1).set_captured_minor(captured), {});
    EXPECT_TRUE(succeeded.ok()) << succeeded.status().ToString();
    return created->id;
  }

  static Refund RefundOf(const std::string& purchase_id, int64_t amount, UnixMillis at = kT0 + 2) {
    return SampleRefund(purchase_id, amount, at);
  }
};

class RefundTest : public RefundTestBase {};
INSTANTIATE_TEST_SUITE_P(Backends, RefundTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

TEST_P(RefundTest, PartialRefundsAddUpToTheCapturedAmountAndNoFurther) {
  const std::string id = SucceededPurchase(1000);
  Result<Refund> first = store_->CreateRefund(RefundOf(id, 400), {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->id.rfind("re_", 0), 0u);
  EXPECT_EQ(first->state, RefundState::kPending);
  EXPECT_EQ(store_->GetPurchase(id)->state, PurchaseState::kPartiallyRefunded);
  EXPECT_EQ(store_->GetPurchase(id)->refunded_minor, 400);

  Result<Refund> too_much = store_->CreateRefund(RefundOf(id, 601), {});
  EXPECT_EQ(too_much.status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(too_much.status().param(), "amount");

  ASSERT_TRUE(store_->CreateRefund(RefundOf(id, 600, kT0 + 3), {}).ok());
  Result<Purchase> refunded = store_->GetPurchase(id);
  EXPECT_EQ(refunded->state, PurchaseState::kRefunded);
  EXPECT_EQ(refunded->refunded_minor, 1000);
  EXPECT_EQ(store_->CreateRefund(RefundOf(id, 1), {}).status().code(),
            ErrorCode::kFailedPrecondition);

  Result<std::vector<Refund>> refunds = store_->ListRefunds(id);
  ASSERT_EQ(refunds->size(), 2u);
  EXPECT_EQ((*refunds)[0], *first);
  EXPECT_EQ((*refunds)[1].amount_minor, 600);
  EXPECT_EQ(*store_->GetRefund(first->id), *first);
}

TEST_P(RefundTest, RefusesRefundsOfUncapturedForeignCurrencyOrMissingPurchases) {
  Result<Purchase> unpaid = store_->CreatePurchase(SamplePurchase(kT0), {});
  EXPECT_EQ(store_->CreateRefund(RefundOf(unpaid->id, 1), {}).status().code(),
            ErrorCode::kFailedPrecondition);
  const std::string id = SucceededPurchase(1000);
  Refund dollars = RefundOf(id, 100);
  dollars.currency = "USD";
  EXPECT_EQ(store_->CreateRefund(dollars, {}).status().code(), ErrorCode::kCurrencyMismatch);
  EXPECT_EQ(store_->CreateRefund(RefundOf("pur_missing", 1), {}).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->CreateRefund(RefundOf(id, 0), {}).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM refunds"), 0);
  EXPECT_EQ(store_->GetPurchase(id)->refunded_minor, 0);
}

TEST_P(RefundTest, FailedRefundGivesItsAmountBackAndIsFinal) {
  const std::string id = SucceededPurchase(1000);
  Result<Refund> refund = store_->CreateRefund(RefundOf(id, 400), {});
  Result<Refund> failed = store_->TransitionRefund(
      refund->id, {RefundState::kPending}, RefundState::kFailed, PaymentChanges::At(kT0 + 5), {});
  ASSERT_TRUE(failed.ok()) << failed.status().ToString();
  EXPECT_EQ(failed->state, RefundState::kFailed);
  Result<Purchase> purchase = store_->GetPurchase(id);
  EXPECT_EQ(purchase->refunded_minor, 0);
  EXPECT_EQ(purchase->state, PurchaseState::kSucceeded);
  EXPECT_EQ(store_
                ->TransitionRefund(refund->id, {RefundState::kFailed}, RefundState::kSucceeded,
                                   PaymentChanges::At(kT0 + 6), {})
                .status()
                .code(),
            ErrorCode::kFailedPrecondition);

  Result<Refund> retried = store_->CreateRefund(RefundOf(id, 1000, kT0 + 7), {});
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  Result<Refund> succeeded =
      store_->TransitionRefund(retried->id, {RefundState::kPending}, RefundState::kSucceeded,
                               PaymentChanges::At(kT0 + 8).set_provider_reference("re_stripe_1"),
                               Effects::Emitting({"purchase.refunded", "{}"}));
  ASSERT_TRUE(succeeded.ok()) << succeeded.status().ToString();
  EXPECT_EQ(succeeded->provider_reference, "re_stripe_1");
  EXPECT_EQ(store_->GetPurchase(id)->state, PurchaseState::kRefunded);
  EXPECT_EQ(store_
                ->TransitionRefund(retried->id, {RefundState::kSucceeded}, RefundState::kFailed,
                                   PaymentChanges::At(kT0 + 9).set_provider("adyen"), {})
                .status()
                .code(),
            ErrorCode::kInvalidArgument);
}

// 32 refunds of 100 race for 1000 captured, over three Store instances:
// exactly ten land and the purchase never shows more refunded than captured.
TEST_P(RefundTest, ConcurrentRefundsNeverExceedTheCapturedAmount) {
  const std::string id = SucceededPurchase(1000);
  std::vector<std::unique_ptr<Store>> stores;
  stores.push_back(OpenAnother());
  stores.push_back(OpenAnother());
  std::atomic<int> accepted{0};
  std::atomic<int> refused{0};
  RunConcurrently(32, [&](int i) {
    Store& store = i % 3 == 0 ? *store_ : *stores[i % 2];
    Result<Refund> refund = store.CreateRefund(RefundOf(id, 100, kT0 + 10 + i), {});
    if (refund.ok()) {
      ++accepted;
    } else if (refund.status().code() == ErrorCode::kOutOfRange ||
               refund.status().code() == ErrorCode::kFailedPrecondition) {
      ++refused;
    }
  });
  EXPECT_EQ(accepted.load(), 10);
  EXPECT_EQ(refused.load(), 22);
  Result<Purchase> purchase = store_->GetPurchase(id);
  EXPECT_EQ(purchase->refunded_minor, 1000);
  EXPECT_EQ(purchase->state, PurchaseState::kRefunded);
  EXPECT_EQ(QueryInt("SELECT SUM(amount_minor) FROM refunds"), 1000);
}

}  // namespace
}  // namespace mg::store::testing
