// Strong customer authentication through the purchase flow, with the
// in-process sandbox's 3-D Secure tokens (docs/sandbox.md): a purchase that
// needs the shopper answers 202 requires_action with its next_action,
// POST /v1/purchases/{id}/confirm finishes it, reconciliation abandons it
// after the action expires, and the spend counts as authenticated only on
// the provider's word. The same flow over the wire, through
// marketgate-sandbox's emulated challenge pages, is in
// tests/process/sca_test.cc.
#include <gmock/gmock.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <regex>

#include "api_test_support.h"
#include "gateway/api/reconciliation.h"

namespace mg::api::testing {
namespace {

using providers::ScaAsk;

// A purchase body for `market` (DE, GB, IN), card paid with `token`.
std::string Body(const std::string& market, const std::string& sku, const std::string& token,
                 const std::string& customer = "c_1") {
  return R"({"market": ")" + market + R"(", "customer": {"id": ")" + customer +
         R"(", "age": 30, "consent_immediate_delivery": true},)"
         R"( "items": [{"sku": ")" +
         sku +
         R"(", "quantity": 1}],)"
         R"( "payment": {"method": "card", "token": ")" +
         token +
         R"(", "return_url": "https://app.example/return",)"
         R"( "browser": {"user_agent": "Mozilla/5.0", "accept_header": "text/html",)"
         R"( "language": "de-DE", "color_depth": 24, "screen_height": 800,)"
         R"( "screen_width": 1280, "time_zone_offset": -60, "java_enabled": false}}})";
}

class PurchaseConfirmTest : public ApiTest {
 protected:
  // The spends rows of `purchase` with strong customer authentication.
  int64_t AuthenticatedSpends(const std::string& purchase) const {
    return QueryCount("SELECT COUNT(*) FROM spends WHERE sca_performed = 1 AND purchase_id = '" +
                      purchase + "'");
  }
  int64_t Spends(const std::string& purchase) const {
    return QueryCount("SELECT COUNT(*) FROM spends WHERE purchase_id = '" + purchase + "'");
  }
  // `purchase` asked the sandbox to authenticate under `regime`, waits for
  // the customer, and the confirmation finds the cardholder authenticated.
  void ExpectChallengedThenAuthenticated(const TestResponse& purchase, const std::string& regime) {
    ASSERT_EQ(purchase.status, 202) << purchase.body;
    EXPECT_EQ(sandbox().last_sca().ask, ScaAsk::kAuthenticate);
    EXPECT_EQ(sandbox().last_sca().regime, regime);
    TestResponse done = Confirm(purchase.Text("id"));
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(done.Text("payment.authentication"), "authenticated");
  }
  TestResponse Confirm(const std::string& id, const std::string& body = "{}") const {
    return Post("/v1/purchases/" + id + "/confirm", body);
  }
};

TEST_F(PurchaseConfirmTest, DeChallengePassedThenConfirmedSucceedsAuthenticated) {
  // DE coins_7000, 99.99 EUR: not below PSD2's low-value limit of 30 EUR.
  TestResponse r =
      Post("/v1/purchases", Body("DE", "coins_7000", "tok_3ds_challenge_pass"), "k-pass");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.Text("state"), "requires_action");
  EXPECT_EQ(sandbox().last_sca().ask, ScaAsk::kAuthenticate);
  EXPECT_EQ(sandbox().last_sca().regime, "psd2");
  ASSERT_TRUE(sandbox().last_sca().browser.has_value());
  EXPECT_EQ(sandbox().last_sca().browser->screen_width, 1280);
  EXPECT_EQ(r.Text("next_action.type"), "challenge");
  EXPECT_EQ(r.Text("next_action.return_url"), "https://app.example/return");
  // 15 minutes after creation (RoutesConfig::action_expiry).
  EXPECT_EQ(r.Int("next_action.expires"), r.Int("created") + 900);
  EXPECT_TRUE(r.At("payment.authentication").is_null());
  EXPECT_EQ(r.Int("amounts.captured.amount"), 0);
  const std::string id = r.Text("id");
  // GET shows the same next action: a client that lost the 202 can go on.
  TestResponse got = Get("/v1/purchases/" + id);
  EXPECT_EQ(got.At("next_action"), r.At("next_action"));

  TestResponse done = Confirm(id);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Text("state"), "succeeded");
  EXPECT_EQ(done.Text("payment.authentication"), "authenticated");
  EXPECT_TRUE(done.At("next_action").is_null());
  EXPECT_EQ(done.Int("coins_credited"), 7000);
  EXPECT_EQ(done.Int("amounts.captured.amount"), 9999);
  const boost::json::array& attempts = done.At("attempts").as_array();
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(done.Text("attempts.1.operation"), "complete_action");
  EXPECT_EQ(done.Text("attempts.1.state"), "succeeded");
  EXPECT_EQ(AuthenticatedSpends(id), 1);

  // Idempotent: confirmed again, the same purchase, no second provider call.
  TestResponse again = Confirm(id);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Text("state"), "succeeded");
  EXPECT_EQ(sandbox().completions(), 1);
  EXPECT_EQ(Spends(id), 1);

  // The authorization that waited for the shopper is closed by the next
  // reconciliation pass without asking anyone (a provider that cannot be
  // asked, as Adyen, tells nothing): nothing is left open to escalate.
  providers::PaymentResult tells_nothing;
  tells_nothing.outcome = providers::Outcome::kPending;
  tells_nothing.ambiguous = true;
  ScriptStatus({.act = false, .answer = tells_nothing});
  clock_.Advance(std::chrono::seconds(61));
  Result<ReconcileReport> report = Reconciler(Deps(), {}).RunOnce();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->settled, 1);
  EXPECT_EQ(Get("/v1/purchases/" + id).Text("attempts.0.state"), "succeeded");
  clock_.Advance(std::chrono::hours(25));
  EXPECT_EQ(Reconciler(Deps(), {}).RunOnce()->examined, 0);
}

