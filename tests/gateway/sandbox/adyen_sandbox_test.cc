// The Adyen emulator over HTTP: AUTHORISATION's merchantReference,
// technical cancels by merchant reference, refund notifications (REFUND,
// REFUND_FAILED), the fault tokens with Adyen's error shape, and 3-D
// Secure 2 (the challenge page, /payments/details, abandoned challenges).
#include "adyen/adyen_webhook.h"
#include "sandbox_test_fixture.h"

namespace mg::sandbox::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string Str(const json::object& o, const char* key) {
  return o.contains(key) && o.at(key).is_string() ? std::string(o.at(key).as_string()) : "";
}

std::vector<json::object> WithCode(const std::vector<json::object>& items, const char* code) {
  std::vector<json::object> out;
  for (const json::object& i : items) {
    if (Str(i, "eventCode") == code) out.push_back(i);
  }
  return out;
}

auto CodeCount(const char* code, std::size_t n) {
  return [code, n](const std::vector<json::object>& items) {
    return WithCode(items, code).size() >= n;
  };
}

json::object Body(const std::string& payment_reference, const std::string& reference) {
  return json::object{{"merchantAccount", "MarketgateSandbox"},
                      {"paymentReference", payment_reference},
                      {"reference", reference}};
}

class AdyenSandboxTest : public SandboxTest {};

TEST_F(AdyenSandboxTest, AuthorisationCarriesThePaymentReference) {
  Start();
  json::object paid = AdyenPayment("tok_success", "pur_auth", "k_auth");
  ASSERT_EQ(Str(paid, "resultCode"), "Authorised");
  ASSERT_TRUE(WaitForHooks("adyen", CodeCount("AUTHORISATION", 1)));
  json::object item = WithCode(AdyenItems(), "AUTHORISATION")[0];
  EXPECT_EQ(Str(item, "merchantReference"), "pur_auth");
  EXPECT_EQ(Str(item, "pspReference"), Str(paid, "pspReference"));
  EXPECT_EQ(Str(item, "success"), "true");
  // Signed as the gateway's verifier expects.
  for (const ReceivedHook& h : hooks_.All()) {
    auto events = providers::adyen::VerifyAndParse(h.body, Secret(kAdyenHmacKey));
    EXPECT_TRUE(events.ok()) << events.status().ToString();
  }
  EXPECT_EQ(Str(LedgerCharge(Str(paid, "pspReference")), "merchant_reference"), "pur_auth");
}

TEST_F(AdyenSandboxTest, TechnicalCancelVoidsThePaymentMadeWithThatReference) {
  Start();
  std::string psp = Str(AdyenPayment("tok_success", "pur_tc", "k_tc"), "pspReference");
  outbound::HttpResult r = Adyen("/cancels", Body("pur_tc", "tc-1"), "k_tc_cancel");
  ASSERT_EQ(r.response.status, 201) << r.response.body;
  json::object answer = Parse(r.response.body);
  EXPECT_EQ(Str(answer, "merchantAccount"), "MarketgateSandbox");
  EXPECT_EQ(Str(answer, "paymentReference"), "pur_tc");
  EXPECT_EQ(Str(answer, "reference"), "tc-1");
  EXPECT_EQ(Str(answer, "status"), "received");
  EXPECT_EQ(Str(answer, "pspReference").size(), 16u);

  ASSERT_TRUE(WaitForHooks("adyen", CodeCount("TECHNICAL_CANCEL", 1)));
  json::object item = WithCode(AdyenItems(), "TECHNICAL_CANCEL")[0];
  EXPECT_EQ(Str(item, "success"), "true");
  EXPECT_EQ(Str(item, "originalReference"), psp);
  EXPECT_EQ(Str(item, "pspReference"), Str(answer, "pspReference"));
  EXPECT_EQ(Str(item, "merchantReference"), "pur_tc");

  json::object charge = LedgerCharge(psp);
  EXPECT_TRUE(charge.at("voided").as_bool());
  EXPECT_EQ(Str(charge, "status"), "Cancelled");
  json::object ledger = Ledger();
  const json::array& cancels = ledger.at("technical_cancels").as_array();
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(Str(cancels[0].as_object(), "payment_reference"), "pur_tc");
  EXPECT_EQ(cancels[0].as_object().at("cancelled").as_array(), (json::array{json::value(psp)}));
  EXPECT_TRUE(cancels[0].as_object().at("success").as_bool());
  // Idempotent: the same key answers the same, and cancels nothing more.
  EXPECT_EQ(Adyen("/cancels", Body("pur_tc", "tc-1"), "k_tc_cancel").response.body,
            r.response.body);
  EXPECT_EQ(Ledger().at("technical_cancels").as_array().size(), 1u);
}

