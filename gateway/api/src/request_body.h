// Reading the bodies of the money routes. Each body is a QuoteRequest (the
// same JSON as POST /v1/quotes, parsed by the one compliance parser) plus the
// members a route adds, such as "payment"; errors name the parameter.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "compliance/request.h"
#include "gateway/providers/payment_provider.h"
#include "regions/market.h"

namespace mg::api {

// The body as a JSON object; kInvalidArgument otherwise.
Result<const boost::json::object*> BodyObject(const boost::json::value& body);

// Parses the QuoteRequest part of `body` (a JSON object: BodyObject) without
// `route_members`, in place. A missing "kind" is `kind`; when `exact` a
// given one must equal it (400 [kind]). customer.spend is refused (400): the
// API reads spend from the store.
Result<compliance::QuoteRequest> ParseQuotePart(
    const boost::json::value& body, std::initializer_list<std::string_view> route_members,
    compliance::RequestKind kind, bool exact);

// "payment": {"method": "card", "token": "tok_...", "return_url": "https://...",
//             "browser": {...}, "ip": "...", "origin": "https://..."}.
struct PaymentInput {
  std::string method;  // empty when not given
  std::string token;   // a provider token, never a card number
  std::string return_url;
  // The shopper's browser, IP and checkout origin, for 3-D Secure
  // (sca_input.h); the ask is filled in from the purchase's decision.
  providers::ScaRequest shopper{};
};

// Errors (kInvalidArgument): a missing payment object or token, unknown
// members, non-strings, and a token that looks like a card number.
Result<PaymentInput> ParsePayment(const boost::json::object& body);

// The method the customer pays with: payment.method, else
// customer.payment_method, else `default_method`; the two must agree when
// both are given (400 [payment.method]). Sets both, so that the quote checks
// that the market offers the method.
Status AgreePaymentMethod(compliance::QuoteRequest& request, PaymentInput& payment,
                          std::string_view default_method);
// BuildQuote names customer.payment_method; the client sent payment.method.
Status RenameMethodParam(const Status& status);

// POST /v1/purchases/{id}/confirm: {"details": {"name": "value", ...}}, what
// the shopper's return brought (at most 16 string members, names of 1-64
// characters, values of at most 16 KiB). No body (null): none.
// kInvalidArgument naming the parameter otherwise.
Result<std::map<std::string, std::string>> ParseReturnDetails(const boost::json::value& json);

// Sets request.locale from an Accept-Language header when the body names none.
void NegotiateLocale(const regions::Market& market, std::string_view accept_language,
                     compliance::QuoteRequest& request);

// kInvalidArgument "unknown parameter 'x'" for a member of `object` not in
// `known`; `prefix` names where the object sits ("payout." -> "payout.x").
Status OnlyMembers(const boost::json::object& object, std::initializer_list<std::string_view> known,
                   std::string_view prefix = "");

// A required non-empty string member; kInvalidArgument naming `param` when
// missing, empty or not a string.
Result<std::string> RequiredString(const boost::json::object& object, std::string_view key,
                                   std::string_view param);

// An optional integer member; kInvalidArgument when present and not an
// integer.
Result<std::optional<int64_t>> OptionalInt(const boost::json::object& object, std::string_view key,
                                           std::string_view param);

// An optional object member; kInvalidArgument when present and not an
// object. Null when absent.
Result<const boost::json::object*> OptionalObject(const boost::json::object& object,
                                                  std::string_view key, std::string_view param);

// An optional string member; kInvalidArgument when present and not a string.
Result<std::optional<std::string>> OptionalString(const boost::json::object& object,
                                                  std::string_view key, std::string_view param);

}  // namespace mg::api
