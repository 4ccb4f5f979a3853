// POST /v1/orders and GET /v1/orders/{id}: an order of goods from a
// third-party seller charged through the sandbox as a purchase, with its
// split written with it; the purchase journal moves the split (tax the
// platform remits, seller payable, affiliate commission, platform revenue),
// and a return (a refund) takes each part back exactly; bad input moves
// nothing.
#include <boost/json/serialize.hpp>
#include <chrono>
#include <map>
#include <set>

#include "api_test_support.h"
#include "ledger_expectations.h"

namespace mg::api::testing {
namespace {

// A US-TX buyer orders two USD 25.00 shirts from a Chinese seller during a
// LIVE, with an affiliate creator at 10 %: 53.13 paid, 3.13 Texas tax the
// platform remits, 3.00 referral fee, 5.00 commission, 42.00 to the seller.
std::string TexasOrder(const std::string& category = "fashion") {
  return R"({"market": "US",
    "customer": {"id": "cus_tx", "age": 30},
    "shipping_address": {"country": "US", "subdivision": "US-TX", "postal_code": "78701"},
    "seller": {"id": "seller_cn_1", "country": "CN"},
    "items": [{"listing": "lst_shirt", "title": "Shirt", "unit_price": "25.00",
               "tax_class": "physical_goods", "category": ")" +
         category + R"(", "quantity": 2}],
    "affiliate": {"creator": "creator_1", "rate": "10"},
    "attribution": {"type": "live", "id": "live_1"},
    "payment": {"method": "card", "token": "tok_success"}})";
}

class OrderRoutesTest : public ApiTest {
 protected:
  // The entries of the one journal of `kind` posted for `reference`, summed
  // by account kind ("seller_payable", "affiliate", ...), and the accounts.
  std::map<std::string, int64_t> EntriesByKind(const std::string& reference,
                                               store::JournalKind kind) {
    Result<std::vector<store::Journal>> journals = store_->ListJournals(reference);
    EXPECT_TRUE(journals.ok()) << journals.status().ToString();
    std::map<std::string, int64_t> by_kind;
    int found = 0;
    for (const store::Journal& journal :
         journals.ok() ? *journals : std::vector<store::Journal>{}) {
      if (journal.kind != kind) continue;
      ++found;
      for (const store::LedgerEntry& entry : journal.entries) {
        EXPECT_EQ(entry.unit, "USD") << entry.account;
        by_kind[entry.account.substr(0, entry.account.find(':'))] += entry.amount;
        accounts_.insert(entry.account);
      }
    }
    EXPECT_EQ(found, 1) << reference;
    return by_kind;
  }

  void ExpectLedgerConsistent() const { ExpectLedgerAndAuditClean(*store_); }

  std::set<std::string> accounts_;
};

TEST_F(OrderRoutesTest, ATexasOrderIsChargedAndItsJournalSplitsTheMoney) {
  TestResponse created = Post("/v1/orders", TexasOrder(), "order-1");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Text("state"), "succeeded");
  EXPECT_EQ(created.Int("amounts.total.amount"), 5313);
  EXPECT_EQ(created.Text("quote.kind"), "order");
  EXPECT_EQ(created.Text("quote.order.tax_remittance.remitted_by"), "platform");
  const std::string id = created.Text("id");

  TestResponse read = Get("/v1/orders/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Text("id"), id);
  EXPECT_EQ(read.Int("quote.order.split.seller_payable.amount"), 4200);

  Result<std::optional<store::OrderSplit>> split = store_->GetOrderSplit(id);
  ASSERT_TRUE(split.ok() && split->has_value());
  EXPECT_EQ((*split)->seller_id, "seller_cn_1");
  EXPECT_EQ((*split)->creator_id, "creator_1");
  EXPECT_EQ((*split)->attribution_type, "live");
  EXPECT_EQ((*split)->attribution_id, "live_1");
  EXPECT_EQ((*split)->holding_days, 37);

  std::map<std::string, int64_t> entries = EntriesByKind(id, store::JournalKind::kPurchase);
  EXPECT_EQ(entries["provider"], 5313);
  EXPECT_EQ(entries["tax_payable"], -313);
  EXPECT_EQ(entries["seller_payable"], -4200);
  EXPECT_EQ(entries["affiliate"], -500);
  EXPECT_EQ(entries["commerce_revenue"], -300);
  EXPECT_EQ(entries.count("sales"), 0u);  // an order is not the platform's own sale
  EXPECT_TRUE(accounts_.count("tax_payable:US"));
  EXPECT_TRUE(accounts_.count("commerce_revenue:US"));
  ExpectLedgerConsistent();

  // The replay answers the same; a purchase that is not an order is not one.
  EXPECT_EQ(Post("/v1/orders", TexasOrder(), "order-1").replayed, "true");
  TestResponse coins = Post("/v1/purchases", PurchaseBody("coins_70"), "coins-1");
  ASSERT_EQ(coins.status, 201) << coins.body;
  EXPECT_EQ(Get("/v1/orders/" + coins.Text("id")).status, 404);
  EXPECT_EQ(Get("/v1/purchases/" + id).status, 200);  // an order is a purchase
}

