#include <cctype>
#include <memory>

#include "attention_page.h"
#include "base/crypto.h"
#include "base/log.h"
#include "compliance/reporting/case_report.h"
#include "compliance_page.h"
#include "dry_run.h"
#include "figures_page.h"
#include "form.h"
#include "gateway/console/console.h"
#include "html.h"
#include "market_page.h"
#include "markets_page.h"
#include "money_page.h"
#include "operator_format.h"
#include "reloads_page.h"
#include "sessions.h"

namespace mg::console {
namespace {

using boost::beast::http::status;

constexpr std::string_view kSessionCookie = "mg_console";
// Before a login: the token the login form must carry back (double submit).
constexpr std::string_view kLoginCookie = "mg_console_login";

class Console {
 public:
  Console(const ConsoleDeps& deps, std::shared_ptr<OperatorLocales> locales)
      : deps_(deps), sessions_(deps.idle_timeout, deps.max_age), locales_(std::move(locales)) {}

  Result<http::Response> Home(const http::Request& request) {
    if (!CurrentSession(request)) return Redirect("/console/login");
    return Redirect("/console/markets");
  }

  Result<http::Response> LoginForm(const http::Request& request) {
    if (CurrentSession(request)) return Redirect("/console/markets");
    return LoginPage("", status::ok);
  }

  Result<http::Response> Login(const http::Request& request) {
    MG_ASSIGN_OR_RETURN(auto form, ParseForm(request.body));
    const std::optional<std::string> expected =
        CookieValue(request.Header(boost::beast::http::field::cookie), kLoginCookie);
    if (!TokenMatches(expected, form, "csrf")) {
      return LoginPage("The form expired; log in again.", status::forbidden);
    }
    auto key = form.find("key");
    if (key == form.end() || key->second.empty()) {
      return LoginPage("Enter an API key.", status::unauthorized);
    }
    Result<const http::ApiKey*> found = deps_.keys->Authenticate("Bearer " + key->second);
    // Logged for the audit trail: who logged in, never what they typed.
    if (!found.ok()) {
      Log(LogLevel::kWarning,
          "request_id=" + request.request_id + " console login refused: unknown API key");
      return LoginPage("Unknown API key.", status::unauthorized);
    }
    if (!(*found)->scopes.Has(http::Scope::kAdmin)) {
      Log(LogLevel::kWarning, "request_id=" + request.request_id + " console login refused: key " +
                                  (*found)->name + " has no admin scope");
      return LoginPage("The key " + (*found)->name + " has no admin scope.", status::forbidden);
    }
    MG_ASSIGN_OR_RETURN(Session session, sessions_.Create((*found)->name, deps_.now()));
    Log(LogLevel::kInfo,
        "request_id=" + request.request_id + " console login with key " + (*found)->name);
    http::Response response = Redirect("/console/markets");
    response.WithHeader("Set-Cookie", Cookie(kSessionCookie, session.id, "/console"));
    response.WithHeader("Set-Cookie", Expired(kLoginCookie, "/console/login"));
    return response;
  }

  Result<http::Response> Logout(const http::Request& request) {
    std::optional<Session> session = CurrentSession(request);
    if (!session) return Redirect("/console/login");
    MG_ASSIGN_OR_RETURN(auto form, ParseForm(request.body));
    if (!TokenMatches(session->csrf, form, "csrf")) return CsrfRefused(*session);
    sessions_.Remove(session->id);
    http::Response response = Redirect("/console/login");
    response.WithHeader("Set-Cookie", Expired(kSessionCookie, "/console"));
    return response;
  }

  Result<http::Response> Markets(const http::Request& request) {
    std::optional<Session> session = CurrentSession(request);
    if (!session) return Redirect("/console/login");
    std::shared_ptr<const regions::MarketSnapshot> snapshot = deps_.snapshots();
    if (snapshot == nullptr) return NoMarkets(*session);
    const std::string query(request.QueryParam("q").value_or(""));
    return HtmlResponse(
        Page("Markets", &*session, MarketsBody(*snapshot, query, *FormatFor(request))));
  }

