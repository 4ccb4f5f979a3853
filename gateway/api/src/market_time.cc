#include "market_time.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <charconv>
#include <cstdio>
#include <memory>

namespace mg::api {
namespace {

constexpr int64_t kMillisPerDay = 24LL * 60 * 60 * 1000;

Result<std::unique_ptr<icu::TimeZone>> Zone(std::string_view time_zone) {
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
      icu::StringPiece(time_zone.data(), static_cast<int32_t>(time_zone.size())))));
  if (!zone || *zone == icu::TimeZone::getUnknown()) {
    return InvalidArgument("unknown time zone '" + std::string(time_zone) + "'", "time_zone");
  }
  return zone;
}

// The zone's offset from UTC, in ms, at `millis` (UTC when !local, else
// local wall-clock time).
Result<int64_t> OffsetAt(const icu::TimeZone& zone, int64_t millis, bool local) {
  int32_t raw = 0;
  int32_t dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone.getOffset(static_cast<UDate>(millis), local, raw, dst, status);
  if (U_FAILURE(status)) {
    return Status(ErrorCode::kInternal,
                  std::string("ICU time zone offset: ") + u_errorName(status));
  }
  return int64_t{raw} + dst;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

Result<LocalDate> LocalDateAt(std::string_view time_zone,
                              std::chrono::system_clock::time_point at) {
  MG_ASSIGN_OR_RETURN(std::unique_ptr<icu::TimeZone> zone, Zone(time_zone));
  const int64_t utc =
      std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  MG_ASSIGN_OR_RETURN(int64_t offset, OffsetAt(*zone, utc, /*local=*/false));
  return LocalDate(std::chrono::days(FloorDiv(utc + offset, kMillisPerDay)));
}

Result<store::UnixMillis> StartOfLocalDay(std::string_view time_zone, LocalDate date) {
  MG_ASSIGN_OR_RETURN(std::unique_ptr<icu::TimeZone> zone, Zone(time_zone));
  const int64_t local = static_cast<int64_t>(date.time_since_epoch().count()) * kMillisPerDay;
  MG_ASSIGN_OR_RETURN(int64_t offset, OffsetAt(*zone, local, /*local=*/true));
  return local - offset;
}

Result<LocalDate> ParseIsoDate(std::string_view text, const std::string& param) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
  if (shape) {
    const char* s = text.data();
    shape = std::from_chars(s, s + 4, year).ptr == s + 4 &&
            std::from_chars(s + 5, s + 7, month).ptr == s + 7 &&
            std::from_chars(s + 8, s + 10, day).ptr == s + 10;
  }
  std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                   std::chrono::day{day}};
  if (!shape || !date.ok()) {
    return InvalidArgument("'" + std::string(text) + "' is not a date (expected YYYY-MM-DD)",
                           param);
  }
  return LocalDate(date);
}

std::string FormatIsoDate(LocalDate date) {
  std::chrono::year_month_day ymd(date);
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

}  // namespace mg::api
