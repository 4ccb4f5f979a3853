// The Adyen adapter's 3-D Secure 2 against marketgate-sandbox over real HTTP
// on loopback, for every 3-D Secure token: the challenge completed through
// the emulated issuer page (GET the form, POST it, follow nothing: read the
// 303's redirectResult), then CompleteAction; the soft-decline retry; an
// abandoned challenge voided.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "gateway/providers/provider_registry.h"
#include "gateway/sandbox/sandbox_server.h"
#include "sandbox_fixture.h"

namespace mg::providers {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

constexpr char kReturnUrl[] = "https://shop.example/return?order=7";

class AdyenSandboxThreeDsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox::SandboxOptions options;
    options.webhook_url = receiver_.url();
    options.emulator.adyen_hmac_key = Secret("00112233445566778899AABBCCDDEEFF");
    auto server = sandbox::SandboxServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
    ProviderConfig c;
    c.id = "adyen";
    c.kind = "adyen";
    c.base_url = server_->base_url() + "/adyen";
    c.api_key = Secret("sk_test_sandbox");
    c.settings["merchant_account"] = "MarketgateSandbox";
    c.http.read_timeout = 2s;
    auto set = ProviderRegistry::WithBuiltins().Build({c});
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    set_ = *set;
    adyen_ = set_->Find("adyen");
    browser_ = *outbound::HttpClient::Create({});
  }

  AuthorizeRequest Request(const std::string& purchase, const std::string& token, ScaAsk ask) {
    AuthorizeRequest r{.purchase_id = purchase, .amount = Money(1500, *CurrencyCode::Parse("EUR"))};
    r.payment_method = "card";
    r.payment_token = token;
    r.return_url = kReturnUrl;
    r.idempotency_key = DeriveIdempotencyKey(purchase, 0, Operation::kAuthorize);
    r.capture = true;
    r.sca.ask = ask;
    if (ask != ScaAsk::kNone) {
      r.sca.regime = "psd2";
      r.sca.browser = BrowserInfo{.user_agent = "Mozilla/5.0", .accept_header = "text/html"};
      r.sca.shopper_ip = "192.0.2.1";
      r.sca.origin = "https://shop.example";
    }
    return r;
  }

  // The shopper on the emulated issuer's page: GET shows the form, POST
  // submits it; returns the redirectResult the 303 carries to the return URL.
  std::string PassThePage(const NextAction& action) {
    outbound::HttpResult page = browser_->Send({"GET", action.url, {}, ""});
    EXPECT_TRUE(page.ok()) << page.error;
    EXPECT_EQ(page.response.status, 200);
    EXPECT_NE(page.response.body.find("<form method=\"post\""), std::string::npos);
    outbound::HttpResult posted = browser_->Send({"POST", action.url, {}, ""});
    EXPECT_EQ(posted.response.status, 303);
    std::string location(posted.response.Header("Location"));
    std::string prefix = std::string(kReturnUrl) + "&redirectResult=";
    EXPECT_EQ(location.rfind(prefix, 0), 0u) << location;
    return location.size() > prefix.size() ? location.substr(prefix.size()) : "";
  }

  Result<PaymentResult> Complete(const std::string& purchase, const PaymentResult& action,
                                 const std::string& redirect_result) {
    CompleteActionRequest c{.purchase_id = purchase,
                            .provider_reference = action.provider_reference,
                            .details = {{"redirectResult", redirect_result}},
                            .amount = Money(1500, *CurrencyCode::Parse("EUR"))};
    c.idempotency_key = DeriveIdempotencyKey(purchase, 0, Operation::kCompleteAction);
    return adyen_->CompleteAction(c);
  }

  // The AUTHORISATION notifications' `success` for `psp`, in arrival order.
  std::vector<std::string> Authorisations(const std::string& psp, std::size_t at_least) {
    std::vector<std::string> out;
    for (const auto& hook : receiver_.WaitFor(at_least, 3s)) {
      json::value doc = json::parse(hook.body);
      for (const json::value& item : doc.at("notificationItems").as_array()) {
        const json::object& nri = item.at("NotificationRequestItem").as_object();
        if (nri.at("eventCode") == "AUTHORISATION" && nri.at("pspReference").as_string() == psp) {
          out.emplace_back(nri.at("success").as_string());
        }
      }
    }
    return out;
  }

  json::array Charges() {
    outbound::HttpResult r =
        browser_->Send({"GET", server_->base_url() + "/_sandbox/ledger", {}, ""});
    return json::parse(r.response.body).at("charges").as_array();
  }

  testing::WebhookReceiver receiver_;
  std::unique_ptr<sandbox::SandboxServer> server_;
  std::shared_ptr<const ProviderSet> set_;
  const PaymentProvider* adyen_ = nullptr;
  std::shared_ptr<outbound::HttpClient> browser_;
};

