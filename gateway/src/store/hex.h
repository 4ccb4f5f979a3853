// Lower-case hex encoding for ids and digests.
#pragma once

#include <span>
#include <string>

namespace mg::store {

inline void AppendLowerHex(std::span<const unsigned char> bytes, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char byte : bytes) {
    out->push_back(kHex[byte >> 4]);
    out->push_back(kHex[byte & 0xf]);
  }
}

}  // namespace mg::store
