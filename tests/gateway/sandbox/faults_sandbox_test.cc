// Random faults over HTTP: POST/GET/DELETE /_sandbox/faults, the same
// faults for the same seed and request order, counters that match what the
// client saw, refund faults, tokens that keep their outcome, and webhook
// drop / duplicate / reorder / delay.
#include <thread>

#include "sandbox_test_fixture.h"

namespace mg::sandbox::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string Str(const json::object& o, const char* key) {
  return o.contains(key) && o.at(key).is_string() ? std::string(o.at(key).as_string()) : "";
}

class FaultsSandboxTest : public SandboxTest {
 protected:
  json::object SetFaults(const std::string& settings) {
    outbound::HttpResult r = Sandbox("POST", "/faults", settings);
    EXPECT_EQ(r.response.status, 200) << r.response.body;
    return Parse(r.response.body);
  }
  int64_t Injected(const char* group, const char* kind) {
    json::object status = Parse(Sandbox("GET", "/faults").response.body);
    return status.at("injected").as_object().at(group).as_object().at(kind).as_int64();
  }
  std::string StripeForm(const std::string& token) {
    return "amount=1000&currency=usd&source=" + token;
  }
};

TEST_F(FaultsSandboxTest, SettingsAreSetReadValidatedAndCleared) {
  Start();
  const std::string example =
      R"({"seed": 42, "charge": {"502_after_charge": 0.05, "drop_after_charge": 0.05,
          "slow": 0.02, "in_progress_409": 0.03},
          "refund": {"502_after_refund": 0.05, "pending_then_failed": 0.05,
          "pending_then_succeeded": 0.1},
          "webhooks": {"duplicate": 0.1, "reorder": 0.1, "delay_ms": [0, 2000], "drop": 0.05}})";
  json::object set = SetFaults(example);
  EXPECT_TRUE(set.at("enabled").as_bool());
  const json::object& settings = set.at("settings").as_object();
  EXPECT_EQ(settings.at("seed").as_int64(), 42);
  EXPECT_EQ(settings.at("charge").as_object().at("502_after_charge").as_double(), 0.05);
  EXPECT_EQ(settings.at("refund").as_object().at("pending_then_succeeded").as_double(), 0.1);
  EXPECT_EQ(settings.at("webhooks").as_object().at("delay_ms"), (json::array{0, 2000}));
  EXPECT_EQ(set.at("injected").as_object().at("charge").as_object().at("502_after_charge"), 0);
  EXPECT_TRUE(set.at("log").as_array().empty());
  json::object read = Parse(Sandbox("GET", "/faults").response.body);
  EXPECT_EQ(read.at("settings"), set.at("settings"));

  for (const char* bad :
       {R"({"charge": {"502_after_charge": 1.5}})", R"({"charge": {"teleport": 0.1}})",
        R"({"refund": {"502_after_refund": 0.6, "pending_then_failed": 0.6}})",
        R"({"webhooks": {"delay_ms": [5, 1]}})", R"({"seed": -1})", R"({"bogus": 1})",
        "not json"}) {
    outbound::HttpResult r = Sandbox("POST", "/faults", bad);
    EXPECT_EQ(r.response.status, 400) << bad;
    EXPECT_FALSE(Str(Parse(r.response.body), "error").empty()) << bad;
  }
  EXPECT_EQ(
      Str(Parse(Sandbox("POST", "/faults", R"({"charge": {"slow": 2}})").response.body), "param"),
      "charge.slow");
  // A refused setting leaves the current one in place.
  EXPECT_TRUE(Parse(Sandbox("GET", "/faults").response.body).at("enabled").as_bool());
  json::object cleared = Parse(Sandbox("DELETE", "/faults").response.body);
  EXPECT_FALSE(cleared.at("enabled").as_bool());
  EXPECT_EQ(Sandbox("PUT", "/faults", "{}").response.status, 405);
  // Only under /_sandbox/: no provider path reaches it.
  EXPECT_EQ(Stripe("GET", "/_sandbox/faults").response.status, 404);
}

struct SoakRun {
  std::vector<std::string> outcomes;  // per request: "200", "502", "409", "dropped"
  json::array log;
  json::object injected;
};

