// Secret: an API key, client secret or webhook signing key. Printing a Secret
// (operator<<, DebugString) shows a mask, never the value; the value is read
// only where it goes on the wire or into an HMAC, through reveal().
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace mg {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  bool empty() const { return value_.empty(); }
  // The clear value. Call it only to put the secret on the wire or into a MAC.
  const std::string& reveal() const { return value_; }

  // "****" or "<empty>": safe for logs and test failure messages.
  std::string DebugString() const { return value_.empty() ? "<empty>" : "****"; }

  friend bool operator==(const Secret&, const Secret&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Secret& s) {
    return os << s.DebugString();
  }

 private:
  std::string value_;
};

}  // namespace mg
