// The JSON form of a Quote: the body of POST /v1/quotes and the output of
// `marketgate quote`. Stripe-like conventions: snake_case keys, "object":
// "quote", timestamps as Unix seconds, and every amount as
//
//   {"amount": 99, "currency": "EUR", "formatted": "0,99 €"}
//
// with "amount" in integer minor units (ISO digits of the currency).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "compliance/decision_json.h"
#include "compliance/quote.h"

namespace mg::compliance {

// Built in `sp`: a route that serializes the object at once passes a
// monotonic_resource, so that the tree costs no heap allocations and
// dropping it walks nothing. The default is the heap.
boost::json::object QuoteToJson(const Quote& quote, const boost::json::storage_ptr& sp = {});

// Pretty-printed JSON text (two-space indent), for the CLI and reports.
std::string PrettyJson(const boost::json::value& value);

}  // namespace mg::compliance
