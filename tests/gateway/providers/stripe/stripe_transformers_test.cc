#include "stripe/stripe_transformers.h"

#include <gtest/gtest.h>

#include "fixture.h"
#include "gateway/providers/provider_http.h"
#include "stripe/stripe_intents.h"

namespace mg::providers::stripe {
namespace {

using testing::ReadFixture;
using testing::Recorded;

Money M(int64_t minor, const char* currency) {
  return Money(minor, *CurrencyCode::Parse(currency));
}

AuthorizeRequest Request(Money amount) {
  AuthorizeRequest r{.purchase_id = "pur_123", .amount = amount};
  r.payment_method = "card";
  r.payment_token = "tok_visa";
  r.description = "Coin pack 1000 + bonus";
  r.metadata["market"] = "US";
  r.idempotency_key = DeriveIdempotencyKey("pur_123", 0, Operation::kAuthorize);
  return r;
}

std::map<std::string, std::string> Fields(const std::string& body) {
  std::map<std::string, std::string> out;
  for (auto& [k, v] : FormDecode(body)) out[k] = v;
  return out;
}

TEST(StripeAmountTest, ZeroTwoAndThreeDecimalCurrencies) {
  EXPECT_EQ(*ToStripeAmount(M(1099, "USD")), 1099);
  EXPECT_EQ(*ToStripeAmount(M(1000, "JPY")), 1000);  // zero-decimal at ISO and Stripe
  EXPECT_EQ(*ToStripeAmount(M(5000, "KRW")), 5000);
  EXPECT_EQ(*ToStripeAmount(M(12340, "KWD")), 12340);  // three decimals
  EXPECT_FALSE(ToStripeAmount(M(12345, "KWD")).ok());  // must end in 0
  EXPECT_EQ(*ToStripeAmount(M(500, "ISK")), 50000);    // ISK sent as two-decimal
  EXPECT_EQ(StripeDigits("JPY"), 0);
  EXPECT_EQ(StripeDigits("BHD"), 3);
  EXPECT_EQ(StripeDigits("EUR"), 2);
}

TEST(StripeRequestTest, CreateIntentIsFormEncodedAndConfirmsForManualCapture) {
  AuthorizeRequest request = Request(M(1000, "JPY"));
  request.return_url = "https://shop.example/return?order=7";
  auto req = BuildCreateIntent("https://api.stripe.test", request, "automatic");
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(req->method, "POST");
  EXPECT_EQ(req->url, "https://api.stripe.test/v1/payment_intents");
  auto f = Fields(req->body);
  EXPECT_EQ(f["amount"], "1000");
  EXPECT_EQ(f["currency"], "jpy");
  EXPECT_EQ(f["payment_method"], "tok_visa");
  EXPECT_EQ(f["confirm"], "true");
  EXPECT_EQ(f["capture_method"], "manual");
  EXPECT_EQ(f["return_url"], "https://shop.example/return?order=7");
  EXPECT_EQ(f["payment_method_options[card][request_three_d_secure]"], "automatic");
  EXPECT_EQ(f["expand[]"], "latest_charge");
  EXPECT_EQ(f["description"], "Coin pack 1000 + bonus");
  EXPECT_EQ(f["metadata[market]"], "US");
  EXPECT_EQ(f["metadata[mg_purchase_id]"], "pur_123");
  EXPECT_EQ(f.count("source"), 0u);
  EXPECT_EQ(f.count("capture"), 0u);
  // '+' and brackets are escaped, so a form decoder cannot misread them.
  EXPECT_NE(req->body.find("description=Coin%20pack%201000%20%2B%20bonus"), std::string::npos);
  EXPECT_NE(req->body.find("metadata%5Bmarket%5D=US"), std::string::npos);
  // No secret or idempotency header here: the provider adds them.
  for (const auto& [name, value] : req->headers) EXPECT_NE(name, "Authorization");
}

TEST(StripeRequestTest, ThreeDSecureIsRequestedOnlyWhenTheLawAsksForAuthentication) {
  EXPECT_EQ(RequestThreeDSecure(ScaAsk::kAuthenticate), "any");
  // No exemption field exists: Stripe's engine claims it under "automatic".
  EXPECT_EQ(RequestThreeDSecure(ScaAsk::kLowValueExemption), "automatic");
  EXPECT_EQ(RequestThreeDSecure(ScaAsk::kNone), "automatic");
  AuthorizeRequest request = Request(M(1099, "EUR"));
  auto confirm = BuildConfirmIntent("https://x", "pi_1", request, "any");
  ASSERT_TRUE(confirm.ok()) << confirm.status().ToString();
  EXPECT_EQ(confirm->url, "https://x/v1/payment_intents/pi_1/confirm");
  auto f = Fields(confirm->body);
  EXPECT_EQ(f["payment_method_options[card][request_three_d_secure]"], "any");
  EXPECT_EQ(f["payment_method"], "tok_visa");
  EXPECT_EQ(f.count("amount"), 0u);  // the intent keeps its amount
  EXPECT_FALSE(BuildConfirmIntent("https://x", "pi_1/../x", request, "any").ok());
}

TEST(StripeRequestTest, RejectsCardNumbersAndBadIds) {
  AuthorizeRequest pan = Request(M(100, "USD"));
  pan.payment_token = "4242424242424242";
  EXPECT_EQ(BuildCreateIntent("https://x", pan, "automatic").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_FALSE(BuildCaptureIntent("https://x", "pi_1/../../v1/refunds", M(100, "USD")).ok());
  EXPECT_FALSE(BuildCancelIntent("https://x", "").ok());
  EXPECT_FALSE(BuildSearchIntents("https://x", "pur_1' OR '1").ok());
}

TEST(StripeRequestTest, CaptureCancelRefundRetrieveSearch) {
  auto c = BuildCaptureIntent("https://x", "pi_1", M(1099, "USD"));
  EXPECT_EQ(c->url, "https://x/v1/payment_intents/pi_1/capture");
  EXPECT_EQ(Fields(c->body)["amount_to_capture"], "1099");
  EXPECT_EQ(Fields(BuildCaptureIntent("https://x", "pi_1", std::nullopt)->body)
                .count("amount_to_capture"),
            0u);
  auto v = BuildCancelIntent("https://x", "pi_1");
  EXPECT_EQ(v->url, "https://x/v1/payment_intents/pi_1/cancel");
  EXPECT_EQ(Fields(v->body)["cancellation_reason"], "abandoned");
  RefundRequest refund{"pur_1", "pi_1", M(500, "USD"), "requested_by_customer", "mg-refund-1"};
  auto r = BuildRefund("https://x", refund);
  EXPECT_EQ(r->url, "https://x/v1/refunds");
  EXPECT_EQ(Fields(r->body)["payment_intent"], "pi_1");
  EXPECT_EQ(Fields(r->body).count("charge"), 0u);
  // A payment made with the Charges API is refunded by its charge.
  RefundRequest legacy{"pur_0", "ch_1", M(500, "USD"), "", "mg-refund-0"};
  EXPECT_EQ(Fields(BuildRefund("https://x", legacy)->body)["charge"], "ch_1");
  EXPECT_EQ(Fields(BuildRefund("https://x", legacy)->body).count("payment_intent"), 0u);
  EXPECT_EQ(Fields(r->body)["amount"], "500");
  EXPECT_EQ(Fields(r->body)["reason"], "requested_by_customer");
  EXPECT_EQ(BuildRetrieveIntent("https://x", "pi_1")->url,
            "https://x/v1/payment_intents/pi_1?expand%5B%5D=latest_charge");
  auto s = BuildSearchIntents("https://x", "pur_1");
  EXPECT_EQ(s->method, "GET");
  EXPECT_EQ(s->url.rfind("https://x/v1/payment_intents/search?query=", 0), 0u);
  EXPECT_EQ(Fields(s->url.substr(s->url.find('?') + 1))["query"],
            "metadata['mg_purchase_id']:'pur_1'");
}

struct DeclineCase {
  const char* fixture;
  DeclineReason reason;
  const char* code;
};

class StripeDeclineTest : public ::testing::TestWithParam<DeclineCase> {};

TEST_P(StripeDeclineTest, MapsCardErrors) {
  PaymentResult r = MapIntentResponse("stripe", Recorded("stripe", GetParam().fixture, 402));
  EXPECT_EQ(r.outcome, Outcome::kDeclined);
  EXPECT_EQ(r.decline_reason, GetParam().reason);
  EXPECT_EQ(r.provider_code, GetParam().code);
  EXPECT_FALSE(r.provider_reference.empty());
  EXPECT_FALSE(r.ambiguous);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, StripeDeclineTest,
    ::testing::Values(
        DeclineCase{"error_insufficient_funds.json", DeclineReason::kInsufficientFunds,
                    "insufficient_funds"},
        DeclineCase{"error_expired_card.json", DeclineReason::kExpiredCard, "expired_card"},
        DeclineCase{"error_incorrect_cvc.json", DeclineReason::kIncorrectCvc, "incorrect_cvc"},
        DeclineCase{"error_fraudulent.json", DeclineReason::kFraudSuspected, "fraudulent"},
        DeclineCase{"error_generic_decline.json", DeclineReason::kCardDeclined, "generic_decline"},
        DeclineCase{"error_do_not_honor.json", DeclineReason::kDoNotHonor, "do_not_honor"},
        DeclineCase{"error_unknown_decline_code.json", DeclineReason::kOther, "try_again_later"},
        DeclineCase{"error_card_declined_intent.json", DeclineReason::kInsufficientFunds,
                    "insufficient_funds"}));

constexpr char kIntent[] = "pi_3Q0PsIJvEtkwdCNY0HsLxA1b";

TEST(StripeIntentTest, AuthorizedIntentsAreApprovedWithWhatThreeDSecureSaid) {
  PaymentResult authenticated = MapIntentResponse(
      "stripe", Recorded("stripe", "pi_requires_capture_authenticated.json", 200));
  EXPECT_EQ(authenticated.outcome, Outcome::kApproved);
  EXPECT_EQ(authenticated.provider_reference, kIntent);
  EXPECT_EQ(authenticated.provider_status, "requires_capture");
  EXPECT_EQ(authenticated.authentication, Authentication::kAuthenticated);
  EXPECT_EQ(authenticated.provider, "stripe");
  PaymentResult exempted =
      MapIntentResponse("stripe", Recorded("stripe", "pi_requires_capture_exempted.json", 200));
  EXPECT_EQ(exempted.outcome, Outcome::kApproved);
  EXPECT_EQ(exempted.authentication, Authentication::kExempted);
  EXPECT_EQ(exempted.exemption, "low_value");
  PaymentResult plain =
      MapIntentResponse("stripe", Recorded("stripe", "pi_requires_capture_no_3ds.json", 200));
  EXPECT_EQ(plain.outcome, Outcome::kApproved);
  EXPECT_EQ(plain.authentication, Authentication::kNone);
  PaymentResult captured =
      MapIntentResponse("stripe", Recorded("stripe", "pi_succeeded.json", 200));
  EXPECT_EQ(captured.outcome, Outcome::kApproved);
  EXPECT_EQ(captured.provider_status, "succeeded");
  EXPECT_EQ(captured.authentication, Authentication::kAuthenticated);
}

TEST(StripeIntentTest, RequiresActionCarriesTheRedirectOrTheClientSecret) {
  PaymentResult redirect =
      MapIntentResponse("stripe", Recorded("stripe", "pi_requires_action_redirect.json", 200));
  EXPECT_EQ(redirect.outcome, Outcome::kRequiresAction);
  EXPECT_EQ(redirect.provider_reference, kIntent);
  ASSERT_TRUE(redirect.action.has_value());
  EXPECT_EQ(redirect.action->kind, NextAction::Kind::kRedirect);
  EXPECT_EQ(redirect.action->method, "GET");
  EXPECT_EQ(redirect.action->url.rfind("https://hooks.stripe.com/3d_secure_2/hosted?", 0), 0u);
  PaymentResult sdk =
      MapIntentResponse("stripe", Recorded("stripe", "pi_requires_action_sdk.json", 200));
  EXPECT_EQ(sdk.outcome, Outcome::kRequiresAction);
  ASSERT_TRUE(sdk.action.has_value());
  EXPECT_EQ(sdk.action->kind, NextAction::Kind::kChallenge);
  EXPECT_TRUE(sdk.action->url.empty());
  EXPECT_EQ(sdk.action->data.at("client_secret"), std::string(kIntent) + "_secret_Xy12");
  EXPECT_EQ(sdk.action->data.at("type"), "use_stripe_sdk");
  // The opaque use_stripe_sdk map is not copied.
  EXPECT_EQ(sdk.action->data.count("three_d_secure_2_source"), 0u);
}

TEST(StripeIntentTest, DeclinesSoftDeclinesAndFailedAuthentication) {
  PaymentResult declined = MapIntentResponse("stripe", Recorded("stripe", "pi_declined.json", 200));
  EXPECT_EQ(declined.outcome, Outcome::kDeclined);
  EXPECT_EQ(declined.decline_reason, DeclineReason::kInsufficientFunds);
  EXPECT_EQ(declined.provider_code, "insufficient_funds");
  EXPECT_FALSE(IsSoftDecline(declined));
  PaymentResult soft =
      MapIntentResponse("stripe", Recorded("stripe", "pi_soft_declined.json", 200));
  EXPECT_EQ(soft.outcome, Outcome::kDeclined);
  EXPECT_EQ(soft.decline_reason, DeclineReason::kAuthenticationRequired);
  EXPECT_TRUE(IsSoftDecline(soft));
  PaymentResult soft_error =
      MapIntentResponse("stripe", Recorded("stripe", "error_authentication_required.json", 402));
  EXPECT_TRUE(IsSoftDecline(soft_error));
  EXPECT_EQ(soft_error.provider_reference, kIntent);  // the intent to confirm again
  EXPECT_FALSE(soft_error.action.has_value());
  PaymentResult failed =
      MapIntentResponse("stripe", Recorded("stripe", "pi_authentication_failed.json", 200));
  EXPECT_EQ(failed.outcome, Outcome::kDeclined);
  EXPECT_EQ(failed.decline_reason, DeclineReason::kAuthenticationFailed);
  EXPECT_EQ(failed.authentication, Authentication::kFailed);
  EXPECT_EQ(failed.provider_code, "payment_intent_authentication_failure");
  PaymentResult canceled = MapIntentResponse("stripe", Recorded("stripe", "pi_canceled.json", 200));
  EXPECT_EQ(canceled.outcome, Outcome::kDeclined);
  EXPECT_EQ(canceled.provider_code, "abandoned");
}

TEST(StripeIntentTest, PendingAndUnknownStatusesAreNeverFinal) {
  EXPECT_EQ(MapIntentResponse("stripe", Recorded("stripe", "pi_processing.json", 200)).outcome,
            Outcome::kPending);
  EXPECT_EQ(MapIntentResponse("stripe", Recorded("stripe", "pi_unknown_status.json", 200)).outcome,
            Outcome::kPending);
  outbound::HttpResponse garbage{200, {}, "<html>proxy</html>"};
  EXPECT_EQ(MapIntentResponse("stripe", garbage).outcome, Outcome::kPending);
  // A refund object is not an intent: unreadable, so pending.
  EXPECT_EQ(MapIntentResponse("stripe", Recorded("stripe", "refund_succeeded.json", 200)).outcome,
            Outcome::kPending);
}

TEST(StripeIntentTest, CancelIsTheVoidsSuccess) {
  PaymentResult voided = MapCancelResponse("stripe", Recorded("stripe", "pi_canceled.json", 200));
  EXPECT_EQ(voided.outcome, Outcome::kApproved);
  EXPECT_EQ(voided.decline_reason, DeclineReason::kNone);
  EXPECT_EQ(voided.provider_status, "canceled");
  // Stripe refuses to cancel a captured intent: our request was wrong.
  outbound::HttpResponse refused{
      400,
      {},
      R"({"error": {"type": "invalid_request_error", "code": "payment_intent_unexpected_state",
          "message": "You cannot cancel this PaymentIntent because it has a status of succeeded."}})"};
  EXPECT_EQ(MapCancelResponse("stripe", refused).outcome, Outcome::kFatalError);
  // An intent that answered without being canceled was not voided.
  EXPECT_EQ(MapCancelResponse("stripe", Recorded("stripe", "pi_succeeded.json", 200)).outcome,
            Outcome::kPending);
}

TEST(StripeIntentTest, ACardErrorWithAnIntentAwaitingTheShopperRequiresAction) {
  outbound::HttpResponse response{
      402,
      {},
      R"({"error": {"type": "card_error", "code": "authentication_required",
          "payment_intent": {"id": "pi_1", "object": "payment_intent", "status": "requires_action",
            "next_action": {"type": "redirect_to_url",
                            "redirect_to_url": {"url": "https://hooks.stripe.com/3ds"}}}}})"};
  PaymentResult r = MapIntentResponse("stripe", response);
  EXPECT_EQ(r.outcome, Outcome::kRequiresAction);
  EXPECT_EQ(r.provider_reference, "pi_1");
  ASSERT_TRUE(r.action.has_value());
  EXPECT_EQ(r.action->url, "https://hooks.stripe.com/3ds");
}

