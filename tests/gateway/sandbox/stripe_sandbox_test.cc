// The Stripe emulator over HTTP: Refund objects, lists for audits, refund
// events, idempotency (409 in progress, 400 on another body) and the fault
// tokens.
#include <thread>

#include "sandbox_test_fixture.h"
#include "stripe/stripe_webhook.h"

namespace mg::sandbox::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Str(const json::object& o, const char* key) {
  return o.contains(key) && o.at(key).is_string() ? std::string(o.at(key).as_string()) : "";
}

class StripeSandboxTest : public SandboxTest {};

TEST_F(StripeSandboxTest, RefundsAreObjectsRecordedOnTheCharge) {
  Start();
  json::object charge = StripeCharge("tok_success", "k_refund", 1000);
  std::string id = Str(charge, "id");
  ASSERT_EQ(Str(charge, "status"), "succeeded");
  EXPECT_GT(charge.at("created").as_int64(), 0);

  outbound::HttpResult r =
      Stripe("POST", "/v1/refunds", "charge=" + id + "&amount=400&metadata%5Bwhy%5D=test", "k_r1");
  ASSERT_EQ(r.response.status, 200) << r.response.body;
  json::object refund = Parse(r.response.body);
  EXPECT_EQ(Str(refund, "object"), "refund");
  EXPECT_EQ(Str(refund, "id").rfind("re_", 0), 0u);
  EXPECT_EQ(refund.at("amount").as_int64(), 400);
  EXPECT_EQ(Str(refund, "charge"), id);
  EXPECT_EQ(Str(refund, "currency"), "usd");
  EXPECT_EQ(Str(refund, "status"), "succeeded");
  EXPECT_EQ(Str(refund.at("metadata").as_object(), "why"), "test");
  EXPECT_FALSE(refund.contains("failure_reason"));

  json::object fetched = Parse(Stripe("GET", "/v1/refunds/" + Str(refund, "id")).response.body);
  EXPECT_EQ(fetched, refund);
  json::object after = Parse(Stripe("GET", "/v1/charges/" + id).response.body);
  EXPECT_EQ(after.at("amount_refunded").as_int64(), 400);
  EXPECT_FALSE(after.at("refunded").as_bool());
  const json::object& list = after.at("refunds").as_object();
  EXPECT_EQ(Str(list, "object"), "list");
  EXPECT_EQ(Str(list, "url"), "/v1/charges/" + id + "/refunds");
  ASSERT_EQ(list.at("data").as_array().size(), 1u);
  EXPECT_EQ(Str(list.at("data").as_array()[0].as_object(), "id"), Str(refund, "id"));

  // Without an amount, the rest; then nothing is left to refund.
  ASSERT_EQ(Stripe("POST", "/v1/refunds", "charge=" + id, "k_r2").response.status, 200);
  after = Parse(Stripe("GET", "/v1/charges/" + id).response.body);
  EXPECT_EQ(after.at("amount_refunded").as_int64(), 1000);
  EXPECT_TRUE(after.at("refunded").as_bool());
  EXPECT_EQ(Stripe("POST", "/v1/refunds", "charge=" + id, "k_r3").response.status, 400);

  outbound::HttpResult missing = Stripe("GET", "/v1/refunds/re_sbx_nope");
  EXPECT_EQ(missing.response.status, 404);
  EXPECT_EQ(Str(Parse(missing.response.body).at("error").as_object(), "code"), "resource_missing");

  // One signed charge.refunded per successful refund, about the charge.
  ASSERT_TRUE(WaitForHooks("stripe",
                           [](const auto& e) { return OfType(e, "charge.refunded").size() == 2; }));
  for (const json::object& e : OfType(StripeEvents(), "charge.refunded")) {
    EXPECT_EQ(Str(e.at("data").as_object().at("object").as_object(), "object"), "charge");
    EXPECT_EQ(Str(e.at("data").as_object().at("object").as_object(), "id"), id);
  }
  for (const ReceivedHook& h : hooks_.All()) {
    EXPECT_TRUE(providers::stripe::VerifySignature(h.body, h.headers.at("stripe-signature"),
                                                   Secret(kStripeSecret),
                                                   std::chrono::system_clock::now())
                    .ok());
  }
  json::object ledger = LedgerCharge(id);
  EXPECT_EQ(ledger.at("amount_refunded").as_int64(), 1000);
  EXPECT_EQ(Str(ledger, "merchant_reference"), "pur_k_refund");
  ASSERT_EQ(ledger.at("refunds").as_array().size(), 2u);
  EXPECT_EQ(Str(ledger.at("refunds").as_array()[0].as_object(), "status"), "succeeded");
  EXPECT_EQ(ledger.at("refunds").as_array()[0].as_object().at("amount").as_int64(), 400);
}

