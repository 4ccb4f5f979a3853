// The console's test fixture: a request pipeline with the console's routes
// over the shipped markets, a SQLite store and two keys, and a browser's
// cookie jar to drive it (the tests of this folder).
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "base/crypto.h"
#include "gateway/console/console.h"
#include "gateway/http/pipeline.h"
#include "gateway/store/open_store.h"
#include "html.h"
#include "regions/market_loader.h"

namespace mg::console::testing {

using boost::beast::http::field;

inline constexpr const char* kAdminKey = "sk_console_admin_0123456789";
inline constexpr const char* kReadKey = "sk_console_read_0123456789";

inline std::shared_ptr<const regions::MarketSnapshot> Markets() {
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
  // Sent as Accept-Language when set, as a browser set to that language does.
  std::string accept_language;
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
    if (!accept_language.empty()) raw.set(field::accept_language, accept_language);
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
inline std::string CsrfOf(const std::string& page) {
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
    deps.breaker_state = [](const std::string& provider) {
      return std::string(provider == "adyen" ? "open" : "closed");
    };
    if (registry_ != nullptr) {
      deps.registry = registry_;
      deps.reload = [registry = registry_](const std::string& trigger) {
        registry->Reload(trigger);
      };
    }
    deps.now = [this] { return std::chrono::system_clock::time_point(now_.load()); };
    deps.secure_cookies = secure_cookies_;
    deps.history = &history_;
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
  store::UnixMillis NowMillis() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now_.load()).count();
  }

  // A DE purchase of 70 coins for EUR 0.99 (0.16 VAT) by cus_1 of account
  // "app", card through stripe, moved to `state` unless that is kCreated.
  store::Purchase CoinPurchase(store::PurchaseState state = store::PurchaseState::kSucceeded) {
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
    purchase.created_at_ms = NowMillis();
    Result<store::Purchase> created = store_->CreatePurchase(purchase, {});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    if (state == store::PurchaseState::kCreated) return *created;
    Result<store::Purchase> moved = store_->TransitionPurchase(
        created->id, {store::PurchaseState::kCreated}, state,
        store::PaymentChanges::At(NowMillis())
            .set_captured_minor(state == store::PurchaseState::kSucceeded ? 99 : 0),
        {});
    EXPECT_TRUE(moved.ok()) << moved.status().ToString();
    return *moved;
  }

  using Duration = std::chrono::system_clock::duration;
  std::atomic<Duration> now_{Duration(std::chrono::hours(24 * 365 * 56))};
  bool secure_cookies_ = false;
  http::ApiKeyAuthenticator keys_{
      {http::ApiKey{"ops-admin", Sha256(kAdminKey), {http::Scope::kAdmin}},
       http::ApiKey{"reader", Sha256(kReadKey), {http::Scope::kRead}}}};
  http::Router router_;
  http::MetricsRegistry metrics_;
  http::HttpMetrics http_metrics_{metrics_};
  // What the figures page reads; tests sample it themselves.
  http::MetricsHistory history_{metrics_, FigureFamilies()};
  std::unique_ptr<http::RequestPipeline> pipeline_;
  std::string dir_;
  std::unique_ptr<store::Store> store_;
  // The registry whose reloads the console shows and makes; set before
  // SetUp() (none: no history, no reload button works).
  regions::MarketRegistry* registry_ = nullptr;
};

}  // namespace mg::console::testing
