#include "gateway/providers/json_fields.h"

namespace mg::providers::json_fields {

std::optional<boost::json::value> Parse(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) return std::nullopt;
  return v;
}

const boost::json::object* Object(const boost::json::value* v) {
  return v == nullptr ? nullptr : v->if_object();
}

const boost::json::object* Object(const boost::json::object& parent, std::string_view key) {
  return Object(parent.if_contains(key));
}

const boost::json::array* Array(const boost::json::object& parent, std::string_view key) {
  const boost::json::value* v = parent.if_contains(key);
  return v == nullptr ? nullptr : v->if_array();
}

std::string String(const boost::json::object& parent, std::string_view key) {
  const boost::json::value* v = parent.if_contains(key);
  if (v == nullptr || !v->is_string()) return {};
  return std::string(v->get_string());
}

std::optional<int64_t> Int(const boost::json::object& parent, std::string_view key) {
  const boost::json::value* v = parent.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(v->get_uint64());
  }
  return std::nullopt;
}

std::optional<bool> Bool(const boost::json::object& parent, std::string_view key) {
  const boost::json::value* v = parent.if_contains(key);
  if (v == nullptr || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

}  // namespace mg::providers::json_fields
