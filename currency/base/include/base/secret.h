// Secret: a string that must never reach a log, an error message or a
// response: API keys, bearer tokens, provider keys, webhook signing secrets.
// Hold the value in a Secret from the moment it is read.
//
// operator<< and DebugString() print "***" (or "<empty>" when no value is
// set, so that a missing key is visible in a config dump). Only reveal()
// gives the value, so every use of the plaintext is greppable.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "base/crypto.h"

namespace mg {

class Secret {
 public:
  static constexpr std::string_view kMask = "***";

  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  bool empty() const { return value_.empty(); }
  // The plaintext. Call it only where the value is used (hashing, signing, an
  // outgoing request), never to print or log it.
  const std::string& reveal() const { return value_; }

  // "***" or "<empty>": safe for logs and test failure messages.
  std::string DebugString() const { return empty() ? "<empty>" : std::string(kMask); }

  friend std::ostream& operator<<(std::ostream& out, const Secret& secret) {
    return out << secret.DebugString();
  }
  // Constant time for values of equal length (ConstantTimeEquals).
  friend bool operator==(const Secret& a, const Secret& b) {
    return ConstantTimeEquals(a.value_, b.value_);
  }

 private:
  std::string value_;
};

}  // namespace mg
