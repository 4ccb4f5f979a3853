// POST /v1/gifts and GET /v1/gifts/{id}: coins bought in DE sent to a
// creator in BR. The wallet is debited, the creator's diamonds credited at
// the declared share and valued at BR's diamond value, the journal balanced;
// replays answer the same bytes; every refusal moves nothing.
#include "gift_routes.h"

#include <latch>
#include <thread>
#include <vector>

#include "api_test_support.h"

namespace mg::api::testing {
namespace {

constexpr const char* kCreator = R"({"market": "BR", "age": 25,
    "payout": {"method": "pix", "token": "pixkey_tok_1"}})";

std::string GiftBody(const std::string& gift = "heart", int64_t quantity = 10,
                     const std::string& sender_age = "30", const std::string& market = "DE",
                     const std::string& creator = "cus_creator") {
  return R"({"market": ")" + market + R"(", "sender": {"id": "cus_viewer", "age": )" + sender_age +
         R"(}, "creator": ")" + creator + R"(", "live_id": "live_1", "gift": ")" + gift +
         R"(", "quantity": )" + std::to_string(quantity) + "}";
}

class GiftRoutesTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ASSERT_EQ(Put("/v1/creators/cus_creator", kCreator).status, 201);
    // 1,400 coins for EUR 19.99.
    ASSERT_EQ(
        Post("/v1/purchases", PurchaseBody("coins_1400", "tok_success", "cus_viewer"), "buy-1")
            .status,
        201);
  }

  int64_t Wallet() const { return Get("/v1/wallets/cus_viewer").Int("balance"); }
  int64_t Diamonds() const {
    return Get("/v1/creators/cus_creator/earnings", kPayoutsKey).Int("diamonds");
  }
};

TEST_F(GiftRoutesTest, AGiftDebitsTheWalletAndCreditsTheCreatorsDiamonds) {
  TestResponse sent = Post("/v1/gifts", GiftBody("heart", 10), "gift-1");
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(sent.Text("object"), "gift");
  EXPECT_TRUE(sent.Text("id").starts_with("gft_"));
  EXPECT_EQ(sent.Text("market"), "DE");
  EXPECT_EQ(sent.Text("creator_market"), "BR");
  EXPECT_EQ(sent.Text("name"), "Herz");  // the market's default locale, de-DE
  EXPECT_EQ(sent.Int("coins"), 50);      // 10 hearts of 5 coins
  EXPECT_EQ(sent.Int("diamonds"), 25);   // the platform's 50 % share

  EXPECT_EQ(Wallet(), 1400 - 50);
  TestResponse wallet = Get("/v1/wallets/cus_viewer");
  EXPECT_EQ(wallet.At("history").as_array()[0].at("type").as_string(), "gift");
  EXPECT_EQ(wallet.At("history").as_array()[0].at("reference").as_string(), sent.Text("id"));

  TestResponse earnings = Get("/v1/creators/cus_creator/earnings", kPayoutsKey);
  ASSERT_EQ(earnings.status, 200) << earnings.body;
  EXPECT_EQ(earnings.Int("diamonds"), 25);
  EXPECT_EQ(earnings.Int("gifts_received"), 1);
  // 25 diamonds at BRL 0.025: 0.625, rounded half up (the platform pack).
  EXPECT_EQ(earnings.Int("payable.amount"), 63);
  EXPECT_EQ(earnings.Text("payable.currency"), "BRL");

  TestResponse read = Get("/v1/gifts/" + sent.Text("id"));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Int("diamonds"), 25);
  EXPECT_EQ(Get("/v1/gifts/" + sent.Text("id"), kOtherPurchasesKey).status, 404);

  EXPECT_EQ(CountRows("outbox_events WHERE type = 'gift.sent'"), 1);
  Result<store::LedgerCheck> check = store_->CheckLedger();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->consistent());
}

TEST_F(GiftRoutesTest, ARepeatedKeyReplaysAndAnotherBodyWithItIsAConflict) {
  TestResponse first = Post("/v1/gifts", GiftBody("rose", 3), "gift-r");
  ASSERT_EQ(first.status, 201) << first.body;
  TestResponse again = Post("/v1/gifts", GiftBody("rose", 3), "gift-r");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.replayed, "true");
  TestResponse other = Post("/v1/gifts", GiftBody("rose", 4), "gift-r");
  EXPECT_EQ(other.status, 409) << other.body;
  EXPECT_EQ(other.Text("error.code"), "idempotency_key_reused");
  EXPECT_EQ(Wallet(), 1400 - 3);
  EXPECT_EQ(CountRows("gifts"), 1);
}

