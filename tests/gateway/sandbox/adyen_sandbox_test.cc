// The Adyen emulator over HTTP: AUTHORISATION's merchantReference,
// technical cancels by merchant reference, refund notifications (REFUND,
// REFUND_FAILED) and the fault tokens with Adyen's error shape.
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

}  // namespace
}  // namespace mg::sandbox::testing
