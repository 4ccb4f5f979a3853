#include "pricing.h"

#include <boost/beast/http/field.hpp>

#include "request_body.h"

namespace mg::api {

Result<MarketRef> FindMarket(const RouteContext& context, std::string_view code) {
  MarketRef ref;
  MG_ASSIGN_OR_RETURN(ref.snapshot, context.Snapshot());
  ref.market = ref.snapshot->Find(code);
  if (ref.market == nullptr) {
    return Status(ErrorCode::kNotFound, "no market '" + std::string(code) + "'", "market");
  }
  return ref;
}

bool IsSuspended(const regions::Market& market) {
  return market.status() == regions::MarketStatus::kSuspended;
}

Result<compliance::Quote> PriceQuote(const RouteContext& context, const MarketRef& ref,
                                     const http::Request& http_request,
                                     compliance::QuoteRequest& request) {
  NegotiateLocale(*ref.market, http_request.Header(boost::beast::http::field::accept_language),
                  request);
  compliance::DecisionContext decision_context;
  decision_context.now = context.NowSeconds();
  decision_context.spend_history = &context.spend_history();
  decision_context.usable_providers = context.UsableProviders();
  decision_context.vat_id_checker = context.vat_id_checker();
  decision_context.explain_not_applicable = false;  // the quote names them only
  return compliance::BuildQuote(*ref.snapshot, request, decision_context);
}

}  // namespace mg::api
