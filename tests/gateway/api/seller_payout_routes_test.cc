// POST /v1/seller_payouts over HTTP, after the orders of order_routes_test:
// the US-TX order from a Chinese seller during a LIVE is held until its
// holding period ends (delivery + 37 days), then paid through the sandbox
// (standing in for the stripe provider); a return after the payout is the
// seller's debt, netted by the next payout and never paid as a negative
// one; a return after the window closes is refused; every refusal moves
// nothing and does not keep the key.
#include <boost/json/serialize.hpp>
#include <chrono>

#include "api_test_support.h"
#include "ledger_expectations.h"

namespace mg::api::testing {
namespace {

constexpr auto kDay = std::chrono::hours(24);

std::string TexasOrder() {
  return R"({"market": "US",
    "customer": {"id": "cus_tx", "age": 30},
    "shipping_address": {"country": "US", "subdivision": "US-TX", "postal_code": "78701"},
    "seller": {"id": "seller_cn_1", "country": "CN"},
    "items": [{"listing": "lst_shirt", "title": "Shirt", "unit_price": "25.00",
               "tax_class": "physical_goods", "category": "fashion", "quantity": 2}],
    "affiliate": {"creator": "creator_1", "rate": "10"},
    "attribution": {"type": "live", "id": "live_1"},
    "payment": {"method": "card", "token": "tok_success"}})";
}

std::string PayoutBody(const std::string& destination = "acct_seller_cn_1",
                       const std::string& method = "stripe_connect",
                       const std::string& market = "US") {
  return R"({"seller": "seller_cn_1", "market": ")" + market + R"(", "method": ")" + method +
         R"(", "destination": ")" + destination + R"("})";
}

class SellerPayoutRoutesTest : public ApiTest {
 protected:
  // An order placed and delivered now; its id.
  std::string DeliveredOrder(const std::string& key) {
    TestResponse created = Post("/v1/orders", TexasOrder(), key);
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string id = created.Text("id");
    EXPECT_EQ(Post("/v1/orders/" + id + "/delivery", "{}").status, 200);
    return id;
  }
  TestResponse Pay(const std::string& key, const std::string& body = PayoutBody()) const {
    return Post("/v1/seller_payouts", body, key, kPayoutsKey);
  }
  // The seller payable's balance: negative while the platform owes the
  // seller, positive for the seller's debt.
  int64_t SellerBalance() const {
    return QueryCount(
        "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries "
        "WHERE account LIKE 'seller_payable:%/seller_cn_1' AND unit = 'USD'");
  }
  void ExpectLedgerConsistent() const { ExpectLedgerAndAuditClean(*store_); }
};

TEST_F(SellerPayoutRoutesTest, ATexasOrderIsHeldThenPaidOutAfterItsHoldingPeriod) {
  const std::string order = DeliveredOrder("order-1");
  const int64_t delivered =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  // Before the holding period ends: refused, nothing moves, the key is free.
  TestResponse early = Pay("seller-pay-1");
  ASSERT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(early.Text("error.code"), "holding_period");
  EXPECT_EQ(early.Text("error.param"), "seller");
  EXPECT_EQ(early.Text("error.details.held_orders.0.order"), order);
  EXPECT_EQ(early.Int("error.details.held_orders.0.holding_ends"), delivered + 37 * 86400);
  EXPECT_EQ(early.Int("error.details.held.amount"), 4200);
  clock_.Advance(36 * kDay);
  EXPECT_EQ(Pay("seller-pay-1").status, 409);
  EXPECT_EQ(CountRows("payouts"), 0);
  EXPECT_EQ(sandbox().payouts(), 0);
  EXPECT_EQ(SellerBalance(), -4200);

  clock_.Advance(kDay);
  TestResponse paid = Pay("seller-pay-1");
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(paid.Text("object"), "payout");
  EXPECT_EQ(paid.Text("state"), "paid");
  EXPECT_EQ(paid.Text("seller"), "seller_cn_1");
  EXPECT_FALSE(paid.At("creator").is_string());
  EXPECT_EQ(paid.Text("currency"), "USD");
  EXPECT_EQ(paid.Int("net.amount"), 4200);
  EXPECT_EQ(paid.Int("withheld.amount"), 0);
  EXPECT_EQ(paid.Text("method"), "stripe_connect");
  EXPECT_EQ(paid.Text("orders.0.order"), order);
  EXPECT_EQ(paid.Int("orders.0.seller_part.amount"), 4200);
  EXPECT_EQ(sandbox().payouts(), 1);
  EXPECT_EQ(sandbox_calls_.last_payout_description, "Seller proceeds");
  EXPECT_EQ(SellerBalance(), 0);
  EXPECT_EQ(CountRows("outbox_events WHERE type = 'payout.paid'"), 1);
  ExpectLedgerConsistent();

  TestResponse again = Pay("seller-pay-1");
  EXPECT_EQ(again.replayed, "true");
  EXPECT_EQ(again.body, paid.body);
  TestResponse read = Get("/v1/payouts/" + paid.Text("id"), kPayoutsKey);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Text("orders.0.order"), order);
  EXPECT_EQ(Get("/v1/payouts/" + paid.Text("id"), kOtherPayoutsKey).status, 404);
  // Paid once: nothing is left.
  TestResponse nothing = Pay("seller-pay-2");
  EXPECT_EQ(nothing.status, 422) << nothing.body;
  EXPECT_EQ(nothing.Text("error.code"), "nothing_payable");
  EXPECT_EQ(sandbox().payouts(), 1);
}