TEST_F(OrderRoutesTest, AReturnInPiecesTakesBackEveryPartExactly) {
  TestResponse created = Post("/v1/orders", TexasOrder(), "order-2");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.Text("id");
  // One shirt back (half), then the rest.
  TestResponse first =
      Post("/v1/refunds", R"({"purchase": ")" + id + R"(", "amount": "26.56", "reason": "return"})",
           "return-1");
  ASSERT_EQ(first.status, 201) << first.body;
  std::map<std::string, int64_t> part =
      EntriesByKind(first.Text("id"), store::JournalKind::kRefund);
  EXPECT_EQ(part["provider"], -2656);
  // 2656 of 5313: tax 313 * 2656 / 5313 = 156.47 -> 156; commission 249.95 -> 249;
  // fee 149.97 -> 149; the seller the rest, 2102.
  EXPECT_EQ(part["tax_payable"], 156);
  EXPECT_EQ(part["affiliate"], 249);
  EXPECT_EQ(part["commerce_revenue"], 149);
  EXPECT_EQ(part["seller_payable"], 2656 - 156 - 249 - 149);

  TestResponse rest =
      Post("/v1/refunds", R"({"purchase": ")" + id + R"(", "reason": "return"})", "return-2");
  ASSERT_EQ(rest.status, 201) << rest.body;
  std::map<std::string, int64_t> last = EntriesByKind(rest.Text("id"), store::JournalKind::kRefund);
  EXPECT_EQ(last["provider"], -(5313 - 2656));
  // Together the two returns give back exactly what the order moved.
  EXPECT_EQ(part["tax_payable"] + last["tax_payable"], 313);
  EXPECT_EQ(part["affiliate"] + last["affiliate"], 500);
  EXPECT_EQ(part["commerce_revenue"] + last["commerce_revenue"], 300);
  EXPECT_EQ(part["seller_payable"] + last["seller_payable"], 4200);
  EXPECT_EQ(Get("/v1/orders/" + id).Text("state"), "refunded");
  ExpectLedgerConsistent();
}

// A shoppable ad booked in the US (the ads account), as the ad-booking
// tools book it.
std::string ShoppableBooking(const std::string& format = "shoppable") {
  return R"({"market": "US", "subdivision": "US-TX", "customer": {"age": 35},)"
         R"( "payment_terms": "invoice",)"
         R"( "ad": {"format": ")" +
         format +
         R"(", "category": "other", "budget": "500.00", "audience_min_age": 18,)"
         R"( "flight": {"start": "2026-06-10", "end": "2026-06-20"},)"
         R"( "advertiser": {"name": "Example Inc."}}})";
}

std::string AttributedTo(const std::string& booking) {
  std::string body = TexasOrder();
  const std::string live = R"("attribution": {"type": "live", "id": "live_1"})";
  body.replace(body.find(live), live.size(),
               R"("attribution": {"type": "shoppable_ad", "id": ")" + booking + R"("})");
  return body;
}

