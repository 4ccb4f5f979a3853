// Fuzzes the bodies of the JSON routes (POST /v1/quotes, /v1/purchases
// with its payment.browser, /v1/purchases/{id}/confirm, /v1/refunds,
// /v1/ad_bookings): the body is parsed as the pipeline parses
// it (http::ParseJson) and read as each route reads it, and every request
// that reads cleanly is priced against the shipped markets (BuildQuote) and
// rendered (QuoteToJson), as the quote route does.
//
// The routes' own ReadInput functions are private to their files; the
// readers below call the same building blocks (request_body.h) with the
// same arguments, in the same order. Keep them in step with
// gateway/api/src/{quote_route,purchase_routes,refund_routes,ad_booking_routes}.cc.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "compliance/quote.h"
#include "compliance/quote_json.h"
#include "currency/decimal.h"
#include "gateway/http/json.h"
#include "gateway/store/records.h"
#include "market_time.h"
#include "regions/market_loader.h"
#include "request_body.h"

namespace {

namespace api = mg::api;
namespace compliance = mg::compliance;
using boost::json::object;
using boost::json::value;

// POST /v1/quotes (quote_route.cc).
mg::Result<compliance::QuoteRequest> ReadQuote(const value& json) {
  MG_RETURN_IF_ERROR(api::BodyObject(json).status());
  return api::ParseQuotePart(json, {}, compliance::RequestKind::kPurchase, /*exact=*/false);
}

// POST /v1/purchases (purchase_routes.cc).
mg::Result<compliance::QuoteRequest> ReadPurchase(const value& json) {
  MG_ASSIGN_OR_RETURN(const object* body, api::BodyObject(json));
  MG_ASSIGN_OR_RETURN(api::PaymentInput payment, api::ParsePayment(*body));
  MG_ASSIGN_OR_RETURN(compliance::QuoteRequest request,
                      api::ParseQuotePart(json, {"payment"}, compliance::RequestKind::kPurchase,
                                          /*exact=*/true));
  if (request.customer.id.empty()) return mg::InvalidArgument("no customer.id", "customer.id");
  MG_RETURN_IF_ERROR(api::AgreePaymentMethod(request, payment, "card"));
  return request;
}

// POST /v1/refunds (refund_routes.cc): its members, then the amount as
// PlanRefund parses it in the purchase's currency.
void ReadRefund(const value& json) {
  mg::Result<const object*> body = api::BodyObject(json);
  if (!body.ok()) return;
  for (std::string_view member : {"purchase", "amount", "reason"}) {
    (void)api::OptionalString(**body, member, member);
  }
  mg::Result<std::optional<std::string>> amount = api::OptionalString(**body, "amount", "amount");
  if (amount.ok() && *amount) {
    (void)mg::ParseMoney(**amount, *mg::CurrencyCode::Parse("EUR"));
  }
}

// POST /v1/ad_bookings (ad_booking_routes.cc), with its flight dates.
mg::Result<compliance::QuoteRequest> ReadAdBooking(const value& json) {
  MG_ASSIGN_OR_RETURN(const object* body, api::BodyObject(json));
  MG_ASSIGN_OR_RETURN(std::optional<std::string> terms,
                      api::OptionalString(*body, "payment_terms", "payment_terms"));
  if (!terms) return mg::InvalidArgument("no payment_terms", "payment_terms");
  MG_ASSIGN_OR_RETURN(mg::store::PaymentTerms parsed, mg::store::ParsePaymentTerms(*terms));
  MG_ASSIGN_OR_RETURN(compliance::QuoteRequest request,
                      api::ParseQuotePart(json, {"payment_terms", "payment"},
                                          compliance::RequestKind::kAdBooking, /*exact=*/true));
  const compliance::AdBooking& ad = *request.ad;
  if (ad.flight_start) (void)api::ParseIsoDate(*ad.flight_start, "ad.flight.start");
  if (ad.flight_end) (void)api::ParseIsoDate(*ad.flight_end, "ad.flight.end");
  if (parsed == mg::store::PaymentTerms::kInvoice) return request;
  MG_ASSIGN_OR_RETURN(api::PaymentInput payment, api::ParsePayment(*body));
  MG_RETURN_IF_ERROR(api::AgreePaymentMethod(request, payment, "card"));
  return request;
}

const mg::regions::MarketSnapshot& Markets() {
  static const mg::regions::LoadResult loaded =
      mg::regions::LoadMarkets(std::string(MG_SOURCE_DIR) + "/regions");
  if (!loaded.ok()) {
    std::fprintf(stderr, "api_request_body_fuzz: the shipped markets do not load\n");
    std::abort();
  }
  return *loaded.snapshot;
}

// What the quote route does with a request that read cleanly.
void Price(mg::Result<compliance::QuoteRequest> request) {
  if (!request.ok()) return;
  const mg::regions::MarketSnapshot& markets = Markets();
  const mg::regions::Market* market = markets.Find(request->market);
  if (market == nullptr) return;
  api::NegotiateLocale(*market, "fr-CH, de;q=0.9, en;q=0.8", *request);
  compliance::DecisionContext context;
  context.now = std::chrono::sys_seconds(std::chrono::seconds(1764072000));
  mg::Result<compliance::Quote> quote = compliance::BuildQuote(markets, *request, context);
  if (quote.ok()) (void)compliance::QuoteToJson(*quote);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mg::Result<value> json =
      mg::http::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!json.ok()) return 0;
  Price(ReadQuote(*json));
  Price(ReadPurchase(*json));
  ReadRefund(*json);
  (void)api::ParseReturnDetails(*json);  // POST /v1/purchases/{id}/confirm
  Price(ReadAdBooking(*json));
  return 0;
}
