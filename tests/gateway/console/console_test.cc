// The ops console through a request pipeline, as a browser with JavaScript
// off uses it: without a session only the login page; a login with an
// admin key sets a session cookie with HttpOnly, SameSite=Strict (and
// Secure over TLS) that carries no key; forms are refused without their
// CSRF token; the markets and a market's page show what the snapshot holds.
#include "gateway/console/console.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "base/crypto.h"
#include "gateway/http/pipeline.h"
#include "gateway/store/open_store.h"
#include "html.h"
#include "regions/market_loader.h"

namespace mg::console {
namespace {

using boost::beast::http::field;

constexpr const char* kAdminKey = "sk_console_admin_0123456789";
constexpr const char* kReadKey = "sk_console_read_0123456789";

std::shared_ptr<const regions::MarketSnapshot> Markets() {
  static const std::shared_ptr<const regions::MarketSnapshot> snapshot = [] {
    regions::LoadResult loaded = regions::LoadMarkets(MG_SOURCE_DIR "/regions");
    EXPECT_TRUE(loaded.ok());
    return loaded.snapshot;
  }();
  return snapshot;
}

// A browser's cookie jar over the pipeline.
class Browser {
 public:
  explicit Browser(const http::RequestPipeline& pipeline) : pipeline_(pipeline) {}

  http::RawResponse Get(const std::string& target) { return Send(http::Verb::get, target, ""); }
  http::RawResponse Post(const std::string& target, const std::string& form) {
    return Send(http::Verb::post, target, form);
  }
  std::map<std::string, std::string>& cookies() { return cookies_; }
  // The Set-Cookie headers of the last response.
  const std::vector<std::string>& set_cookies() const { return set_cookies_; }

 private:
  http::RawResponse Send(http::Verb verb, const std::string& target, const std::string& form) {
    http::RawRequest raw{verb, target, 11};
    raw.set(field::host, "127.0.0.1:8081");
    std::string cookie;
    for (const auto& [name, value] : cookies_) {
      cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    }
    if (!cookie.empty()) raw.set(field::cookie, cookie);
    if (verb == http::Verb::post) {
      raw.set(field::content_type, "application/x-www-form-urlencoded");
      raw.body() = form;
    }
    raw.prepare_payload();
    http::RawResponse response = pipeline_.Handle(std::move(raw));
    set_cookies_.clear();
    for (const auto& header : response) {
      if (header.name() != field::set_cookie) continue;
      const std::string line(header.value());
      set_cookies_.push_back(line);
      const size_t equals = line.find('=');
      const std::string name = line.substr(0, equals);
      const std::string value = line.substr(equals + 1, line.find(';') - equals - 1);
      if (line.find("Max-Age=0") != std::string::npos) {
        cookies_.erase(name);
      } else {
        cookies_[name] = value;
      }
    }
    return response;
  }

  const http::RequestPipeline& pipeline_;
  std::map<std::string, std::string> cookies_;
  std::vector<std::string> set_cookies_;
};

// The value of the hidden csrf input of the page's first form that has one.
std::string CsrfOf(const std::string& page) {
  std::smatch match;
  static const std::regex kCsrf(R"re(name="csrf" value="([0-9a-f]+)")re");
  return std::regex_search(page, match, kCsrf) ? match[1].str() : "";
}

class ConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/mg_console_test_XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    store::StoreConfig config;
    config.sqlite.path = dir_ + "/store.db";
    Result<std::unique_ptr<store::Store>> opened = store::OpenStore(config);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    ConsoleDeps deps;
    deps.snapshots = [] { return Markets(); };
    deps.keys = &keys_;
    deps.store = store_.get();
    deps.now = [this] { return std::chrono::system_clock::time_point(now_.load()); };
    deps.secure_cookies = secure_cookies_;
    ASSERT_TRUE(RegisterConsole(router_, deps).ok());
    pipeline_ = std::make_unique<http::RequestPipeline>(router_, keys_, http_metrics_);
  }

