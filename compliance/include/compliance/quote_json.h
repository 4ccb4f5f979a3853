// The JSON form of a Quote: the body of POST /v1/quotes and the output of
// `marketgate quote`. Stripe-like conventions: snake_case keys, "object":
// "quote", timestamps as Unix seconds, and every amount as
//
//   {"amount": 99, "currency": "EUR", "formatted": "0,99 €"}
//
// with "amount" in integer minor units (ISO digits of the currency).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "compliance/decision_json.h"
#include "compliance/quote.h"

namespace mg::compliance {

boost::json::object QuoteToJson(const Quote& quote);

// Pretty-printed JSON text (two-space indent), for the CLI and reports.
std::string PrettyJson(const boost::json::value& value);

}  // namespace mg::compliance