TEST_F(PurchaseConfirmTest, ChallengeFailedFailsWithTheReasonAndCapturesNothing) {
  TestResponse r =
      Post("/v1/purchases", Body("DE", "coins_7000", "tok_3ds_challenge_fail"), "k-fail");
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string id = r.Text("id");
  TestResponse done = Confirm(id);
  ASSERT_EQ(done.status, 402) << done.body;
  EXPECT_EQ(done.Text("error.code"), "payment_declined");
  EXPECT_EQ(done.Text("error.details.decline_reason"), "authentication_failed");
  TestResponse got = Get("/v1/purchases/" + id);
  EXPECT_EQ(got.Text("state"), "failed");
  EXPECT_EQ(got.Int("amounts.captured.amount"), 0);
  EXPECT_EQ(got.Int("coins_credited"), 0);
  EXPECT_EQ(got.Text("payment.authentication"), "failed");
  EXPECT_EQ(Spends(id), 0);
}

TEST_F(PurchaseConfirmTest, LowValuePackIsFrictionlessUnderTheExemption) {
  // coins_1400, 19.99 EUR: below 30 EUR, the first payment since the last SCA.
  TestResponse r =
      Post("/v1/purchases", Body("DE", "coins_1400", "tok_3ds_exemption_accepted"), "k-lv");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(sandbox().last_sca().ask, ScaAsk::kLowValueExemption);
  EXPECT_EQ(r.Text("state"), "succeeded");
  EXPECT_EQ(r.Text("payment.authentication"), "exempted");
  // An exemption is not an authentication: it counts towards the next one.
  const std::string id = r.Text("id");
  EXPECT_EQ(Spends(id), 1);
  EXPECT_EQ(AuthenticatedSpends(id), 0);
}

TEST_F(PurchaseConfirmTest, AnExemptionTheIssuerRefusesIsChallengedInstead) {
  TestResponse r =
      Post("/v1/purchases", Body("DE", "coins_1400", "tok_3ds_exemption_refused"), "k-ref");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(sandbox().last_sca().ask, ScaAsk::kLowValueExemption);
  TestResponse done = Confirm(r.Text("id"));
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Text("payment.authentication"), "authenticated");
  EXPECT_EQ(AuthenticatedSpends(r.Text("id")), 1);
}

TEST_F(PurchaseConfirmTest, FrictionlessAuthenticationCountsAsAuthenticated) {
  TestResponse r = Post("/v1/purchases", Body("DE", "coins_7000", "tok_3ds_frictionless"), "k-fr");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Text("payment.authentication"), "authenticated");
  EXPECT_EQ(AuthenticatedSpends(r.Text("id")), 1);
}

