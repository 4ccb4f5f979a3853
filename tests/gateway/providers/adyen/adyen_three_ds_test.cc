// 3-D Secure 2 on the Adyen adapter: the /payments request for each ask and
// the answers, against fixtures in the shapes of Adyen's OpenAPI spec
// (Adyen/adyen-openapi@aa014f0cbdb58ff5c44a2ff9d5fe734642210aff
// json/CheckoutService-v71.json), and the adapter's soft-decline retry and
// /payments/details against a scripted HTTP client.
#include "adyen/adyen_three_ds.h"

#include <gtest/gtest.h>

#include "adyen/adyen_provider.h"
#include "adyen/adyen_transformers.h"
#include "fixture.h"
#include "gateway/providers/json_fields.h"
#include "scripted_http.h"

namespace mg::providers::adyen {
namespace {

using testing::ReadFixture;
using testing::Recorded;
using testing::ScriptedHttp;
namespace jf = json_fields;
namespace json = boost::json;

const AdyenAccount kAccount{"https://checkout-test.adyen.test", "MarketgateECOM"};

// The browser of the spec's example "post-payments-card-3d-secure-2-web".
BrowserInfo Browser() {
  BrowserInfo b;
  b.user_agent =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/70.0.3538.110 Safari/537.36";
  b.accept_header =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,image/apng,*/*;q=0.8";
  b.language = "nl-NL";
  b.color_depth = 24;
  b.screen_height = 723;
  b.screen_width = 1536;
  b.time_zone_offset = 0;
  b.java_enabled = true;
  return b;
}

AuthorizeRequest Card(ScaAsk ask, bool capture = true) {
  AuthorizeRequest r{.purchase_id = "pur_123", .amount = Money(1000, *CurrencyCode::Parse("EUR"))};
  r.payment_method = "card";
  r.payment_token = "8415718415172200";
  r.return_url = "https://shop.example/return";
  r.idempotency_key = DeriveIdempotencyKey("pur_123", 0, Operation::kAuthorize);
  r.capture = capture;
  r.sca.ask = ask;
  if (ask != ScaAsk::kNone) {
    r.sca.regime = "psd2";
    r.sca.browser = Browser();
    r.sca.shopper_ip = "192.0.2.1";
    r.sca.origin = "https://shop.example";
  }
  return r;
}

json::value Body(const outbound::HttpRequest& r) { return *jf::Parse(r.body); }
json::value Fixture(const char* name) { return *jf::Parse(ReadFixture("adyen", name)); }

TEST(AdyenThreeDsRequestTest, NoAskKeepsTheMerchantInitiatedPayment) {
  auto req = BuildPayment(kAccount, Card(ScaAsk::kNone));
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(Body(*req), Fixture("request_sca_none.json")) << req->body;
}

TEST(AdyenThreeDsRequestTest, AuthenticateAsksForThreeDsInSession) {
  auto req = BuildPayment(kAccount, Card(ScaAsk::kAuthenticate));
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(req->url, "https://checkout-test.adyen.test/v71/payments");
  EXPECT_EQ(Body(*req), Fixture("request_sca_authenticate.json")) << req->body;
}

TEST(AdyenThreeDsRequestTest, LowValueClaimsTheExemptionBesideManualCapture) {
  auto req = BuildPayment(kAccount, Card(ScaAsk::kLowValueExemption, /*capture=*/false));
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(Body(*req), Fixture("request_sca_low_value.json")) << req->body;
}

