#include "quote_route.h"

#include "api_errors.h"
#include "compliance/quote_json.h"
#include "gateway/http/error_mapping.h"
#include "gateway/http/json.h"
#include "json_arena.h"
#include "pricing.h"
#include "request_body.h"

namespace mg::api {
namespace {

http::Scope ScopeFor(compliance::RequestKind kind) {
  return kind == compliance::RequestKind::kAdBooking ? http::Scope::kAds : http::Scope::kPurchases;
}

const boost::json::object* Member(const boost::json::object* object, std::string_view key) {
  if (object == nullptr) return nullptr;
  const boost::json::value* value = object->if_contains(key);
  return value != nullptr ? value->if_object() : nullptr;
}

bool HasVatId(const boost::json::object* party) {
  return party != nullptr && party->contains("vat_id");
}

}  // namespace

bool QuoteMayBlock(const http::Request& request) {
  const boost::json::object* body = request.json.if_object();
  const boost::json::object* customer = Member(body, "customer");
  if (customer != nullptr && customer->contains("id") && !customer->contains("spend")) {
    return true;
  }
  return HasVatId(Member(customer, "business")) ||
         HasVatId(Member(Member(body, "ad"), "advertiser"));
}

Result<http::Response> HandleQuote(const RouteContext& context, const http::Request& request) {
  // The pipeline authenticated the key (purchases or ads scope), counted it
  // against its rate limit and parsed the body; the kind decides the scope.
  const http::ApiKey* key = request.api_key;
  MG_RETURN_IF_ERROR(BodyObject(request.json).status());
  MG_ASSIGN_OR_RETURN(compliance::QuoteRequest quote_request,
                      ParseQuotePart(request.json, {}, compliance::RequestKind::kPurchase,
                                     /*exact=*/false));
  if (quote_request.kind == compliance::RequestKind::kPayout) {
    // A payout is decided by POST /v1/payouts (payouts scope), not quoted:
    // kind payout serves the markets' compliance cases.
    return Unprocessable(
        "quotes price purchases, gifts, ad bookings and orders; a payout is made with "
        "POST /v1/payouts",
        "kind");
  }
  MG_RETURN_IF_ERROR(http::ApiKeyAuthenticator::RequireScope(*key, ScopeFor(quote_request.kind)));

  MG_ASSIGN_OR_RETURN(MarketRef ref, FindMarket(context, quote_request.market));
  if (IsSuspended(*ref.market)) return MarketSuspendedError(*ref.market);
  MG_ASSIGN_OR_RETURN(compliance::Quote quote, PriceQuote(context, ref, request, quote_request));
  JsonArena arena;
  return http::JsonResponse(compliance::QuoteToJson(quote, arena.storage()))
      .WithHeader("Content-Language", quote.locale);
}

}  // namespace mg::api
