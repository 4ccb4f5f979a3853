// Calendar dates in a market's time zone (ICU TimeZone): flight dates and
// invoice due dates are the market's local dates, not UTC ones.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/status.h"
#include "gateway/store/records.h"

namespace mg::api {

using LocalDate = std::chrono::sys_days;  // a calendar date, no time zone attached

// The date it is at `at` in `time_zone` (an IANA id, "Europe/Berlin").
// kInvalidArgument for a zone ICU does not know.
Result<LocalDate> LocalDateAt(std::string_view time_zone, std::chrono::system_clock::time_point at);

// The instant `date` begins (local midnight) in `time_zone`, in Unix ms.
Result<store::UnixMillis> StartOfLocalDay(std::string_view time_zone, LocalDate date);

// "2026-12-01"; kInvalidArgument [param] for anything else.
Result<LocalDate> ParseIsoDate(std::string_view text, const std::string& param);
std::string FormatIsoDate(LocalDate date);

}  // namespace mg::api
