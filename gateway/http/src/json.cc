#include "gateway/http/json.h"

#include <boost/json/parser.hpp>

namespace mg::http {

Result<boost::json::value> ParseJson(std::string_view text) {
  boost::json::parser parser;
  boost::system::error_code ec;
  // write() wants one complete document: incomplete text and anything after
  // the document but whitespace are errors.
  size_t consumed = parser.write(text.data(), text.size(), ec);
  if (ec) {
    return InvalidArgument("invalid JSON at byte " + std::to_string(consumed) + ": " + ec.message(),
                           "body");
  }
  return parser.release();
}

Result<std::string> RequiredString(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr)
    return InvalidArgument("missing field '" + std::string(key) + "'", std::string(key));
  if (!value->is_string()) {
    return InvalidArgument("field '" + std::string(key) + "' must be a string", std::string(key));
  }
  return std::string(value->as_string());
}

}  // namespace mg::http