TEST_F(AdyenSandboxThreeDsTest, ChallengePassedOnThePageIsAuthenticated) {
  auto first =
      adyen_->Authorize(Request("pur_3ds_pass", "tok_3ds_challenge_pass", ScaAsk::kAuthenticate));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->outcome, Outcome::kRequiresAction) << first->message;
  ASSERT_TRUE(first->action.has_value());
  EXPECT_EQ(first->action->kind, NextAction::Kind::kRedirect);
  EXPECT_EQ(first->action->method, "GET");
  EXPECT_EQ(first->action->url, server_->base_url() + "/adyen/3ds/" + first->provider_reference);
  EXPECT_TRUE(Authorisations(first->provider_reference, 0).empty());  // not final yet

  std::string redirect_result = PassThePage(*first->action);
  auto done = Complete("pur_3ds_pass", *first, redirect_result);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->outcome, Outcome::kApproved) << done->message;
  EXPECT_EQ(done->authentication, Authentication::kAuthenticated);
  EXPECT_EQ(done->provider_reference, first->provider_reference);
  EXPECT_EQ(Authorisations(first->provider_reference, 1), std::vector<std::string>{"true"});
  // Sent again (a retry after a lost answer): the same answer.
  auto again = Complete("pur_3ds_pass", *first, redirect_result);
  EXPECT_EQ(again->outcome, Outcome::kApproved);
  EXPECT_EQ(again->authentication, Authentication::kAuthenticated);
  json::array charges = Charges();
  ASSERT_EQ(charges.size(), 1u);
  EXPECT_EQ(charges[0].at("status"), "Authorised");
}

TEST_F(AdyenSandboxThreeDsTest, ChallengeFailedIsDeclinedAuthenticationFailed) {
  auto first =
      adyen_->Authorize(Request("pur_3ds_fail", "tok_3ds_challenge_fail", ScaAsk::kAuthenticate));
  ASSERT_EQ(first->outcome, Outcome::kRequiresAction);
  auto done = Complete("pur_3ds_fail", *first, PassThePage(*first->action));
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->outcome, Outcome::kDeclined);
  EXPECT_EQ(done->decline_reason, DeclineReason::kAuthenticationFailed);
  EXPECT_EQ(done->authentication, Authentication::kFailed);
  EXPECT_EQ(done->provider_code, "11");
  EXPECT_EQ(Authorisations(first->provider_reference, 1), std::vector<std::string>{"false"});
}

TEST_F(AdyenSandboxThreeDsTest, FrictionlessIsAuthenticatedWithoutAChallenge) {
  auto r = adyen_->Authorize(Request("pur_3ds_fl", "tok_3ds_frictionless", ScaAsk::kAuthenticate));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->outcome, Outcome::kApproved);
  EXPECT_EQ(r->authentication, Authentication::kAuthenticated);
  auto plain = adyen_->Authorize(Request("pur_3ds_fl0", "tok_3ds_frictionless", ScaAsk::kNone));
  EXPECT_EQ(plain->outcome, Outcome::kApproved);
  EXPECT_EQ(plain->authentication, Authentication::kNone);
}

