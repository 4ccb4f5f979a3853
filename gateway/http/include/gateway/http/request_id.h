// Request ids: every response carries X-Request-Id. A client may send its own
// (for tracing across systems); it is echoed when it is acceptable, otherwise
// a fresh one is generated.
#pragma once

#include <string>
#include <string_view>

namespace mg::http {

inline constexpr const char* kRequestIdHeader = "X-Request-Id";

// 128 random bits from OpenSSL's RAND_bytes, as 32 lower-case hex digits.
std::string NewRequestId();

// 1 to 128 characters from [A-Za-z0-9._:-]: safe to echo in a header, a JSON
// body and a log line.
bool IsAcceptableRequestId(std::string_view id);

// The client's id when acceptable, otherwise NewRequestId().
std::string RequestIdFor(std::string_view client_id);

}  // namespace mg::http