TEST_F(AdyenSandboxTest, TechnicalCancelWithNoPaymentSucceedsWithNothingToCancel) {
  Start();
  outbound::HttpResult r = Adyen("/cancels", Body("pur_never_made", "tc-2"), "k_tc2");
  ASSERT_EQ(r.response.status, 201);
  ASSERT_TRUE(WaitForHooks("adyen", CodeCount("TECHNICAL_CANCEL", 1)));
  json::object item = WithCode(AdyenItems(), "TECHNICAL_CANCEL")[0];
  EXPECT_EQ(Str(item, "success"), "true");
  EXPECT_EQ(Str(item, "originalReference"), "");
  EXPECT_EQ(Str(item, "merchantReference"), "pur_never_made");
  json::object ledger = Ledger();
  const json::object& cancel = ledger.at("technical_cancels").as_array()[0].as_object();
  EXPECT_TRUE(cancel.at("cancelled").as_array().empty());
  EXPECT_TRUE(ledger.at("charges").as_array().empty());
  EXPECT_EQ(Adyen("/cancels", json::object{{"merchantAccount", "M"}}, "k_tc3").response.status,
            422);
}

TEST_F(AdyenSandboxTest, TechnicalCancelOfCapturedMoneyFails) {
  Start();
  std::string psp = Str(AdyenPayment("tok_success", "pur_cap", "k_cap"), "pspReference");
  ASSERT_EQ(Adyen("/payments/" + psp + "/captures",
                  json::object{{"merchantAccount", "MarketgateSandbox"},
                               {"amount", json::object{{"currency", "EUR"}, {"value", 1000}}}},
                  "k_cap_c")
                .response.status,
            201);
  ASSERT_EQ(Adyen("/cancels", Body("pur_cap", "tc-3"), "k_cap_tc").response.status, 201);
  ASSERT_TRUE(WaitForHooks("adyen", CodeCount("TECHNICAL_CANCEL", 1)));
  json::object item = WithCode(AdyenItems(), "TECHNICAL_CANCEL")[0];
  EXPECT_EQ(Str(item, "success"), "false");
  EXPECT_FALSE(Str(item, "reason").empty());
  EXPECT_EQ(Str(item, "originalReference"), psp);
  json::object charge = LedgerCharge(psp);
  EXPECT_TRUE(charge.at("captured").as_bool());
  EXPECT_FALSE(charge.at("voided").as_bool());
  EXPECT_FALSE(Ledger().at("technical_cancels").as_array()[0].as_object().at("success").as_bool());
}

