// Parsing a QuoteRequest from the two places it is written: the JSON body of
// POST /v1/quotes and the `request:` mapping of a compliance case (YAML). Both
// go through one parser (YAML is first converted to JSON), so they accept the
// same fields and report the same errors: a kInvalidArgument Status whose
// param is the field's path ("items[0].quantity", "customer.age").
//
// Unknown parameters are errors. The request is validated
// (ValidateQuoteRequest) before it is returned.
#pragma once

#include <yaml-cpp/yaml.h>

#include <boost/json/value.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"
#include "compliance/request.h"

namespace mg::compliance {

Result<QuoteRequest> ParseQuoteRequest(const boost::json::value& body);

// A quote request inside a route's own body (POST /v1/purchases: the quote's
// fields next to `payment`), read in place, without a copy of the body.
struct QuoteParseOptions {
  // The route's own members: not the quote's, not refused as unknown.
  std::span<const std::string_view> route_members{};
  // The kind when the body names none (or null).
  std::optional<RequestKind> kind{};
  // With `kind`: a body naming another kind is kInvalidArgument ("this route
  // takes kind '...'"), before anything else is read.
  bool exact_kind = false;
};
Result<QuoteRequest> ParseQuoteRequest(const boost::json::value& body,
                                       const QuoteParseOptions& options);
// Parses JSON text first; malformed JSON is kInvalidArgument.
Result<QuoteRequest> ParseQuoteRequestJson(std::string_view text);

// A compliance case's request. `market` is the case file's market; a
// `market:` field in the mapping, if present, must equal it.
Result<QuoteRequest> ParseQuoteRequestYaml(const YAML::Node& node, const std::string& market);

// YAML to JSON the way the request parser needs it: quoted scalars are
// strings; plain scalars are booleans (true/false), null (null, ~, empty),
// integers when they look like one, and strings otherwise.
boost::json::value YamlToJson(const YAML::Node& node);

// The node at a parameter path ("items[0].quantity"); the deepest existing
// node on the way when the full path does not exist (a missing field is
// reported at its parent). For error positions.
YAML::Node FindYamlNode(const YAML::Node& root, std::string_view param);

}  // namespace mg::compliance
