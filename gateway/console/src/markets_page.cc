#include "markets_page.h"

#include <algorithm>
#include <cctype>

#include "base/utc_time.h"
#include "html.h"

namespace mg::console {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string StatusText(const regions::Market& market) {
  return market.is_live() ? "live" : "suspended";
}

bool Matches(const regions::Market& market, const std::string& query) {
  if (query.empty()) return true;
  std::string haystack = market.code() + " " + market.name() + " " + StatusText(market) + " " +
                         std::string(market.currency().str()) + " " + market.entity().name;
  for (const std::string& locale : market.locales()) haystack += " " + locale;
  return Lower(haystack).find(query) != std::string::npos;
}

std::string Row(const regions::Market& market) {
  std::string locales;
  for (const std::string& locale : market.locales()) {
    locales += (locales.empty() ? "" : ", ") + Escape(locale);
  }
  std::string status =
      "<span class=\"status-" + StatusText(market) + "\">" + StatusText(market) + "</span>";
  if (market.suspension()) status += " " + Escape(market.suspension()->reason);
  return "<tr><td><a href=\"/console/markets/" + Escape(market.code()) + "\">" +
         Escape(market.code()) + "</a></td><td>" + Escape(market.name()) + "</td><td>" + status +
         "</td><td>" + Escape(market.currency().str()) + "</td><td>" + locales + "</td><td>" +
         Escape(market.entity().name) + " (" + Escape(market.entity().country) + ")</td><td>" +
         Escape(market.source_file()) + "</td></tr>";
}

}  // namespace

std::string MarketsBody(const regions::MarketSnapshot& snapshot, std::string_view query,
                        const OperatorFormat& format) {
  const std::string wanted = Lower(query);
  std::string rows;
  size_t shown = 0;
  for (const auto& [code, market] : snapshot.markets()) {
    if (!Matches(*market, wanted)) continue;
    rows += Row(*market);
    ++shown;
  }
  std::string body = "<p>Snapshot version <strong>" + std::to_string(snapshot.version()) +
                     "</strong>, loaded " + FormatIsoUtc(snapshot.loaded_at()) + " from <code>" +
                     Escape(snapshot.source_dir()) + "</code>.</p>";
  body +=
      "<form method=\"get\" action=\"/console/markets\"><label>Filter "
      "<input type=\"search\" name=\"q\" value=\"" +
      Escape(query) +
      "\" placeholder=\"code, name, currency, locale, status\"></label> "
      "<button type=\"submit\">Filter</button></form>";
  body += "<p>" + format.Count(static_cast<int64_t>(shown)) + " of " +
          format.Count(static_cast<int64_t>(snapshot.markets().size())) + " markets.</p>";
  body +=
      "<table class=\"markets\"><thead><tr><th>Code</th><th>Name</th><th>Status</th>"
      "<th>Currency</th><th>Locales</th><th>Entity</th><th>File</th></tr></thead><tbody>" +
      rows + "</tbody></table>";
  return body;
}

}  // namespace mg::console
