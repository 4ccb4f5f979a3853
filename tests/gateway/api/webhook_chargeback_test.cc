// Chargebacks over the webhook route: a dispute that took a coin purchase's
// money (Stripe charge.dispute.funds_withdrawn, Adyen CHARGEBACK) becomes a
// succeeded refund with reason "chargeback": the unspent coins leave the
// wallet, the gifted ones follow the market's gifting.refund_after_gifts
// (unspent_only cannot refuse it), redeliveries change nothing, and a
// dispute won (funds_reinstated, CHARGEBACK_REVERSED) gives everything back.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "regions_with_spend_limit.h"
#include "webhook_route_fixture.h"

namespace mg::api::testing {
namespace {

constexpr const char* kCreator = R"({"market": "BR", "age": 25,
    "payout": {"method": "pix", "token": "pixkey_tok_1"}})";
constexpr const char* kTenHearts = R"({"market": "DE", "sender": {"id": "cus_viewer", "age": 30},
    "creator": "cus_creator", "live_id": "live_1", "gift": "heart", "quantity": 10})";

// The viewer bought 1,400 coins for EUR 19.99 by card (Adyen or Stripe, as
// DE routes it) and sent 10 hearts (50 coins, 25 diamonds) to a creator in
// BR. `policy`, when set, is DE's gifting.refund_after_gifts.
class ChargebackTest : public WebhookRouteTest {
 protected:
  void Open(const std::string& policy = {}) {
    if (!policy.empty()) {
      copy_ = (std::filesystem::temp_directory_path() /
               ("mg-api-chargeback-" + std::to_string(::getpid())))
                  .string();
      std::filesystem::remove_all(copy_);
      CopyRegionsWithRefundPolicy(copy_, policy);
      regions_dir_ = copy_;
    }
    WebhookRouteTest::SetUp();
    ASSERT_EQ(Put("/v1/creators/cus_creator", kCreator).status, 201);
    TestResponse bought =
        Post("/v1/purchases", PurchaseBody("coins_1400", "tok_success", "cus_viewer"), "buy-1");
    ASSERT_EQ(bought.status, 201) << bought.body;
    purchase_ = store_->GetPurchase(bought.Text("id")).value();
    ASSERT_TRUE(purchase_.provider == "stripe" || purchase_.provider == "adyen")
        << purchase_.provider;
    ASSERT_EQ(Post("/v1/gifts", kTenHearts, "gift-1").status, 201);
  }
  void SetUp() override {}  // each test opens with its policy
  void TearDown() override {
    WebhookRouteTest::TearDown();
    if (!copy_.empty()) std::filesystem::remove_all(copy_);
  }

  // The purchase's provider tells of dispute `dispute` taking (or, when
  // `withdrawn` is false, giving back) `amount` of it.
  TestResponse Dispute(const std::string& event_id, const std::string& dispute, bool withdrawn,
                       int64_t amount = 1999) {
    if (purchase_.provider == "stripe") {
      const std::string body = boost::json::serialize(
          boost::json::object{{"id", event_id},
                              {"object", "event"},
                              {"type", withdrawn ? "charge.dispute.funds_withdrawn"
                                                 : "charge.dispute.funds_reinstated"},
                              {"data",
                               {{"object",
                                 {{"id", dispute},
                                  {"object", "dispute"},
                                  {"amount", amount},
                                  {"currency", "eur"},
                                  {"charge", purchase_.provider_reference},
                                  {"status", withdrawn ? "needs_response" : "won"}}}}}});
      return PostStripe(body, NowSeconds());
    }
    // Adyen's event id is its pspReference, code and success: `event_id`
    // stands in for nothing there, and a redelivery is the same body.
    return Post("/v1/webhooks/adyen",
                AdyenNotification(dispute, true, amount, purchase_.id,
                                  withdrawn ? "CHARGEBACK" : "CHARGEBACK_REVERSED",
                                  purchase_.provider_reference));
  }

  std::vector<store::Refund> Chargebacks() const {
    std::vector<store::Refund> out;
    const std::vector<store::Refund> refunds = store_->ListRefunds(purchase_.id).value();
    for (const store::Refund& refund : refunds) {
      if (refund.reason == "chargeback") out.push_back(refund);
    }
    return out;
  }
  int64_t Wallet() const { return Get("/v1/wallets/cus_viewer").Int("balance"); }
  int64_t Diamonds() const {
    return Get("/v1/creators/cus_creator/earnings", kPayoutsKey).Int("diamonds");
  }

  std::string copy_;
  store::Purchase purchase_;
};

