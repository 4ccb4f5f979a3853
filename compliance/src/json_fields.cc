#include "json_fields.h"

#include <algorithm>

#include "currency/decimal.h"

namespace mg::compliance {
namespace {

const char* TypeName(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
      return "an integer";
    case boost::json::kind::double_:
      return "a number";
    case boost::json::kind::string:
      return "a string";
    case boost::json::kind::array:
      return "an array";
    case boost::json::kind::object:
      return "an object";
  }
  return "a value";
}

}  // namespace

JsonFields::JsonFields(const boost::json::value& value, std::string path, Status& error)
    : path_(std::move(path)), error_(error) {
  object_ = value.if_object();
  if (!object_ && error_.ok()) {
    error_ = InvalidArgument(std::string("expected an object, found ") + TypeName(value), path_);
  }
}

std::string JsonFields::Param(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void JsonFields::Fail(std::string_view key, const std::string& message) {
  if (error_.ok()) error_ = InvalidArgument(message, Param(key));
}

const boost::json::value* JsonFields::Get(std::string_view key) {
  known_.push_back(key);
  if (!object_) return nullptr;
  const boost::json::value* value = object_->if_contains(key);
  if (value && value->is_null()) return nullptr;
  return value;
}

std::optional<std::string> JsonFields::String(std::string_view key, bool required) {
  const boost::json::value* value = Get(key);
  if (!value) {
    if (required && object_) Fail(key, "missing required parameter '" + std::string(key) + "'");
    return std::nullopt;
  }
  if (!value->is_string()) {
    Fail(key, std::string("expected a string, found ") + TypeName(*value));
    return std::nullopt;
  }
  return std::string(value->get_string());
}

std::optional<int64_t> JsonFields::Int(std::string_view key, bool required) {
  const boost::json::value* value = Get(key);
  if (!value) {
    if (required && object_) Fail(key, "missing required parameter '" + std::string(key) + "'");
    return std::nullopt;
  }
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64()) {
    Fail(key, "integer is too large");
    return std::nullopt;
  }
  Fail(key, std::string("expected an integer, found ") + TypeName(*value));
  return std::nullopt;
}

std::optional<bool> JsonFields::Bool(std::string_view key) {
  const boost::json::value* value = Get(key);
  if (!value) return std::nullopt;
  if (!value->is_bool()) {
    Fail(key, std::string("expected true or false, found ") + TypeName(*value));
    return std::nullopt;
  }
  return value->get_bool();
}

std::optional<std::string> JsonFields::Amount(std::string_view key, bool required) {
  const boost::json::value* value = Get(key);
  if (value && !value->is_string()) {
    Fail(key, std::string("expected an amount as a decimal string such as \"0.99\", found ") +
                  TypeName(*value));
    return std::nullopt;
  }
  std::optional<std::string> text = String(key, required);
  if (!text) return std::nullopt;
  Result<Decimal> decimal = Decimal::Parse(*text);
  if (!decimal.ok()) {
    Fail(key, decimal.status().message());
    return std::nullopt;
  }
  if (decimal->coefficient < 0) {
    Fail(key, "amount '" + *text + "' must not be negative");
    return std::nullopt;
  }
  return text;
}

const boost::json::value* JsonFields::Object(std::string_view key, bool required) {
  const boost::json::value* value = Get(key);
  if (!value) {
    if (required && object_) Fail(key, "missing required parameter '" + std::string(key) + "'");
    return nullptr;
  }
  if (!value->is_object()) {
    Fail(key, std::string("expected an object, found ") + TypeName(*value));
    return nullptr;
  }
  return value;
}

const boost::json::array* JsonFields::Array(std::string_view key, bool required) {
  const boost::json::value* value = Get(key);
  if (!value) {
    if (required && object_) Fail(key, "missing required parameter '" + std::string(key) + "'");
    return nullptr;
  }
  if (!value->is_array()) {
    Fail(key, std::string("expected an array, found ") + TypeName(*value));
    return nullptr;
  }
  return &value->get_array();
}

void JsonFields::Finish() {
  if (!object_ || !error_.ok()) return;
  for (const auto& entry : *object_) {
    const std::string_view key = entry.key();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::vector<std::string_view> known = known_;
    std::sort(known.begin(), known.end());
    known.erase(std::unique(known.begin(), known.end()), known.end());
    std::string list;
    for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    Fail(key, "unknown parameter '" + std::string(key) + "' (known: " + list + ")");
    return;
  }
}

}  // namespace mg::compliance