TEST_F(PurchaseConfirmTest, GbUsesTheUkThresholds) {
  // GBP 19.99 is below the UK RTS's GBP 25; GBP 99.99 is not.
  TestResponse low =
      Post("/v1/purchases", Body("GB", "coins_1400", "tok_3ds_exemption_accepted"), "k-gb-lv");
  ASSERT_EQ(low.status, 201) << low.body;
  EXPECT_EQ(sandbox().last_sca().ask, ScaAsk::kLowValueExemption);
  EXPECT_EQ(low.Text("payment.authentication"), "exempted");

  TestResponse high =
      Post("/v1/purchases", Body("GB", "coins_7000", "tok_3ds_challenge_pass"), "k-gb-hi");
  ExpectChallengedThenAuthenticated(high, "uk_rts");
}

// India as its market file would be reopened: `status: live`, nothing else
// changed (IN.yaml is complete for that reason; it is suspended today).
class ReopenedIndiaTest : public PurchaseConfirmTest {
 protected:
  void SetUp() override {
    copy_ = std::filesystem::temp_directory_path() / ("mg-in-live-" + std::to_string(::getpid()));
    std::filesystem::remove_all(copy_);
    std::filesystem::copy(MG_SOURCE_DIR "/regions", copy_,
                          std::filesystem::copy_options::recursive);
    std::ifstream in(copy_ / "markets" / "IN.yaml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // The status, and the suspension block that only a suspended market has.
    text = std::regex_replace(text, std::regex("status: suspended\nsuspension:\n(  .*\n)+"),
                              "status: live\n");
    ASSERT_NE(text.find("status: live"), std::string::npos);
    std::ofstream(copy_ / "markets" / "IN.yaml") << text;
    regions_dir_ = copy_.string();
    PurchaseConfirmTest::SetUp();
  }
  void TearDown() override {
    PurchaseConfirmTest::TearDown();
    std::filesystem::remove_all(copy_);
  }
  std::filesystem::path copy_;
};

TEST_F(ReopenedIndiaTest, IndiaAsksTheAdditionalFactorEvenForTheSmallestPack) {
  // in.rbi.afa declares no low-value exemption: INR 89 is authenticated too.
  TestResponse r = Post("/v1/purchases", Body("IN", "coins_70", "tok_3ds_challenge_pass"), "k-in");
  ExpectChallengedThenAuthenticated(r, "rbi_afa");
}

// E-mandates, as IN.yaml declares them (in.rbi.afa, recurring_mandate): the
// registration is authenticated; a debit up to INR 15,000 notified at least
// 24 h before needs no additional factor; one notified late is refused and
// reaches no provider.
std::string Recurring(std::string body, const std::string& recurring) {
  boost::json::object json = boost::json::parse(body).as_object();
  json["recurring"] = boost::json::parse(recurring);
  return boost::json::serialize(json);
}

TEST_F(ReopenedIndiaTest, AnEMandateIsRegisteredWithTheAdditionalFactor) {
  TestResponse r = Post(
      "/v1/purchases",
      Recurring(Body("IN", "coins_1400", "tok_3ds_challenge_pass"), R"({"stage": "registration"})"),
      "k-in-reg");
  ExpectChallengedThenAuthenticated(r, "rbi_afa");
}

TEST_F(ReopenedIndiaTest, ADebitUnderTheMandateNotifiedInTimeNeedsNoAdditionalFactor) {
  TestResponse r = Post("/v1/purchases",
                        Recurring(Body("IN", "coins_1400", "tok_success"),
                                  R"({"stage": "debit", "notified_hours_before": 48})"),
                        "k-in-debit");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Text("state"), "succeeded");
  EXPECT_EQ(sandbox().last_sca().ask, ScaAsk::kNone);
  EXPECT_EQ(r.Text("payment.authentication"), "none");

  // Above INR 15,000 (two 7,000-coin packs, INR 17,998) the debit is authenticated.
  std::string two = Recurring(Body("IN", "coins_7000", "tok_3ds_challenge_pass"),
                              R"({"stage": "debit", "notified_hours_before": 48})");
  two = std::regex_replace(two, std::regex(R"("quantity":1)"), R"("quantity":2)");
  TestResponse over = Post("/v1/purchases", two, "k-in-debit-over");
  ASSERT_EQ(over.status, 202) << over.body;
  EXPECT_EQ(sandbox().last_sca().ask, ScaAsk::kAuthenticate);
}

TEST_F(ReopenedIndiaTest, ADebitNotifiedTooLateIsRefusedBeforeAnyProvider) {
  const int before = sandbox().authorizations();
  TestResponse r = Post("/v1/purchases",
                        Recurring(Body("IN", "coins_1400", "tok_success"),
                                  R"({"stage": "debit", "notified_hours_before": 6})"),
                        "k-in-late");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("pre-debit notice at least 24 h"), std::string::npos) << r.body;
  EXPECT_EQ(sandbox().authorizations(), before);
}

