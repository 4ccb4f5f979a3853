#include "ad_booking_routes.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "ad_booking_json.h"
#include "ad_booking_settlement.h"
#include "api_errors.h"
#include "compliance/quote_json.h"
#include "gateway/store/ids.h"
#include "idempotency.h"
#include "market_time.h"
#include "order_attribution.h"
#include "payment_routing.h"
#include "pricing.h"
#include "request_body.h"

namespace mg::api {
namespace {

using providers::Outcome;
using store::AdBookingState;

struct AdBookingInput {
  compliance::QuoteRequest request;  // as the client sent it
  store::PaymentTerms terms = store::PaymentTerms::kInvoice;
  PaymentInput payment;  // card_prepayment; method "invoice" for invoices
};

Result<AdBookingInput> ReadInput(const boost::json::value& json) {
  MG_ASSIGN_OR_RETURN(const boost::json::object* body, BodyObject(json));
  AdBookingInput input;
  MG_ASSIGN_OR_RETURN(std::optional<std::string> terms,
                      OptionalString(*body, "payment_terms", "payment_terms"));
  if (!terms) return InvalidArgument("missing required parameter 'payment_terms'", "payment_terms");
  Result<store::PaymentTerms> parsed = store::ParsePaymentTerms(*terms);
  if (!parsed.ok()) {
    return InvalidArgument("payment_terms must be card_prepayment or invoice", "payment_terms");
  }
  input.terms = *parsed;
  MG_ASSIGN_OR_RETURN(input.request, ParseQuotePart(json, {"payment_terms", "payment"},
                                                    compliance::RequestKind::kAdBooking,
                                                    /*exact=*/true));
  const compliance::AdBooking& ad = *input.request.ad;
  if (ad.advertiser.name.empty()) {
    return InvalidArgument("an ad booking needs the advertiser's business name",
                           "ad.advertiser.name");
  }
  if (!ad.flight_start) return InvalidArgument("an ad booking needs a flight", "ad.flight");
  if (input.terms == store::PaymentTerms::kInvoice) {
    if (body->contains("payment")) {
      return InvalidArgument("invoice terms take no payment", "payment");
    }
    input.payment.method = "invoice";
    input.request.customer.payment_method.clear();
    return input;
  }
  MG_ASSIGN_OR_RETURN(input.payment, ParsePayment(*body));
  MG_RETURN_IF_ERROR(AgreePaymentMethod(input.request, input.payment, "card"));
  if (input.payment.method != "card") {
    return Unprocessable("card_prepayment is paid by card", "payment.method");
  }
  return input;
}

// The flight in the market's zone: [start of the first day, start of the
// day after the last). It may not start before the market's today.
struct Flight {
  LocalDate today;
  store::UnixMillis start_ms = 0;
  store::UnixMillis end_ms = 0;
};

Result<Flight> CheckFlight(const RouteContext& context, const regions::Market& market,
                           const compliance::AdBooking& ad) {
  MG_ASSIGN_OR_RETURN(LocalDate start, ParseIsoDate(*ad.flight_start, "ad.flight.start"));
  MG_ASSIGN_OR_RETURN(LocalDate end, ParseIsoDate(*ad.flight_end, "ad.flight.end"));
  if (end < start) return Unprocessable("the flight ends before it starts", "ad.flight.end");
  Flight flight;
  MG_ASSIGN_OR_RETURN(flight.today, LocalDateAt(market.time_zone(), context.Now()));
  if (start < flight.today) {
    return Unprocessable("the flight starts " + FormatIsoDate(start) + ", before today (" +
                             FormatIsoDate(flight.today) + " in " + market.time_zone() + ")",
                         "ad.flight.start");
  }
  MG_ASSIGN_OR_RETURN(flight.start_ms, StartOfLocalDay(market.time_zone(), start));
  MG_ASSIGN_OR_RETURN(flight.end_ms,
                      StartOfLocalDay(market.time_zone(), end + std::chrono::days(1)));
  return flight;
}

// Rate cards price a flight only for per_day formats; the others take the
// booking's flight as scheduling, not as price.
compliance::QuoteRequest PricingRequest(const regions::Market& market,
                                        const compliance::QuoteRequest& request) {
  compliance::QuoteRequest pricing = request;
  const regions::AdFormat* format = market.FindAdFormat(request.ad->format);
  if (format != nullptr && format->pricing != regions::AdPricing::kPerDay) {
    pricing.ad->flight_start.reset();
    pricing.ad->flight_end.reset();
  }
  return pricing;
}

Status CheckTermsOffered(const regions::Market& market, store::PaymentTerms terms) {
  std::string name(store::Name(terms));
  const auto& offered = market.ads() ? market.ads()->payment_terms : std::vector<std::string>{};
  if (std::find(offered.begin(), offered.end(), name) != offered.end()) return Status::Ok();
  return Unprocessable("payment terms '" + name + "' are not offered in " + market.code(),
                       "payment_terms");
}

std::string AdvertiserJson(const compliance::Advertiser& advertiser) {
  boost::json::object out{
      {"name", advertiser.name}, {"vat_id", nullptr}, {"billing_country", nullptr}};
  if (advertiser.business) {
    out["vat_id"] = advertiser.business->vat_id;
    out["billing_country"] = advertiser.business->billing_country;
  }
  return boost::json::serialize(out);
}

int64_t InvoiceTermsDays(const RouteContext& context, const regions::Market& market) {
  if (market.ads() && market.ads()->invoice_terms_days) return *market.ads()->invoice_terms_days;
  return context.config().default_invoice_terms_days;
}

Result<store::AdBooking> NewBooking(const RouteContext& context, const regions::Market& market,
                                    const AdBookingInput& input, const compliance::Quote& quote,
                                    const Flight& flight) {
  store::AdBooking booking;
  MG_ASSIGN_OR_RETURN(booking.id, store::NewId(store::kAdBookingIdPrefix));
  booking.market = market.code();
  booking.advertiser_json = AdvertiserJson(input.request.ad->advertiser);
  booking.format = input.request.ad->format;
  booking.flight_start_ms = flight.start_ms;
  booking.flight_end_ms = flight.end_ms;
  booking.currency = quote.currency.str();
  booking.subtotal_minor = quote.subtotal.minor_units;
  booking.tax_minor = quote.tax.minor_units;
  booking.total_minor = quote.total.minor_units;
  booking.payment_terms = input.terms;
  if (input.terms == store::PaymentTerms::kInvoice) {
    const auto due = flight.today + std::chrono::days(InvoiceTermsDays(context, market));
    MG_ASSIGN_OR_RETURN(booking.due_at_ms, StartOfLocalDay(market.time_zone(), due));
  }
  booking.state = AdBookingState::kCreated;
  booking.quote_json = boost::json::serialize(compliance::QuoteToJson(quote));
  booking.created_at_ms = booking.updated_at_ms = context.NowMillis();
  return booking;
}

Result<FinalResponse> Respond(const MarketRef& market, const store::AdBooking& booking,
                              const std::optional<providers::NextAction>& next_action,
                              std::string_view request_id) {
  MG_ASSIGN_OR_RETURN(AmountRenderer amounts,
                      RendererForRecord(*market.snapshot, booking.market, booking.currency,
                                        ParseStoredJson(booking.quote_json)));
  MG_ASSIGN_OR_RETURN(
      boost::json::object body,
      AdBookingToJson(booking, amounts, market.market->time_zone(), next_action, request_id));
  return FinalResponse{201, boost::json::serialize(body)};
}

Result<store::AdBooking> Move(const RouteContext& context, const store::AdBooking& booking,
                              const providers::PaymentResult& result) {
  return SettleAdBooking(context, booking, {AdBookingState::kCreated},
                         AdBookingStateFor(booking, result), result.provider,
                         result.provider_reference);
}

// Pays a created booking through the route and moves it to its state.
// Every provider call is recorded as an attempt of the booking, so that one
// left in doubt (a crash, a lost answer) is settled by reconciliation and a
// retry with the same Idempotency-Key repeats it with the same key.
Result<FinalResponse> Pay(const RouteContext& context, const MarketRef& market,
                          const store::AdBooking& booking, const providers::RouteConfig& route,
                          const AdBookingInput& input, std::string_view request_id,
                          int first_attempt = 1) {
  providers::AuthorizeRequest request{.amount =
                                          Money(booking.total_minor, market.market->currency())};
  request.purchase_id = booking.id;
  request.payment_method = input.payment.method;
  request.payment_token = input.payment.token;
  request.description = "marketgate ad booking in " + booking.market;
  request.metadata["market"] = booking.market;
  request.return_url = input.payment.return_url.empty() ? context.config().default_return_url
                                                        : input.payment.return_url;
  request.capture = booking.payment_terms == store::PaymentTerms::kCardPrepayment;
  if (booking.payment_terms == store::PaymentTerms::kInvoice) {
    request.invoice_terms_days = static_cast<int>(InvoiceTermsDays(context, *market.market));
  }
  AttemptRecorder recorder(context, booking.market, booking.id, booking.total_minor);
  Result<providers::RoutedResult> routed =
      context.router().Authorize(route, request, first_attempt, recorder.Observer());
  recorder.Flush();
  providers::PaymentResult result;
  if (routed.ok()) {
    result = routed->result;
  } else {  // the adapter refused our request before sending it
    result.outcome = Outcome::kFatalError;
    result.provider_code = ErrorCodeName(routed.status().code());
  }
  MG_ASSIGN_OR_RETURN(store::AdBooking moved, Move(context, booking, result));
  if (moved.state != AdBookingState::kFailed) {
    return Respond(market, moved, result.action, request_id);
  }
  boost::json::object details{
      {"ad_booking", moved.id},
      {"decline_reason", providers::DeclineReasonName(result.decline_reason)},
      {"provider_code", result.provider_code}};
  PaymentFailure failure = PaymentFailureOf(result);
  return RenderedError(CodedError(failure.status, failure.code, std::move(details)), request_id);
}

Result<FinalResponse> CreateAdBooking(const RouteContext& context,
                                      const http::Request& http_request, IdempotentCall& call) {
  MG_ASSIGN_OR_RETURN(AdBookingInput input, ReadInput(http_request.json));
  MG_ASSIGN_OR_RETURN(MarketRef market, FindMarket(context, input.request.market));
  if (!call.recovered_resource().empty()) {
    call.MarkWritten();
    MG_ASSIGN_OR_RETURN(store::AdBooking earlier,
                        context.store().GetAdBooking(call.recovered_resource()));
    if (earlier.state != AdBookingState::kCreated) {
      return Respond(market, earlier, std::nullopt, http_request.request_id);
    }
    // The earlier request stalled before the payment settled: repeat its
    // last call, at the same provider with the same key.
    MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts,
                        context.store().ListAttempts(earlier.id));
    if (const store::ProviderAttempt* last = LastAuthorization(attempts)) {
      MG_ASSIGN_OR_RETURN(providers::RouteConfig pinned,
                          PinnedRoute(context, earlier.id, input.payment.method, *last));
      return Pay(context, market, earlier, pinned, input, http_request.request_id,
                 static_cast<int>(last->key_attempt));
    }
    MG_ASSIGN_OR_RETURN(providers::RouteConfig route,
                        ResolveRoute(context, *market.market, input.payment.method));
    return Pay(context, market, earlier, route, input, http_request.request_id);
  }
  if (IsSuspended(*market.market)) {
    return RenderedError(MarketSuspendedError(*market.market), http_request.request_id);
  }
  MG_ASSIGN_OR_RETURN(Flight flight, CheckFlight(context, *market.market, *input.request.ad));
  compliance::QuoteRequest pricing = PricingRequest(*market.market, input.request);
  Result<compliance::Quote> quote = PriceQuote(context, market, http_request, pricing);
  if (!quote.ok()) return RenameMethodParam(quote.status());
  MG_RETURN_IF_ERROR(CheckTermsOffered(*market.market, input.terms));
  if (std::optional<http::Response> refusal = DecisionRefusal(quote->decision)) {
    return RenderedError(*refusal, http_request.request_id);
  }
  MG_ASSIGN_OR_RETURN(providers::RouteConfig route,
                      ResolveRoute(context, *market.market, input.payment.method));
  MG_ASSIGN_OR_RETURN(store::AdBooking booking,
                      NewBooking(context, *market.market, input, *quote, flight));
  booking.owner = OwnerOf(http_request);
  providers::AuthorizeRequest probe{.amount = Money(booking.total_minor, quote->currency)};
  probe.purchase_id = booking.id;
  MG_ASSIGN_OR_RETURN(booking.provider, FirstProvider(context, route, probe));

