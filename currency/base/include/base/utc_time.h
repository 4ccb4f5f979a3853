// Times as text, in UTC.
#pragma once

#include <chrono>
#include <string>

namespace mg {

// "2026-12-07T03:15:17Z" (RFC 3339, whole seconds, UTC).
std::string FormatIsoUtc(std::chrono::system_clock::time_point time);

}  // namespace mg