TEST(AdyenThreeDsRequestTest, RetryAfterSoftDeclineAuthenticatesWithoutExemption) {
  AuthorizeRequest first = Card(ScaAsk::kLowValueExemption);
  AuthorizeRequest retry = AuthenticationRetryOf(first);
  EXPECT_EQ(retry.sca.ask, ScaAsk::kAuthenticate);
  EXPECT_NE(retry.idempotency_key, first.idempotency_key);
  EXPECT_EQ(retry.idempotency_key, AuthenticationRetryKey(first.idempotency_key));
  EXPECT_TRUE(ValidateIdempotencyKey(retry.idempotency_key).ok());
  auto req = BuildPayment(kAccount, retry, PaymentAttempt::kAfterSoftDecline);
  ASSERT_TRUE(req.ok());
  json::object b = Body(*req).as_object();
  const json::object* auth = jf::Object(b, "authenticationData");
  ASSERT_NE(auth, nullptr);
  EXPECT_EQ(jf::String(*auth, "attemptAuthentication"), "always");
  EXPECT_EQ(jf::Object(b, "additionalData"), nullptr);  // no scaExemption, captured
  EXPECT_EQ(jf::String(*jf::Object(b, "threeDS2RequestData"), "threeDSRequestorChallengeInd"),
            "04");
}

TEST(AdyenThreeDsRequestTest, InSessionNeedsAReturnUrlAndMinimalBrowserIsSent) {
  AuthorizeRequest r = Card(ScaAsk::kAuthenticate);
  r.return_url.clear();
  auto refused = BuildPayment(kAccount, r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().param(), "return_url");
  r = Card(ScaAsk::kAuthenticate);
  r.sca.browser = BrowserInfo{.user_agent = "App/1.0", .accept_header = "*/*"};
  r.sca.origin.clear();
  r.sca.shopper_ip.clear();
  json::object b = Body(*BuildPayment(kAccount, r)).as_object();
  const json::object& browser = *jf::Object(b, "browserInfo");
  EXPECT_EQ(jf::String(browser, "userAgent"), "App/1.0");
  EXPECT_FALSE(browser.contains("language"));
  EXPECT_FALSE(browser.contains("colorDepth"));
  EXPECT_FALSE(b.contains("origin"));
  EXPECT_FALSE(b.contains("shopperIP"));
}

TEST(AdyenThreeDsRequestTest, DetailsCarryTheReturnOnly) {
  CompleteActionRequest c{.purchase_id = "pur_123",
                          .amount = Money(1000, *CurrencyCode::Parse("EUR"))};
  c.idempotency_key = DeriveIdempotencyKey("pur_123", 0, Operation::kCompleteAction);
  c.details = {{"redirectResult", "X6XtfGC3!Y..."}, {"shopper", "ignored"}};
  auto req = BuildPaymentDetails(kAccount, c);
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(req->url, "https://checkout-test.adyen.test/v71/payments/details");
  EXPECT_EQ(Body(*req), Fixture("request_details_redirect.json")) << req->body;
  c.details = {{"threeDSResult", "eyJ0cmFuc1N0YXR1cyI6IlkifQ=="}};
  EXPECT_EQ(jf::String(*jf::Object(Body(*BuildPaymentDetails(kAccount, c)).as_object(), "details"),
                       "threeDSResult"),
            "eyJ0cmFuc1N0YXR1cyI6IlkifQ==");
  c.details = {{"payment_intent", "pi_1"}};
  auto none = BuildPaymentDetails(kAccount, c);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), ErrorCode::kInvalidArgument);
  c.details = {{"redirectResult", "x"}};
  c.idempotency_key.clear();
  EXPECT_FALSE(BuildPaymentDetails(kAccount, c).ok());
}

struct AnswerCase {
  const char* fixture;
  Outcome outcome;
  Authentication authentication;
  const char* exemption;
  DeclineReason reason;
};

class AdyenThreeDsAnswerTest : public ::testing::TestWithParam<AnswerCase> {};

