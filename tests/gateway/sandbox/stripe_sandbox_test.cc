// The Stripe emulator's PaymentIntents over HTTP: each status a
// confirmation answers, the 3-D Secure tokens and the challenge page,
// confirm after a soft decline, capture, cancel, refunds by intent (pending
// and failing ones with their events), search and list, idempotency and the
// fault tokens. The Charges API endpoints, which the adapter no longer
// uses, stay covered by faults_sandbox_test.cc and ledger_sandbox_test.cc.
#include "sandbox_test_fixture.h"
#include "stripe/stripe_webhook.h"

namespace mg::sandbox::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string Str(const json::object& o, const char* key) {
  return o.contains(key) && o.at(key).is_string() ? std::string(o.at(key).as_string()) : "";
}

const json::object& Obj(const json::object& o, const char* key) { return o.at(key).as_object(); }

class StripeSandboxTest : public SandboxTest {
 protected:
  // POST /v1/payment_intents with confirm=true and manual capture.
  outbound::HttpResult Intent(const std::string& token, const std::string& key,
                              const std::string& three_d_secure = "automatic",
                              const std::string& extra = "") {
    return Stripe("POST", "/v1/payment_intents",
                  "amount=1099&currency=eur&payment_method=" + token +
                      "&confirm=true&capture_method=manual"
                      "&return_url=https%3A%2F%2Fshop.example%2Fback"
                      "&metadata%5Bmg_purchase_id%5D=pur_" +
                      key + "&payment_method_options%5Bcard%5D%5Brequest_three_d_secure%5D=" +
                      three_d_secure + "&expand%5B%5D=latest_charge" + extra,
                  key);
  }
  json::object IntentBody(const std::string& token, const std::string& key,
                          const std::string& three_d_secure = "automatic") {
    outbound::HttpResult r = Intent(token, key, three_d_secure);
    EXPECT_EQ(r.response.status, 200) << r.response.body;
    return Parse(r.response.body);
  }
  std::string ThreeDsResult(const json::object& intent) {
    const json::value& charge = intent.at("latest_charge");
    if (!charge.is_object()) return "<no charge>";
    const json::value& tds = charge.as_object()
                                 .at("payment_method_details")
                                 .as_object()
                                 .at("card")
                                 .as_object()
                                 .at("three_d_secure");
    return tds.is_object() ? Str(tds.as_object(), "result") : "<none>";
  }
  json::object Get(const std::string& id) {
    return Parse(
        Stripe("GET", "/v1/payment_intents/" + id + "?expand%5B%5D=latest_charge").response.body);
  }
};

TEST_F(StripeSandboxTest, ConfirmationAnswersEachStatusInStripesShapes) {
  Start();
  json::object ok = IntentBody("tok_success", "k_ok");
  EXPECT_EQ(Str(ok, "object"), "payment_intent");
  EXPECT_EQ(Str(ok, "id").rfind("pi_sbx_", 0), 0u);
  EXPECT_EQ(Str(ok, "status"), "requires_capture");
  EXPECT_EQ(ok.at("amount_capturable").as_int64(), 1099);
  EXPECT_EQ(Str(Obj(ok, "latest_charge"), "payment_intent"), Str(ok, "id"));
  EXPECT_EQ(ThreeDsResult(ok), "<none>");
  EXPECT_EQ(Str(Obj(ok, "metadata"), "mg_purchase_id"), "pur_k_ok");

  outbound::HttpResult declined = Intent("tok_insufficient_funds", "k_no");
  EXPECT_EQ(declined.response.status, 402);
  json::object error = Parse(declined.response.body).at("error").as_object();
  EXPECT_EQ(Str(error, "type"), "card_error");
  EXPECT_EQ(Str(error, "decline_code"), "insufficient_funds");
  EXPECT_EQ(Str(Obj(error, "payment_intent"), "status"), "requires_payment_method");
  EXPECT_EQ(Str(Obj(Obj(error, "payment_intent"), "last_payment_error"), "decline_code"),
            "insufficient_funds");

  EXPECT_EQ(Str(IntentBody("tok_async_pending", "k_wait"), "status"), "processing");
  json::object action = IntentBody("tok_sca_redirect", "k_sca");
  EXPECT_EQ(Str(action, "status"), "requires_action");
  EXPECT_EQ(Str(Obj(Obj(action, "next_action"), "redirect_to_url"), "url"),
            server_->base_url() + "/stripe/3ds/" + Str(action, "id"));
  EXPECT_EQ(Intent("tok_unknown", "k_bad").response.status, 400);
  outbound::HttpResult limited = Intent("tok_rate_limit", "k_429");
  EXPECT_EQ(limited.response.status, 429);
  EXPECT_EQ(limited.response.Header("Retry-After"), "1");
  EXPECT_EQ(Intent("tok_error_500", "k_500").response.status, 500);
}