TEST(StripeResponseTest, RetryableAndFatalErrors) {
  // A 5xx may come after the charge was made: in doubt, never retried
  // elsewhere until a status lookup proves nothing was charged.
  PaymentResult api = MapIntentResponse("stripe", Recorded("stripe", "error_api.json", 500));
  EXPECT_EQ(api.outcome, Outcome::kPending);
  EXPECT_TRUE(api.ambiguous);
  PaymentResult limited = MapIntentResponse(
      "stripe", Recorded("stripe", "error_rate_limit.json", 429, {{"Retry-After", "2"}}));
  EXPECT_EQ(limited.outcome, Outcome::kRetryableError);
  ASSERT_TRUE(limited.retry_after.has_value());
  EXPECT_EQ(limited.retry_after->count(), 2);
  EXPECT_EQ(
      MapIntentResponse("stripe", Recorded("stripe", "error_invalid_request.json", 400)).outcome,
      Outcome::kFatalError);
  EXPECT_EQ(
      MapIntentResponse("stripe", Recorded("stripe", "error_authentication.json", 401)).outcome,
      Outcome::kFatalError);
  EXPECT_EQ(MapIntentResponse("stripe", Recorded("stripe", "error_idempotency.json", 400)).outcome,
            Outcome::kFatalError);
  outbound::HttpResponse bad_gateway{502, {}, "Bad Gateway"};
  EXPECT_EQ(MapIntentResponse("stripe", bad_gateway).outcome, Outcome::kPending);
  EXPECT_TRUE(MapIntentResponse("stripe", bad_gateway).ambiguous);
  outbound::HttpResponse in_progress{409, {}, "{}"};
  EXPECT_TRUE(MapIntentResponse("stripe", in_progress).ambiguous);
}