  Result<http::Response> Market(const http::Request& request) {
    std::optional<Session> session = CurrentSession(request);
    if (!session) return Redirect("/console/login");
    std::shared_ptr<const regions::MarketSnapshot> snapshot = deps_.snapshots();
    if (snapshot == nullptr) return NoMarkets(*session);
    const std::string code(request.PathParam("code"));
    const regions::Market* market = snapshot->Find(code);
    if (market == nullptr) {
      return HtmlResponse(Page("No market " + code, &*session,
                               "<p>No market <code>" + Escape(code) +
                                   "</code> is loaded. <a href=\"/console/markets\">All "
                                   "markets</a>.</p>"),
                          status::not_found);
    }
    return HtmlResponse(Page(market->code() + " · " + market->name(), &*session,
                             MarketBody(*market, deps_.breaker_state)));
  }

  Result<http::Response> Money(const http::Request& request) {
    std::optional<Session> session = CurrentSession(request);
    if (!session) return Redirect("/console/login");
    MG_ASSIGN_OR_RETURN(
        std::string body,
        MoneyBody(*deps_.store, request.QueryParam("id").value_or(""), *FormatFor(request)));
    return HtmlResponse(Page("Money", &*session, body));
  }

  Result<http::Response> Attention(const http::Request& request) {
    std::optional<Session> session = CurrentSession(request);
    if (!session) return Redirect("/console/login");
    MG_ASSIGN_OR_RETURN(std::string body,
                        AttentionBody(*deps_.store, deps_.now(), *FormatFor(request)));
    return HtmlResponse(Page("Needs attention", &*session, body));
  }

  // ?market= (a code, or empty for all) and ?window= (hour, day).
  Result<http::Response> Figures(const http::Request& request) {
    std::optional<Session> session = CurrentSession(request);
    if (!session) return Redirect("/console/login");
    FiguresQuery query;
    query.market = std::string(request.QueryParam("market").value_or(""));
    const std::string_view window = request.QueryParam("window").value_or("hour");
    if (window != "hour" && window != "day") {
      return HtmlResponse(Page("Figures", &*session,
                               "<p class=\"error\">The window is <code>hour</code> or "
                               "<code>day</code>.</p>"),
                          status::bad_request);
    }
    query.window = window == "day" ? FiguresWindow::kDay : FiguresWindow::kHour;
    // Sampled now too, so that the page is current, not up to a minute behind.
    if (deps_.history != nullptr) deps_.history->Sample(deps_.now());
    std::vector<std::string> codes;
    if (std::shared_ptr<const regions::MarketSnapshot> snapshot = deps_.snapshots()) {
      for (const auto& entry : snapshot->markets()) codes.push_back(entry.first);  // sorted
    }
    return HtmlResponse(
        Page("Figures", &*session, FiguresBody(deps_.history, codes, query, *FormatFor(request))));
  }

  // GET: the form with the market's file as it is on disk; POST: the file
  // pasted into it, tried (dry_run.h), with the session's CSRF token.
  Result<http::Response> Change(const http::Request& request) {
    std::optional<Session> session = CurrentSession(request);
    if (!session) return Redirect("/console/login");
    std::shared_ptr<const regions::MarketSnapshot> snapshot = deps_.snapshots();
    if (snapshot == nullptr) return NoMarkets(*session);
    const std::string code(request.PathParam("code"));
    if (!IsMarketCode(code)) {
      return HtmlResponse(Page("Change a market", &*session,
                               "<p class=\"error\">A market code is two capital letters.</p>"),
                          status::not_found);
    }
    const std::string title = "Change " + code + " (dry run)";
    if (request.method == http::Verb::get) {
      return HtmlResponse(
          Page(title, &*session,
               ChangeBody(code, MarketFileText(*snapshot, code), session->csrf, nullptr)));
    }
    MG_ASSIGN_OR_RETURN(auto form, ParseForm(request.body));
    if (!TokenMatches(session->csrf, form, "csrf")) return CsrfRefused(*session);
    auto yaml = form.find("yaml");
    const std::string text = yaml == form.end() ? "" : yaml->second;
    MG_ASSIGN_OR_RETURN(DryRun outcome, TryMarketFile(*snapshot, code, text));
    return HtmlResponse(Page(title, &*session, ChangeBody(code, text, session->csrf, &outcome)));
  }

