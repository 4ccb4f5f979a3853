#include "reloads_page.h"

#include "base/utc_time.h"
#include "html.h"

namespace mg::console {

std::string ReloadsBody(const std::vector<regions::MarketRegistry::ReloadRecord>& history,
                        std::string_view csrf, const OperatorFormat& format) {
  std::string body =
      "<form method=\"post\" action=\"/console/reload\"><input type=\"hidden\" name=\"csrf\" "
      "value=\"" +
      Escape(csrf) +
      "\"><button type=\"submit\">Reload the market files now</button> A reload that finds an "
      "error keeps the serving markets.</form>";
  if (history.empty()) return body + "<p>No reload yet.</p>";
  std::string rows;
  for (const regions::MarketRegistry::ReloadRecord& reload : history) {
    std::string errors;
    for (const LoadError& error : reload.errors) {
      errors += "<li>" + Escape(error.ToString()) + "</li>";
    }
    if (!errors.empty()) {
      errors = "<details><summary>" + format.Count(static_cast<int64_t>(reload.errors.size())) +
               (reload.errors.size() == 1 ? " error" : " errors") +
               "</summary><ul class=\"load-errors\">" + errors + "</ul></details>";
    }
    rows += "<tr><td>" + FormatIsoUtc(reload.at) + "</td><td>" + Escape(reload.trigger) +
            "</td><td class=\"" + (reload.ok ? "status-live\">loaded" : "error\">rejected") +
            "</td><td class=\"num\">" + std::to_string(reload.version) + "</td><td class=\"num\">" +
            format.Count(static_cast<int64_t>(reload.markets)) + "</td><td>" + errors +
            "</td></tr>";
  }
  return body +
         "<table class=\"reloads\"><thead><tr><th>When</th><th>Asked by</th><th>Result</th>"
         "<th>Serving version</th><th>Markets</th><th>Errors</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

}  // namespace mg::console