TEST_F(AdyenSandboxThreeDsTest, AcceptedExemptionIsExempted) {
  auto r = adyen_->Authorize(
      Request("pur_3ds_ex", "tok_3ds_exemption_accepted", ScaAsk::kLowValueExemption));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->outcome, Outcome::kApproved);
  EXPECT_EQ(r->authentication, Authentication::kExempted);
  EXPECT_EQ(r->exemption, "low_value");
}

TEST_F(AdyenSandboxThreeDsTest, RefusedExemptionIsRetriedThenChallengedAndPassed) {
  auto first = adyen_->Authorize(
      Request("pur_3ds_soft", "tok_3ds_exemption_refused", ScaAsk::kLowValueExemption));
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->outcome, Outcome::kRequiresAction) << first->message;
  json::array charges = Charges();
  ASSERT_EQ(charges.size(), 2u);  // the refused claim, then the retry
  EXPECT_EQ(charges[0].at("status"), "Refused");
  EXPECT_EQ(charges[1].at("status"), "RedirectShopper");
  EXPECT_EQ(charges[1].at("id").as_string(), first->provider_reference);
  auto done = Complete("pur_3ds_soft", *first, PassThePage(*first->action));
  EXPECT_EQ(done->outcome, Outcome::kApproved);
  EXPECT_EQ(done->authentication, Authentication::kAuthenticated);
  // Without an ask the shopper is not in session: declined, not retried.
  auto off = adyen_->Authorize(Request("pur_3ds_off", "tok_3ds_exemption_refused", ScaAsk::kNone));
  EXPECT_EQ(off->outcome, Outcome::kDeclined);
  EXPECT_EQ(off->decline_reason, DeclineReason::kAuthenticationRequired);
  EXPECT_EQ(Charges().size(), 3u);
}

TEST_F(AdyenSandboxThreeDsTest, AbandonedStaysRequiresActionUntilVoided) {
  auto first = adyen_->Authorize(Request("pur_3ds_ab", "tok_3ds_abandoned", ScaAsk::kAuthenticate));
  ASSERT_EQ(first->outcome, Outcome::kRequiresAction);
  EXPECT_EQ(browser_->Send({"GET", first->action->url, {}, ""}).response.status, 200);
  // The shopper never posts the page: no redirectResult to complete with.
  CompleteActionRequest empty{.purchase_id = "pur_3ds_ab",
                              .provider_reference = first->provider_reference,
                              .details = {},
                              .amount = Money(1500, *CurrencyCode::Parse("EUR"))};
  empty.idempotency_key = DeriveIdempotencyKey("pur_3ds_ab", 0, Operation::kCompleteAction);
  EXPECT_EQ(adyen_->CompleteAction(empty).status().code(), ErrorCode::kInvalidArgument);
  auto forged = Complete("pur_3ds_ab", *first, "00");
  EXPECT_EQ(forged->outcome, Outcome::kFatalError);  // 422: not a redirectResult handed out
  VoidRequest cancel{"pur_3ds_ab", first->provider_reference,
                     DeriveIdempotencyKey("pur_3ds_ab", 0, Operation::kVoid)};
  auto voided = adyen_->Void(cancel);
  ASSERT_TRUE(voided.ok());
  EXPECT_EQ(voided->outcome, Outcome::kPending);  // "received"; CANCELLATION follows
  json::object charge = Charges()[0].as_object();
  EXPECT_EQ(charge.at("status"), "Cancelled");
  EXPECT_TRUE(charge.at("voided").as_bool());
  EXPECT_EQ(browser_->Send({"GET", first->action->url, {}, ""}).response.status, 410);
}

}  // namespace
}  // namespace mg::providers