TEST_F(OrderRoutesTest, OrdersAttributedToAShoppableAdAreCountedOnTheBooking) {
  TestResponse booked = Post("/v1/ad_bookings", ShoppableBooking(), "adb-1", kAdsKey);
  ASSERT_EQ(booked.status, 201) << booked.body;
  const std::string booking = booked.Text("id");
  TestResponse none = Get("/v1/ad_bookings/" + booking, kAdsKey);
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.Int("attributed_orders.count"), 0);

  TestResponse first = Post("/v1/orders", AttributedTo(booking), "order-ad-1");
  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_EQ(Post("/v1/orders", AttributedTo(booking), "order-ad-2").status, 201);
  // Half of the first order comes back.
  ASSERT_EQ(
      Post("/v1/refunds",
           R"({"purchase": ")" + first.Text("id") + R"(", "amount": "26.56", "reason": "return"})",
           "return-ad-1")
          .status,
      201);
  TestResponse counted = Get("/v1/ad_bookings/" + booking, kAdsKey);
  ASSERT_EQ(counted.status, 200) << counted.body;
  EXPECT_EQ(counted.Int("attributed_orders.count"), 2);
  EXPECT_EQ(counted.Int("attributed_orders.value.amount"), 2 * 5313 - 2656);
  EXPECT_EQ(counted.Text("attributed_orders.value.currency"), "USD");

  // Not a booking, or not a shoppable one: refused, nothing written.
  TestResponse in_feed = Post("/v1/ad_bookings", ShoppableBooking("in_feed"), "adb-2", kAdsKey);
  ASSERT_EQ(in_feed.status, 201) << in_feed.body;
  EXPECT_FALSE(
      Get("/v1/ad_bookings/" + in_feed.Text("id"), kAdsKey).At("attributed_orders").is_object());
  for (const std::string& wrong :
       {in_feed.Text("id"), std::string("adb_000000000000000000000000")}) {
    TestResponse r = Post("/v1/orders", AttributedTo(wrong), "order-ad-" + wrong);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.Text("error.param"), "attribution.id") << r.body;
  }
  EXPECT_EQ(CountRows("order_splits"), 2);
}

TEST_F(OrderRoutesTest, DeliveryStartsTheReturnWindowAndTheHoldingPeriod) {
  TestResponse created = Post("/v1/orders", TexasOrder(), "order-3");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.Text("id");
  TestResponse before = Get("/v1/orders/" + id);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_TRUE(before.At("fulfillment.delivered_at").is_null());
  EXPECT_TRUE(before.At("fulfillment.holding_ends").is_null());

  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  TestResponse delivered =
      Post("/v1/orders/" + id + "/delivery", R"({"delivered_at": )" + std::to_string(now) + "}");
  ASSERT_EQ(delivered.status, 200) << delivered.body;
  EXPECT_EQ(delivered.Int("fulfillment.delivered_at"), now);
  // US: a 30-day return window, a 37-day holding period (US.yaml, commerce).
  EXPECT_EQ(delivered.Int("fulfillment.return_window_ends"), now + 30 * 86400);
  EXPECT_EQ(delivered.Int("fulfillment.holding_ends"), now + 37 * 86400);
  // The first record stands.
  EXPECT_EQ(Post("/v1/orders/" + id + "/delivery", "{}").Int("fulfillment.delivered_at"), now);

  TestResponse future = Post("/v1/orders/" + id + "/delivery",
                             R"({"delivered_at": )" + std::to_string(now + 3600) + "}");
  EXPECT_EQ(future.status, 400) << future.body;
  EXPECT_EQ(future.Text("error.param"), "delivered_at");
  EXPECT_EQ(Post("/v1/orders/pur_000000000000000000000000/delivery", "{}").status, 404);
  TestResponse coins = Post("/v1/purchases", PurchaseBody("coins_70"), "coins-2");
  EXPECT_EQ(Post("/v1/orders/" + coins.Text("id") + "/delivery", "{}").status, 404);
  EXPECT_EQ(Post("/v1/orders/" + id + "/delivery", R"({"when": 1})").status, 400);
}

TEST_F(OrderRoutesTest, BadOrdersMoveNothing) {
  struct Case {
    const char* name;
    std::string body;
    int status;
    const char* param;
  };
  std::string no_customer_id = TexasOrder();
  no_customer_id.replace(no_customer_id.find(R"("id": "cus_tx", )"), 16, "");
  const std::vector<Case> cases = {
      {"forbidden item", TexasOrder("alcohol"), 422, "items[0].category"},
      {"unknown category", TexasOrder("spaceships"), 422, "items[0].category"},
      {"no customer id", no_customer_id, 400, "customer.id"},
      {"a purchase's kind", R"({"kind": "purchase", )" + TexasOrder().substr(1), 400, "kind"},
      {"no payment", TexasOrder().substr(0, TexasOrder().find(R"(,
    "payment")")) + "}",
       400, "payment"},
  };
  int n = 0;
  for (const Case& c : cases) {
    TestResponse r = Post("/v1/orders", c.body, "bad-" + std::to_string(n++));
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    EXPECT_EQ(r.Text("error.param"), c.param) << c.name << ": " << r.body;
  }
  EXPECT_EQ(CountRows("purchases"), 0);
  EXPECT_EQ(CountRows("order_splits"), 0);
  EXPECT_EQ(CountRows("ledger_journals"), 0);
  EXPECT_EQ(sandbox().authorizations(), 0);
}

}  // namespace
}  // namespace mg::api::testing
