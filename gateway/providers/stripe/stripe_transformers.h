// What every Stripe call's wire mapping shares: amounts in Stripe's unit,
// currencies, ids, the one error mapping, decline codes, and refunds. Pure,
// no I/O (stripe_provider.cc does the HTTP); PaymentIntents are in
// stripe_intents.h. Tested against recorded fixtures in
// tests/gateway/providers/stripe/fixtures.
//
// Requests are form-encoded (application/x-www-form-urlencoded) with
// Boost.URL's encoder. Authorization and Idempotency-Key headers are added by
// the provider, not here, so that secrets never pass through this file.
#pragma once

#include <string>
#include <string_view>

#include "currency/money.h"
#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/providers/provider_http.h"

namespace mg::providers::stripe {

// Decimals Stripe expects in `amount` for a currency: 0 for Stripe's
// zero-decimal list (JPY, KRW, CLP, VND, ...), 3 for BHD, JOD, KWD, OMR, TND,
// 2 otherwise (ISK too: Stripe takes it as two-decimal for compatibility).
int StripeDigits(std::string_view currency);
// Money -> Stripe amount. Three-decimal amounts must end in 0 (Stripe rule).
Result<int64_t> ToStripeAmount(const Money& amount);

// POST /v1/refunds with payment_intent (the PaymentIntent the payment is;
// `charge` for a "ch_" reference, a payment made with the Charges API) and
// amount, metadata[mg_refund_id] and metadata[mg_purchase_id].
Result<outbound::HttpRequest> BuildRefund(std::string_view base_url, const RefundRequest& request);
// GET /v1/refunds/{id}.
Result<outbound::HttpRequest> BuildRetrieveRefund(std::string_view base_url,
                                                  std::string_view refund_id);
// A refund object or an error.
PaymentResult MapRefundResponse(std::string_view provider, const outbound::HttpResponse& response);

// A form-encoded POST to base_url + path.
outbound::HttpRequest PostForm(std::string_view base_url, std::string path, const FormFields& form);

// A non-2xx answer (Stripe's error object, or a proxy's page): the one
// error mapping every Stripe call shares, payouts included.
PaymentResult MapErrorResponse(std::string_view provider, const outbound::HttpResponse& response);
// "jpy" for JPY: Stripe's currency parameter.
std::string LowerCurrency(const Money& amount);
// Stripe's lower-case currency ("eur") as an ISO 4217 code ("EUR").
std::string UpperCurrency(std::string stripe_currency);
// Stripe ids are [A-Za-z0-9_]; anything else must not reach a URL path.
mg::Status ValidateId(std::string_view id, const char* param);

// Maps a Stripe decline_code / error code to the normalized reason;
// `authentication_required` (the issuer's soft decline) and
// `payment_intent_authentication_failure` (3-D Secure failed) included.
DeclineReason MapDeclineCode(std::string_view decline_code, std::string_view error_code);

}  // namespace mg::providers::stripe