TEST_F(FaultsSandboxTest, SameSeedSameFaultsAndNothingLostOrDoubled) {
  auto soak = [this](int seed) {
    Start();
    SetFaults(R"({"seed": )" + std::to_string(seed) +
              R"(, "charge": {"502_after_charge": 0.25, "drop_after_charge": 0.25,
                  "in_progress_409": 0.25}})");
    SoakRun run;
    for (int i = 0; i < 24; ++i) {
      std::string key = "soak-" + std::to_string(i);
      outbound::HttpResult r =
          i % 2 == 0
              ? Stripe("POST", "/v1/charges", StripeForm("tok_success"), key)
              : Adyen("/payments",
                      json::object{{"merchantAccount", "M"},
                                   {"reference", key},
                                   {"amount", json::object{{"currency", "EUR"}, {"value", 100}}},
                                   {"paymentMethod",
                                    json::object{{"type", "scheme"},
                                                 {"storedPaymentMethodId", "tok_success"}}}},
                      key);
      run.outcomes.push_back(r.ok() ? std::to_string(r.response.status) : "dropped");
    }
    // Every request was charged exactly once; retries get the charge.
    json::object ledger = Ledger();
    EXPECT_EQ(ledger.at("charges").as_array().size(), 24u);
    for (int i = 0; i < 24; ++i) {
      std::string key = "soak-" + std::to_string(i);
      outbound::HttpResult again =
          i % 2 == 0
              ? Stripe("POST", "/v1/charges", StripeForm("tok_success"), key)
              : Adyen("/payments",
                      json::object{{"merchantAccount", "M"},
                                   {"reference", key},
                                   {"amount", json::object{{"currency", "EUR"}, {"value", 100}}},
                                   {"paymentMethod",
                                    json::object{{"type", "scheme"},
                                                 {"storedPaymentMethodId", "tok_success"}}}},
                      key);
      EXPECT_EQ(again.response.status, 200) << key;
    }
    EXPECT_EQ(Ledger().at("charges").as_array().size(), 24u);
    json::object status = Parse(Sandbox("GET", "/faults").response.body);
    run.log = status.at("log").as_array();
    run.injected = status.at("injected").as_object();
    return run;
  };
  SoakRun a = soak(7);
  SoakRun b = soak(7);
  SoakRun c = soak(8);
  EXPECT_EQ(a.outcomes, b.outcomes);
  EXPECT_EQ(a.log, b.log);
  EXPECT_NE(a.outcomes, c.outcomes);
  // The counters say exactly what the client saw.
  const json::object& charge = a.injected.at("charge").as_object();
  auto count = [&a](const std::string& outcome) {
    return static_cast<int64_t>(std::count(a.outcomes.begin(), a.outcomes.end(), outcome));
  };
  EXPECT_EQ(charge.at("502_after_charge").as_int64(), count("502"));
  EXPECT_EQ(charge.at("drop_after_charge").as_int64(), count("dropped"));
  EXPECT_EQ(charge.at("in_progress_409").as_int64(), count("409"));
  EXPECT_EQ(charge.at("slow").as_int64(), 0);
  EXPECT_EQ(static_cast<int64_t>(a.log.size()), 24 - count("200"));
  EXPECT_GT(count("200"), 0);
  EXPECT_LT(count("200"), 24);
}

TEST_F(FaultsSandboxTest, SlowHoldsTheAnswer) {
  Start();
  SetFaults(R"({"seed": 1, "charge": {"slow": 1, "slow_ms": 400}})");
  auto start = std::chrono::steady_clock::now();
  outbound::HttpResult r = Stripe("POST", "/v1/charges", StripeForm("tok_success"), "k_slow");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 400ms);
  EXPECT_EQ(r.response.status, 200);
  EXPECT_EQ(Injected("charge", "slow"), 1);
}

TEST_F(FaultsSandboxTest, TokensThatNameAnOutcomeKeepIt) {
  Start();
  SetFaults(R"({"seed": 1, "charge": {"502_after_charge": 1},
                "refund": {"pending_then_failed": 1}})");
  EXPECT_EQ(Stripe("POST", "/v1/charges", StripeForm("tok_fault_409"), "k_keep").response.status,
            409);
  EXPECT_EQ(Injected("charge", "502_after_charge"), 0);
  EXPECT_EQ(
      Stripe("POST", "/v1/charges", StripeForm("tok_refund_pending"), "k_keep2").response.status,
      502);
  EXPECT_EQ(Injected("charge", "502_after_charge"), 1);
  std::string id = Str(
      Parse(
          Stripe("POST", "/v1/charges", StripeForm("tok_refund_pending"), "k_keep2").response.body),
      "id");
  ASSERT_FALSE(id.empty());
  json::object refund =
      Parse(Stripe("POST", "/v1/refunds", "charge=" + id, "k_keep_r").response.body);
  EXPECT_EQ(Str(refund, "status"), "pending");
  ASSERT_TRUE(WaitForHooks("stripe",
                           [](const auto& e) { return OfType(e, "refund.updated").size() == 1; }));
  EXPECT_EQ(Str(Parse(Stripe("GET", "/v1/refunds/" + Str(refund, "id")).response.body), "status"),
            "succeeded");  // the token's outcome, not the random failure
  EXPECT_EQ(Injected("refund", "pending_then_failed"), 0);
}

