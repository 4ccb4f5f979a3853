// The payout endpoints over HTTP: Stripe Connect transfers and payouts made
// as the connected account, Adyen balance-platform transfers; the
// destination tokens, amounts checked, idempotency (replay, reuse with
// another body), and the timeout token.
#include "sandbox_test_fixture.h"

namespace mg::sandbox::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string Str(const json::object& o, const char* key) {
  return o.contains(key) && o.at(key).is_string() ? std::string(o.at(key).as_string()) : "";
}

class PayoutsSandboxTest : public SandboxTest {
 protected:
  // A Stripe request made as the connected account `account` ("" as the
  // platform).
  outbound::HttpResult AsAccount(const std::string& method, const std::string& path,
                                 const std::string& account, const std::string& form = "",
                                 const std::string& key = "",
                                 const outbound::HttpClient* client = nullptr) {
    outbound::HttpHeaders headers{{"Authorization", "Bearer sk_test_sandbox"}};
    if (method == "POST") headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    if (!account.empty()) headers.emplace_back("Stripe-Account", account);
    if (!key.empty()) headers.emplace_back("Idempotency-Key", key);
    return Send(method, "/stripe" + path, form, headers, client);
  }
  json::object Transfer(const std::string& account, const std::string& payout_id,
                        int64_t amount = 1100) {
    outbound::HttpResult r =
        Stripe("POST", "/v1/transfers",
               "amount=" + std::to_string(amount) + "&currency=usd&destination=" + account +
                   "&transfer_group=" + payout_id + "&metadata%5Bpayout_id%5D=" + payout_id,
               payout_id + "-transfer");
    EXPECT_EQ(r.response.status, 200) << r.response.body;
    return Parse(r.response.body);
  }
  outbound::HttpResult Payout(const std::string& account, const std::string& payout_id,
                              int64_t amount = 1100, const std::string& key = "") {
    return AsAccount(
        "POST", "/v1/payouts", account,
        "amount=" + std::to_string(amount) + "&currency=usd&metadata%5Bpayout_id%5D=" + payout_id,
        key.empty() ? payout_id + "-payout" : key);
  }
  outbound::HttpResult AdyenTransfer(const std::string& instrument, const std::string& reference,
                                     const std::string& key, int64_t value = 80000,
                                     const char* priority = "regular") {
    json::object body{{"amount", json::object{{"currency", "EUR"}, {"value", value}}},
                      {"balanceAccountId", "BA32272223222B5LPRFDW7J9G"},
                      {"category", "bank"},
                      {"counterparty", json::object{{"transferInstrumentId", instrument}}},
                      {"reference", reference},
                      {"referenceForBeneficiary", "pyt1"}};
    if (priority != nullptr) body["priority"] = priority;
    return Send(
        "POST", "/adyen/btl/v4/transfers", json::serialize(body),
        {{"X-API-Key", "sandbox"}, {"Content-Type", "application/json"}, {"Idempotency-Key", key}});
  }
  json::object AdyenGet(const std::string& id, int expect_status = 200) {
    outbound::HttpResult r = Send("GET", "/adyen/btl/v4/transfers/" + id, "", {{"X-API-Key", "s"}});
    EXPECT_EQ(r.response.status, expect_status) << r.response.body;
    return Parse(r.response.body);
  }
};

TEST_F(PayoutsSandboxTest, StripeTransferThenPaidPayoutReadableAsTheAccountOnly) {
  Start();
  json::object transfer = Transfer("acct_sandbox_ok", "pyt_paid");
  EXPECT_EQ(Str(transfer, "object"), "transfer");
  EXPECT_EQ(Str(transfer, "id").rfind("tr_sbx_", 0), 0u);
  EXPECT_EQ(Str(transfer, "destination"), "acct_sandbox_ok");
  EXPECT_EQ(Str(transfer, "transfer_group"), "pyt_paid");
  EXPECT_EQ(transfer.at("amount").as_int64(), 1100);

  outbound::HttpResult r = Payout("acct_sandbox_ok", "pyt_paid");
  ASSERT_EQ(r.response.status, 200) << r.response.body;
  json::object payout = Parse(r.response.body);
  EXPECT_EQ(Str(payout, "object"), "payout");
  EXPECT_EQ(Str(payout, "status"), "paid");
  EXPECT_EQ(Str(payout, "currency"), "usd");
  EXPECT_EQ(Str(payout.at("metadata").as_object(), "payout_id"), "pyt_paid");
  std::string id = Str(payout, "id");
  ASSERT_EQ(id.rfind("po_sbx_", 0), 0u);

  EXPECT_EQ(Parse(AsAccount("GET", "/v1/payouts/" + id, "acct_sandbox_ok").response.body), payout);
  // Another account's payout, or one asked for as the platform, does not exist.
  EXPECT_EQ(AsAccount("GET", "/v1/payouts/" + id, "acct_sandbox_payout_fails").response.status,
            404);
  EXPECT_EQ(AsAccount("GET", "/v1/payouts/" + id, "").response.status, 404);

  json::object transfers =
      Parse(Stripe("GET", "/v1/transfers?transfer_group=pyt_paid").response.body);
  ASSERT_EQ(transfers.at("data").as_array().size(), 1u);
  EXPECT_EQ(transfers.at("data").as_array()[0].as_object(), transfer);
  EXPECT_TRUE(Parse(Stripe("GET", "/v1/transfers?transfer_group=pyt_none").response.body)
                  .at("data")
                  .as_array()
                  .empty());
  json::object payouts =
      Parse(AsAccount("GET", "/v1/payouts?limit=100", "acct_sandbox_ok").response.body);
  ASSERT_EQ(payouts.at("data").as_array().size(), 1u);
  EXPECT_EQ(Str(payouts.at("data").as_array()[0].as_object(), "id"), id);
}