TEST_F(StripeSandboxTest, RefundBeforeCaptureVoidsAtOnceWhateverTheToken) {
  Start();
  json::object charge = StripeCharge("tok_refund_fails", "k_void", 700, "&capture=false");
  std::string id = Str(charge, "id");
  ASSERT_FALSE(charge.at("captured").as_bool());
  json::object refund =
      Parse(Stripe("POST", "/v1/refunds", "charge=" + id, "k_void_r").response.body);
  EXPECT_EQ(Str(refund, "status"), "succeeded");
  json::object ledger = LedgerCharge(id);
  EXPECT_TRUE(ledger.at("voided").as_bool());
  EXPECT_FALSE(ledger.at("captured").as_bool());
}

TEST_F(StripeSandboxTest, PendingRefundSucceedsLaterByEventAndLookup) {
  Start();
  std::string id = Str(StripeCharge("tok_refund_pending", "k_rp"), "id");
  json::object refund =
      Parse(Stripe("POST", "/v1/refunds", "charge=" + id, "k_rp_r").response.body);
  ASSERT_EQ(Str(refund, "status"), "pending");
  std::string rid = Str(refund, "id");
  EXPECT_EQ(Str(Parse(Stripe("GET", "/v1/refunds/" + rid).response.body), "status"), "pending");
  EXPECT_EQ(Str(LedgerCharge(id).at("refunds").as_array()[0].as_object(), "status"), "pending");

  ASSERT_TRUE(WaitForHooks("stripe",
                           [](const auto& e) { return OfType(e, "charge.refunded").size() == 1; }));
  std::vector<json::object> events = StripeEvents();
  std::vector<json::object> updated = OfType(events, "refund.updated");
  ASSERT_EQ(updated.size(), 1u);
  const json::object& object = updated[0].at("data").as_object().at("object").as_object();
  EXPECT_EQ(Str(object, "object"), "refund");
  EXPECT_EQ(Str(object, "id"), rid);
  EXPECT_EQ(Str(object, "status"), "succeeded");
  EXPECT_TRUE(OfType(events, "refund.failed").empty());
  EXPECT_EQ(Str(Parse(Stripe("GET", "/v1/refunds/" + rid).response.body), "status"), "succeeded");
  EXPECT_EQ(LedgerCharge(id).at("amount_refunded").as_int64(), 1000);
}

TEST_F(StripeSandboxTest, FailingRefundIsPendingThenFailedAndGivesTheAmountBack) {
  Start();
  std::string id = Str(StripeCharge("tok_refund_fails", "k_rf"), "id");
  json::object refund =
      Parse(Stripe("POST", "/v1/refunds", "charge=" + id + "&amount=300", "k_rf_r").response.body);
  ASSERT_EQ(Str(refund, "status"), "pending");
  EXPECT_EQ(Parse(Stripe("GET", "/v1/charges/" + id).response.body).at("amount_refunded"), 300);

  ASSERT_TRUE(
      WaitForHooks("stripe", [](const auto& e) { return OfType(e, "refund.failed").size() == 1; }));
  std::vector<json::object> events = StripeEvents();
  ASSERT_EQ(OfType(events, "refund.updated").size(), 1u);
  json::object failed =
      OfType(events, "refund.failed")[0].at("data").as_object().at("object").as_object();
  EXPECT_EQ(Str(failed, "status"), "failed");
  EXPECT_EQ(Str(failed, "failure_reason"), "expired_or_canceled_card");
  EXPECT_TRUE(OfType(events, "charge.refunded").empty());
  json::object fetched = Parse(Stripe("GET", "/v1/refunds/" + Str(refund, "id")).response.body);
  EXPECT_EQ(Str(fetched, "status"), "failed");
  EXPECT_EQ(Parse(Stripe("GET", "/v1/charges/" + id).response.body).at("amount_refunded"), 0);
  json::object ledger = LedgerCharge(id);
  EXPECT_EQ(ledger.at("amount_refunded").as_int64(), 0);
  EXPECT_EQ(Str(ledger.at("refunds").as_array()[0].as_object(), "status"), "failed");
}

