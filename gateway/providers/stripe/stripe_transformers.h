// Stripe Charges API wire mapping: pure request building and response
// mapping, no I/O (stripe_provider.cc does the HTTP). Tested against recorded
// fixtures in tests/gateway/providers/stripe/fixtures.
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

namespace mg::providers::stripe {

// Decimals Stripe expects in `amount` for a currency: 0 for Stripe's
// zero-decimal list (JPY, KRW, CLP, VND, ...), 3 for BHD, JOD, KWD, OMR, TND,
// 2 otherwise (ISK too: Stripe takes it as two-decimal for compatibility).
int StripeDigits(std::string_view currency);
// Money -> Stripe amount. Three-decimal amounts must end in 0 (Stripe rule).
Result<int64_t> ToStripeAmount(const Money& amount);

// POST /v1/charges: amount, currency, source, capture, description,
// metadata[...] (plus metadata[mg_purchase_id]).
Result<outbound::HttpRequest> BuildCreateCharge(std::string_view base_url,
                                                const AuthorizeRequest& request);
// POST /v1/charges/{id}/capture with amount.
Result<outbound::HttpRequest> BuildCaptureCharge(std::string_view base_url,
                                                 const CaptureRequest& request);
// POST /v1/refunds with charge and amount.
Result<outbound::HttpRequest> BuildRefund(std::string_view base_url, const RefundRequest& request);
// Voiding an uncaptured charge is a full refund of it (Stripe releases the
// authorization): POST /v1/refunds with charge only.
Result<outbound::HttpRequest> BuildVoid(std::string_view base_url, const VoidRequest& request);
// GET /v1/charges/{id}.
// GET /v1/refunds/{id}.
Result<outbound::HttpRequest> BuildRetrieveRefund(std::string_view base_url,
                                                  std::string_view refund_id);
Result<outbound::HttpRequest> BuildRetrieveCharge(std::string_view base_url,
                                                  std::string_view charge_id);
// GET /v1/charges/search?query=metadata['mg_purchase_id']:'<id>'.
Result<outbound::HttpRequest> BuildSearchCharges(std::string_view base_url,
                                                 std::string_view purchase_id);

// A charge object (create, capture, retrieve) or a Stripe error object.
PaymentResult MapChargeResponse(std::string_view provider, const outbound::HttpResponse& response);
// A refund object or an error.
PaymentResult MapRefundResponse(std::string_view provider, const outbound::HttpResponse& response);
// A search_result list. A hit maps like a charge. No hit is NOT proof that
// no charge exists (Stripe's search is eventually consistent), so it maps to
// kPending with ambiguous = true.
PaymentResult MapSearchResponse(std::string_view provider, const outbound::HttpResponse& response);

// A non-2xx answer (Stripe's error object, or a proxy's page): the one
// error mapping every Stripe call shares, payouts included.
PaymentResult MapErrorResponse(std::string_view provider, const outbound::HttpResponse& response);
// "jpy" for JPY: Stripe's currency parameter.
std::string LowerCurrency(const Money& amount);
// Stripe's lower-case currency ("eur") as an ISO 4217 code ("EUR").
std::string UpperCurrency(std::string stripe_currency);
// Stripe ids are [A-Za-z0-9_]; anything else must not reach a URL path.
mg::Status ValidateId(std::string_view id, const char* param);

// Maps a Stripe decline_code / error code to the normalized reason.
DeclineReason MapDeclineCode(std::string_view decline_code, std::string_view error_code);

}  // namespace mg::providers::stripe