TEST_F(PayoutsSandboxTest, StripeFailedPayoutReturnsTheFundsToTheAccount) {
  Start();
  Transfer("acct_sandbox_payout_fails", "pyt_fail");
  json::object failed = Parse(Payout("acct_sandbox_payout_fails", "pyt_fail").response.body);
  EXPECT_EQ(Str(failed, "status"), "failed");
  EXPECT_EQ(Str(failed, "failure_code"), "account_closed");
  EXPECT_FALSE(Str(failed, "failure_message").empty());
  // The money is back in the account: a second payout is not short of funds.
  json::object again =
      Parse(Payout("acct_sandbox_payout_fails", "pyt_fail", 1100, "other-key").response.body);
  EXPECT_EQ(Str(again, "status"), "failed");
  Transfer("acct_sandbox_payout_pending", "pyt_slow");
  EXPECT_EQ(Str(Parse(Payout("acct_sandbox_payout_pending", "pyt_slow").response.body), "status"),
            "in_transit");
}

TEST_F(PayoutsSandboxTest, StripeAmountsAreCheckedAgainstTheAccountBalance) {
  Start();
  json::object broke = Parse(Payout("acct_sandbox_ok", "pyt_nothing").response.body);
  EXPECT_EQ(Str(broke.at("error").as_object(), "code"), "balance_insufficient");
  Transfer("acct_sandbox_ok", "pyt_part", 500);
  EXPECT_EQ(Payout("acct_sandbox_ok", "pyt_part", 501).response.status, 400);
  EXPECT_EQ(Payout("acct_sandbox_ok", "pyt_part", 500, "k2").response.status, 200);
  outbound::HttpResult zero =
      Stripe("POST", "/v1/transfers", "amount=0&currency=usd&destination=acct_sandbox_ok", "k0");
  EXPECT_EQ(zero.response.status, 400);
  EXPECT_EQ(Str(Parse(zero.response.body).at("error").as_object(), "param"), "amount");
  outbound::HttpResult unknown =
      Stripe("POST", "/v1/transfers", "amount=5&currency=usd&destination=acct_nope", "k1");
  EXPECT_EQ(Str(Parse(unknown.response.body).at("error").as_object(), "code"), "resource_missing");
  outbound::HttpResult refused =
      Stripe("POST", "/v1/transfers",
             "amount=5&currency=usd&destination=acct_sandbox_transfer_refused", "k3");
  EXPECT_EQ(refused.response.status, 400);
  EXPECT_EQ(Str(Parse(refused.response.body).at("error").as_object(), "code"),
            "balance_insufficient");
  EXPECT_EQ(Payout("", "pyt_platform").response.status, 400);  // no Stripe-Account
}