TEST_F(AdyenSandboxTest, RefundNotificationNamesPaymentRefundAndRequestReference) {
  Start();
  std::string psp = Str(AdyenPayment("tok_success", "pur_rf", "k_rf"), "pspReference");
  outbound::HttpResult r =
      Adyen("/payments/" + psp + "/refunds",
            json::object{{"merchantAccount", "MarketgateSandbox"},
                         {"reference", "rf-1"},
                         {"amount", json::object{{"currency", "EUR"}, {"value", 600}}}},
            "k_rf_r");
  ASSERT_EQ(r.response.status, 201);
  json::object answer = Parse(r.response.body);
  EXPECT_EQ(Str(answer, "status"), "received");
  EXPECT_EQ(Str(answer, "paymentPspReference"), psp);
  ASSERT_TRUE(WaitForHooks("adyen", CodeCount("REFUND", 1)));
  json::object item = WithCode(AdyenItems(), "REFUND")[0];
  EXPECT_EQ(Str(item, "success"), "true");
  EXPECT_EQ(Str(item, "originalReference"), psp);
  EXPECT_EQ(Str(item, "pspReference"), Str(answer, "pspReference"));
  EXPECT_EQ(Str(item, "merchantReference"), "rf-1");
  EXPECT_EQ(item.at("amount").as_object().at("value").as_int64(), 600);
  json::object charge = LedgerCharge(psp);
  EXPECT_EQ(charge.at("amount_refunded").as_int64(), 600);
  json::object refund = charge.at("refunds").as_array()[0].as_object();
  EXPECT_EQ(Str(refund, "id"), Str(answer, "pspReference"));
  EXPECT_EQ(Str(refund, "status"), "succeeded");
}

TEST_F(AdyenSandboxTest, RefundOfARefusedPaymentIsRefundSuccessFalse) {
  Start();
  std::string psp = Str(AdyenPayment("tok_card_declined", "pur_no", "k_no"), "pspReference");
  ASSERT_EQ(Adyen("/payments/" + psp + "/refunds",
                  json::object{{"merchantAccount", "MarketgateSandbox"}, {"reference", "rf-no"}},
                  "k_no_r")
                .response.status,
            201);
  ASSERT_TRUE(WaitForHooks("adyen", CodeCount("REFUND", 1)));
  json::object item = WithCode(AdyenItems(), "REFUND")[0];
  EXPECT_EQ(Str(item, "success"), "false");
  EXPECT_FALSE(Str(item, "reason").empty());
  EXPECT_EQ(LedgerCharge(psp).at("amount_refunded").as_int64(), 0);
}

TEST_F(AdyenSandboxTest, FailingRefundIsReceivedThenRefundFailed) {
  Start();
  std::string psp = Str(AdyenPayment("tok_refund_fails", "pur_rff", "k_rff"), "pspReference");
  outbound::HttpResult r = Adyen(
      "/payments/" + psp + "/refunds",
      json::object{{"merchantAccount", "MarketgateSandbox"}, {"reference", "rf-2"}}, "k_rff_r");
  ASSERT_EQ(Str(Parse(r.response.body), "status"), "received");
  EXPECT_EQ(Str(LedgerCharge(psp).at("refunds").as_array()[0].as_object(), "status"), "pending");
  ASSERT_TRUE(WaitForHooks("adyen", CodeCount("REFUND_FAILED", 1)));
  std::vector<json::object> items = AdyenItems();
  ASSERT_EQ(WithCode(items, "REFUND").size(), 1u);  // the validations passed
  EXPECT_EQ(Str(WithCode(items, "REFUND")[0], "success"), "true");
  json::object failed = WithCode(items, "REFUND_FAILED")[0];
  EXPECT_EQ(Str(failed, "success"), "true");  // the failure happened
  EXPECT_EQ(Str(failed, "originalReference"), psp);
  EXPECT_EQ(Str(failed, "pspReference"), Str(Parse(r.response.body), "pspReference"));
  EXPECT_EQ(Str(failed, "merchantReference"), "rf-2");
  EXPECT_FALSE(Str(failed, "reason").empty());
  json::object charge = LedgerCharge(psp);
  EXPECT_EQ(charge.at("amount_refunded").as_int64(), 0);
  EXPECT_EQ(Str(charge.at("refunds").as_array()[0].as_object(), "status"), "failed");
}

