// The ledger: what GET /_sandbox/ledger shows for each provider, its bounds
// (charges and stored idempotency answers), the idempotency claim that
// stops concurrent retries, and the loopback-only bind.
#include "gateway/sandbox/sandbox_ledger.h"
#include "sandbox_test_fixture.h"

namespace mg::sandbox::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string Str(const json::object& o, const char* key) {
  return o.contains(key) && o.at(key).is_string() ? std::string(o.at(key).as_string()) : "";
}

std::vector<std::string> Ids(const json::object& ledger) {
  std::vector<std::string> ids;
  for (const json::value& c : ledger.at("charges").as_array())
    ids.push_back(Str(c.as_object(), "id"));
  return ids;
}

class LedgerSandboxTest : public SandboxTest {};

TEST_F(LedgerSandboxTest, ShowsEveryProvidersMerchantReferenceAndState) {
  Start();
  std::string stripe = Str(StripeCharge("tok_success", "k_l1", 1000, "&capture=false"), "id");
  ASSERT_EQ(Stripe("POST", "/v1/refunds", "charge=" + stripe, "k_l1_void").response.status, 200);
  std::string adyen = Str(AdyenPayment("tok_success", "pur_l2", "k_l2"), "pspReference");
  std::string txid = "sbxledger00000000000000000001";
  PixCob(txid, "[settle=never]");
  ASSERT_EQ(Pix("PATCH", "/cob/" + txid, R"({"status":"REMOVIDA_PELO_USUARIO_RECEBEDOR"})")
                .response.status,
            200);
  json::object ledger = Ledger();
  ASSERT_EQ(Ids(ledger), (std::vector<std::string>{stripe, adyen, txid}));  // oldest first
  const json::array& charges = ledger.at("charges").as_array();
  json::object s = charges[0].as_object();
  EXPECT_EQ(Str(s, "provider"), "stripe");
  EXPECT_EQ(Str(s, "merchant_reference"), "pur_k_l1");
  EXPECT_EQ(Str(s, "reference"), "pur_k_l1");
  EXPECT_EQ(Str(s, "idempotency_key"), "k_l1");
  EXPECT_EQ(Str(s, "token"), "tok_success");
  EXPECT_EQ(Str(s, "currency"), "USD");
  EXPECT_FALSE(s.at("captured").as_bool());
  EXPECT_TRUE(s.at("voided").as_bool());
  EXPECT_EQ(s.at("amount_refunded").as_int64(), 1000);
  EXPECT_GT(s.at("created").as_int64(), 0);
  ASSERT_EQ(s.at("refunds").as_array().size(), 1u);
  json::object a = charges[1].as_object();
  EXPECT_EQ(Str(a, "merchant_reference"), "pur_l2");
  EXPECT_EQ(Str(a, "status"), "Authorised");
  json::object p = charges[2].as_object();
  EXPECT_EQ(Str(p, "merchant_reference"), txid);
  EXPECT_EQ(Str(p, "status"), "REMOVIDA_PELO_USUARIO_RECEBEDOR");
  EXPECT_TRUE(p.at("voided").as_bool());
  EXPECT_TRUE(ledger.at("technical_cancels").as_array().empty());
  const json::object& limits = ledger.at("limits").as_object();
  EXPECT_EQ(limits.at("max_charges").as_int64(), 100000);
  EXPECT_EQ(limits.at("charges").as_int64(), 3);
  EXPECT_EQ(limits.at("evicted_charges").as_int64(), 0);
}

TEST_F(LedgerSandboxTest, DropsTheOldestChargeWithNothingLeftToHappen) {
  Start([](SandboxOptions& o) { o.emulator.max_charges = 3; });
  std::string due = "sbxbounds00000000000000000001";
  PixCob(due, "[settle=100]");  // its payment is still due: kept
  std::vector<std::string> stripe;
  for (int i = 0; i < 4; ++i) {
    stripe.push_back(Str(StripeCharge("tok_success", "k_b" + std::to_string(i)), "id"));
  }
  json::object ledger = Ledger();
  EXPECT_EQ(Ids(ledger), (std::vector<std::string>{due, stripe[2], stripe[3]}));
  const json::object& limits = ledger.at("limits").as_object();
  EXPECT_EQ(limits.at("max_charges").as_int64(), 3);
  EXPECT_EQ(limits.at("evicted_charges").as_int64(), 2);
  EXPECT_EQ(Stripe("GET", "/v1/charges/" + stripe[0]).response.status, 404);
  EXPECT_EQ(Pix("GET", "/cob/" + due).response.status, 200);
}