TEST(StripeResponseTest, Refunds) {
  EXPECT_EQ(MapRefundResponse("stripe", Recorded("stripe", "refund_succeeded.json", 200)).outcome,
            Outcome::kApproved);
  EXPECT_EQ(MapRefundResponse("stripe", Recorded("stripe", "refund_pending.json", 200)).outcome,
            Outcome::kPending);
  PaymentResult failed = MapRefundResponse("stripe", Recorded("stripe", "refund_failed.json", 200));
  EXPECT_EQ(failed.outcome, Outcome::kDeclined);
  EXPECT_EQ(failed.provider_code, "expired_or_canceled_card");
}

TEST(StripeResponseTest, SearchMissIsNotProofOfAbsence) {
  PaymentResult hit =
      MapIntentSearchResponse("stripe", Recorded("stripe", "pi_search_hit.json", 200));
  // The intent that holds money wins over the soft-declined one listed first.
  EXPECT_EQ(hit.outcome, Outcome::kApproved);
  EXPECT_EQ(hit.provider_reference, kIntent);
  PaymentResult miss =
      MapIntentSearchResponse("stripe", Recorded("stripe", "pi_search_empty.json", 200));
  EXPECT_EQ(miss.outcome, Outcome::kPending);
  EXPECT_TRUE(miss.ambiguous);
}

TEST(StripeResponseTest, TransportFailures) {
  outbound::HttpResult not_sent;
  not_sent.kind = outbound::HttpResult::Kind::kNotSent;
  not_sent.error = "connect: refused";
  EXPECT_EQ(MapTransportFailure("stripe", not_sent).outcome, Outcome::kRetryableError);
  EXPECT_FALSE(MapTransportFailure("stripe", not_sent).ambiguous);
  outbound::HttpResult lost;
  lost.kind = outbound::HttpResult::Kind::kAmbiguous;
  lost.error = "read timeout";
  PaymentResult r = MapTransportFailure("stripe", lost);
  EXPECT_EQ(r.outcome, Outcome::kPending);
  EXPECT_TRUE(r.ambiguous);
}

}  // namespace
}  // namespace mg::providers::stripe