  // Logs `browser` in with `key`; the response to the login.
  http::RawResponse LogIn(Browser& browser, const std::string& key = kAdminKey) {
    http::RawResponse form = browser.Get("/console/login");
    EXPECT_EQ(form.result_int(), 200);
    return browser.Post("/console/login", "key=" + key + "&csrf=" + CsrfOf(form.body()));
  }

  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void Advance(std::chrono::minutes by) { now_ = now_.load() + by; }

  using Duration = std::chrono::system_clock::duration;
  std::atomic<Duration> now_{Duration(std::chrono::hours(24 * 365 * 56))};
  bool secure_cookies_ = false;
  http::ApiKeyAuthenticator keys_{
      {http::ApiKey{"ops-admin", Sha256(kAdminKey), {http::Scope::kAdmin}},
       http::ApiKey{"reader", Sha256(kReadKey), {http::Scope::kRead}}}};
  http::Router router_;
  http::MetricsRegistry metrics_;
  http::HttpMetrics http_metrics_{metrics_};
  std::unique_ptr<http::RequestPipeline> pipeline_;
  std::string dir_;
  std::unique_ptr<store::Store> store_;
};

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
  EXPECT_NE(body.find("<td class=\"num\">19 %</td>"), std::string::npos);  // VAT
  for (const regions::Rule& rule : de.rules()) {
    EXPECT_NE(body.find("<td>" + Escape(rule.id) + "</td>"), std::string::npos) << rule.id;
  }
  for (const regions::PaymentMethod& method : de.payment_methods()) {
    EXPECT_NE(body.find("<td>" + Escape(method.method) + "</td>"), std::string::npos);
  }
  EXPECT_NE(body.find("rel=\"noreferrer\""), std::string::npos);  // sources are links

  http::RawResponse unknown = browser.Get("/console/markets/XX");
  EXPECT_EQ(unknown.result_int(), 404);
  EXPECT_NE(unknown.body().find("No market <code>XX</code>"), std::string::npos);
}

TEST_F(ConsoleTest, MoneyLooksUpAPurchaseWithItsRefundsCallsAndJournals) {
  store::Purchase purchase;
  purchase.market = "DE";
  purchase.customer_id = "cus_1";
  purchase.items_json = R"([{"sku":"coins_70","quantity":1}])";
  purchase.quote_json = "{}";
  purchase.currency = "EUR";
  purchase.subtotal_minor = 83;
  purchase.tax_minor = 16;
  purchase.total_minor = 99;
  purchase.coins = 70;
  purchase.payment_method = "card";
  purchase.provider = "stripe";
  purchase.owner = "app";
  Result<store::Purchase> created = store_->CreatePurchase(purchase, {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_TRUE(store_
                  ->TransitionPurchase(created->id, {store::PurchaseState::kCreated},
                                       store::PurchaseState::kSucceeded,
                                       store::PaymentChanges::At(1).set_captured_minor(99), {})
                  .ok());

  Browser browser(*pipeline_);
  EXPECT_EQ(browser.Get("/console/money?id=" + created->id).result_int(), 303);  // no session
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  http::RawResponse page = browser.Get("/console/money?id=" + created->id);
  ASSERT_EQ(page.result_int(), 200) << page.body();
  const std::string& body = page.body();
  EXPECT_NE(body.find("<h2>Purchase " + created->id + "</h2>"), std::string::npos);
  EXPECT_NE(body.find("<strong>succeeded</strong>"), std::string::npos);
  EXPECT_NE(body.find("0.99 EUR (tax 0.16 EUR)"), std::string::npos);
  // Its purchase journal: the provider account and the sale.
  EXPECT_NE(body.find("<td>provider:stripe</td><td class=\"num\">0.99 EUR</td>"), std::string::npos)
      << body;

  http::RawResponse none = browser.Get("/console/money?id=pur_000000000000000000000000");
  ASSERT_EQ(none.result_int(), 200);
  EXPECT_NE(none.body().find("Nothing found for <code>pur_000000000000000000000000</code>"),
            std::string::npos);
  http::RawResponse other = browser.Get("/console/money?id=%3Cb%3E");
  EXPECT_NE(other.body().find("Nothing found for <code>&lt;b&gt;</code>"), std::string::npos);
  EXPECT_NE(browser.Get("/console/attention").body().find("Nothing needs a person"),
            std::string::npos);
}

std::string FileText(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The form body posting `yaml` with `csrf`, escaped as a browser does.
std::string ChangeForm(const std::string& yaml, const std::string& csrf) {
  std::string escaped;
  for (unsigned char c : yaml) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      escaped += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof(hex), "%%%02X", c);
      escaped += hex;
    }
  }
  return "csrf=" + csrf + "&yaml=" + escaped;
}

