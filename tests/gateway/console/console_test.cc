// The ops console through a request pipeline, as a browser with JavaScript
// off uses it: without a session only the login page; a login with an
// admin key sets a session cookie with HttpOnly, SameSite=Strict (and
// Secure over TLS) that carries no key; forms are refused without their
// CSRF token; the markets and a market's page show what the snapshot holds.
#include <unistd.h>

#include "console_test_fixture.h"

namespace mg::console::testing {
namespace {

TEST_F(ConsoleTest, WithoutASessionOnlyTheLoginPageShows) {
  Browser browser(*pipeline_);
  for (const char* page : {"/console", "/console/markets", "/console/markets/DE"}) {
    http::RawResponse response = browser.Get(page);
    EXPECT_EQ(response.result_int(), 303) << page;
    EXPECT_EQ(response[field::location], "/console/login") << page;
    EXPECT_EQ(response.body().find("DE"), std::string::npos) << page;
  }
  http::RawResponse login = browser.Get("/console/login");
  ASSERT_EQ(login.result_int(), 200);
  EXPECT_NE(login.body().find("<form class=\"login\" method=\"post\" action=\"/console/login\">"),
            std::string::npos);
  EXPECT_EQ(login.body().find("/console/markets"), std::string::npos);  // no navigation
  EXPECT_EQ(login[field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(std::string(login["Content-Security-Policy"]).find("default-src 'none'"),
            std::string::npos);
  EXPECT_EQ(login["X-Frame-Options"], "DENY");
  ASSERT_EQ(browser.set_cookies().size(), 1u);
  EXPECT_EQ(browser.set_cookies()[0], "mg_console_login=" + CsrfOf(login.body()) +
                                          "; Path=/console/login; HttpOnly; SameSite=Strict");
}

TEST_F(ConsoleTest, AnAdminKeyLogsInWithACookieThatCarriesNoKey) {
  Browser browser(*pipeline_);
  http::RawResponse login = LogIn(browser);
  ASSERT_EQ(login.result_int(), 303) << login.body();
  EXPECT_EQ(login[field::location], "/console/markets");
  ASSERT_EQ(browser.set_cookies().size(), 2u);
  const std::string session = browser.cookies().at("mg_console");
  EXPECT_TRUE(std::regex_match(session, std::regex("[0-9a-f]{64}")));
  EXPECT_EQ(browser.set_cookies()[0],
            "mg_console=" + session + "; Path=/console; HttpOnly; SameSite=Strict");
  EXPECT_EQ(browser.cookies().count("mg_console_login"), 0u);  // expired by the login
  for (const std::string& line : browser.set_cookies()) {
    EXPECT_EQ(line.find(kAdminKey), std::string::npos);
  }

  http::RawResponse markets = browser.Get("/console/markets");
  ASSERT_EQ(markets.result_int(), 200) << markets.body();
  EXPECT_NE(markets.body().find("signed in with ops-admin"), std::string::npos);
  EXPECT_NE(markets.body().find("<a href=\"/console/markets/DE\">DE</a>"), std::string::npos);
  EXPECT_NE(markets.body().find("Snapshot version <strong>1</strong>"), std::string::npos);
  EXPECT_NE(markets.body().find(std::to_string(Markets()->markets().size()) + " of " +
                                std::to_string(Markets()->markets().size()) + " markets"),
            std::string::npos);
  // A second browser holds no session.
  Browser other(*pipeline_);
  EXPECT_EQ(other.Get("/console/markets").result_int(), 303);
}

TEST_F(ConsoleTest, RefusedLoginsStartNoSession) {
  Browser browser(*pipeline_);
  http::RawResponse unknown = LogIn(browser, "sk_not_a_key");
  EXPECT_EQ(unknown.result_int(), 401);
  EXPECT_NE(unknown.body().find("Unknown API key."), std::string::npos);
  http::RawResponse reader = LogIn(browser, kReadKey);
  EXPECT_EQ(reader.result_int(), 403);
  EXPECT_NE(reader.body().find("The key reader has no admin scope."), std::string::npos);
  EXPECT_EQ(browser.cookies().count("mg_console"), 0u);

  // A form posted from elsewhere: the right key, but no token or a forged one.
  Browser forger(*pipeline_);
  http::RawResponse no_token = forger.Post("/console/login", std::string("key=") + kAdminKey);
  EXPECT_EQ(no_token.result_int(), 403);
  EXPECT_NE(no_token.body().find("The form expired"), std::string::npos);
  forger.Get("/console/login");
  http::RawResponse forged = forger.Post(
      "/console/login", std::string("key=") + kAdminKey + "&csrf=" + std::string(64, 'a'));
  EXPECT_EQ(forged.result_int(), 403);
  EXPECT_EQ(forger.cookies().count("mg_console"), 0u);
  EXPECT_EQ(forger.Get("/console/markets").result_int(), 303);
}

TEST_F(ConsoleTest, LogoutNeedsTheSessionsTokenAndEndsIt) {
  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  const std::string page = browser.Get("/console/markets").body();
  const std::string csrf = CsrfOf(page);
  ASSERT_EQ(csrf.size(), 64u);

  http::RawResponse forged = browser.Post("/console/logout", "csrf=" + std::string(64, '0'));
  EXPECT_EQ(forged.result_int(), 403);
  EXPECT_EQ(browser.Get("/console/markets").result_int(), 200);  // still signed in

  const std::string session = browser.cookies().at("mg_console");
  http::RawResponse out = browser.Post("/console/logout", "csrf=" + csrf);
  EXPECT_EQ(out.result_int(), 303);
  EXPECT_EQ(out[field::location], "/console/login");
  EXPECT_EQ(
      browser.set_cookies(),
      std::vector<std::string>{"mg_console=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0"});
  // The old cookie, replayed, opens nothing.
  browser.cookies()["mg_console"] = session;
  EXPECT_EQ(browser.Get("/console/markets").result_int(), 303);
}

TEST_F(ConsoleTest, AnIdleSessionExpires) {
  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  Advance(std::chrono::minutes(29));
  EXPECT_EQ(browser.Get("/console/markets").result_int(), 200);
  Advance(std::chrono::minutes(29));  // 29 minutes since the last page
  EXPECT_EQ(browser.Get("/console/markets").result_int(), 200);
  Advance(std::chrono::minutes(31));
  EXPECT_EQ(browser.Get("/console/markets").result_int(), 303);
}

TEST_F(ConsoleTest, TheMarketsFilterEscapesWhatItShows) {
  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  const std::string eur = browser.Get("/console/markets?q=EUR").body();
  EXPECT_NE(eur.find("/console/markets/DE\""), std::string::npos);
  EXPECT_NE(eur.find("/console/markets/FR\""), std::string::npos);
  EXPECT_EQ(eur.find("/console/markets/US\""), std::string::npos);
  EXPECT_EQ(eur.find("/console/markets/JP\""), std::string::npos);

  http::RawResponse script = browser.Get("/console/markets?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  ASSERT_EQ(script.result_int(), 200);
  EXPECT_EQ(script.body().find("<script>"), std::string::npos);
  EXPECT_NE(script.body().find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(script.body().find("0 of "), std::string::npos);
}

TEST_F(ConsoleTest, AMarketsPageShowsItsFactsCatalogTaxPaymentsAndRules) {
  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  http::RawResponse page = browser.Get("/console/markets/DE");
  ASSERT_EQ(page.result_int(), 200) << page.body();
  const std::string& body = page.body();
  const regions::Market& de = *Markets()->Find("DE");
  EXPECT_NE(body.find("<h1>DE · " + Escape(de.name()) + "</h1>"), std::string::npos);
  EXPECT_NE(body.find(Escape(de.entity().name)), std::string::npos);
  // The catalog in each locale, each price as the catalog route formats it
  // there (the market's formatter for the locale).
  ASSERT_FALSE(de.catalog().coin_packs.empty());
  for (const std::string& locale : de.locales()) {
    EXPECT_NE(body.find("data-locale=\"" + locale + "\""), std::string::npos) << locale;
    const std::string price = *de.FormatterFor(locale).Format(de.catalog().coin_packs[0].price);
    EXPECT_NE(body.find(Escape(price)), std::string::npos) << locale << " " << price;
  }
  EXPECT_NE(body.find("0,99\xC2\xA0€"), std::string::npos);  // de-DE, as the API shows it
  // Gifts, named in the locale as the gifts route names them.
  ASSERT_FALSE(de.gifts().empty());
  const regions::Gift& gift = de.gifts().front();
  EXPECT_NE(body.find("<td>gift: " + Escape(de.GiftName(gift, "de-DE")) +
                      "</td><td class=\"num\">" + std::to_string(gift.coins) + " coins</td>"),
            std::string::npos);
  EXPECT_NE(body.find("<td class=\"num\">19 %</td>"), std::string::npos);  // VAT
  for (const regions::Rule& rule : de.rules()) {
    EXPECT_NE(body.find("<td>" + Escape(rule.id) + "</td>"), std::string::npos) << rule.id;
  }
  // Each card provider with its weight and its breaker's state (adyen's open here).
  EXPECT_NE(body.find("adyen (weight 80, breaker <span class=\"breaker-open\">open</span>)"),
            std::string::npos);
  EXPECT_NE(body.find("stripe (weight 20, breaker <span class=\"breaker-closed\">closed</span>)"),
            std::string::npos);
  for (const regions::PaymentMethod& method : de.payment_methods()) {
    EXPECT_NE(body.find("<td>" + Escape(method.method) + "</td>"), std::string::npos);
  }
  EXPECT_NE(body.find("rel=\"noreferrer\""), std::string::npos);  // sources are links

  http::RawResponse unknown = browser.Get("/console/markets/XX");
  EXPECT_EQ(unknown.result_int(), 404);
  EXPECT_NE(unknown.body().find("No market <code>XX</code>"), std::string::npos);
}

class SecureConsoleTest : public ConsoleTest {
 protected:
  void SetUp() override {
    secure_cookies_ = true;
    ConsoleTest::SetUp();
  }
};

TEST_F(SecureConsoleTest, CookiesAreSecureOverTls) {
  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  ASSERT_FALSE(browser.set_cookies().empty());
  for (const std::string& line : browser.set_cookies()) {
    EXPECT_NE(line.find("; HttpOnly; SameSite=Strict; Secure"), std::string::npos) << line;
  }
}

TEST(ConsoleStylesheetTest, IsServedWithoutASession) {
  http::Router router;
  http::ApiKeyAuthenticator keys({});
  ConsoleDeps deps;
  deps.snapshots = [] { return Markets(); };
  deps.keys = &keys;
  deps.now = [] { return std::chrono::system_clock::now(); };
  // The stylesheet reads nothing from the store; any store will do.
  store::StoreConfig config;
  config.sqlite.path = "/tmp/mg_console_css_test_" + std::to_string(getpid()) + ".db";
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(config);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  deps.store = store->get();
  ASSERT_TRUE(RegisterConsole(router, deps).ok());
  http::MetricsRegistry metrics;
  http::HttpMetrics http_metrics(metrics);
  http::RequestPipeline pipeline(router, keys, http_metrics);
  Browser browser(pipeline);
  http::RawResponse css = browser.Get("/console/console.css");
  EXPECT_EQ(css.result_int(), 200);
  EXPECT_EQ(css[field::content_type], "text/css; charset=utf-8");
  EXPECT_NE(css.body().find("font:"), std::string::npos);
  EXPECT_EQ(RegisterConsole(router, ConsoleDeps{}).code(), ErrorCode::kInvalidArgument);
  store->reset();
  std::filesystem::remove(config.sqlite.path);
}

}  // namespace
}  // namespace mg::console::testing