TEST_F(AdyenSandboxTest, PendingRefundGetsItsRefundNotificationLater) {
  Start();
  std::string psp = Str(AdyenPayment("tok_refund_pending", "pur_rfp", "k_rfp"), "pspReference");
  auto asked = std::chrono::steady_clock::now();
  ASSERT_EQ(Adyen("/payments/" + psp + "/refunds",
                  json::object{{"merchantAccount", "MarketgateSandbox"}, {"reference", "rf-3"}},
                  "k_rfp_r")
                .response.status,
            201);
  EXPECT_EQ(Str(LedgerCharge(psp).at("refunds").as_array()[0].as_object(), "status"), "pending");
  ASSERT_TRUE(WaitForHooks("adyen", CodeCount("REFUND", 1)));
  std::vector<ReceivedHook> all = hooks_.All();
  EXPECT_GE(all.back().at - asked, 900ms);  // after the settle delay, not at once
  EXPECT_EQ(Str(WithCode(AdyenItems(), "REFUND")[0], "success"), "true");
  EXPECT_TRUE(WithCode(AdyenItems(), "REFUND_FAILED").empty());
  EXPECT_EQ(Str(LedgerCharge(psp).at("refunds").as_array()[0].as_object(), "status"), "succeeded");
}

TEST_F(AdyenSandboxTest, FaultTokensAnswer502DropAnd409ButThePaymentIsMade) {
  Start();
  json::object payment{
      {"merchantAccount", "MarketgateSandbox"},
      {"reference", "pur_f"},
      {"amount", json::object{{"currency", "EUR"}, {"value", 100}}},
      {"paymentMethod", json::object{{"type", "scheme"}, {"storedPaymentMethodId", ""}}}};
  auto with = [&payment](const char* token) {
    json::object p = payment;
    p["paymentMethod"].as_object()["storedPaymentMethodId"] = token;
    return p;
  };
  outbound::HttpResult bad = Adyen("/payments", with("tok_fault_charge_then_502"), "k_a502");
  EXPECT_EQ(bad.response.status, 502);
  EXPECT_TRUE(Parse(bad.response.body).empty());
  outbound::HttpResult dropped = Adyen("/payments", with("tok_fault_charge_then_drop"), "k_adrop");
  EXPECT_EQ(dropped.kind, outbound::HttpResult::Kind::kAmbiguous);
  outbound::HttpResult busy = Adyen("/payments", with("tok_fault_409"), "k_a409");
  ASSERT_EQ(busy.response.status, 409);
  json::object error = Parse(busy.response.body);
  EXPECT_EQ(error.at("status").as_int64(), 409);
  EXPECT_EQ(Str(error, "errorCode"), "704");
  EXPECT_EQ(Str(error, "errorType"), "validation");
  EXPECT_EQ(Ledger().at("charges").as_array().size(), 3u);  // all three were made

  for (auto [token, key] :
       {std::pair{"tok_fault_charge_then_502", "k_a502"},
        std::pair{"tok_fault_charge_then_drop", "k_adrop"}, std::pair{"tok_fault_409", "k_a409"}}) {
    outbound::HttpResult retry = Adyen("/payments", with(token), key);
    ASSERT_EQ(retry.response.status, 200) << token;
    EXPECT_EQ(Str(Parse(retry.response.body), "resultCode"), "Authorised") << token;
  }
  EXPECT_EQ(Ledger().at("charges").as_array().size(), 3u);
  ASSERT_TRUE(WaitForHooks("adyen", CodeCount("AUTHORISATION", 3)));
}

// A /payments body with 3-D Secure asked (as the adapter sends it).
json::object ThreeDsPayment(const std::string& token, const std::string& reference,
                            const char* return_url = "https://shop.example/r") {
  json::object body{
      {"merchantAccount", "MarketgateSandbox"},
      {"reference", reference},
      {"amount", json::object{{"currency", "EUR"}, {"value", 1500}}},
      {"paymentMethod", json::object{{"type", "scheme"}, {"storedPaymentMethodId", token}}},
      {"shopperInteraction", "Ecommerce"},
      {"channel", "Web"},
      {"authenticationData", json::object{{"attemptAuthentication", "always"}}}};
  if (*return_url != '\0') body["returnUrl"] = return_url;
  return body;
}