TEST_F(ChargebackTest, AChargebackTakesTheUnspentCoinsBackAndADisputeWonGivesThemBack) {
  ASSERT_NO_FATAL_FAILURE(Open());
  TestResponse taken = Dispute("evt_dp_1", "dp_1", true);
  ASSERT_EQ(taken.status, 200) << taken.body;
  EXPECT_EQ(taken.Int("applied"), 1);
  std::vector<store::Refund> chargebacks = Chargebacks();
  ASSERT_EQ(chargebacks.size(), 1u);
  EXPECT_EQ(chargebacks[0].state, store::RefundState::kSucceeded);
  EXPECT_EQ(chargebacks[0].amount_minor, 1999);
  EXPECT_EQ(chargebacks[0].tax_minor, purchase_.tax_minor);
  EXPECT_EQ(chargebacks[0].provider_reference, "dp_1");
  EXPECT_EQ(StateOf(purchase_.id), PurchaseState::kRefunded);
  EXPECT_EQ(Wallet(), 0);
  EXPECT_EQ(Diamonds(), 25);  // the shipped policy: the creator keeps the gift
  EXPECT_EQ(CountRows("outbox_events WHERE type = 'purchase.charged_back'"), 1);

  // The same dispute again, as a redelivery or another event of it: nothing more.
  EXPECT_EQ(Dispute("evt_dp_1", "dp_1", true).Int("applied"), 0);
  EXPECT_EQ(Dispute("evt_dp_1b", "dp_1", true).Int("applied"), 0);
  EXPECT_EQ(Chargebacks().size(), 1u);

  // Won: the chargeback fails, its journal is reversed, the coins come back.
  TestResponse won = Dispute("evt_dp_2", "dp_1", false);
  ASSERT_EQ(won.status, 200) << won.body;
  EXPECT_EQ(won.Int("applied"), 1);
  EXPECT_EQ(Chargebacks()[0].state, store::RefundState::kFailed);
  EXPECT_EQ(StateOf(purchase_.id), PurchaseState::kSucceeded);
  EXPECT_EQ(RefundedOf(purchase_.id), 0);
  EXPECT_EQ(Wallet(), 1350);
  EXPECT_EQ(CountRows("outbox_events WHERE type = 'chargeback.reversed'"), 1);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_F(ChargebackTest, UnspentOnlyCannotRefuseAChargebackAndClawBackTakesTheDiamonds) {
  ASSERT_NO_FATAL_FAILURE(Open("unspent_only"));
  TestResponse taken = Dispute("evt_dp_u", "dp_u", true);
  ASSERT_EQ(taken.status, 200) << taken.body;
  EXPECT_EQ(taken.Int("applied"), 1);
  ASSERT_EQ(Chargebacks().size(), 1u);
  EXPECT_EQ(Chargebacks()[0].amount_minor, 1999);  // all of it, gifted coins too
  EXPECT_EQ(Chargebacks()[0].after_gifts, store::RefundAfterGifts::kPlatformAbsorbs);
  EXPECT_EQ(Diamonds(), 25);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_F(ChargebackTest, UnderClawBackTheGiftsDiamondsComeBackWithTheChargeback) {
  ASSERT_NO_FATAL_FAILURE(Open("claw_back_diamonds"));
  ASSERT_EQ(Dispute("evt_dp_c", "dp_c", true).Int("applied"), 1);
  EXPECT_EQ(Diamonds(), 0);
  EXPECT_EQ(Wallet(), 0);
  // Won: the diamonds go back to the creator with the coins to the viewer.
  ASSERT_EQ(Dispute("evt_dp_c2", "dp_c", false).Int("applied"), 1);
  EXPECT_EQ(Diamonds(), 25);
  EXPECT_EQ(Wallet(), 1350);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_F(ChargebackTest, APartialChargebackTakesItsShareAndOneAfterAFullRefundNothing) {
  ASSERT_NO_FATAL_FAILURE(Open());
  ASSERT_EQ(Dispute("evt_dp_p", "dp_p", true, 999).Int("applied"), 1);
  EXPECT_EQ(RefundedOf(purchase_.id), 999);
  EXPECT_EQ(StateOf(purchase_.id), PurchaseState::kPartiallyRefunded);
  // The rest refunded by support; a second dispute then finds nothing left.
  TestResponse refunded =
      Post("/v1/refunds", R"({"purchase": ")" + purchase_.id + R"("})", "refund-rest");
  ASSERT_EQ(refunded.status, 201) << refunded.body;
  TestResponse late = Dispute("evt_dp_q", "dp_q", true);
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(late.Int("applied"), 0);
  EXPECT_EQ(Chargebacks().size(), 1u);
  EXPECT_EQ(Wallet(), 0);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_F(ChargebackTest, ADisputeOfAPaymentNotOursChangesNothing) {
  ASSERT_NO_FATAL_FAILURE(Open());
  purchase_.provider_reference = "ch_or_psp_of_someone_else";
  TestResponse foreign = Dispute("evt_dp_f", "dp_f", true);
  ASSERT_EQ(foreign.status, 200) << foreign.body;
  EXPECT_EQ(foreign.Int("applied"), 0);
  EXPECT_EQ(CountRows("refunds"), 0);
}

}  // namespace
}  // namespace mg::api::testing