TEST_F(PurchaseConfirmTest, AnAbandonedChallengeIsVoidedAndFailsAfterItExpires) {
  TestResponse r = Post("/v1/purchases", Body("DE", "coins_7000", "tok_3ds_abandoned"), "k-ab");
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string id = r.Text("id");
  // The shopper has not come back: still waiting, nothing decided.
  TestResponse early = Confirm(id);
  ASSERT_EQ(early.status, 202) << early.body;
  EXPECT_EQ(early.Text("state"), "requires_action");
  EXPECT_EQ(early.At("next_action"), r.At("next_action"));

  // Before the expiry, reconciliation leaves it waiting.
  clock_.Advance(std::chrono::minutes(5));
  ASSERT_TRUE(Reconciler(Deps(), {}).RunOnce().ok());
  EXPECT_EQ(Get("/v1/purchases/" + id).Text("state"), "requires_action");
  EXPECT_EQ(sandbox().voids(), 0);

  clock_.Advance(std::chrono::minutes(11));
  ReconcileOptions options;
  options.initial_backoff = std::chrono::milliseconds(0);
  ASSERT_TRUE(Reconciler(Deps(), options).RunOnce().ok());
  TestResponse got = Get("/v1/purchases/" + id);
  EXPECT_EQ(got.Text("state"), "failed") << got.body;
  EXPECT_EQ(got.Int("amounts.captured.amount"), 0);
  EXPECT_GE(sandbox().voids(), 1);
  EXPECT_EQ(Spends(id), 0);
  // Confirmed after that: answered as failed, no provider call.
  const int completions = sandbox().completions();
  EXPECT_EQ(Confirm(id).status, 402);
  EXPECT_EQ(sandbox().completions(), completions);
}

TEST_F(PurchaseConfirmTest, BadConfirmationsAreRefusedPrecisely) {
  TestResponse r =
      Post("/v1/purchases", Body("DE", "coins_7000", "tok_3ds_challenge_pass"), "k-bad");
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string id = r.Text("id");
  TestResponse not_object = Confirm(id, R"({"details": "x"})");
  EXPECT_EQ(not_object.status, 400) << not_object.body;
  EXPECT_EQ(not_object.Text("error.param"), "details");
  TestResponse not_string = Confirm(id, R"({"details": {"redirectResult": 7}})");
  EXPECT_EQ(not_string.status, 400) << not_string.body;
  EXPECT_EQ(not_string.Text("error.param"), "details.redirectResult");
  TestResponse unknown = Confirm(id, R"({"detail": {}})");
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_EQ(unknown.Text("error.param"), "detail");
  EXPECT_EQ(Confirm("pur_000000000000000000000000").status, 404);
  EXPECT_EQ(sandbox().completions(), 0);  // none of them reached the provider
  EXPECT_EQ(Get("/v1/purchases/" + id).Text("state"), "requires_action");
}

class NoReturnUrlTest : public PurchaseConfirmTest {
 protected:
  void SetUp() override {
    routes_config_.default_return_url.clear();
    PurchaseConfirmTest::SetUp();
  }
};

TEST_F(NoReturnUrlTest, ACardPurchaseThatMayNeedScaNeedsAReturnUrlFirst) {
  TestResponse r = Post("/v1/purchases", PurchaseBody("coins_7000"), "k-no-return");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.Text("error.param"), "payment.return_url");
  EXPECT_EQ(CountRows("purchases"), 0);
  EXPECT_EQ(sandbox().authorizations(), 0);
  // Named in the request, it goes through.
  EXPECT_EQ(Post("/v1/purchases", Body("DE", "coins_7000", "tok_success"), "k-return").status, 201);
}

TEST_F(PurchaseConfirmTest, BrowserInfoIsCheckedBeforeAnythingIsWritten) {
  std::string body = Body("DE", "coins_7000", "tok_3ds_challenge_pass");
  body.replace(body.find("\"color_depth\": 24"), 17, "\"color_depth\": 99");
  TestResponse r = Post("/v1/purchases", body, "k-browser");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.Text("error.param"), "payment.browser.color_depth");
  EXPECT_EQ(CountRows("purchases"), 0);
}

}  // namespace
}  // namespace mg::api::testing
