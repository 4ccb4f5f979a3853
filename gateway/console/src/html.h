// The console's HTML: escaping, and the page every view is drawn in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/http/response.h"
#include "sessions.h"

namespace mg::console {

// `text` safe in HTML text and in a quoted attribute.
std::string Escape(std::string_view text);

// A source as the page shows it: a link when it is an http(s) URL, text
// otherwise; "(unverified)" appended when `verified` is false.
std::string SourceHtml(std::string_view source, bool verified = true);

// A link to the money page of a record: RecordLink("pur_1") opens
// /console/money?id=pur_1.
std::string RecordLink(std::string_view id);

// A stored time (Unix milliseconds) as ISO 8601 UTC.
std::string UtcTime(int64_t unix_ms);

// A whole document: the title, the navigation and the logout form (with
// the session's CSRF token) when `session` is set, then `body` (HTML).
std::string Page(std::string_view title, const Session* session, std::string_view body);

// The response for a page, with the console's security headers
// (Content-Security-Policy allowing only the console's own stylesheet,
// no framing, no referrer, no MIME sniffing) and Vary: Accept-Language.
http::Response HtmlResponse(std::string html,
                            boost::beast::http::status status = boost::beast::http::status::ok);

// 303 See Other to `location` (after a form, or to the login page).
http::Response Redirect(std::string location);

// The stylesheet, served as /console/console.css.
std::string_view Stylesheet();

}  // namespace mg::console