TEST_F(SellerPayoutRoutesTest, AReturnAfterThePayoutIsADebtTheNextPayoutNets) {
  const std::string first = DeliveredOrder("order-1");
  clock_.Advance(37 * kDay);
  ASSERT_EQ(Pay("seller-pay-1").status, 201);

  // The 30-day return window closed: a return is refused, moving nothing...
  TestResponse late = Post(
      "/v1/refunds", R"({"purchase": ")" + first + R"(", "amount": "10.00", "reason": "return"})",
      "late-return");
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(late.Text("error.code"), "return_window_closed");
  EXPECT_EQ(late.Text("error.param"), "reason");
  EXPECT_EQ(CountRows("refunds"), 0);
  // ... a refund for a defect goes through, and the seller's part of it
  // (10.00 - 0.58 tax - 0.94 commission - 0.56 fee) is the seller's debt.
  TestResponse defect = Post(
      "/v1/refunds", R"({"purchase": ")" + first + R"(", "amount": "10.00", "reason": "defect"})",
      "defect-refund");
  ASSERT_EQ(defect.status, 201) << defect.body;
  EXPECT_EQ(SellerBalance(), 792);
  TestResponse debt = Pay("seller-pay-2");
  EXPECT_EQ(debt.status, 422) << debt.body;
  EXPECT_EQ(debt.Text("error.code"), "seller_debt");
  EXPECT_EQ(debt.Int("error.details.owed.amount"), -792);
  EXPECT_EQ(sandbox().payouts(), 1);  // never a negative payout

  const std::string second = DeliveredOrder("order-2");
  clock_.Advance(37 * kDay);
  TestResponse netted = Pay("seller-pay-2");
  ASSERT_EQ(netted.status, 201) << netted.body;
  EXPECT_EQ(netted.Int("net.amount"), 4200 - 792);
  EXPECT_EQ(netted.Text("orders.0.order"), second);
  EXPECT_EQ(SellerBalance(), 0);
  ExpectLedgerConsistent();
}

TEST_F(SellerPayoutRoutesTest, AReturnInsideTheWindowLeavesNothingToPay) {
  const std::string order = DeliveredOrder("order-1");
  clock_.Advance(30 * kDay);  // the window's last moment
  TestResponse returned =
      Post("/v1/refunds", R"({"purchase": ")" + order + R"(", "reason": "return"})", "return-1");
  ASSERT_EQ(returned.status, 201) << returned.body;
  EXPECT_EQ(SellerBalance(), 0);
  clock_.Advance(7 * kDay);
  TestResponse nothing = Pay("seller-pay-1");
  EXPECT_EQ(nothing.status, 422) << nothing.body;
  EXPECT_EQ(nothing.Text("error.code"), "nothing_payable");
  EXPECT_EQ(CountRows("payouts"), 0);
}

TEST_F(SellerPayoutRoutesTest, APayoutTheProviderRefusesReleasesItsOrders) {
  const std::string order = DeliveredOrder("order-1");
  clock_.Advance(37 * kDay);
  TestResponse failed = Pay("seller-pay-1", PayoutBody("acct_payout_declined"));
  ASSERT_EQ(failed.status, 201) << failed.body;
  EXPECT_EQ(failed.Text("state"), "failed");
  EXPECT_EQ(failed.At("orders").as_array().size(), 0u);
  EXPECT_EQ(SellerBalance(), -4200);  // owed again
  TestResponse paid = Pay("seller-pay-2");
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(paid.Text("state"), "paid");
  EXPECT_EQ(paid.Text("orders.0.order"), order);
  ExpectLedgerConsistent();
}

TEST_F(SellerPayoutRoutesTest, BadPayoutsMoveNothing) {
  DeliveredOrder("order-1");
  clock_.Advance(37 * kDay);
  struct Case {
    const char* name;
    std::string body;
    int status;
    const char* param;
  };
  const std::vector<Case> cases = {
      {"a market that pays nobody out", PayoutBody("acct_1", "stripe_connect", "DE"), 422,
       "market"},
      {"a method the market does not offer", PayoutBody("acct_1", "pix"), 422, "method"},
      {"a card number", PayoutBody("4242424242424242"), 400, "destination"},
      {"no seller", R"({"market": "US", "method": "stripe_connect", "destination": "acct_1"})", 400,
       "seller"},
      {"an unknown field", R"({"seller": "s", "market": "US", "method": "stripe_connect",
        "destination": "acct_1", "amount": "1.00"})",
       400, "amount"},
  };
  int n = 0;
  for (const Case& c : cases) {
    TestResponse r = Pay("bad-" + std::to_string(n++), c.body);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    EXPECT_EQ(r.Text("error.param"), c.param) << c.name << ": " << r.body;
    EXPECT_EQ(r.body.find("4242424242424242"), std::string::npos) << c.name;
  }
  // The payouts scope only.
  EXPECT_EQ(Post("/v1/seller_payouts", PayoutBody(), "bad-scope", kPurchasesKey).status, 403);
  EXPECT_EQ(CountRows("payouts"), 0);
  EXPECT_EQ(CountRows("payout_orders"), 0);
  EXPECT_EQ(sandbox().payouts(), 0);
  EXPECT_EQ(SellerBalance(), -4200);
}

}  // namespace
}  // namespace mg::api::testing
