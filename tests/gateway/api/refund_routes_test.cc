// POST /v1/refunds: partial and full refunds, the captured bound and the
// proportional tax, exact to the minor unit.
#include "refund_routes.h"

#include "api_test_support.h"

namespace mg::api::testing {
namespace {

class RefundRoutesTest : public ApiTest {
 protected:
  // coins_1400: 19.99 EUR gross; net round(1999 * 100 / 119) = 1680, tax 319.
  std::string Buy() {
    TestResponse r = Post("/v1/purchases", PurchaseBody("coins_1400"), "buy");
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.Int("amounts.tax.amount"), 319);
    return r.Text("id");
  }
  TestResponse Refund(const std::string& purchase, const std::string& amount,
                      const std::string& key) {
    std::string body = R"({"purchase": ")" + purchase + R"(", "reason": "requested_by_customer")";
    if (!amount.empty()) body += R"(, "amount": ")" + amount + R"(")";
    return Post("/v1/refunds", body + "}", key);
  }
};

TEST_F(RefundRoutesTest, PartialThenFullRefundTheTaxExactly) {
  std::string purchase = Buy();

  TestResponse first = Refund(purchase, "5.00", "re-1");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Text("object"), "refund");
  EXPECT_EQ(first.Text("purchase"), purchase);
  EXPECT_EQ(first.Text("state"), "succeeded");
  EXPECT_EQ(first.Int("amount.amount"), 500);
  // round_half_up(319 * 500 / 1999) = round(79.79) = 80.
  EXPECT_EQ(first.Int("tax_refunded.amount"), 80);
  EXPECT_EQ(Get("/v1/purchases/" + purchase).Text("state"), "partially_refunded");

  TestResponse second = Refund(purchase, "0.50", "re-2");
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.Int("tax_refunded.amount"), 8);  // round(7.98)

  TestResponse rest = Refund(purchase, "", "re-3");  // the whole remainder
  ASSERT_EQ(rest.status, 201) << rest.body;
  EXPECT_EQ(rest.Int("amount.amount"), 1999 - 550);
  EXPECT_EQ(rest.Int("tax_refunded.amount"), 319 - 80 - 8);

  TestResponse purchase_now = Get("/v1/purchases/" + purchase);
  EXPECT_EQ(purchase_now.Text("state"), "refunded");
  EXPECT_EQ(purchase_now.Int("amounts.refunded.amount"), 1999);
  int refund_attempts = 0;
  for (const auto& attempt : purchase_now.At("attempts").as_array()) {
    if (attempt.as_object().at("operation").as_string() == "refund") ++refund_attempts;
  }
  EXPECT_EQ(refund_attempts, 3);
  EXPECT_EQ(sandbox().refunds(), 3);

  TestResponse over = Refund(purchase, "0.01", "re-4");
  EXPECT_EQ(over.status, 422) << over.body;
  EXPECT_EQ(over.Text("error.code"), "refund_exceeds_captured");
  EXPECT_EQ(CountRows("refunds"), 3);

  TestResponse got = Get("/v1/refunds/" + second.Text("id"));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Int("tax_refunded.amount"), 8);
}

TEST_F(RefundRoutesTest, OverRefundIs422AndWritesNothing) {
  std::string purchase = Buy();
  auto before = CountAll();
  TestResponse r = Refund(purchase, "20.00", "re-over");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.Text("error.code"), "refund_exceeds_captured");
  EXPECT_EQ(r.Text("error.param"), "amount");
  EXPECT_EQ(CountAll(), before);
  EXPECT_EQ(sandbox().refunds(), 0);
}

TEST_F(RefundRoutesTest, RefundReplaysAndRefusesBadInput) {
  std::string purchase = Buy();
  TestResponse first = Refund(purchase, "1.00", "re-replay");
  TestResponse again = Refund(purchase, "1.00", "re-replay");
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.replayed, "true");
  EXPECT_EQ(sandbox().refunds(), 1);

  EXPECT_EQ(Refund(purchase, "1.001", "re-bad").Text("error.param"), "amount");
  EXPECT_EQ(Refund(purchase, "-1.00", "re-neg").status, 422);
  EXPECT_EQ(Refund("pur_000000000000000000000000", "1.00", "re-404").status, 404);
  EXPECT_EQ(Post("/v1/refunds", R"({"purchase": ")" + purchase + R"("})").Text("error.code"),
            "idempotency_key_missing");
}

TEST_F(RefundRoutesTest, FailedPurchaseCannotBeRefunded) {
  TestResponse declined = Post("/v1/purchases", PurchaseBody("coins_70", "tok_card_declined"), "d");
  TestResponse r = Refund(declined.Text("error.details.purchase"), "", "re-failed");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.Text("error.param"), "purchase");
}

TEST(RefundTaxTest, ProportionalHalfUpAndExactRemainder) {
  store::Purchase purchase;
  purchase.total_minor = purchase.captured_minor = 2;
  purchase.tax_minor = 1;
  EXPECT_EQ(*RefundTax(purchase, 1, 0), 1);  // round_half_up(0.5)
  purchase.refunded_minor = 1;
  EXPECT_EQ(*RefundTax(purchase, 1, 1), 0);  // the remainder: the tax left, never more
  purchase = {};
  purchase.total_minor = purchase.captured_minor = 11900;
  purchase.tax_minor = 1900;
  EXPECT_EQ(*RefundTax(purchase, 5950, 0), 950);
  EXPECT_EQ(*RefundTax(purchase, 11900, 0), 1900);
}

}  // namespace
}  // namespace mg::api::testing