std::string RedirectResultOf(const std::string& location) {
  std::string::size_type at = location.find("redirectResult=");
  return at == std::string::npos ? "" : location.substr(at + 15);
}

TEST_F(AdyenSandboxTest, ChallengePageAndDetailsOverPlainHttp) {
  Start();
  outbound::HttpResult made =
      Adyen("/payments", ThreeDsPayment("tok_3ds_challenge_pass", "pur_p"), "k_3ds_p");
  json::object paid = Parse(made.response.body);
  ASSERT_EQ(Str(paid, "resultCode"), "RedirectShopper") << made.response.body;
  std::string psp = Str(paid, "pspReference");
  const json::object& action = paid.at("action").as_object();
  EXPECT_EQ(Str(action, "type"), "redirect");
  EXPECT_EQ(Str(action, "method"), "GET");
  EXPECT_EQ(Str(action, "url"), server_->base_url() + "/adyen/3ds/" + psp);
  // The shopper's browser: no API key.
  outbound::HttpResult page = Send("GET", "/adyen/3ds/" + psp, "", {});
  ASSERT_EQ(page.response.status, 200);
  EXPECT_NE(page.response.body.find("<form method=\"post\""), std::string::npos);
  outbound::HttpResult posted = Send("POST", "/adyen/3ds/" + psp, "", {});
  ASSERT_EQ(posted.response.status, 303);
  std::string location(posted.response.Header("Location"));
  EXPECT_EQ(location.rfind("https://shop.example/r?redirectResult=", 0), 0u) << location;
  // Posted twice (a double click): the same redirect.
  EXPECT_EQ(Send("POST", "/adyen/3ds/" + psp, "", {}).response.Header("Location"), location);
  EXPECT_EQ(Send("POST", "/adyen/3ds/0000000000000000", "", {}).response.status, 404);

  json::object details{{"details", json::object{{"redirectResult", RedirectResultOf(location)}}}};
  outbound::HttpResult done = Adyen("/payments/details", details, "k_3ds_p_d");
  ASSERT_EQ(done.response.status, 200) << done.response.body;
  json::object answer = Parse(done.response.body);
  EXPECT_EQ(Str(answer, "resultCode"), "Authorised");
  EXPECT_EQ(Str(answer, "pspReference"), psp);
  EXPECT_EQ(Str(answer.at("additionalData").as_object(), "threeDAuthenticated"), "true");
  EXPECT_EQ(Str(answer.at("threeDS2Result").as_object(), "transStatus"), "Y");
  ASSERT_TRUE(WaitForHooks("adyen", CodeCount("AUTHORISATION", 1)));
  std::vector<json::object> auths = WithCode(AdyenItems(), "AUTHORISATION");
  ASSERT_EQ(auths.size(), 1u);  // only the final result is notified
  EXPECT_EQ(Str(auths[0], "pspReference"), psp);
  EXPECT_EQ(Str(auths[0], "success"), "true");
  // Resolved once: submitted again under another key, the same answer.
  EXPECT_EQ(
      Str(Parse(Adyen("/payments/details", details, "k_3ds_p_d2").response.body), "resultCode"),
      "Authorised");
  EXPECT_EQ(Str(LedgerCharge(psp), "status"), "Authorised");
  EXPECT_EQ(Send("GET", "/adyen/3ds/" + psp, "", {}).response.status, 410);
}