TEST_F(FaultsSandboxTest, RefundFaults502PendingFailedAndPendingSucceeded) {
  Start();
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(Str(StripeCharge("tok_success", "k_rfc" + std::to_string(i)), "id"));
  }
  SetFaults(R"({"seed": 3, "refund": {"502_after_refund": 1}})");
  outbound::HttpResult lost = Stripe("POST", "/v1/refunds", "charge=" + ids[0], "k_rf502");
  EXPECT_EQ(lost.response.status, 502);
  EXPECT_EQ(LedgerCharge(ids[0]).at("refunds").as_array().size(), 1u);  // refunded anyway
  outbound::HttpResult retry = Stripe("POST", "/v1/refunds", "charge=" + ids[0], "k_rf502");
  EXPECT_EQ(retry.response.status, 200);
  EXPECT_EQ(Str(Parse(retry.response.body), "status"), "succeeded");
  EXPECT_EQ(LedgerCharge(ids[0]).at("refunds").as_array().size(), 1u);
  EXPECT_EQ(Injected("refund", "502_after_refund"), 1);

  SetFaults(R"({"seed": 3, "refund": {"pending_then_failed": 1}})");
  json::object failing =
      Parse(Stripe("POST", "/v1/refunds", "charge=" + ids[1], "k_rff").response.body);
  EXPECT_EQ(Str(failing, "status"), "pending");
  SetFaults(R"({"seed": 3, "refund": {"pending_then_succeeded": 1}})");
  json::object slow =
      Parse(Stripe("POST", "/v1/refunds", "charge=" + ids[2], "k_rfs").response.body);
  EXPECT_EQ(Str(slow, "status"), "pending");
  EXPECT_EQ(Injected("refund", "pending_then_succeeded"), 1);
  ASSERT_TRUE(WaitForHooks("stripe",
                           [](const auto& e) { return OfType(e, "refund.updated").size() == 2; }));
  EXPECT_EQ(Str(Parse(Stripe("GET", "/v1/refunds/" + Str(failing, "id")).response.body), "status"),
            "failed");
  EXPECT_EQ(Str(Parse(Stripe("GET", "/v1/refunds/" + Str(slow, "id")).response.body), "status"),
            "succeeded");
  EXPECT_EQ(LedgerCharge(ids[1]).at("amount_refunded").as_int64(), 0);
  EXPECT_EQ(LedgerCharge(ids[2]).at("amount_refunded").as_int64(), 1000);
}

TEST_F(FaultsSandboxTest, FaultsReachAdyenRefundsAndPix) {
  Start();
  std::string psp = Str(AdyenPayment("tok_success", "pur_frf", "k_frf"), "pspReference");
  std::string txid = "sbxfaults00000000000000000001";
  PixCob(txid, "[settle=0]", "20.00");
  std::string e2e = WaitPaid(txid);

  SetFaults(R"({"seed": 9, "refund": {"pending_then_failed": 1}})");
  ASSERT_EQ(Adyen("/payments/" + psp + "/refunds",
                  json::object{{"merchantAccount", "MarketgateSandbox"}, {"reference", "rf-f"}},
                  "k_frf_r")
                .response.status,
            201);
  ASSERT_TRUE(WaitForHooks("adyen", [](const std::vector<json::object>& items) {
    for (const json::object& i : items) {
      if (Str(i, "eventCode") == "REFUND_FAILED") return true;
    }
    return false;
  }));
  EXPECT_EQ(LedgerCharge(psp).at("amount_refunded").as_int64(), 0);

  SetFaults(R"({"seed": 9, "refund": {"502_after_refund": 1}})");
  std::string path = "/pix/" + e2e + "/devolucao/fdev1";
  std::string body = json::serialize(json::object{{"valor", "5.00"}});
  EXPECT_EQ(Pix("PUT", path, body).response.status, 502);
  json::object again = Parse(Pix("PUT", path, body).response.body);  // the id names it
  EXPECT_EQ(Str(again, "status"), "DEVOLVIDO");
  EXPECT_EQ(LedgerCharge(txid).at("amount_refunded").as_int64(), 500);
  EXPECT_EQ(Injected("refund", "502_after_refund"), 1);  // the retry drew, but the id replayed

  SetFaults(R"({"seed": 9, "charge": {"502_after_charge": 1, "in_progress_409": 0}})");
  std::string lost = "sbxfaults00000000000000000002";
  outbound::HttpResult put = Pix(
      "PUT", "/cob/" + lost,
      json::serialize(json::object{{"valor", json::object{{"original", "1.00"}}}, {"chave", "k"}}));
  EXPECT_EQ(put.response.status, 502);
  EXPECT_EQ(Pix("GET", "/cob/" + lost).response.status, 200);
  EXPECT_EQ(Injected("charge", "502_after_charge"), 1);
}