TEST_F(StripeSandboxTest, ThreeDsTokensFollowTheScenarioTable) {
  Start();
  // "any" asks for 3-D Secure; "automatic" lets Stripe's engine claim the
  // low-value exemption.
  EXPECT_EQ(ThreeDsResult(IntentBody("tok_3ds_frictionless", "k_f", "any")), "authenticated");
  EXPECT_EQ(ThreeDsResult(IntentBody("tok_3ds_frictionless", "k_f2")), "authenticated");
  EXPECT_EQ(ThreeDsResult(IntentBody("tok_3ds_exemption_accepted", "k_e")), "exempted");
  EXPECT_EQ(ThreeDsResult(IntentBody("tok_3ds_exemption_accepted", "k_e2", "any")),
            "authenticated");
  for (const char* token :
       {"tok_3ds_challenge_pass", "tok_3ds_challenge_fail", "tok_3ds_abandoned"}) {
    EXPECT_EQ(Str(IntentBody(token, std::string("k_") + token), "status"), "requires_action")
        << token;
  }
  EXPECT_EQ(Str(IntentBody("tok_3ds_exemption_refused", "k_r_any", "any"), "status"),
            "requires_action");
  outbound::HttpResult soft = Intent("tok_3ds_exemption_refused", "k_r_auto");
  EXPECT_EQ(soft.response.status, 402);
  json::object error = Parse(soft.response.body).at("error").as_object();
  EXPECT_EQ(Str(error, "code"), "authentication_required");
  EXPECT_EQ(Str(error, "decline_code"), "authentication_required");
  EXPECT_EQ(Str(Obj(error, "payment_intent"), "status"), "requires_payment_method");
}

TEST_F(StripeSandboxTest, ChallengePageCompletesOverPlainHttp) {
  Start();
  json::object pass = IntentBody("tok_3ds_challenge_pass", "k_pass", "any");
  std::string id = Str(pass, "id");
  std::string page = "/stripe/3ds/" + id;
  outbound::HttpResult shown = Send("GET", page, "", {});
  EXPECT_EQ(shown.response.status, 200);
  EXPECT_EQ(shown.response.Header("Content-Type").rfind("text/html", 0), 0u);
  EXPECT_NE(shown.response.body.find("action=\"" + page + "\""), std::string::npos);
  outbound::HttpResult posted = Send("POST", page, "", {});
  EXPECT_EQ(posted.response.status, 303);
  EXPECT_EQ(std::string(posted.response.Header("Location")),
            "https://shop.example/back?payment_intent=" + id + "&payment_intent_client_secret=" +
                Str(pass, "client_secret") + "&redirect_status=succeeded");
  json::object after = Get(id);
  EXPECT_EQ(Str(after, "status"), "requires_capture");
  EXPECT_EQ(ThreeDsResult(after), "authenticated");
  EXPECT_EQ(Send("POST", page, "", {}).response.status, 409);  // spent

  std::string failed = Str(IntentBody("tok_3ds_challenge_fail", "k_failc", "any"), "id");
  outbound::HttpResult no = Send("POST", "/stripe/3ds/" + failed, "", {});
  EXPECT_NE(std::string(no.response.Header("Location")).find("redirect_status=failed"),
            std::string::npos);
  json::object refused = Get(failed);
  EXPECT_EQ(Str(refused, "status"), "requires_payment_method");
  EXPECT_EQ(Str(Obj(refused, "last_payment_error"), "code"),
            "payment_intent_authentication_failure");
  EXPECT_EQ(Send("GET", "/stripe/3ds/pi_sbx_none", "", {}).response.status, 404);

  ASSERT_TRUE(WaitForHooks("stripe", [](const auto& e) {
    return !OfType(e, "payment_intent.payment_failed").empty() &&
           !OfType(e, "payment_intent.amount_capturable_updated").empty();
  }));
  EXPECT_EQ(OfType(StripeEvents(), "payment_intent.requires_action").size(), 2u);
}