TEST_F(StripeSandboxTest, ListsChargesAndRefundsNewestFirstWithPages) {
  Start();
  int64_t before = Now();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(Str(StripeCharge("tok_success", "k_list" + std::to_string(i)), "id"));
  }
  std::string window = "created%5Bgte%5D=" + std::to_string(before - 1) +
                       "&created%5Blte%5D=" + std::to_string(Now() + 1);
  json::object page = Parse(Stripe("GET", "/v1/charges?limit=2&" + window).response.body);
  EXPECT_EQ(Str(page, "object"), "list");
  EXPECT_EQ(Str(page, "url"), "/v1/charges");
  EXPECT_TRUE(page.at("has_more").as_bool());
  ASSERT_EQ(page.at("data").as_array().size(), 2u);
  EXPECT_EQ(Str(page.at("data").as_array()[0].as_object(), "id"), ids[4]);
  EXPECT_EQ(Str(page.at("data").as_array()[1].as_object(), "id"), ids[3]);
  std::vector<std::string> seen;
  std::string after;
  for (int guard = 0; guard < 5; ++guard) {
    json::object p = Parse(
        Stripe("GET", "/v1/charges?limit=2" + (after.empty() ? "" : "&starting_after=" + after))
            .response.body);
    for (const json::value& c : p.at("data").as_array()) seen.push_back(Str(c.as_object(), "id"));
    if (!p.at("has_more").as_bool()) break;
    after = seen.back();
  }
  EXPECT_EQ(seen, (std::vector<std::string>{ids[4], ids[3], ids[2], ids[1], ids[0]}));
  // Default limit 10; a window in the future is empty.
  EXPECT_EQ(Parse(Stripe("GET", "/v1/charges").response.body).at("data").as_array().size(), 5u);
  json::object none = Parse(
      Stripe("GET", "/v1/charges?created%5Bgte%5D=" + std::to_string(Now() + 3600)).response.body);
  EXPECT_TRUE(none.at("data").as_array().empty());
  EXPECT_FALSE(none.at("has_more").as_bool());
  EXPECT_EQ(Stripe("GET", "/v1/charges?limit=0").response.status, 400);
  EXPECT_EQ(Stripe("GET", "/v1/charges?limit=101").response.status, 400);
  EXPECT_EQ(Stripe("GET", "/v1/charges?created%5Bgte%5D=soon").response.status, 400);
  EXPECT_EQ(Stripe("GET", "/v1/charges?starting_after=ch_sbx_unknown").response.status, 400);

  std::vector<std::string> refunds;
  for (int i = 0; i < 3; ++i) {
    refunds.push_back(Str(Parse(Stripe("POST", "/v1/refunds", "charge=" + ids[i] + "&amount=10",
                                       "k_lr" + std::to_string(i))
                                    .response.body),
                          "id"));
  }
  json::object rpage = Parse(Stripe("GET", "/v1/refunds?limit=2&" + window).response.body);
  EXPECT_EQ(Str(rpage, "url"), "/v1/refunds");
  EXPECT_TRUE(rpage.at("has_more").as_bool());
  ASSERT_EQ(rpage.at("data").as_array().size(), 2u);
  EXPECT_EQ(Str(rpage.at("data").as_array()[0].as_object(), "id"), refunds[2]);
  json::object rest =
      Parse(Stripe("GET", "/v1/refunds?starting_after=" + refunds[1]).response.body);
  ASSERT_EQ(rest.at("data").as_array().size(), 1u);
  EXPECT_EQ(Str(rest.at("data").as_array()[0].as_object(), "id"), refunds[0]);
  json::object one = Parse(Stripe("GET", "/v1/refunds?charge=" + ids[1]).response.body);
  ASSERT_EQ(one.at("data").as_array().size(), 1u);
  EXPECT_EQ(Str(one.at("data").as_array()[0].as_object(), "id"), refunds[1]);
}