TEST_F(FaultsSandboxTest, DroppedWebhooksAreNeverSent) {
  Start();
  SetFaults(R"({"seed": 5, "webhooks": {"drop": 1}})");
  StripeCharge("tok_success", "k_whdrop");
  AdyenPayment("tok_success", "pur_whdrop", "k_whdrop_a");
  std::this_thread::sleep_for(600ms);
  EXPECT_TRUE(hooks_.All().empty());
  EXPECT_EQ(Injected("webhooks", "drop"), 2);
  // Turned off, webhooks flow again.
  Sandbox("DELETE", "/faults");
  StripeCharge("tok_success", "k_whdrop2");
  EXPECT_TRUE(WaitForHooks("stripe", [](const auto& e) { return e.size() == 1; }));
}

// Soak finding (issue 14): a webhook tried three times 200 ms apart was lost
// whenever the gateway was restarting; providers keep trying for days.
TEST_F(FaultsSandboxTest, AWebhookThatFailsIsSentAgainWithBackoffUntilTaken) {
  Start();
  hooks_.Refuse(4, 503);  // 0.25 + 0.5 + 1 + 2 s of a failing gateway
  const auto sent = std::chrono::steady_clock::now();
  StripeCharge("tok_success", "k_whretry");
  ASSERT_TRUE(WaitForHooks(
      "stripe", [](const auto& e) { return e.size() == 1; }, 10s));
  EXPECT_EQ(hooks_.refused(), 4);
  EXPECT_GE(hooks_.All()[0].at - sent, 3500ms);  // the backoff was waited, not burnt
}

TEST_F(FaultsSandboxTest, DuplicatedWebhooksArriveTwiceWithTheSameEventId) {
  Start();
  SetFaults(R"({"seed": 5, "webhooks": {"duplicate": 1}})");
  StripeCharge("tok_success", "k_whdup");
  ASSERT_TRUE(WaitForHooks("stripe", [](const auto& e) { return e.size() == 2; }));
  std::vector<json::object> events = StripeEvents();
  EXPECT_EQ(Str(events[0], "id"), Str(events[1], "id"));
  EXPECT_EQ(hooks_.All()[0].body, hooks_.All()[1].body);
  EXPECT_EQ(Injected("webhooks", "duplicate"), 1);
}

TEST_F(FaultsSandboxTest, ReorderedWebhookArrivesAfterTheNextOneOfItsPayment) {
  Start();
  SetFaults(R"({"seed": 5, "webhooks": {"reorder": 1, "reorder_hold_ms": 5000}})");
  std::string id = Str(StripeCharge("tok_success", "k_reorder"), "id");
  std::this_thread::sleep_for(200ms);
  EXPECT_TRUE(hooks_.All().empty());  // charge.succeeded is held back
  ASSERT_EQ(Stripe("POST", "/v1/refunds", "charge=" + id, "k_reorder_r").response.status, 200);
  ASSERT_TRUE(WaitForHooks("stripe", [](const auto& e) { return e.size() == 2; }));
  std::vector<json::object> events = StripeEvents();
  EXPECT_EQ(Str(events[0], "type"), "charge.refunded");  // the later event first
  EXPECT_EQ(Str(events[1], "type"), "charge.succeeded");
  EXPECT_GE(Injected("webhooks", "reorder"), 1);
}

TEST_F(FaultsSandboxTest, HeldWebhookGoesOutAloneAfterTheHold) {
  Start();
  SetFaults(R"({"seed": 5, "webhooks": {"reorder": 1, "reorder_hold_ms": 300}})");
  auto asked = std::chrono::steady_clock::now();
  StripeCharge("tok_success", "k_hold");
  ASSERT_TRUE(WaitForHooks("stripe", [](const auto& e) { return e.size() == 1; }));
  EXPECT_GE(hooks_.All()[0].at - asked, 300ms);
}

TEST_F(FaultsSandboxTest, DelayedWebhooksWaitWithinTheRange) {
  Start();
  SetFaults(R"({"seed": 5, "webhooks": {"delay_ms": [500, 500]}})");
  auto asked = std::chrono::steady_clock::now();
  StripeCharge("tok_success", "k_delay");
  ASSERT_TRUE(WaitForHooks("stripe", [](const auto& e) { return e.size() == 1; }));
  EXPECT_GE(hooks_.All()[0].at - asked, 500ms);
  EXPECT_EQ(Injected("webhooks", "delayed"), 1);
}

}  // namespace
}  // namespace mg::sandbox::testing
