#include "stripe/stripe_transformers.h"

#include <gtest/gtest.h>

#include "fixture.h"
#include "gateway/providers/provider_http.h"

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

TEST(StripeRequestTest, CreateChargeIsFormEncoded) {
  auto req = BuildCreateCharge("https://api.stripe.test", Request(M(1000, "JPY")));
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(req->method, "POST");
  EXPECT_EQ(req->url, "https://api.stripe.test/v1/charges");
  auto f = Fields(req->body);
  EXPECT_EQ(f["amount"], "1000");
  EXPECT_EQ(f["currency"], "jpy");
  EXPECT_EQ(f["source"], "tok_visa");
  EXPECT_EQ(f["capture"], "false");
  EXPECT_EQ(f["description"], "Coin pack 1000 + bonus");
  EXPECT_EQ(f["metadata[market]"], "US");
  EXPECT_EQ(f["metadata[mg_purchase_id]"], "pur_123");
  // '+' and brackets are escaped, so a form decoder cannot misread them.
  EXPECT_NE(req->body.find("description=Coin%20pack%201000%20%2B%20bonus"), std::string::npos);
  EXPECT_NE(req->body.find("metadata%5Bmarket%5D=US"), std::string::npos);
  // No secret or idempotency header here: the provider adds them.
  for (const auto& [name, value] : req->headers) EXPECT_NE(name, "Authorization");
}

TEST(StripeRequestTest, RejectsCardNumbersAndBadIds) {
  AuthorizeRequest pan = Request(M(100, "USD"));
  pan.payment_token = "4242424242424242";
  EXPECT_EQ(BuildCreateCharge("https://x", pan).status().code(), ErrorCode::kInvalidArgument);
  CaptureRequest capture{"pur_1", "ch_1/../../v1/refunds", M(100, "USD"), "mg-capture-1"};
  EXPECT_FALSE(BuildCaptureCharge("https://x", capture).ok());
}

TEST(StripeRequestTest, CaptureRefundVoidRetrieveSearch) {
  CaptureRequest capture{"pur_1", "ch_1", M(1099, "USD"), "mg-capture-1"};
  auto c = BuildCaptureCharge("https://x", capture);
  EXPECT_EQ(c->url, "https://x/v1/charges/ch_1/capture");
  EXPECT_EQ(Fields(c->body)["amount"], "1099");
  RefundRequest refund{"pur_1", "ch_1", M(500, "USD"), "requested_by_customer", "mg-refund-1"};
  auto r = BuildRefund("https://x", refund);
  EXPECT_EQ(r->url, "https://x/v1/refunds");
  EXPECT_EQ(Fields(r->body)["charge"], "ch_1");
  EXPECT_EQ(Fields(r->body)["amount"], "500");
  EXPECT_EQ(Fields(r->body)["reason"], "requested_by_customer");
  VoidRequest v{"pur_1", "ch_1", "mg-void-1"};
  auto vr = BuildVoid("https://x", v);
  EXPECT_EQ(Fields(vr->body).count("amount"), 0u);
  EXPECT_EQ(BuildRetrieveCharge("https://x", "ch_1")->url, "https://x/v1/charges/ch_1");
  auto s = BuildSearchCharges("https://x", "pur_1");
  EXPECT_EQ(s->method, "GET");
  EXPECT_EQ(s->url.rfind("https://x/v1/charges/search?query=", 0), 0u);
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
  PaymentResult r = MapChargeResponse("stripe", Recorded("stripe", GetParam().fixture, 402));
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
        DeclineCase{"error_unknown_decline_code.json", DeclineReason::kOther, "try_again_later"}));

TEST(StripeResponseTest, ChargeObjects) {
  PaymentResult ok = MapChargeResponse("stripe", Recorded("stripe", "charge_authorized.json", 200));
  EXPECT_EQ(ok.outcome, Outcome::kApproved);
  EXPECT_EQ(ok.provider_reference, "ch_3MmlLrLkdIwHu7ix0snN0B15");
  EXPECT_EQ(ok.provider, "stripe");
  EXPECT_EQ(MapChargeResponse("stripe", Recorded("stripe", "charge_captured.json", 200)).outcome,
            Outcome::kApproved);
  EXPECT_EQ(MapChargeResponse("stripe", Recorded("stripe", "charge_pending.json", 200)).outcome,
            Outcome::kPending);
  PaymentResult failed = MapChargeResponse("stripe", Recorded("stripe", "charge_failed.json", 200));
  EXPECT_EQ(failed.outcome, Outcome::kDeclined);
  EXPECT_EQ(failed.decline_reason, DeclineReason::kInsufficientFunds);
  // A status Stripe adds later is pending, never approved or declined.
  EXPECT_EQ(
      MapChargeResponse("stripe", Recorded("stripe", "charge_unknown_status.json", 200)).outcome,
      Outcome::kPending);
  outbound::HttpResponse garbage{200, {}, "<html>proxy</html>"};
  EXPECT_EQ(MapChargeResponse("stripe", garbage).outcome, Outcome::kPending);
}

TEST(StripeResponseTest, RequiresActionCarriesRedirect) {
  PaymentResult r =
      MapChargeResponse("stripe", Recorded("stripe", "error_authentication_required.json", 402));
  EXPECT_EQ(r.outcome, Outcome::kRequiresAction);
  ASSERT_TRUE(r.action.has_value());
  EXPECT_EQ(r.action->url.rfind("https://hooks.stripe.com/3d_secure_2/", 0), 0u);
}

TEST(StripeResponseTest, RetryableAndFatalErrors) {
  // A 5xx may come after the charge was made: in doubt, never retried
  // elsewhere until a status lookup proves nothing was charged.
  PaymentResult api = MapChargeResponse("stripe", Recorded("stripe", "error_api.json", 500));
  EXPECT_EQ(api.outcome, Outcome::kPending);
  EXPECT_TRUE(api.ambiguous);
  PaymentResult limited = MapChargeResponse(
      "stripe", Recorded("stripe", "error_rate_limit.json", 429, {{"Retry-After", "2"}}));
  EXPECT_EQ(limited.outcome, Outcome::kRetryableError);
  ASSERT_TRUE(limited.retry_after.has_value());
  EXPECT_EQ(limited.retry_after->count(), 2);
  EXPECT_EQ(
      MapChargeResponse("stripe", Recorded("stripe", "error_invalid_request.json", 400)).outcome,
      Outcome::kFatalError);
  EXPECT_EQ(
      MapChargeResponse("stripe", Recorded("stripe", "error_authentication.json", 401)).outcome,
      Outcome::kFatalError);
  EXPECT_EQ(MapChargeResponse("stripe", Recorded("stripe", "error_idempotency.json", 400)).outcome,
            Outcome::kFatalError);
  outbound::HttpResponse bad_gateway{502, {}, "Bad Gateway"};
  EXPECT_EQ(MapChargeResponse("stripe", bad_gateway).outcome, Outcome::kPending);
  EXPECT_TRUE(MapChargeResponse("stripe", bad_gateway).ambiguous);
  outbound::HttpResponse in_progress{409, {}, "{}"};
  EXPECT_TRUE(MapChargeResponse("stripe", in_progress).ambiguous);
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
  PaymentResult hit = MapSearchResponse("stripe", Recorded("stripe", "search_hit.json", 200));
  EXPECT_EQ(hit.outcome, Outcome::kApproved);
  EXPECT_EQ(hit.provider_reference, "ch_3MmlLrLkdIwHu7ix0snN0B15");
  PaymentResult miss = MapSearchResponse("stripe", Recorded("stripe", "search_empty.json", 200));
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
