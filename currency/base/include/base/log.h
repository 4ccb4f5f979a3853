// Minimal process log: one line per event on stderr, filtered by level.
//
//   Log(LogLevel::kInfo, "reloaded markets, version " + std::to_string(v));
//
// Never log API keys, bearer tokens, Authorization headers or provider
// secrets; hold them in a Secret (secret.h), which prints "***".
// Thread-safe: lines from different threads never interleave.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace mg {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

inline const char* LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// "debug", "info", "warning", "error"; nullopt for anything else.
inline std::optional<LogLevel> ParseLogLevel(std::string_view name) {
  for (LogLevel level : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning, LogLevel::kError}) {
    if (name == LogLevelName(level)) return level;
  }
  return std::nullopt;
}

namespace log_internal {
inline std::atomic<LogLevel> min_level{LogLevel::kInfo};
inline std::mutex write_mutex;
}  // namespace log_internal

// Default: kInfo.
inline void SetLogLevel(LogLevel level) { log_internal::min_level.store(level); }
inline bool LogEnabled(LogLevel level) { return level >= log_internal::min_level.load(); }

// "2026-11-25T12:58:35Z warning <message>".
inline void Log(LogLevel level, std::string_view message) {
  if (!LogEnabled(level)) return;
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &utc);
  std::lock_guard<std::mutex> lock(log_internal::write_mutex);
  std::fprintf(stderr, "%s %s %.*s\n", stamp, LogLevelName(level), static_cast<int>(message.size()),
               message.data());
  std::fflush(stderr);
}

}  // namespace mg