TEST_P(AdyenThreeDsAnswerTest, MapsAuthentication) {
  const AnswerCase& c = GetParam();
  PaymentResult r = MapPaymentResponse("adyen", Recorded("adyen", c.fixture, 200));
  EXPECT_EQ(r.outcome, c.outcome);
  EXPECT_EQ(r.authentication, c.authentication);
  EXPECT_EQ(r.exemption, c.exemption);
  EXPECT_EQ(r.decline_reason, c.reason);
  EXPECT_FALSE(r.provider_reference.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, AdyenThreeDsAnswerTest,
    ::testing::Values(AnswerCase{"payment_authorised.json", Outcome::kApproved,
                                 Authentication::kNone, "", DeclineReason::kNone},
                      AnswerCase{"payment_authorised_3ds.json", Outcome::kApproved,
                                 Authentication::kAuthenticated, "", DeclineReason::kNone},
                      AnswerCase{"payment_authorised_frictionless.json", Outcome::kApproved,
                                 Authentication::kAuthenticated, "", DeclineReason::kNone},
                      AnswerCase{"payment_authorised_exemption.json", Outcome::kApproved,
                                 Authentication::kExempted, "low_value", DeclineReason::kNone},
                      AnswerCase{"payment_authorised_exemption_applied.json", Outcome::kApproved,
                                 Authentication::kExempted, "low_value", DeclineReason::kNone},
                      AnswerCase{"payment_refused_authentication_required.json", Outcome::kDeclined,
                                 Authentication::kNone, "", DeclineReason::kAuthenticationRequired},
                      AnswerCase{"payment_refused_3d_not_authenticated.json", Outcome::kDeclined,
                                 Authentication::kFailed, "", DeclineReason::kAuthenticationFailed},
                      AnswerCase{"details_authorised.json", Outcome::kApproved,
                                 Authentication::kAuthenticated, "", DeclineReason::kNone},
                      AnswerCase{"details_refused_3d_not_authenticated.json", Outcome::kDeclined,
                                 Authentication::kFailed, "",
                                 DeclineReason::kAuthenticationFailed}));

TEST(AdyenThreeDsAnswerTest, RedirectAndNativeChallenge) {
  PaymentResult redirect =
      MapPaymentResponse("adyen", Recorded("adyen", "payment_redirect_3ds.json", 200));
  EXPECT_EQ(redirect.outcome, Outcome::kRequiresAction);
  EXPECT_EQ(redirect.provider_reference, "JLCMPCQ8HXSKGK82");
  ASSERT_TRUE(redirect.action.has_value());
  EXPECT_EQ(redirect.action->kind, NextAction::Kind::kRedirect);
  EXPECT_EQ(redirect.action->method, "GET");
  EXPECT_EQ(redirect.action->url,
            "https://checkoutshopper-test.adyen.com/checkoutshopper/threeDS/redirect...");

  PaymentResult challenge =
      MapPaymentResponse("adyen", Recorded("adyen", "payment_challenge.json", 200));
  EXPECT_EQ(challenge.outcome, Outcome::kRequiresAction);
  ASSERT_TRUE(challenge.action.has_value());
  EXPECT_EQ(challenge.action->kind, NextAction::Kind::kChallenge);
  EXPECT_EQ(challenge.action->data.at("token"),
            "eyJhY3NSZWZlcmVuY2VOdW1iZXIiOiJBRFlFTi1BQ1MtU0lNVUxBVE9SIn0=");
  EXPECT_EQ(challenge.action->data.at("subtype"), "challenge");
  EXPECT_EQ(challenge.action->data.at("paymentData"), "Ab02b4c0!BQABAgA...");

  PaymentResult identify =
      MapPaymentResponse("adyen", Recorded("adyen", "payment_identify.json", 200));
  EXPECT_EQ(identify.action->kind, NextAction::Kind::kChallenge);
  EXPECT_EQ(identify.action->data.at("subtype"), "fingerprint");
  EXPECT_EQ(identify.action->data.at("token"), "eyJ0aHJlZURT");
}

TEST(AdyenThreeDsAnswerTest, DeclinesAboutAuthentication) {
  EXPECT_EQ(ThreeDsDeclineOf("38", ""), DeclineReason::kAuthenticationRequired);
  EXPECT_EQ(ThreeDsDeclineOf("", "Authentication Required"),
            DeclineReason::kAuthenticationRequired);
  EXPECT_EQ(ThreeDsDeclineOf("11", ""), DeclineReason::kAuthenticationFailed);
  EXPECT_EQ(ThreeDsDeclineOf("", "3d-secure: Authentication failed"),
            DeclineReason::kAuthenticationFailed);
  EXPECT_EQ(ThreeDsDeclineOf("2", "Refused"), std::nullopt);
  EXPECT_EQ(ExemptionName("transactionRiskAnalysis"), "transaction_risk_analysis");
  EXPECT_EQ(ExemptionName("somethingNew"), "");
}

// The adapter's chained calls against a scripted Adyen.
class AdyenThreeDsProviderTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedHttp> http_ = std::make_shared<ScriptedHttp>();
  AdyenProvider adyen_{"adyen", kAccount, Secret("k"), http_};
};

