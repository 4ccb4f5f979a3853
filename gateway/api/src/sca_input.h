// What a purchase asks of cardholder authentication, for the provider call:
// the ask from the purchase's decision (its stored quote), and the shopper's
// browser from the request's `payment` object, which 3-D Secure 2's browser
// flow needs (docs/openapi.yaml, PaymentInput).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "base/status.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/store/records.h"

namespace mg::api {

// kAuthenticate when the decision required strong customer authentication
// (purchase.sca_regime); kNone for a debit under a recurring mandate (its sca
// rule passed on the mandate, compliance/src/purchase_checks.cc);
// kLowValueExemption when the market's sca rule passed otherwise (the
// low-value exemption applied); kNone otherwise.
// `quote` is the purchase's stored quote, parsed.
providers::ScaAsk ScaAskOf(const store::Purchase& purchase, const boost::json::value& quote);

// payment.browser ({user_agent, accept_header, language, color_depth,
// screen_height, screen_width, time_zone_offset, java_enabled,
// javascript_enabled}), payment.ip and payment.origin into `sca`; absent
// members leave it as it is. Errors (kInvalidArgument) name the parameter:
// unknown members, wrong types, out-of-range numbers, over-long strings.
Status ParseShopperDevice(const boost::json::object& payment, providers::ScaRequest& sca);

}  // namespace mg::api
