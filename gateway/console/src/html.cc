#include "html.h"

#include "base/markup_escape.h"
#include "base/utc_time.h"

namespace mg::console {

std::string Escape(std::string_view text) { return EscapeMarkup(text); }

std::string SourceHtml(std::string_view source, bool verified) {
  std::string out;
  if (source.starts_with("https://") || source.starts_with("http://")) {
    out = "<a href=\"" + Escape(source) + "\" rel=\"noreferrer\">" + Escape(source) + "</a>";
  } else {
    out = Escape(source);
  }
  if (!verified) out += " <span class=\"unverified\">(unverified)</span>";
  return out;
}

std::string RecordLink(std::string_view id) {
  return "<a href=\"/console/money?id=" + Escape(id) + "\">" + Escape(id) + "</a>";
}

std::string UtcTime(int64_t unix_ms) {
  return FormatIsoUtc(std::chrono::system_clock::time_point(std::chrono::milliseconds(unix_ms)));
}

std::string Page(std::string_view title, const Session* session, std::string_view body) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      Escape(title) +
      " · marketgate console</title>"
      "<link rel=\"stylesheet\" href=\"/console/console.css\"></head><body>"
      "<header><span class=\"brand\">marketgate console</span>";
  if (session != nullptr) {
    html +=
        "<nav><a href=\"/console/markets\">Markets</a> <a href=\"/console/money\">Money</a> "
        "<a href=\"/console/attention\">Needs attention</a> "
        "<a href=\"/console/figures\">Figures</a> "
        "<a href=\"/console/compliance\">Compliance</a> "
        "<a href=\"/console/reloads\">Reloads</a></nav>"
        "<form class=\"logout\" method=\"post\" action=\"/console/logout\">"
        "<span>signed in with " +
        Escape(session->key_name) + "</span><input type=\"hidden\" name=\"csrf\" value=\"" +
        Escape(session->csrf) + "\"><button type=\"submit\">Log out</button></form>";
  }
  html += "</header><main><h1>" + Escape(title) + "</h1>";
  html += body;
  html += "</main></body></html>\n";
  return html;
}

http::Response HtmlResponse(std::string html, boost::beast::http::status status) {
  http::Response response = http::TextResponse(std::move(html), "text/html; charset=utf-8", status);
  response
      .WithHeader("Content-Security-Policy",
                  "default-src 'none'; style-src 'self'; form-action 'self'; "
                  "frame-ancestors 'none'; base-uri 'none'")
      .WithHeader("X-Frame-Options", "DENY")
      .WithHeader("X-Content-Type-Options", "nosniff")
      .WithHeader("Referrer-Policy", "no-referrer")
      // Numbers and money follow the browser's language (operator_format.h).
      .WithHeader("Vary", "Accept-Language");
  return response;
}

http::Response Redirect(std::string location) {
  http::Response response = HtmlResponse("", boost::beast::http::status::see_other);
  response.WithHeader("Location", std::move(location));
  return response;
}

std::string_view Stylesheet() {
  return R"css(body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{display:flex;gap:1.5em;align-items:center;padding:.6em 1.5em;background:#1d2330;color:#fff}
header a{color:#cfe3ff;text-decoration:none;margin-right:1em}.brand{font-weight:600}
.logout{margin-left:auto;display:flex;gap:.8em;align-items:center}
main{padding:1em 1.5em;max-width:1200px}
table{border-collapse:collapse;background:#fff;margin:.5em 0 1.5em}
th,td{border:1px solid #d8dce3;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#eef1f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
.status-live{color:#136c2e}.status-suspended{color:#a4161a;font-weight:600}
.unverified{color:#a15c00}.breaker-open{color:#a4161a;font-weight:600}
.breaker-half_open{color:#a15c00}.error{color:#a4161a;font-weight:600}
form.login{display:grid;gap:.6em;max-width:24em;background:#fff;padding:1em;border:1px solid #d8dce3}
input[type=password],input[type=search]{padding:.35em;font:inherit}
textarea{font:13px/1.4 ui-monospace,monospace;width:100%;max-width:1100px}
ol.source{font:13px/1.4 ui-monospace,monospace;background:#fff;border:1px solid #d8dce3;padding-left:4em}
ol.source code{white-space:pre}li.error-line{background:#fde2e1}
figure.chart{margin:.5em 0 1em;background:#fff;border:1px solid #d8dce3;padding:.5em;max-width:760px}
figure.chart svg{width:100%;height:auto;font:11px system-ui,sans-serif;fill:#1d2330}
figcaption,.note{color:#5a6272;font-size:13px}.totals strong{font-variant-numeric:tabular-nums}
rect.bar-ok,.legend.bar-ok::before{fill:#2e7d32;background:#2e7d32}
rect.bar-failed,.legend.bar-failed::before{fill:#c62828;background:#c62828}
rect.bar{fill:#1565c0}line.axis{stroke:#8a93a3}
.legend::before{content:"";display:inline-block;width:.8em;height:.8em;margin-right:.3em}
form.picker{display:flex;gap:1em;align-items:center;margin-bottom:.5em}
)css";
}

}  // namespace mg::console
