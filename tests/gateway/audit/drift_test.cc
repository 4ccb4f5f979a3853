#include "gateway/audit/drift.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mg::audit {
namespace {

using providers::ListedCharge;
using providers::ListedRefund;
using store::PurchaseState;
using store::RefundState;

constexpr store::UnixMillis kNow = 1'800'000'000'000;
constexpr int64_t kGrace = 60'000;

StoredPurchase Succeeded(const std::string& id, const std::string& charge, int64_t amount = 1000) {
  StoredPurchase p;
  p.purchase.id = id;
  p.purchase.currency = "EUR";
  p.purchase.total_minor = amount;
  p.purchase.captured_minor = amount;
  p.purchase.provider = "stripe";
  p.purchase.provider_reference = charge;
  p.purchase.state = PurchaseState::kSucceeded;
  p.purchase.created_at_ms = kNow - 3'600'000;
  p.purchase.updated_at_ms = kNow - 3'600'000;
  p.coin_credits = 1;
  return p;
}

ListedCharge Captured(const std::string& id, const std::string& reference, int64_t amount = 1000) {
  ListedCharge c;
  c.provider = "stripe";
  c.id = id;
  c.merchant_reference = reference;
  c.currency = "EUR";
  c.amount_minor = amount;
  c.state = ListedCharge::State::kCaptured;
  return c;
}

store::Refund StoredRefund(int64_t amount, RefundState state) {
  store::Refund r;
  r.id = "re_" + std::to_string(amount);
  r.amount_minor = amount;
  r.state = state;
  r.updated_at_ms = kNow - 3'600'000;
  return r;
}

AuditInput Input(std::vector<StoredPurchase> purchases, std::vector<ListedCharge> charges) {
  return AuditInput{std::move(purchases), std::move(charges), {"stripe"}, kNow, kGrace};
}

std::vector<std::string> Kinds(const AuditFindings& findings) {
  std::vector<std::string> kinds;
  for (const Drift& d : findings.drift) kinds.push_back(d.kind);
  return kinds;
}

TEST(DriftTest, AgreeingRecordsHaveNoDrift) {
  StoredPurchase refunded = Succeeded("pur_2", "ch_2");
  refunded.purchase.state = PurchaseState::kPartiallyRefunded;
  refunded.refunds = {StoredRefund(300, RefundState::kSucceeded),
                      StoredRefund(200, RefundState::kFailed)};
  ListedCharge charge2 = Captured("ch_2", "pur_2");
  charge2.refunds = {{"re_a", 300, ListedRefund::State::kSucceeded},
                     {"re_b", 200, ListedRefund::State::kFailed}};
  StoredPurchase failed = Succeeded("pur_3", "");
  failed.purchase.state = PurchaseState::kFailed;
  failed.coin_credits = 0;
  ListedCharge declined = Captured("ch_3", "pur_3");
  declined.state = ListedCharge::State::kFailed;
  // A second charge that reconciliation refunded in full is no drift.
  ListedCharge reversed = Captured("ch_4", "pur_1");
  reversed.refunds = {{"re_c", 1000, ListedRefund::State::kSucceeded}};

  AuditFindings f = FindDrift(Input({Succeeded("pur_1", "ch_1"), refunded, failed},
                                    {Captured("ch_1", "pur_1"), charge2, declined, reversed}));
  EXPECT_TRUE(f.drift.empty()) << f.drift.front().kind << ": " << f.drift.front().detail;
  EXPECT_EQ(f.purchases_checked, 3);
}

TEST(DriftTest, AChargeForAFailedOrUnknownPurchaseIsDrift) {
  StoredPurchase failed = Succeeded("pur_1", "");
  failed.purchase.state = PurchaseState::kFailed;
  failed.coin_credits = 0;
  AuditFindings f =
      FindDrift(Input({failed}, {Captured("ch_1", "pur_1"), Captured("ch_9", "pur_x")}));
  ASSERT_EQ(Kinds(f),
            (std::vector<std::string>{"charge_without_purchase", "charge_without_purchase"}));
  EXPECT_EQ(f.drift[0].charge_id, "ch_1");
  EXPECT_EQ(f.drift[1].purchase_id, "pur_x");
}

TEST(DriftTest, ASucceededPurchaseWithoutItsCapturedChargeIsDrift) {
  ListedCharge held = Captured("ch_2", "pur_2");
  held.state = ListedCharge::State::kVoided;
  AuditFindings f =
      FindDrift(Input({Succeeded("pur_1", "ch_1"), Succeeded("pur_2", "ch_2")}, {held}));
  EXPECT_EQ(Kinds(f),
            (std::vector<std::string>{"purchase_without_charge", "purchase_without_charge"}));
}

TEST(DriftTest, APurchaseAtAProviderNotReadIsCountedNotBlamed) {
  StoredPurchase at_adyen = Succeeded("pur_1", "psp_1");
  at_adyen.purchase.provider = "adyen";
  AuditFindings f = FindDrift(Input({at_adyen}, {}));
  EXPECT_TRUE(f.drift.empty());
  EXPECT_EQ(f.purchases_unchecked, 1);
}

TEST(DriftTest, AmountCurrencyAndRefundDisagreementsAreDrift) {
  StoredPurchase p = Succeeded("pur_1", "ch_1");
  p.refunds = {StoredRefund(100, RefundState::kSucceeded)};
  ListedCharge c = Captured("ch_1", "pur_1", 999);
  c.currency = "USD";
  AuditFindings f = FindDrift(Input({p}, {c}));
  EXPECT_EQ(Kinds(f),
            (std::vector<std::string>{"currency_mismatch", "amount_mismatch", "refund_mismatch"}));
}

TEST(DriftTest, ASecondLiveChargeOfASucceededPurchaseIsDrift) {
  ListedCharge second = Captured("ch_2", "pur_1");
  second.refunds = {{"re_1", 400, ListedRefund::State::kSucceeded}};  // only in part
  AuditFindings f =
      FindDrift(Input({Succeeded("pur_1", "ch_1")}, {Captured("ch_1", "pur_1"), second}));
  ASSERT_EQ(Kinds(f), (std::vector<std::string>{"unreversed_duplicate_charge"}));
  EXPECT_EQ(f.drift[0].charge_id, "ch_2");
}

TEST(DriftTest, CoinsMustBeCreditedOncePerSuccessAndNeverOtherwise) {
  StoredPurchase twice = Succeeded("pur_1", "ch_1");
  twice.coin_credits = 2;
  StoredPurchase failed = Succeeded("pur_2", "");
  failed.purchase.state = PurchaseState::kFailed;  // coin_credits stays 1
  AuditFindings f = FindDrift(Input({twice, failed}, {Captured("ch_1", "pur_1")}));
  EXPECT_EQ(Kinds(f), (std::vector<std::string>{"coins_credited", "coins_credited"}));
}

TEST(DriftTest, AChargeWithoutOurReferenceIsLinkedByTheReferenceThePurchaseKept) {
  StoredPurchase pix = Succeeded("pur_1", "txid1");
  pix.purchase.provider = "pix";
  ListedCharge cob = Captured("txid1", "");
  cob.provider = "pix";
  ListedCharge stray = Captured("txid2", "");
  stray.provider = "pix";
  AuditInput input = Input({pix}, {cob, stray});
  input.covered_providers.insert("pix");
  AuditFindings f = FindDrift(input);
  ASSERT_EQ(Kinds(f), (std::vector<std::string>{"charge_without_purchase"}));
  EXPECT_EQ(f.drift[0].charge_id, "txid2");
}

TEST(DriftTest, OpenOperationsAreDriftOnlyAfterTheGrace) {
  StoredPurchase old_pending = Succeeded("pur_1", "");
  old_pending.purchase.state = PurchaseState::kPending;
  old_pending.coin_credits = 0;
  StoredPurchase fresh_pending = old_pending;
  fresh_pending.purchase.id = "pur_2";
  fresh_pending.purchase.updated_at_ms = kNow - 1000;
  StoredPurchase refund_open = Succeeded("pur_3", "ch_3");
  refund_open.purchase.state = PurchaseState::kPartiallyRefunded;
  refund_open.refunds = {StoredRefund(100, RefundState::kPending)};
  ListedCharge c3 = Captured("ch_3", "pur_3");
  c3.refunds = {{"re_1", 100, ListedRefund::State::kPending}};
  AuditFindings f = FindDrift(Input({old_pending, fresh_pending, refund_open}, {c3}));
  ASSERT_EQ(Kinds(f), (std::vector<std::string>{"not_final", "not_final"}));
  EXPECT_EQ(f.drift[0].purchase_id, "pur_1");
  EXPECT_EQ(f.drift[1].purchase_id, "pur_3");
}

}  // namespace
}  // namespace mg::audit
