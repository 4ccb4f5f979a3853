#include "ad_booking_json.h"

#include <boost/json/serialize.hpp>

#include "market_time.h"
#include "purchase_json.h"

namespace mg::api {
namespace {

boost::json::value Member(const boost::json::value& object, std::string_view key) {
  if (const auto* o = object.if_object()) {
    if (const boost::json::value* value = o->if_contains(key)) return *value;
  }
  return nullptr;
}

// The disclosure label the decision requires the ad to carry.
boost::json::object Disclosure(const boost::json::value& quote) {
  boost::json::object out{{"label_required", false}, {"label", nullptr}, {"locale", nullptr}};
  boost::json::value requirements = Member(Member(quote, "decision"), "requirements");
  if (!requirements.is_array()) return out;
  for (const boost::json::value& requirement : requirements.get_array()) {
    boost::json::value type = Member(requirement, "type");
    if (!type.is_string() || type.get_string() != "disclosure_label") continue;
    out["label_required"] = true;
    out["label"] = Member(requirement, "label");
    out["locale"] = Member(requirement, "locale");
    out["rule_id"] = Member(requirement, "rule_id");
    break;
  }
  return out;
}

Result<std::string> LocalDateText(std::string_view time_zone, store::UnixMillis at) {
  MG_ASSIGN_OR_RETURN(
      LocalDate date,
      LocalDateAt(time_zone, std::chrono::system_clock::time_point(std::chrono::milliseconds(at))));
  return FormatIsoDate(date);
}

}  // namespace

std::string AdBookingMethod(const store::AdBooking& booking) {
  return booking.payment_terms == store::PaymentTerms::kInvoice ? "invoice" : "card";
}

Result<boost::json::object> AdBookingToJson(const store::AdBooking& booking,
                                            const AmountRenderer& amounts,
                                            std::string_view time_zone,
                                            const std::optional<providers::NextAction>& next_action,
                                            std::string_view request_id) {
  boost::json::value quote = ParseStoredJson(booking.quote_json);
  boost::json::object out;
  out["id"] = booking.id;
  out["object"] = "ad_booking";
  out["market"] = booking.market;
  out["state"] = store::Name(booking.state);
  out["format"] = booking.format;
  out["advertiser"] = ParseStoredJson(booking.advertiser_json);
  MG_ASSIGN_OR_RETURN(std::string start, LocalDateText(time_zone, booking.flight_start_ms));
  MG_ASSIGN_OR_RETURN(std::string end, LocalDateText(time_zone, booking.flight_end_ms - 1));
  out["flight"] = {{"start", start}, {"end", end}, {"time_zone", time_zone}};
  out["amounts"] = {{"subtotal", amounts(booking.subtotal_minor)},
                    {"tax", amounts(booking.tax_minor)},
                    {"total", amounts(booking.total_minor)}};
  out["tax_lines"] = Member(quote, "tax_lines");
  out["reverse_charge"] = Member(quote, "reverse_charge");
  out["payment_terms"] = store::Name(booking.payment_terms);
  if (booking.due_at_ms) {
    MG_ASSIGN_OR_RETURN(std::string due, LocalDateText(time_zone, *booking.due_at_ms));
    out["due_date"] = due;
  } else {
    out["due_date"] = nullptr;
  }
  out["disclosure"] = Disclosure(quote);
  boost::json::object payment{{"method", AdBookingMethod(booking)}, {"provider", booking.provider}};
  if (booking.provider_reference.empty()) {
    payment["provider_reference"] = nullptr;
  } else {
    payment["provider_reference"] = booking.provider_reference;
  }
  out["payment"] = std::move(payment);
  out["next_action"] = NextActionJson(next_action);
  out["quote"] = std::move(quote);
  out["created"] = UnixSeconds(booking.created_at_ms);
  out["updated"] = UnixSeconds(booking.updated_at_ms);
  out["request_id"] = request_id;
  return out;
}

std::string AdBookingEventPayload(const store::AdBooking& booking) {
  boost::json::object out{{"id", booking.id},
                          {"object", "ad_booking"},
                          {"market", booking.market},
                          {"state", store::Name(booking.state)},
                          {"format", booking.format},
                          {"amount", booking.total_minor},
                          {"tax", booking.tax_minor},
                          {"currency", booking.currency},
                          {"payment_terms", store::Name(booking.payment_terms)},
                          {"provider", booking.provider},
                          {"provider_reference", booking.provider_reference}};
  if (booking.due_at_ms) out["due_at_ms"] = *booking.due_at_ms;
  return boost::json::serialize(out);
}

}  // namespace mg::api
