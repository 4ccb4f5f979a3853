// Strict reading of one JSON object with parameter paths in errors, in the
// manner of Stripe's API errors ("items[0].quantity: expected an integer").
// The first error sticks; later reads return nullopt, so a parser can read on
// and check ok() once.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mg::compliance {

// Keys are views: each must outlive the JsonFields (string literals, as
// every parser passes), because Finish() names the keys asked for.
class JsonFields {
 public:
  // Records an error when `value` is not an object.
  JsonFields(const boost::json::value& value, std::string path, Status& error);

  bool ok() const { return error_.ok(); }
  const std::string& path() const { return path_; }
  std::string Param(std::string_view key) const;

  // Marks `key` as known; nullptr when absent or null.
  const boost::json::value* Get(std::string_view key);

  std::optional<std::string> String(std::string_view key, bool required = false);
  std::optional<int64_t> Int(std::string_view key, bool required = false);
  std::optional<bool> Bool(std::string_view key);
  // An exact decimal string ("0.99"); numbers are refused because a float
  // would lose exactness.
  std::optional<std::string> Amount(std::string_view key, bool required = false);
  // A nested object; nullptr when absent (error when present but not an object).
  const boost::json::value* Object(std::string_view key, bool required = false);
  // An array; nullptr when absent.
  const boost::json::array* Array(std::string_view key, bool required = false);

  // Records an error for `key` (if none is recorded yet).
  void Fail(std::string_view key, const std::string& message);
  // Errors on the first key never asked for: "unknown parameter".
  void Finish();

 private:
  const boost::json::object* object_ = nullptr;
  std::string path_;
  Status& error_;
  // The keys asked for, in asking order; a parser asks for a dozen or so, so
  // a linear search beats a set's allocations.
  std::vector<std::string_view> known_;
};

}  // namespace mg::compliance
