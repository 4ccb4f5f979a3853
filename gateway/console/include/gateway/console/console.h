// The ops console (docs/console.md): HTML pages served by the admin listener
// for the people who run the gateway, registered by one call at start-up:
//
//   MG_RETURN_IF_ERROR(console::RegisterConsole(admin_router, deps));
//
//   GET  /console                 the markets (or the login page)
//   GET  /console/login           the login form
//   POST /console/login           an `admin` API key -> a session cookie
//   POST /console/logout          ends the session
//   GET  /console/markets         every market; ?q= filters
//   GET  /console/markets/{code}  one market: facts and sources, catalog in
//                                 each locale, tax, payment methods, rules
//   GET  /console/money?id=       a purchase, order, refund, ad booking, gift
//                                 or payout with its provider calls and journals
//   GET  /console/attention       what is escalated for a person, and what
//                                 reconciliation is still asking about
//   GET  /console/figures         purchases, declines and provider call times
//                                 over the last hour or day, as charts
//   GET  /console/reloads         the reloads of the market files
//   POST /console/reload          reloads them now
//   GET  /console/compliance      runs a market's compliance cases
//
// The routes are open to the pipeline (no Authorization header: a browser
// does not send one); each page checks the session cookie itself and shows
// only the login page without one. The cookie holds a random session id,
// never the key: HttpOnly, SameSite=Strict, Path=/console, Secure when the
// listener serves TLS. Every form that changes state carries a CSRF token
// bound to the session (the login form: to a pre-login cookie), compared in
// constant time. Pages read with JavaScript off; they load nothing from the
// network (Content-Security-Policy: default-src 'none', the console's own
// stylesheet; charts are inline SVG). Numbers and money on the money pages
// follow the browser's Accept-Language.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "gateway/http/auth.h"
#include "gateway/http/metrics_history.h"
#include "gateway/http/router.h"
#include "gateway/store/store.h"
#include "regions/snapshot.h"

namespace mg::console {

struct ConsoleDeps {
  // The serving snapshot; null before the first load.
  std::function<std::shared_ptr<const regions::MarketSnapshot>()> snapshots;
  // Where the money pages read; required.
  store::Store* store = nullptr;
  // The reload history (null: the reloads page says there is none), and
  // how to reload now, naming who asked (null: no reload button).
  const regions::MarketRegistry* registry = nullptr;
  std::function<void(const std::string& trigger)> reload;
  // The state of a payment provider's circuit breaker ("closed", "open",
  // "half_open"), shown beside it; null: not shown.
  std::function<std::string(const std::string& provider)> breaker_state;
  // What the metrics of the figures page added over the last day (null:
  // the page says none are kept), sampling FigureFamilies(). The page
  // samples it too before it reads, to be current.
  http::MetricsHistory* history = nullptr;
  // The gateway's keys; a login needs one with the `admin` scope.
  const http::ApiKeyAuthenticator* keys = nullptr;
  std::function<std::chrono::system_clock::time_point()> now;
  // The admin listener serves TLS: cookies are marked Secure.
  bool secure_cookies = false;
  // How long a session lasts without a request, and at most.
  std::chrono::seconds idle_timeout{std::chrono::minutes(30)};
  std::chrono::seconds max_age{std::chrono::hours(8)};
};

Status RegisterConsole(http::Router& router, const ConsoleDeps& deps);

// The metric families the figures page reads: what the gateway's
// MetricsHistory should sample.
std::vector<std::string> FigureFamilies();

}  // namespace mg::console
