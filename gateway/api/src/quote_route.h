// POST /v1/quotes: the body is a QuoteRequest ("kind" defaults to
// purchase); the answer is QuoteToJson(), the object `marketgate quote`
// prints. A quote whose decision is deny is still a quote (200); a suspended
// market is refused with 451 market_suspended.
#pragma once

#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

// Open route: authenticates itself and requires the purchases scope, or ads
// for an ad booking.
Result<http::Response> HandleQuote(const RouteContext& context, const http::Request& request);

// RouteOptions::may_block of the quote route. A quote waits only to read the
// customer's stored spend (a customer id without declared spend) or to have
// a VAT ID checked by its registry (gateway/vat_check); every other quote is
// computed from the market snapshot alone and is answered on the I/O thread.
bool QuoteMayBlock(const http::Request& request);

}  // namespace mg::api
