#include "adyen/adyen_transformers.h"

#include <gtest/gtest.h>

#include "fixture.h"
#include "gateway/providers/json_fields.h"

namespace mg::providers::adyen {
namespace {

using testing::Recorded;
namespace jf = json_fields;

Money M(int64_t minor, const char* currency) {
  return Money(minor, *CurrencyCode::Parse(currency));
}

const AdyenAccount kAccount{"https://checkout-test.adyen.test", "MarketgateECOM"};

AuthorizeRequest Request(Money amount, const std::string& method, const std::string& token) {
  AuthorizeRequest r{.purchase_id = "pur_123", .amount = amount};
  r.payment_method = method;
  r.payment_token = token;
  r.return_url = "https://shop.example/return";
  r.idempotency_key = DeriveIdempotencyKey("pur_123", 0, Operation::kAuthorize);
  return r;
}

boost::json::object Body(const outbound::HttpRequest& r) { return jf::Parse(r.body)->as_object(); }

TEST(AdyenAmountTest, CurrencyDecimalsPerAdyen) {
  EXPECT_EQ(*ToAdyenAmount(M(12345, "KWD")), 12345);  // 3 decimals, as ISO
  EXPECT_EQ(*ToAdyenAmount(M(1000, "JPY")), 1000);
  EXPECT_EQ(*ToAdyenAmount(M(1000, "CLP")), 100000);    // Adyen: 2 decimals, ISO: 0
  EXPECT_EQ(*ToAdyenAmount(M(1000000, "IDR")), 10000);  // Adyen: 0, ICU: 2
  EXPECT_FALSE(ToAdyenAmount(M(1000050, "IDR")).ok());  // cannot drop 0.50
  EXPECT_EQ(*ToAdyenAmount(M(1999, "EUR")), 1999);
}

TEST(AdyenRequestTest, CardPaymentUsesStoredMethodAndManualCapture) {
  auto req = BuildPayment(kAccount, Request(M(12340, "KWD"), "card", "8415718415172200"));
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(req->url, "https://checkout-test.adyen.test/v71/payments");
  boost::json::object b = Body(*req);
  EXPECT_EQ(jf::String(b, "merchantAccount"), "MarketgateECOM");
  EXPECT_EQ(jf::String(b, "reference"), "pur_123");
  EXPECT_EQ(jf::String(*jf::Object(b, "amount"), "currency"), "KWD");
  EXPECT_EQ(*jf::Int(*jf::Object(b, "amount"), "value"), 12340);
  EXPECT_EQ(jf::String(*jf::Object(b, "paymentMethod"), "type"), "scheme");
  EXPECT_EQ(jf::String(*jf::Object(b, "paymentMethod"), "storedPaymentMethodId"),
            "8415718415172200");
  EXPECT_EQ(jf::String(*jf::Object(b, "additionalData"), "manualCapture"), "true");
  EXPECT_EQ(jf::String(b, "returnUrl"), "https://shop.example/return");
}

TEST(AdyenRequestTest, LocalMethodsByType) {
  EXPECT_EQ(AdyenMethodType("ideal"), "ideal");
  EXPECT_EQ(AdyenMethodType("konbini"), "econtext_stores");
  EXPECT_EQ(AdyenMethodType("oxxo"), "oxxo");
  EXPECT_EQ(AdyenMethodType("mada"), "scheme");
  EXPECT_EQ(AdyenMethodType("twint"), "twint");
  EXPECT_EQ(AdyenMethodType("knet"), "knet");
  EXPECT_EQ(AdyenMethodType("carrier_billing"), "");
  auto ideal = BuildPayment(kAccount, Request(M(1000, "EUR"), "ideal", ""));
  ASSERT_TRUE(ideal.ok());
  EXPECT_EQ(jf::String(*jf::Object(Body(*ideal), "paymentMethod"), "type"), "ideal");
  EXPECT_FALSE(BuildPayment(kAccount, Request(M(1000, "EUR"), "carrier_billing", "")).ok());
  EXPECT_FALSE(BuildPayment(kAccount, Request(M(1000, "EUR"), "card", "4111111111111111")).ok());
}

TEST(AdyenRequestTest, Modifications) {
  CaptureRequest capture{"pur_123", "8815723948623913", M(1000, "EUR"), "mg-capture-1"};
  auto c = BuildCapture(kAccount, capture);
  EXPECT_EQ(c->url, "https://checkout-test.adyen.test/v71/payments/8815723948623913/captures");
  EXPECT_EQ(*jf::Int(*jf::Object(Body(*c), "amount"), "value"), 1000);
  RefundRequest refund{"pur_123", "8815723948623913", M(500, "EUR"), "", "mg-refund-1"};
  EXPECT_EQ(BuildRefund(kAccount, refund)->url,
            "https://checkout-test.adyen.test/v71/payments/8815723948623913/refunds");
  VoidRequest cancel{"pur_123", "8815723948623913", "mg-void-1"};
  auto v = BuildCancel(kAccount, cancel);
  EXPECT_EQ(v->url, "https://checkout-test.adyen.test/v71/payments/8815723948623913/cancels");
  EXPECT_EQ(Body(*v).count("amount"), 0u);
  VoidRequest bad{"pur_123", "../x", "mg-void-1"};
  EXPECT_FALSE(BuildCancel(kAccount, bad).ok());
}

struct RefusalCase {
  const char* fixture;
  DeclineReason reason;
};

class AdyenRefusalTest : public ::testing::TestWithParam<RefusalCase> {};

TEST_P(AdyenRefusalTest, MapsRefusals) {
  PaymentResult r = MapPaymentResponse("adyen", Recorded("adyen", GetParam().fixture, 200));
  EXPECT_EQ(r.outcome, Outcome::kDeclined);
  EXPECT_EQ(r.decline_reason, GetParam().reason);
  EXPECT_FALSE(r.provider_code.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, AdyenRefusalTest,
    ::testing::Values(RefusalCase{"payment_refused_insufficient.json",
                                  DeclineReason::kInsufficientFunds},
                      RefusalCase{"payment_refused_expired.json", DeclineReason::kExpiredCard},
                      RefusalCase{"payment_refused_cvc.json", DeclineReason::kIncorrectCvc},
                      RefusalCase{"payment_refused_fraud.json", DeclineReason::kFraudSuspected},
                      RefusalCase{"payment_refused_generic.json", DeclineReason::kCardDeclined},
                      RefusalCase{"payment_refused_do_not_honor.json", DeclineReason::kDoNotHonor},
                      RefusalCase{"payment_refused_other.json", DeclineReason::kOther}));

TEST(AdyenResponseTest, ResultCodes) {
  PaymentResult ok = MapPaymentResponse("adyen", Recorded("adyen", "payment_authorised.json", 200));
  EXPECT_EQ(ok.outcome, Outcome::kApproved);
  EXPECT_EQ(ok.provider_reference, "8815723948623913");

  PaymentResult redirect =
      MapPaymentResponse("adyen", Recorded("adyen", "payment_redirect_ideal.json", 200));
  EXPECT_EQ(redirect.outcome, Outcome::kRequiresAction);
  ASSERT_TRUE(redirect.action.has_value());
  EXPECT_EQ(redirect.action->kind, NextAction::Kind::kRedirect);
  EXPECT_EQ(redirect.action->method, "GET");

  PaymentResult post =
      MapPaymentResponse("adyen", Recorded("adyen", "payment_redirect_post.json", 200));
  EXPECT_EQ(post.action->method, "POST");
  EXPECT_EQ(post.action->data.at("MD"), "OEVudmZVMUlkWjd0MDNwUWs2bmhSdz09");

  PaymentResult challenge =
      MapPaymentResponse("adyen", Recorded("adyen", "payment_challenge.json", 200));
  EXPECT_EQ(challenge.outcome, Outcome::kRequiresAction);
  EXPECT_EQ(challenge.action->kind, NextAction::Kind::kChallenge);
  EXPECT_EQ(MapPaymentResponse("adyen", Recorded("adyen", "payment_identify.json", 200)).outcome,
            Outcome::kRequiresAction);

  EXPECT_EQ(MapPaymentResponse("adyen", Recorded("adyen", "payment_pending.json", 200)).outcome,
            Outcome::kPending);
  EXPECT_EQ(MapPaymentResponse("adyen", Recorded("adyen", "payment_received.json", 200)).outcome,
            Outcome::kPending);
  PaymentResult voucher = MapPaymentResponse(
      "adyen", Recorded("adyen", "payment_present_to_shopper_konbini.json", 200));
  EXPECT_EQ(voucher.outcome, Outcome::kPending);
  ASSERT_TRUE(voucher.pending.has_value());
  EXPECT_NE(voucher.pending->location.find("generationVoucher"), std::string::npos);

  PaymentResult cancelled =
      MapPaymentResponse("adyen", Recorded("adyen", "payment_cancelled.json", 200));
  EXPECT_EQ(cancelled.outcome, Outcome::kDeclined);
  EXPECT_EQ(MapPaymentResponse("adyen", Recorded("adyen", "payment_error.json", 200)).outcome,
            Outcome::kFatalError);
  EXPECT_EQ(
      MapPaymentResponse("adyen", Recorded("adyen", "payment_unknown_result.json", 200)).outcome,
      Outcome::kPending);
}

TEST(AdyenResponseTest, ErrorsAndModifications) {
  EXPECT_EQ(MapPaymentResponse("adyen", Recorded("adyen", "error_validation.json", 422)).outcome,
            Outcome::kFatalError);
  EXPECT_EQ(MapPaymentResponse("adyen", Recorded("adyen", "error_unauthorized.json", 401)).outcome,
            Outcome::kFatalError);
  PaymentResult internal =
      MapPaymentResponse("adyen", Recorded("adyen", "error_internal.json", 500));
  EXPECT_EQ(internal.outcome, Outcome::kPending);  // may have charged: in doubt
  EXPECT_TRUE(internal.ambiguous);
  EXPECT_EQ(internal.provider_code, "905");
  outbound::HttpResponse limited{429, {{"Retry-After", "3"}}, ""};
  EXPECT_EQ(MapPaymentResponse("adyen", limited).outcome, Outcome::kRetryableError);
  PaymentResult capture =
      MapModificationResponse("adyen", Recorded("adyen", "capture_received.json", 201));
  EXPECT_EQ(capture.outcome, Outcome::kPending);
  EXPECT_EQ(capture.provider_status, "received");
  EXPECT_EQ(capture.provider_reference, "8825723948623940");
}

}  // namespace
}  // namespace mg::providers::adyen