  // The cases of ?market= (a code, or "all") run now; shown as a summary,
  // the HTML report or the JUnit XML.
  enum class RunView { kSummary, kReport, kJUnit };
  Result<http::Response> Compliance(const http::Request& request, RunView view) {
    std::optional<Session> session = CurrentSession(request);
    if (!session) return Redirect("/console/login");
    std::shared_ptr<const regions::MarketSnapshot> snapshot = deps_.snapshots();
    if (snapshot == nullptr) return NoMarkets(*session);
    const std::string market(request.QueryParam("market").value_or(""));
    if (!market.empty() && market != "all" && snapshot->Find(market) == nullptr) {
      return HtmlResponse(Page("Compliance", &*session,
                               ComplianceBody(*snapshot, "", nullptr, *FormatFor(request)) +
                                   "<p class=\"error\">No market <code>" + Escape(market) +
                                   "</code> is loaded.</p>"),
                          status::not_found);
    }
    if (market.empty() && view == RunView::kSummary) {
      return HtmlResponse(Page("Compliance", &*session,
                               ComplianceBody(*snapshot, "", nullptr, *FormatFor(request))));
    }
    const compliance::ComplianceRun run = RunCases(*snapshot, market, deps_.now());
    if (view == RunView::kJUnit) {
      http::Response xml =
          http::TextResponse(compliance::RenderJUnit(run), "application/xml; charset=utf-8");
      xml.WithHeader("Content-Disposition", "attachment; filename=\"compliance-" +
                                                (market.empty() ? "all" : market) + ".xml\"");
      return xml;
    }
    if (view == RunView::kReport) {
      // The report is its own document, styled inline and without scripts.
      http::Response report = HtmlResponse(compliance::RenderHtmlReport(run));
      for (auto& [name, value] : report.headers) {
        if (name == "Content-Security-Policy") {
          value = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
        }
      }
      return report;
    }
    return HtmlResponse(Page("Compliance", &*session,
                             ComplianceBody(*snapshot, market, &run, *FormatFor(request))));
  }

  Result<http::Response> Reloads(const http::Request& request) {
    std::optional<Session> session = CurrentSession(request);
    if (!session) return Redirect("/console/login");
    std::vector<regions::MarketRegistry::ReloadRecord> history;
    if (deps_.registry != nullptr) history = deps_.registry->history();
    return HtmlResponse(
        Page("Reloads", &*session, ReloadsBody(history, session->csrf, *FormatFor(request))));
  }

  Result<http::Response> Reload(const http::Request& request) {
    std::optional<Session> session = CurrentSession(request);
    if (!session) return Redirect("/console/login");
    MG_ASSIGN_OR_RETURN(auto form, ParseForm(request.body));
    if (!TokenMatches(session->csrf, form, "csrf")) return CsrfRefused(*session);
    if (!deps_.reload) {
      return HtmlResponse(Page("Reloads", &*session,
                               "<p class=\"error\">This gateway cannot reload from here.</p>"),
                          status::service_unavailable);
    }
    // Off the I/O threads like every route that may block (router.h).
    deps_.reload("console (" + session->key_name + ")");
    return Redirect("/console/reloads");
  }

 private:
  std::optional<Session> CurrentSession(const http::Request& request) {
    std::optional<std::string> id =
        CookieValue(request.Header(boost::beast::http::field::cookie), kSessionCookie);
    if (!id || id->empty()) return std::nullopt;
    return sessions_.Find(*id, deps_.now());
  }

  std::shared_ptr<const OperatorFormat> FormatFor(const http::Request& request) const {
    return locales_->For(request.Header(boost::beast::http::field::accept_language));
  }

  static bool IsMarketCode(std::string_view code) {
    return code.size() == 2 && std::isupper(static_cast<unsigned char>(code[0])) &&
           std::isupper(static_cast<unsigned char>(code[1]));
  }

  static bool TokenMatches(const std::optional<std::string>& expected,
                           const std::map<std::string, std::string, std::less<>>& form,
                           std::string_view field) {
    auto sent = form.find(field);
    return expected && !expected->empty() && sent != form.end() &&
           ConstantTimeEquals(*expected, sent->second);
  }

  std::string Cookie(std::string_view name, std::string_view value, std::string_view path) const {
    return std::string(name) + "=" + std::string(value) + "; Path=" + std::string(path) +
           "; HttpOnly; SameSite=Strict" + (deps_.secure_cookies ? "; Secure" : "");
  }
  std::string Expired(std::string_view name, std::string_view path) const {
    return Cookie(name, "", path) + "; Max-Age=0";
  }