TEST_F(LedgerSandboxTest, KeepsAtMostMaxStoredIdempotencyAnswers) {
  Start([](SandboxOptions& o) { o.emulator.max_charges = 2; });
  std::string first = Str(StripeCharge("tok_success", "k_a1"), "id");
  StripeCharge("tok_success", "k_a2");
  StripeCharge("tok_success", "k_a3");
  json::object limits = Ledger().at("limits").as_object();
  EXPECT_EQ(limits.at("idempotency_answers").as_int64(), 2);
  EXPECT_EQ(limits.at("evicted_idempotency_answers").as_int64(), 1);
  outbound::HttpResult newest = Stripe("POST", "/v1/charges",
                                       "amount=1000&currency=usd&source=tok_success&metadata%5Bmg_"
                                       "purchase_id%5D=pur_k_a3",
                                       "k_a3");
  EXPECT_EQ(newest.response.Header("Idempotent-Replayed"), "true");
  // The oldest answer is gone: its key is a new request again (documented).
  json::object again = StripeCharge("tok_success", "k_a1");
  EXPECT_NE(Str(again, "id"), first);
}

TEST(LedgerTest, AKeyInFlightIsInProgressUntilAnswered) {
  Ledger ledger;
  StoredAnswer answer;
  EXPECT_EQ(ledger.FindReplay("stripe", "k", "f", &answer), Ledger::Replay::kNone);
  EXPECT_EQ(ledger.FindReplay("stripe", "k", "f", &answer), Ledger::Replay::kInProgress);
  EXPECT_EQ(ledger.FindReplay("adyen", "k", "f", &answer), Ledger::Replay::kNone);  // own scope
  ledger.StoreAnswer("stripe", "k", "f", {200, "first"});
  EXPECT_EQ(ledger.FindReplay("stripe", "k", "f", &answer), Ledger::Replay::kSame);
  EXPECT_EQ(answer.body, "first");
  EXPECT_EQ(ledger.FindReplay("stripe", "k", "other", &answer), Ledger::Replay::kConflict);
  ledger.Release("adyen", "k");
  EXPECT_EQ(ledger.FindReplay("adyen", "k", "f", &answer), Ledger::Replay::kNone);
  EXPECT_EQ(ledger.FindReplay("stripe", "", "f", &answer), Ledger::Replay::kNone);  // no key
}

TEST(LedgerTest, EvictionSparesChargesWithARefundStillPending) {
  Ledger ledger(LedgerLimits{.max_charges = 2, .max_answers = 10});
  Charge pending;
  pending.id = "c_pending";
  ledger.AddCharge(pending, "");
  ledger.AddRefund("c_pending", Refund{.id = "r1", .amount = 1, .status = "pending"}, true);
  Charge settled;
  settled.id = "c_settled";
  ledger.AddCharge(settled, "");
  Charge newest;
  newest.id = "c_newest";
  ledger.AddCharge(newest, "");
  EXPECT_TRUE(ledger.Get("c_pending").has_value());
  EXPECT_FALSE(ledger.Get("c_settled").has_value());
  EXPECT_TRUE(ledger.ChargeOfRefund("r1").has_value());
  // Once every charge has something due, the oldest goes anyway: bounded.
  ledger.AddRefund("c_newest", Refund{.id = "r2", .amount = 1, .status = "pending"}, true);
  Charge last;
  last.id = "c_last";
  ledger.AddCharge(last, "");
  EXPECT_FALSE(ledger.Get("c_pending").has_value());
  EXPECT_FALSE(ledger.ChargeOfRefund("r1").has_value());  // its refunds go with it
  EXPECT_EQ(ledger.Stats().charges, 2u);
  EXPECT_EQ(ledger.Stats().evicted_charges, 2u);
}

TEST(SandboxBindTest, RefusesNonLoopbackAddresses) {
  for (const char* address : {"0.0.0.0", "10.1.2.3", "192.168.1.10", "example.com"}) {
    SandboxOptions options;
    options.address = address;
    EXPECT_EQ(SandboxServer::Start(options).status().code(), ErrorCode::kInvalidArgument)
        << address;
  }
}

}  // namespace
}  // namespace mg::sandbox::testing
