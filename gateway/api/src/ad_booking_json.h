// The JSON form of an ad booking (POST /v1/ad_bookings, GET /v1/ad_bookings/{id}):
//
//   {"id": "adb_...", "object": "ad_booking", "market": "DE", "state": "invoiced",
//    "format": "in_feed",
//    "advertiser": {"name": ..., "vat_id": ..., "billing_country": ...},
//    "flight": {"start": "2026-12-01", "end": "2026-12-07"},   // market-local dates
//    "amounts": {"subtotal": {...}, "tax": {...}, "total": {...}},
//    "tax_lines": [...as in the quote...],
//    "reverse_charge": null | {"note": ..., "legal_reference": ...},
//    "payment_terms": "invoice", "due_date": "2027-01-09" | null,
//    "disclosure": {"label_required": true, "label": "Werbung", "locale": "de-DE"},
//    "payment": {"method": "invoice", "provider": "invoice", "provider_reference": ...},
//    "next_action": null | {...}, "quote": {...}, "created": ..., "request_id": ...}
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "amount_json.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/store/records.h"

namespace mg::api {

// `time_zone`: the market's, for the local dates; `next_action` from the
// provider's answer to this request (the store does not keep it).
Result<boost::json::object> AdBookingToJson(const store::AdBooking& booking,
                                            const AmountRenderer& amounts,
                                            std::string_view time_zone,
                                            const std::optional<providers::NextAction>& next_action,
                                            std::string_view request_id);

// "invoice" for invoice terms, else "card".
std::string AdBookingMethod(const store::AdBooking& booking);

std::string AdBookingEventPayload(const store::AdBooking& booking);

}  // namespace mg::api