// A gift claims its key in its own transaction (RunLocalIdempotent): many
// copies of one request at once still send one gift, and every copy gets
// its bytes.
TEST_F(GiftRoutesTest, ConcurrentCopiesOfOneRequestSendOneGift) {
  constexpr int kThreads = 16;
  std::vector<TestResponse> responses(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      responses[i] = Post("/v1/gifts", GiftBody("rose", 2), "gift-race");
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(CountReplaysOfOneAnswer(responses, 201), kThreads - 1);
  EXPECT_EQ(CountRows("gifts"), 1);
  EXPECT_EQ(CountRows("outbox_events WHERE type = 'gift.sent'"), 1);
  EXPECT_EQ(CountRows("idempotency_keys WHERE idem_key = 'gift-race' AND state = 'completed' "
                      "AND resource_id LIKE 'gft_%'"),
            1);
  EXPECT_EQ(Wallet(), 1400 - 2);
}

TEST_F(GiftRoutesTest, AKeyUsedBeforeByAnotherRouteIsAConflict) {
  TestResponse gift = Post("/v1/gifts", GiftBody("rose", 1), "buy-1");
  EXPECT_EQ(gift.status, 409) << gift.body;
  EXPECT_EQ(gift.Text("error.code"), "idempotency_key_reused");
  EXPECT_EQ(CountRows("gifts"), 0);
  EXPECT_EQ(Wallet(), 1400);
}

TEST_F(GiftRoutesTest, ARefusalIsKeptForItsKeyAndReplayed) {
  TestResponse minor = Post("/v1/gifts", GiftBody("rose", 1, "17"), "gift-minor");
  ASSERT_EQ(minor.status, 422) << minor.body;
  TestResponse again = Post("/v1/gifts", GiftBody("rose", 1, "17"), "gift-minor");
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.body, minor.body);
  EXPECT_EQ(again.replayed, "true");
  EXPECT_EQ(CountRows("idempotency_keys WHERE idem_key = 'gift-minor' AND resource_id IS NULL"), 1);
}

TEST_F(GiftRoutesTest, TooFewCoinsIs402AndMovesNothing) {
  // One lion costs 2,999 coins; the wallet holds 1,400.
  TestResponse poor = Post("/v1/gifts", GiftBody("lion", 1), "gift-poor");
  ASSERT_EQ(poor.status, 402) << poor.body;
  EXPECT_EQ(poor.Text("error.code"), "insufficient_coins");
  EXPECT_EQ(poor.Text("error.message"), "the wallet holds 1400 coins; the gift costs 2999");
  EXPECT_EQ(Wallet(), 1400);
  EXPECT_EQ(Diamonds(), 0);
  EXPECT_EQ(CountRows("gifts"), 0);
  // Nothing was written, so the key is free for a corrected request.
  EXPECT_EQ(Post("/v1/gifts", GiftBody("rose", 1), "gift-poor").status, 201);
}

TEST_F(GiftRoutesTest, TheSendersAgeIsDecidedPerMarket) {
  TestResponse minor = Post("/v1/gifts", GiftBody("rose", 1, "17"), "gift-minor");
  ASSERT_EQ(minor.status, 422) << minor.body;
  EXPECT_EQ(minor.Text("error.code"), "compliance_denied");
  EXPECT_NE(minor.body.find("platform.age.coins"), std::string::npos);
  TestResponse unknown = Post("/v1/gifts", GiftBody("rose", 1, "null"), "gift-unknown");
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(unknown.Text("error.code"), "age_verification_required");
  EXPECT_EQ(unknown.Text("error.param"), "sender.age");
  // 18 is enough in DE, not in KR (19).
  TestResponse kr = Post("/v1/gifts", GiftBody("rose", 1, "18", "KR"), "gift-kr");
  ASSERT_EQ(kr.status, 422) << kr.body;
  EXPECT_NE(kr.body.find("customer is 18; sending gifts requires 19 or older"), std::string::npos)
      << kr.body;
  EXPECT_EQ(Wallet(), 1400);
  EXPECT_EQ(CountRows("gifts"), 0);
}

TEST_F(GiftRoutesTest, ARestrictedCreatorReceivesNothing) {
  ASSERT_EQ(
      Put("/v1/creators/cus_creator", R"({"market": "BR", "age": 25, "standing": "restricted"})")
          .status,
      200);
  TestResponse refused = Post("/v1/gifts", GiftBody("rose", 1), "gift-restricted");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("creator.standing"), std::string::npos) << refused.body;
  EXPECT_EQ(Wallet(), 1400);
}

struct BadGift {
  const char* name;
  std::string body;
  int status;
  std::string param;
};

class BadGiftTest : public GiftRoutesTest, public ::testing::WithParamInterface<BadGift> {};

TEST_P(BadGiftTest, IsRefusedNamingTheParameterAndMovesNothing) {
  TestResponse r = Post("/v1/gifts", GetParam().body, "bad-gift");
  EXPECT_EQ(r.status, GetParam().status) << r.body;
  EXPECT_EQ(r.Text("error.param"), GetParam().param) << r.body;
  EXPECT_EQ(Wallet(), 1400);
  EXPECT_EQ(CountRows("gifts"), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, BadGiftTest,
    ::testing::Values(
        BadGift{"UnknownGift", GiftBody("unicorn"), 422, "gift"},
        BadGift{"ZeroQuantity", GiftBody("rose", 0), 400, "quantity"},
        BadGift{"NegativeQuantity", GiftBody("rose", -3), 400, "quantity"},
        BadGift{"HugeQuantity", GiftBody("rose", 1000000), 400, "quantity"},
        BadGift{"TooManyCoins", GiftBody("lion", 999), 400, "quantity"},
        BadGift{"SenderIsCreator", GiftBody("rose", 1, "30", "DE", "cus_viewer"), 400, "creator"},
        BadGift{"UnknownCreator", GiftBody("rose", 1, "30", "DE", "cus_nobody"), 404, "creator"},
        BadGift{"UnknownMarket", GiftBody("rose", 1, "30", "ZZ"), 404, "market"},
        BadGift{"SuspendedMarket", GiftBody("rose", 1, "30", "IN"), 451, "market"},
        BadGift{"UnknownMember", R"({"market": "DE", "coins": 5})", 400, "coins"},
        BadGift{"NoSender", R"({"market": "DE", "creator": "c", "live_id": "l", "gift": "rose"})",
                400, "sender"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace mg::api::testing
