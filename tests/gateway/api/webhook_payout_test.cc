// Creator payouts settled by their provider's webhook: a Stripe Connect
// payout left processing (the sandbox's acct_sandbox_payout_pending) is
// paid by payout.paid, or failed by payout.failed (its diamonds back),
// signed with the instance's webhook secret or its Connect endpoint's;
// redeliveries and events of payouts not ours change nothing.
#include "webhook_route_fixture.h"

namespace mg::api::testing {
namespace {

inline const Secret kConnectSecret("whsec_connect_route_test");

constexpr const char* kUsCreator = R"({"market": "US", "age": 25, "standing": "good",
    "payout": {"method": "stripe_connect", "token": "acct_sandbox_payout_pending"},
    "tax_identity": {"status": "verified", "country": "US"}})";

class PayoutWebhookTest : public WebhookRouteTest {
 protected:
  void SetUp() override {
    WebhookRouteTest::SetUp();
    ASSERT_EQ(Put("/v1/creators/cus_us", kUsCreator).status, 201);
    ASSERT_NO_FATAL_FAILURE(Earn("cus_us"));  // 2,999 diamonds: USD 15.00
    TestResponse paying = Post("/v1/payouts", R"({"creator": "cus_us"})", "pay-us", kPayoutsKey);
    ASSERT_EQ(paying.status, 202) << paying.body;
    payout_ = paying.Text("id");
  }

  static std::string PayoutEvent(const std::string& event_id, const std::string& type,
                                 const std::string& status, const std::string& payout_id) {
    return boost::json::serialize(
        boost::json::object{{"id", event_id},
                            {"object", "event"},
                            {"account", "acct_sandbox_payout_pending"},
                            {"type", type},
                            {"data",
                             {{"object",
                               {{"id", "po_route_test_1"},
                                {"object", "payout"},
                                {"amount", 1500},
                                {"currency", "usd"},
                                {"status", status},
                                {"metadata", {{"payout_id", payout_id}}}}}}}});
  }

  TestResponse Read() const { return Get("/v1/payouts/" + payout_, kPayoutsKey); }
  TestResponse PostConnect(const std::string& body) const {
    return Post(
        "/v1/webhooks/stripe", body, {}, {},
        {{"Stripe-Signature", providers::stripe::SignPayload(body, kConnectSecret, NowSeconds())}});
  }

  std::string payout_;
};

TEST_F(PayoutWebhookTest, PayoutPaidSettlesTheProcessingPayout) {
  ASSERT_EQ(Read().Text("state"), "processing");
  TestResponse told =
      PostStripe(PayoutEvent("evt_po_1", "payout.paid", "paid", payout_), NowSeconds());
  ASSERT_EQ(told.status, 200) << told.body;
  EXPECT_EQ(told.Int("applied"), 1);
  EXPECT_EQ(Read().Text("state"), "paid");
  EXPECT_EQ(Read().Text("provider_reference"), "po_route_test_1");
  EXPECT_EQ(CountRows("outbox_events WHERE type = 'payout.paid'"), 1);
  // Again, and another event of the same payout: nothing more.
  EXPECT_EQ(PostStripe(PayoutEvent("evt_po_1", "payout.paid", "paid", payout_), NowSeconds())
                .Int("duplicates"),
            1);
  EXPECT_EQ(PostStripe(PayoutEvent("evt_po_2", "payout.failed", "failed", payout_), NowSeconds())
                .Int("applied"),
            0);
  EXPECT_EQ(Read().Text("state"), "paid");
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_F(PayoutWebhookTest, PayoutFailedGivesTheDiamondsBack) {
  TestResponse told =
      PostStripe(PayoutEvent("evt_po_f", "payout.failed", "failed", payout_), NowSeconds());
  ASSERT_EQ(told.status, 200) << told.body;
  EXPECT_EQ(told.Int("applied"), 1);
  TestResponse read = Read();
  EXPECT_EQ(read.Text("state"), "failed");
  EXPECT_EQ(Get("/v1/creators/cus_us/earnings", kPayoutsKey).Int("diamonds"), 2999);
  EXPECT_EQ(CountRows("outbox_events WHERE type = 'payout.failed'"), 1);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_F(PayoutWebhookTest, EventsOfPayoutsNotOursOrNotFinalChangeNothing) {
  EXPECT_EQ(PostStripe(PayoutEvent("evt_po_x", "payout.paid", "paid", "pyt_not_ours"), NowSeconds())
                .Int("applied"),
            0);
  EXPECT_EQ(
      PostStripe(PayoutEvent("evt_po_u", "payout.updated", "in_transit", payout_), NowSeconds())
          .Int("applied"),
      0);
  EXPECT_EQ(Read().Text("state"), "processing");
}

// The Connect endpoint signs the connected accounts' events with its own
// secret: refused unless the instance's config names it
// (connect_webhook_secret), then accepted beside the account endpoint's.
TEST_F(PayoutWebhookTest, TheConnectEndpointsSecretIsRefusedWhenNotConfigured) {
  EXPECT_EQ(PostConnect(PayoutEvent("evt_po_c", "payout.paid", "paid", payout_)).status, 401);
  EXPECT_EQ(Read().Text("state"), "processing");
}

class ConnectPayoutWebhookTest : public PayoutWebhookTest {
 protected:
  ConnectPayoutWebhookTest() { stripe_connect_secret_ = kConnectSecret; }
};

TEST_F(ConnectPayoutWebhookTest, TheConnectEndpointsSecretIsAcceptedWhenConfigured) {
  TestResponse told = PostConnect(PayoutEvent("evt_po_c", "payout.paid", "paid", payout_));
  ASSERT_EQ(told.status, 200) << told.body;
  EXPECT_EQ(told.Int("applied"), 1);
  EXPECT_EQ(Read().Text("state"), "paid");
  // The account endpoint's secret still works beside it.
  EXPECT_EQ(
      PostStripe(PayoutEvent("evt_po_c2", "payout.paid", "paid", payout_), NowSeconds()).status,
      200);
}

}  // namespace
}  // namespace mg::api::testing