TEST_F(StripeSandboxTest, SoftDeclineIsConfirmedAgainWithThreeDSecure) {
  Start();
  outbound::HttpResult soft = Intent("tok_3ds_exemption_refused", "k_soft");
  std::string id =
      Str(Obj(Parse(soft.response.body).at("error").as_object(), "payment_intent"), "id");
  outbound::HttpResult confirmed =
      Stripe("POST", "/v1/payment_intents/" + id + "/confirm",
             "payment_method=tok_3ds_exemption_refused"
             "&payment_method_options%5Bcard%5D%5Brequest_three_d_secure%5D=any",
             "k_soft_3ds");
  ASSERT_EQ(confirmed.response.status, 200) << confirmed.response.body;
  EXPECT_EQ(Str(Parse(confirmed.response.body), "id"), id);
  EXPECT_EQ(Str(Parse(confirmed.response.body), "status"), "requires_action");
  // An intent awaiting the shopper cannot be confirmed again.
  EXPECT_EQ(
      Stripe("POST", "/v1/payment_intents/" + id + "/confirm", "", "k_soft_again").response.status,
      400);
}

TEST_F(StripeSandboxTest, CaptureCancelAndTheirStates) {
  Start();
  std::string id = Str(IntentBody("tok_success", "k_cap"), "id");
  outbound::HttpResult captured =
      Stripe("POST", "/v1/payment_intents/" + id + "/capture", "amount_to_capture=1000", "k_cap_c");
  ASSERT_EQ(captured.response.status, 200) << captured.response.body;
  EXPECT_EQ(Str(Parse(captured.response.body), "status"), "succeeded");
  EXPECT_EQ(Parse(captured.response.body).at("amount_received").as_int64(), 1000);
  EXPECT_TRUE(LedgerCharge(id).at("captured").as_bool());
  EXPECT_EQ(Stripe("POST", "/v1/payment_intents/" + id + "/capture", "", "k_cap_2").response.status,
            400);  // already captured
  EXPECT_EQ(Stripe("POST", "/v1/payment_intents/" + id + "/cancel", "", "k_cap_x").response.status,
            400);

  std::string held = Str(IntentBody("tok_success", "k_hold"), "id");
  outbound::HttpResult canceled = Stripe("POST", "/v1/payment_intents/" + held + "/cancel",
                                         "cancellation_reason=abandoned", "k_hold_x");
  ASSERT_EQ(canceled.response.status, 200);
  EXPECT_EQ(Str(Parse(canceled.response.body), "status"), "canceled");
  EXPECT_EQ(Str(Parse(canceled.response.body), "cancellation_reason"), "abandoned");
  EXPECT_TRUE(LedgerCharge(held).at("voided").as_bool());
  EXPECT_EQ(Stripe("GET", "/v1/payment_intents/pi_sbx_nope").response.status, 404);
  ASSERT_TRUE(WaitForHooks("stripe", [](const auto& e) {
    return OfType(e, "payment_intent.canceled").size() == 1 &&
           OfType(e, "payment_intent.succeeded").size() == 1 &&
           OfType(e, "charge.captured").size() == 1;
  }));
}

TEST_F(StripeSandboxTest, RefundsByIntentIncludingPendingAndFailingOnes) {
  Start();
  std::string id = Str(IntentBody("tok_success", "k_ref"), "id");
  ASSERT_EQ(Stripe("POST", "/v1/payment_intents/" + id + "/capture", "", "k_ref_c").response.status,
            200);
  json::object refund =
      Parse(Stripe("POST", "/v1/refunds", "payment_intent=" + id + "&amount=400", "k_ref_r")
                .response.body);
  EXPECT_EQ(Str(refund, "object"), "refund");
  EXPECT_EQ(Str(refund, "status"), "succeeded");
  EXPECT_EQ(Str(refund, "payment_intent"), id);
  EXPECT_EQ(Str(refund, "charge").rfind("ch_sbx_", 0), 0u);
  EXPECT_EQ(Stripe("POST", "/v1/refunds", "payment_intent=pi_sbx_nope", "k_ref_x").response.status,
            404);
  json::object listed = Parse(Stripe("GET", "/v1/refunds?payment_intent=" + id).response.body);
  ASSERT_EQ(listed.at("data").as_array().size(), 1u);

  std::string failing = Str(IntentBody("tok_refund_fails", "k_rf"), "id");
  Stripe("POST", "/v1/payment_intents/" + failing + "/capture", "", "k_rf_c");
  json::object pending =
      Parse(Stripe("POST", "/v1/refunds", "payment_intent=" + failing, "k_rf_r").response.body);
  EXPECT_EQ(Str(pending, "status"), "pending");
  ASSERT_TRUE(
      WaitForHooks("stripe", [](const auto& e) { return OfType(e, "refund.failed").size() == 1; }));
  json::object failed_refund =
      OfType(StripeEvents(), "refund.failed")[0].at("data").as_object().at("object").as_object();
  EXPECT_EQ(Str(failed_refund, "payment_intent"), failing);
  EXPECT_EQ(Str(failed_refund, "failure_reason"), "expired_or_canceled_card");
  EXPECT_EQ(LedgerCharge(failing).at("amount_refunded").as_int64(), 0);
  // The first intent's charge.refunded names the intent.
  for (const json::object& e : OfType(StripeEvents(), "charge.refunded")) {
    EXPECT_EQ(Str(e.at("data").as_object().at("object").as_object(), "payment_intent"), id);
  }
}

