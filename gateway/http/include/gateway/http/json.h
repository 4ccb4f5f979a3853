// JSON helpers for handlers (Boost.JSON), with errors as Status.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mg::http {

// Parses a whole document. Errors (kInvalidArgument) carry the parser's
// message and the byte offset: "invalid JSON at byte 12: syntax error".
Result<boost::json::value> ParseJson(std::string_view text);

// The member `key` of `object` as a string; kInvalidArgument naming `key`
// when absent or not a string.
Result<std::string> RequiredString(const boost::json::object& object, std::string_view key);

}  // namespace mg::http