  Result<http::Response> LoginPage(const std::string& error, status code) {
    MG_ASSIGN_OR_RETURN(std::string token, RandomToken());
    std::string body;
    if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + Escape(error) + "</p>";
    body +=
        "<form class=\"login\" method=\"post\" action=\"/console/login\">"
        "<label>API key with the admin scope <input type=\"password\" name=\"key\" "
        "autocomplete=\"off\" required autofocus></label>"
        "<input type=\"hidden\" name=\"csrf\" value=\"" +
        token + "\"><button type=\"submit\">Log in</button></form>";
    http::Response response = HtmlResponse(Page("Log in", nullptr, body), code);
    response.WithHeader("Set-Cookie", Cookie(kLoginCookie, token, "/console/login"));
    return response;
  }

  http::Response CsrfRefused(const Session& session) {
    return HtmlResponse(Page("Refused", &session,
                             "<p class=\"error\">The form's token does not match this "
                             "session; reload the page and try again.</p>"),
                        status::forbidden);
  }

  http::Response NoMarkets(const Session& session) {
    return HtmlResponse(
        Page("Markets", &session, "<p class=\"error\">No market snapshot is loaded yet.</p>"),
        status::service_unavailable);
  }

  ConsoleDeps deps_;
  SessionStore sessions_;
  std::shared_ptr<OperatorLocales> locales_;
};

}  // namespace

Status RegisterConsole(http::Router& router, const ConsoleDeps& deps) {
  if (!deps.snapshots || deps.keys == nullptr || !deps.now || deps.store == nullptr) {
    return InvalidArgument("RegisterConsole: a required dependency is missing");
  }
  MG_ASSIGN_OR_RETURN(std::shared_ptr<OperatorLocales> locales, OperatorLocales::Create());
  auto console = std::make_shared<Console>(deps, std::move(locales));
  using Method = Result<http::Response> (Console::*)(const http::Request&);
  auto bind = [console](Method method) {
    return [console, method](const http::Request& request) { return (*console.*method)(request); };
  };
  // Open to the pipeline: each handler checks the session cookie.
  const http::RouteOptions open{};
  MG_RETURN_IF_ERROR(router.Add(http::Verb::get, "/console", open, bind(&Console::Home)));
  MG_RETURN_IF_ERROR(
      router.Add(http::Verb::get, "/console/login", open, bind(&Console::LoginForm)));
  MG_RETURN_IF_ERROR(router.Add(http::Verb::post, "/console/login", open, bind(&Console::Login)));
  MG_RETURN_IF_ERROR(router.Add(http::Verb::post, "/console/logout", open, bind(&Console::Logout)));
  MG_RETURN_IF_ERROR(
      router.Add(http::Verb::get, "/console/markets", open, bind(&Console::Markets)));
  MG_RETURN_IF_ERROR(
      router.Add(http::Verb::get, "/console/markets/{code}", open, bind(&Console::Market)));
  MG_RETURN_IF_ERROR(
      router.Add(http::Verb::get, "/console/markets/{code}/change", open, bind(&Console::Change)));
  MG_RETURN_IF_ERROR(
      router.Add(http::Verb::post, "/console/markets/{code}/change", open, bind(&Console::Change)));
  MG_RETURN_IF_ERROR(router.Add(http::Verb::get, "/console/money", open, bind(&Console::Money)));
  MG_RETURN_IF_ERROR(
      router.Add(http::Verb::get, "/console/reloads", open, bind(&Console::Reloads)));
  MG_RETURN_IF_ERROR(router.Add(http::Verb::post, "/console/reload", open, bind(&Console::Reload)));
  using View = Console::RunView;
  for (const auto& route : {std::pair{"/console/compliance", View::kSummary},
                            std::pair{"/console/compliance/report", View::kReport},
                            std::pair{"/console/compliance/junit", View::kJUnit}}) {
    // A copy, not a structured binding: clang 14 cannot capture those.
    const View view = route.second;
    MG_RETURN_IF_ERROR(router.Add(http::Verb::get, route.first, open,
                                  [console, view](const http::Request& request) {
                                    return console->Compliance(request, view);
                                  }));
  }
  MG_RETURN_IF_ERROR(
      router.Add(http::Verb::get, "/console/attention", open, bind(&Console::Attention)));
  MG_RETURN_IF_ERROR(
      router.Add(http::Verb::get, "/console/figures", open, bind(&Console::Figures)));
  MG_RETURN_IF_ERROR(
      router.Add(http::Verb::get, "/console/console.css", {.may_block = &http::NeverBlocks},
                 [](const http::Request&) -> Result<http::Response> {
                   return http::TextResponse(std::string(Stylesheet()), "text/css; charset=utf-8");
                 }));
  return Status::Ok();
}

}  // namespace mg::console