TEST_F(StripeSandboxTest, InProgress409ThenTheChargeAndAnotherBodyIs400) {
  Start();
  std::string form = "amount=500&currency=eur&source=tok_fault_409";
  outbound::HttpResult first = Stripe("POST", "/v1/charges", form, "k_409");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.response.status, 409);
  json::object error = Parse(first.response.body).at("error").as_object();
  EXPECT_EQ(Str(error, "type"), "idempotency_error");
  EXPECT_NE(Str(error, "message").find("currently being processed"), std::string::npos);

  outbound::HttpResult again = Stripe("POST", "/v1/charges", form, "k_409");
  ASSERT_EQ(again.response.status, 200);
  EXPECT_EQ(again.response.Header("Idempotent-Replayed"), "true");
  json::object charge = Parse(again.response.body);
  EXPECT_EQ(Str(charge, "status"), "succeeded");
  int made = 0;
  json::object ledger = Ledger();
  for (const json::value& c : ledger.at("charges").as_array()) {
    if (Str(c.as_object(), "idempotency_key") == "k_409") ++made;
  }
  EXPECT_EQ(made, 1);

  outbound::HttpResult other = Stripe("POST", "/v1/charges", form + "&description=x", "k_409");
  EXPECT_EQ(other.response.status, 400);
  EXPECT_EQ(Str(Parse(other.response.body).at("error").as_object(), "type"), "idempotency_error");
}

TEST_F(StripeSandboxTest, ChargeThen502IsAProxyPageAndTheRetryGetsTheCharge) {
  Start();
  std::string form = "amount=900&currency=usd&source=tok_fault_charge_then_502";
  outbound::HttpResult first = Stripe("POST", "/v1/charges", form, "k_502");
  ASSERT_TRUE(first.ok()) << first.error;
  EXPECT_EQ(first.response.status, 502);
  EXPECT_EQ(first.response.Header("Content-Type"), "text/html");
  EXPECT_TRUE(Parse(first.response.body).empty());  // not JSON
  EXPECT_NE(first.response.body.find("Bad Gateway"), std::string::npos);
  ASSERT_EQ(Ledger().at("charges").as_array().size(), 1u);  // but charged

  outbound::HttpResult retry = Stripe("POST", "/v1/charges", form, "k_502");
  ASSERT_EQ(retry.response.status, 200);
  json::object charge = Parse(retry.response.body);
  EXPECT_EQ(Str(charge, "status"), "succeeded");
  EXPECT_EQ(Str(charge, "id"), Str(Ledger().at("charges").as_array()[0].as_object(), "id"));
  ASSERT_TRUE(WaitForHooks(
      "stripe", [](const auto& e) { return OfType(e, "charge.succeeded").size() == 1; }));
}

TEST_F(StripeSandboxTest, ChargeThenDropClosesTheConnectionAfterCharging) {
  Start();
  std::string form = "amount=900&currency=usd&source=tok_fault_charge_then_drop";
  outbound::HttpResult first = Stripe("POST", "/v1/charges", form, "k_drop");
  EXPECT_EQ(first.kind, outbound::HttpResult::Kind::kAmbiguous) << first.response.status;
  ASSERT_EQ(Ledger().at("charges").as_array().size(), 1u);
  outbound::HttpResult retry = Stripe("POST", "/v1/charges", form, "k_drop");
  ASSERT_EQ(retry.response.status, 200);
  EXPECT_EQ(Ledger().at("charges").as_array().size(), 1u);
}

TEST_F(StripeSandboxTest, TimeoutTokenStillHoldsTheAnswerAndReplaysAtOnce) {
  Start();
  auto impatient = outbound::HttpClient::Create({.read_timeout = 300ms});
  ASSERT_TRUE(impatient.ok());
  std::string form = "amount=100&currency=usd&source=tok_timeout";
  outbound::HttpResult lost =
      Send("POST", "/stripe/v1/charges", form,
           {{"Authorization", "Bearer sk"}, {"Idempotency-Key", "k_timeout"}}, impatient->get());
  EXPECT_EQ(lost.kind, outbound::HttpResult::Kind::kAmbiguous);
  auto start = std::chrono::steady_clock::now();
  outbound::HttpResult replay = Stripe("POST", "/v1/charges", form, "k_timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(replay.response.status, 200);
}

}  // namespace
}  // namespace mg::sandbox::testing