  store::Effects effects;
  effects.idempotency = &call.lease();
  MG_ASSIGN_OR_RETURN(booking, context.store().CreateAdBooking(booking, effects));
  call.MarkWritten();
  return Pay(context, market, booking, route, input, http_request.request_id);
}

}  // namespace

Result<http::Response> HandleCreateAdBooking(const RouteContext& context,
                                             const http::Request& request) {
  return RunIdempotent(context, request, [&](IdempotentCall& call) {
    return CreateAdBooking(context, request, call);
  });
}

Result<http::Response> HandleGetAdBooking(const RouteContext& context,
                                          const http::Request& request) {
  std::string id(request.PathParam("id"));
  MG_ASSIGN_OR_RETURN(store::AdBooking booking, OwnedRecord(context.store().GetAdBooking(id),
                                                            request, "ad booking", id, "id"));
  MG_ASSIGN_OR_RETURN(std::shared_ptr<const regions::MarketSnapshot> snapshot, context.Snapshot());
  const regions::Market* market = snapshot->Find(booking.market);
  std::string time_zone = market != nullptr ? market->time_zone() : "UTC";
  MG_ASSIGN_OR_RETURN(AmountRenderer amounts,
                      RendererForRecord(*snapshot, booking.market, booking.currency,
                                        ParseStoredJson(booking.quote_json)));
  MG_ASSIGN_OR_RETURN(boost::json::object body, AdBookingToJson(booking, amounts, time_zone,
                                                                std::nullopt, request.request_id));
  if (booking.format == kShoppableAdFormat) {
    MG_ASSIGN_OR_RETURN(body["attributed_orders"], AttributedOrdersJson(context, booking, amounts));
  }
  return http::JsonResponse(body);
}

}  // namespace mg::api