TEST_F(AdyenSandboxTest, FailedChallengeIsRefusedThreeDNotAuthenticated) {
  Start();
  json::object paid =
      Parse(Adyen("/payments", ThreeDsPayment("tok_3ds_challenge_fail", "pur_f"), "k_3ds_f")
                .response.body);
  std::string psp = Str(paid, "pspReference");
  std::string location(Send("POST", "/adyen/3ds/" + psp, "", {}).response.Header("Location"));
  json::object answer = Parse(
      Adyen("/payments/details",
            json::object{{"details", json::object{{"redirectResult", RedirectResultOf(location)}}}},
            "k_3ds_f_d")
          .response.body);
  EXPECT_EQ(Str(answer, "resultCode"), "Refused");
  EXPECT_EQ(Str(answer, "refusalReasonCode"), "11");
  EXPECT_EQ(Str(answer, "refusalReason"), "3D Not Authenticated");
  ASSERT_TRUE(WaitForHooks("adyen", CodeCount("AUTHORISATION", 1)));
  EXPECT_EQ(Str(WithCode(AdyenItems(), "AUTHORISATION")[0], "success"), "false");
}

TEST_F(AdyenSandboxTest, ThreeDsRequestFieldsDecideTheStep) {
  Start();
  json::object exempt = ThreeDsPayment("tok_3ds_exemption_refused", "pur_x");
  exempt.erase("authenticationData");
  exempt["additionalData"] = json::object{{"scaExemption", "lowValue"}};
  json::object soft = Parse(Adyen("/payments", exempt, "k_3ds_x").response.body);
  EXPECT_EQ(Str(soft, "resultCode"), "Refused");
  EXPECT_EQ(Str(soft, "refusalReasonCode"), "38");
  exempt["reference"] = "pur_y";
  exempt["paymentMethod"].as_object()["storedPaymentMethodId"] = "tok_3ds_exemption_accepted";
  json::object accepted = Parse(Adyen("/payments", exempt, "k_3ds_y").response.body);
  EXPECT_EQ(Str(accepted, "resultCode"), "Authorised");
  EXPECT_EQ(Str(accepted.at("additionalData").as_object(), "scaExemptionRequested"), "lowValue");
  json::object frictionless = Parse(
      Adyen("/payments", ThreeDsPayment("tok_3ds_frictionless", "pur_z"), "k_3ds_z").response.body);
  EXPECT_EQ(Str(frictionless.at("threeDS2Result").as_object(), "transStatus"), "Y");
  // A challenge needs somewhere to return the shopper to.
  EXPECT_EQ(Adyen("/payments", ThreeDsPayment("tok_3ds_challenge_pass", "pur_n", ""), "k_3ds_n")
                .response.status,
            422);
  EXPECT_EQ(Adyen("/payments/details",
                  json::object{{"details", json::object{{"redirectResult", "00"}}}}, "k_3ds_bad")
                .response.status,
            422);
}

TEST_F(AdyenSandboxTest, AbandonedChallengeIsTechnicallyCancelled) {
  Start();
  json::object paid = Parse(
      Adyen("/payments", ThreeDsPayment("tok_3ds_abandoned", "pur_ab"), "k_3ds_ab").response.body);
  ASSERT_EQ(Str(paid, "resultCode"), "RedirectShopper");
  std::string psp = Str(paid, "pspReference");
  ASSERT_EQ(Adyen("/cancels", Body("pur_ab", "tc-ab"), "k_3ds_ab_tc").response.status, 201);
  ASSERT_TRUE(WaitForHooks("adyen", CodeCount("TECHNICAL_CANCEL", 1)));
  json::object item = WithCode(AdyenItems(), "TECHNICAL_CANCEL")[0];
  EXPECT_EQ(Str(item, "success"), "true");
  EXPECT_EQ(Str(item, "originalReference"), psp);
  EXPECT_EQ(Str(LedgerCharge(psp), "status"), "Cancelled");
  EXPECT_EQ(Send("POST", "/adyen/3ds/" + psp, "", {}).response.status, 410);
  EXPECT_TRUE(WithCode(AdyenItems(), "AUTHORISATION").empty());
}

}  // namespace
}  // namespace mg::sandbox::testing
