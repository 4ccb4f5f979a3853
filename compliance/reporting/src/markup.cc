#include "markup.h"

#include <ctime>

#include "base/markup_escape.h"
#include "compliance/reporting/case_report.h"

namespace mg::compliance {

std::string Escape(std::string_view text) { return EscapeMarkup(text); }

std::string Linkify(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = text.find("http", pos);
    if (start == std::string_view::npos) break;
    bool url = text.substr(start, 7) == "http://" || text.substr(start, 8) == "https://";
    if (!url) {
      out += Escape(text.substr(pos, start + 4 - pos));
      pos = start + 4;
      continue;
    }
    size_t end = text.find_first_of(" \t\n;,)\"<>", start);
    if (end == std::string_view::npos) end = text.size();
    out += Escape(text.substr(pos, start - pos));
    std::string href = Escape(text.substr(start, end - start));
    out += "<a href=\"" + href + "\">" + href + "</a>";
    pos = end;
  }
  out += Escape(text.substr(std::min(pos, text.size())));
  return out;
}

std::string FormatUtc(Timestamp time) {
  std::time_t seconds = static_cast<std::time_t>(time.time_since_epoch().count());
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M:%S UTC", &utc);
  return buffer;
}

}  // namespace mg::compliance
