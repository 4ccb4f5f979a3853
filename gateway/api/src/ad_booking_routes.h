// POST /v1/ad_bookings and GET /v1/ad_bookings/{id}.
//
// POST body: an ad_booking QuoteRequest ("kind" may be left out) plus
//   "payment_terms": "card_prepayment" | "invoice",
//   "payment": {"method": "card", "token": "tok_..."}   (card_prepayment only)
// The ad needs the advertiser's business name and a flight, ISO dates in the
// market's time zone: start <= end (422 [ad.flight.end]) and not before the
// market's today (422 [ad.flight.start]). The price comes from the rate card
// (BuildQuote; a flight prices per_day formats), tax from the quote with B2B
// reverse charge when the advertiser's VAT ID qualifies. The terms must be
// offered by the market (422 [payment_terms]).
//
// A compliance denial is 422 compliance_denied (stored for replays); a
// suspended market 451. Otherwise the booking is stored (created, linked to
// the Idempotency-Key) and paid through the market's route for the method:
//   card_prepayment: authorize and capture -> confirmed (or requires_action,
//                    pending; a decline is failed, 402 payment_declined)
//   invoice:         the `invoice` adapter -> invoiced, due on the market's
//                    today + invoice_terms_days (default 30)
// with the event ad_booking.<state>. 201 with the booking (ad_booking_json.h).
#pragma once

#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandleCreateAdBooking(const RouteContext& context,
                                             const http::Request& request);
// 200 with the booking; 404 [id] when unknown.
Result<http::Response> HandleGetAdBooking(const RouteContext& context,
                                          const http::Request& request);

}  // namespace mg::api