TEST_F(AdyenThreeDsProviderTest, SoftDeclineIsRetriedOnceWithAuthentication) {
  http_->Answer(200, ReadFixture("adyen", "payment_refused_authentication_required.json"));
  http_->Answer(200, ReadFixture("adyen", "payment_redirect_3ds.json"));
  AuthorizeRequest request = Card(ScaAsk::kLowValueExemption);
  auto r = adyen_.Authorize(request);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kRequiresAction);
  ASSERT_EQ(http_->sent().size(), 2u);
  EXPECT_EQ(testing::HeaderOf(http_->sent()[0], "Idempotency-Key"), request.idempotency_key);
  EXPECT_EQ(testing::HeaderOf(http_->sent()[1], "Idempotency-Key"),
            AuthenticationRetryKey(request.idempotency_key));
  json::object retry = Body(http_->sent()[1]).as_object();
  EXPECT_EQ(jf::String(*jf::Object(retry, "authenticationData"), "attemptAuthentication"),
            "always");
  EXPECT_EQ(jf::Object(retry, "additionalData"), nullptr);
}

TEST_F(AdyenThreeDsProviderTest, SecondSoftDeclineIsDeclinedAuthenticationRequired) {
  http_->Answer(200, ReadFixture("adyen", "payment_refused_authentication_required.json"));
  http_->Answer(200, ReadFixture("adyen", "payment_refused_authentication_required.json"));
  auto r = adyen_.Authorize(Card(ScaAsk::kLowValueExemption));
  EXPECT_EQ(r->outcome, Outcome::kDeclined);
  EXPECT_EQ(r->decline_reason, DeclineReason::kAuthenticationRequired);
  EXPECT_EQ(http_->sent().size(), 2u);  // once, not more
}

TEST_F(AdyenThreeDsProviderTest, NoRetryWhenAuthenticationWasAskedOrCannotBe) {
  for (ScaAsk ask : {ScaAsk::kAuthenticate, ScaAsk::kNone}) {
    http_->Answer(200, ReadFixture("adyen", "payment_refused_authentication_required.json"));
    auto r = adyen_.Authorize(Card(ask));
    EXPECT_EQ(r->decline_reason, DeclineReason::kAuthenticationRequired) << ScaAskName(ask);
  }
  EXPECT_EQ(http_->sent().size(), 2u);
  EXPECT_EQ(http_->unanswered(), 0u);
}

TEST_F(AdyenThreeDsProviderTest, CompleteActionPostsDetailsAndKeepsTheReference) {
  http_->Answer(
      200, R"({"resultCode": "Authorised", "additionalData": {"threeDAuthenticated": "true"}})");
  CompleteActionRequest c{.purchase_id = "pur_123",
                          .provider_reference = "8815723948623930",
                          .details = {{"redirectResult", "X6XtfGC3!Y..."}},
                          .amount = Money(1000, *CurrencyCode::Parse("EUR"))};
  c.idempotency_key = DeriveIdempotencyKey("pur_123", 0, Operation::kCompleteAction);
  auto r = adyen_.CompleteAction(c);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kApproved);
  EXPECT_EQ(r->authentication, Authentication::kAuthenticated);
  EXPECT_EQ(r->provider_reference, "8815723948623930");
  ASSERT_EQ(http_->sent().size(), 1u);  // no capture: /payments decided it
  EXPECT_EQ(http_->sent()[0].url, "https://checkout-test.adyen.test/v71/payments/details");
  EXPECT_EQ(testing::HeaderOf(http_->sent()[0], "Idempotency-Key"), c.idempotency_key);
  EXPECT_EQ(testing::HeaderOf(http_->sent()[0], "X-API-Key"), "k");
}

}  // namespace
}  // namespace mg::providers::adyen
