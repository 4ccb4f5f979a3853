// Non-throwing readers for provider JSON (Boost.JSON's at() throws; these
// return empty values instead), shared by the adapters' transformers.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mg::providers::json_fields {

// Parses `text`; nullopt when it is not JSON.
std::optional<boost::json::value> Parse(std::string_view text);

const boost::json::object* Object(const boost::json::value* v);
const boost::json::object* Object(const boost::json::object& parent, std::string_view key);
const boost::json::array* Array(const boost::json::object& parent, std::string_view key);
// String member, or "" when absent or not a string.
std::string String(const boost::json::object& parent, std::string_view key);
std::optional<int64_t> Int(const boost::json::object& parent, std::string_view key);
std::optional<bool> Bool(const boost::json::object& parent, std::string_view key);

}  // namespace mg::providers::json_fields