TEST_F(StripeSandboxTest, SearchAndListIntents) {
  Start();
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(Str(IntentBody("tok_success", "k_l" + std::to_string(i)), "id"));
  json::object found = Parse(
      Stripe("GET",
             "/v1/payment_intents/search?query=metadata%5B%27mg_purchase_id%27%5D%3A%27pur_k_l1%27")
          .response.body);
  EXPECT_EQ(Str(found, "object"), "search_result");
  ASSERT_EQ(found.at("data").as_array().size(), 1u);
  EXPECT_EQ(Str(found.at("data").as_array()[0].as_object(), "id"), ids[1]);
  json::object page = Parse(Stripe("GET", "/v1/payment_intents?limit=2").response.body);
  EXPECT_EQ(Str(page, "url"), "/v1/payment_intents");
  EXPECT_TRUE(page.at("has_more").as_bool());
  EXPECT_EQ(Str(page.at("data").as_array()[0].as_object(), "id"), ids[2]);  // newest first
  EXPECT_TRUE(page.at("data").as_array()[0].as_object().at("latest_charge").is_string());
  json::object rest = Parse(Stripe("GET", "/v1/payment_intents?starting_after=" + ids[1] +
                                              "&expand%5B%5D=data.latest_charge.refunds")
                                .response.body);
  ASSERT_EQ(rest.at("data").as_array().size(), 1u);
  EXPECT_TRUE(rest.at("data").as_array()[0].as_object().at("latest_charge").is_object());
  // Charges made by /v1/charges are not intents.
  StripeCharge("tok_success", "k_legacy");
  EXPECT_EQ(Parse(Stripe("GET", "/v1/payment_intents").response.body).at("data").as_array().size(),
            3u);
}

TEST_F(StripeSandboxTest, FaultTokensOnIntentsAreResolvedByTheSameKey) {
  Start();
  outbound::HttpResult first = Intent("tok_fault_409", "k_409");
  EXPECT_EQ(first.response.status, 409);
  outbound::HttpResult again = Intent("tok_fault_409", "k_409");
  ASSERT_EQ(again.response.status, 200);
  EXPECT_EQ(again.response.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(Intent("tok_fault_409", "k_409", "any").response.status, 400);  // another body

  outbound::HttpResult bad_gateway = Intent("tok_fault_charge_then_502", "k_502");
  EXPECT_EQ(bad_gateway.response.status, 502);
  EXPECT_EQ(Intent("tok_fault_charge_then_502", "k_502").response.status, 200);
  EXPECT_EQ(Intent("tok_fault_charge_then_drop", "k_drop").kind,
            outbound::HttpResult::Kind::kAmbiguous);
  EXPECT_EQ(Intent("tok_fault_charge_then_drop", "k_drop").response.status, 200);

  auto impatient = outbound::HttpClient::Create({.read_timeout = 300ms});
  std::string form =
      "amount=100&currency=usd&payment_method=tok_timeout&confirm=true&capture_method=manual";
  outbound::HttpResult lost =
      Send("POST", "/stripe/v1/payment_intents", form,
           {{"Authorization", "Bearer sk"}, {"Idempotency-Key", "k_timeout"}}, impatient->get());
  EXPECT_EQ(lost.kind, outbound::HttpResult::Kind::kAmbiguous);
  auto start = std::chrono::steady_clock::now();
  outbound::HttpResult replay = Stripe("POST", "/v1/payment_intents", form, "k_timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(replay.response.status, 200);
  int made = 0;
  json::object ledger = Ledger();
  for (const json::value& c : ledger.at("charges").as_array()) {
    if (Str(c.as_object(), "id").rfind("pi_", 0) == 0) ++made;
  }
  EXPECT_EQ(made, 4);  // one per key, however often it was sent
}

}  // namespace
}  // namespace mg::sandbox::testing