TEST_F(ConsoleTest, AChangedMarketFileIsTriedWithoutBeingApplied) {
  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  const std::string de_file = MG_SOURCE_DIR "/regions/markets/DE.yaml";
  const std::string de = FileText(de_file);
  http::RawResponse form = browser.Get("/console/markets/DE/change");
  ASSERT_EQ(form.result_int(), 200) << form.body();
  EXPECT_NE(form.body().find(Escape(de)), std::string::npos);  // the file, in the textarea
  const std::string csrf = CsrfOf(form.body());

  // A broken file: the error names the file, line and column, and the line is marked.
  const std::string broken = de + "not_a_market_field: 1\n";
  const int line = static_cast<int>(std::count(de.begin(), de.end(), '\n')) + 1;
  http::RawResponse errors = browser.Post("/console/markets/DE/change", ChangeForm(broken, csrf));
  ASSERT_EQ(errors.result_int(), 200) << errors.body();
  const std::string where = "/regions/markets/DE.yaml:" + std::to_string(line) + ":1";
  EXPECT_NE(errors.body().find(where), std::string::npos) << errors.body().substr(0, 3000);
  EXPECT_NE(errors.body().find("<li id=\"line-" + std::to_string(line) +
                               "\" class=\"error-line\">"
                               "<code>not_a_market_field: 1</code>"),
            std::string::npos);
  EXPECT_EQ(errors.body().find("mg_console_dry_run_"), std::string::npos);  // no scratch paths

  // A valid change: its diff against the serving snapshot.
  std::string dearer = de;
  const std::string price = R"({sku: coins_70, coins: 70, price: "0.99"})";
  ASSERT_NE(dearer.find(price), std::string::npos);
  dearer.replace(dearer.find(price), price.size(), R"({sku: coins_70, coins: 70, price: "1.09"})");
  http::RawResponse diff = browser.Post("/console/markets/DE/change", ChangeForm(dearer, csrf));
  ASSERT_EQ(diff.result_int(), 200) << diff.body();
  EXPECT_NE(diff.body().find("<td>DE</td><td>price</td><td>coins_70: 0,99\xC2\xA0€ -&gt; "
                             "1,09\xC2\xA0€</td>"),
            std::string::npos)
      << diff.body().substr(diff.body().find("<h2>"));
  http::RawResponse same = browser.Post("/console/markets/DE/change", ChangeForm(de, csrf));
  EXPECT_NE(same.body().find("Valid, no change"), std::string::npos);

  // Nothing was applied: the file and the serving snapshot are as they were.
  EXPECT_EQ(FileText(de_file), de);
  EXPECT_EQ(Markets()->Find("DE")->catalog().coin_packs[0].price.minor_units(), 99);
  // Without the session's token, nothing is tried.
  EXPECT_EQ(browser.Post("/console/markets/DE/change", ChangeForm(dearer, "0")).result_int(), 403);
  EXPECT_EQ(browser.Get("/console/markets/de/change").result_int(), 404);
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
}  // namespace mg::console
