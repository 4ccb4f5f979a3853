// Adyen Checkout API v71 wire mapping: pure request building and response
// mapping, no I/O (adyen_provider.cc does the HTTP). Tested against recorded
// fixtures in tests/gateway/providers/adyen/fixtures.
//
// X-API-Key and Idempotency-Key headers are added by the provider.
#pragma once

#include <string>
#include <string_view>

#include "currency/money.h"
#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"

namespace mg::providers::adyen {

// Decimals Adyen expects in amount.value (its currency table): 0 for CVE,
// DJF, GNF, IDR, JPY, KMF, KRW, PYG, RWF, UGX, VND, VUV, XAF, XOF, XPF;
// 3 for BHD, IQD, JOD, KWD, LYD, OMR, TND; 2 otherwise (CLP and ISK too,
// where Adyen differs from ISO).
int AdyenDigits(std::string_view currency);
Result<int64_t> ToAdyenAmount(const Money& amount);

// Our payment method id -> Adyen paymentMethod.type; "" when unsupported.
// card and mada -> "scheme" (the token is a storedPaymentMethodId), ideal,
// konbini (econtext_stores), oxxo, twint, knet, pix.
std::string AdyenMethodType(std::string_view payment_method);

struct AdyenAccount {
  std::string base_url;          // "https://checkout-test.adyen.com"
  std::string merchant_account;  // required
};

// Which /payments call this is: the first, or the one retry after the
// issuer refused an exemption (or a payment without 3-D Secure) with
// "Authentication required" (adyen_three_ds.h).
enum class PaymentAttempt { kFirst, kAfterSoftDecline };

// POST /v71/payments. A card with request.sca.ask == kNone goes as today's
// merchant-initiated ContAuth/CardOnFile payment; with kAuthenticate or
// kLowValueExemption the shopper is in session and the 3-D Secure 2 fields
// are added (adyen_three_ds.h; REQUIRES a return_url then).
Result<outbound::HttpRequest> BuildPayment(const AdyenAccount& account,
                                           const AuthorizeRequest& request,
                                           PaymentAttempt attempt = PaymentAttempt::kFirst);
// POST /v71/payments/details with the shopper's return (`redirectResult`)
// or the 3DS2 SDK's result (`threeDSResult`) from request.details; only
// those two are sent. kInvalidArgument when neither is present.
Result<outbound::HttpRequest> BuildPaymentDetails(const AdyenAccount& account,
                                                  const CompleteActionRequest& request);
// POST /v71/payments/{pspReference}/captures | /refunds | /cancels.
Result<outbound::HttpRequest> BuildCapture(const AdyenAccount& account,
                                           const CaptureRequest& request);
Result<outbound::HttpRequest> BuildRefund(const AdyenAccount& account,
                                          const RefundRequest& request);
Result<outbound::HttpRequest> BuildCancel(const AdyenAccount& account, const VoidRequest& request);

// /payments response: resultCode Authorised -> approved; Refused -> declined
// (refusalReasonCode mapped); RedirectShopper -> requires_action redirect;
// ChallengeShopper/IdentifyShopper -> requires_action challenge (a threeDS2
// action's token, subtype, paymentData and authorisationToken in
// action.data, for the app's SDK); Pending,
// Received, PresentToShopper -> pending; Cancelled -> declined; Error ->
// fatal; anything else -> pending. Non-2xx: Adyen's error object.
// Authentication from the answer's 3-D Secure fields (adyen_three_ds.h).
// Also maps /payments/details answers, which have the same shape.
PaymentResult MapPaymentResponse(std::string_view provider, const outbound::HttpResponse& response);
// Modification responses (201, status "received"): the outcome arrives by
// webhook, so accepted modifications map to pending.
PaymentResult MapModificationResponse(std::string_view provider,
                                      const outbound::HttpResponse& response);

// `code` is refusalReasonCode, `raw` additionalData.refusalReasonRaw. The
// 3-D Secure refusals (11, 38) are mapped by ThreeDsDeclineOf first.
DeclineReason MapRefusalReason(std::string_view code, std::string_view raw);

}  // namespace mg::providers::adyen
