// Request targets that need no URL parser. Nearly every request names a path
// of letters, digits, '-', '.', '_', '~' and '/' with no query; such a target
// is a valid origin-form (RFC 9112 s.3.2.1) with nothing to percent-decode,
// so the pipeline and router split it themselves. boost::urls::parse_origin_form
// and the decoding segment view cost ~1,800 instructions a request between
// them (callgrind of bench/ceiling_server); everything else still goes
// through them.
#pragma once

#include <string_view>

namespace mg::http {

inline bool IsPlainPath(std::string_view target) {
  if (target.empty() || target.front() != '/') return false;
  for (char c : target) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '/' || c == '-' || c == '.' || c == '_' || c == '~';
    if (!plain) return false;
  }
  return true;
}

}  // namespace mg::http