TEST_F(PayoutsSandboxTest, StripeReplayedKeyGetsTheSameAnswerAndAnotherBodyIsRefused) {
  Start();
  Transfer("acct_sandbox_ok", "pyt_replay", 2000);
  outbound::HttpResult first = Payout("acct_sandbox_ok", "pyt_replay", 1000, "pk");
  outbound::HttpResult replay = Payout("acct_sandbox_ok", "pyt_replay", 1000, "pk");
  ASSERT_EQ(first.response.status, 200);
  EXPECT_EQ(replay.response.body, first.response.body);
  EXPECT_EQ(replay.response.Header("Idempotent-Replayed"), "true");
  outbound::HttpResult other = Payout("acct_sandbox_ok", "pyt_replay", 999, "pk");
  EXPECT_EQ(other.response.status, 400);
  EXPECT_EQ(Str(Parse(other.response.body).at("error").as_object(), "type"), "idempotency_error");
  // One payout made, and 1000 of the 2000 still in the account.
  json::object payouts = Parse(AsAccount("GET", "/v1/payouts", "acct_sandbox_ok").response.body);
  EXPECT_EQ(payouts.at("data").as_array().size(), 1u);
  EXPECT_EQ(Payout("acct_sandbox_ok", "pyt_replay", 1000, "pk2").response.status, 200);
  EXPECT_EQ(Payout("acct_sandbox_ok", "pyt_replay", 1, "pk3").response.status, 400);
}

TEST_F(PayoutsSandboxTest, StripeTimeoutTokenPaysButTheAnswerIsLate) {
  Start();
  Transfer("acct_sandbox_payout_timeout", "pyt_late");
  auto impatient = outbound::HttpClient::Create({.read_timeout = 300ms});
  ASSERT_TRUE(impatient.ok());
  outbound::HttpResult lost = AsAccount("POST", "/v1/payouts", "acct_sandbox_payout_timeout",
                                        "amount=1100&currency=usd&metadata%5Bpayout_id%5D=pyt_late",
                                        "late-payout", impatient->get());
  EXPECT_EQ(lost.kind, outbound::HttpResult::Kind::kAmbiguous);
  json::object payouts =
      Parse(AsAccount("GET", "/v1/payouts", "acct_sandbox_payout_timeout").response.body);
  ASSERT_EQ(payouts.at("data").as_array().size(), 1u);
  EXPECT_EQ(Str(payouts.at("data").as_array()[0].as_object(), "status"), "paid");
}

TEST_F(PayoutsSandboxTest, AdyenTransferIsReceivedThenReadFinal) {
  Start();
  outbound::HttpResult r = AdyenTransfer("TI_sandbox_ok", "pyt_a1", "ak1");
  ASSERT_EQ(r.response.status, 202) << r.response.body;
  json::object answer = Parse(r.response.body);
  EXPECT_EQ(Str(answer, "status"), "received");
  EXPECT_EQ(Str(answer, "reference"), "pyt_a1");
  EXPECT_EQ(Str(answer.at("counterparty").as_object(), "transferInstrumentId"), "TI_sandbox_ok");
  std::string id = Str(answer, "id");
  ASSERT_EQ(id.size(), 16u);
  EXPECT_EQ(Str(AdyenGet(id), "status"), "credited");

  json::object returned =
      Parse(AdyenTransfer("TI_sandbox_returned", "pyt_a2", "ak2").response.body);
  EXPECT_EQ(Str(returned, "status"), "received");
  json::object later = AdyenGet(Str(returned, "id"));
  EXPECT_EQ(Str(later, "status"), "returned");
  EXPECT_EQ(Str(later, "reason"), "counterpartyAccountClosed");

  json::object refused = Parse(AdyenTransfer("TI_sandbox_refused", "pyt_a3", "ak3").response.body);
  EXPECT_EQ(Str(refused, "status"), "refused");
  EXPECT_EQ(Str(refused, "reason"), "notEnoughBalance");
  EXPECT_EQ(Str(AdyenGet("SBXT999999999999", 404), "errorCode"), "30_012");
}

TEST_F(PayoutsSandboxTest, AdyenChecksTheRequestAndReplaysKeys) {
  Start();
  EXPECT_EQ(AdyenTransfer("TI_unknown", "pyt_b", "bk0").response.status, 422);
  EXPECT_EQ(AdyenTransfer("TI_sandbox_ok", "pyt_b", "bk1", 0).response.status, 422);
  EXPECT_EQ(AdyenTransfer("TI_sandbox_ok", "pyt_b", "bk2", 100, nullptr).response.status, 422);
  outbound::HttpResult first = AdyenTransfer("TI_sandbox_ok", "pyt_b", "bk3");
  outbound::HttpResult replay = AdyenTransfer("TI_sandbox_ok", "pyt_b", "bk3");
  ASSERT_EQ(first.response.status, 202);
  EXPECT_EQ(replay.response.body, first.response.body);  // same id: one transfer
  outbound::HttpResult other = AdyenTransfer("TI_sandbox_ok", "pyt_b", "bk3", 80001);
  EXPECT_EQ(other.response.status, 422);
  EXPECT_EQ(Str(Parse(other.response.body), "errorCode"), "704");
}

}  // namespace
}  // namespace mg::sandbox::testing
