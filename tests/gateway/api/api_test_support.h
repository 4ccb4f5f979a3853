// A hermetic environment for the routes: a gateway built by the composition
// root (app::Application) from a config with a real SQLite store in a
// temporary folder, the shipped markets (regions/), the in-process sandbox
// (wrapped to count its calls) and invoice adapters and a fake clock; tests
// call the public pipeline (no socket), so that they see exactly what a
// client gets.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gateway/api/clock.h"
#include "gateway/api/routes.h"
#include "gateway/app/application.h"
#include "gateway/http/pipeline.h"
#include "gateway/providers/provider_registry.h"
#include "gateway/store/store.h"
#include "regions/snapshot.h"

namespace mg::api::testing {

inline constexpr const char* kPurchasesKey = "sk_test_purchases";
inline constexpr const char* kAdsKey = "sk_test_ads";
inline constexpr const char* kReadKey = "sk_test_read";
inline constexpr const char* kAdminKey = "sk_test_admin";
// A second key of kPurchasesKey's account, and keys of another account.
inline constexpr const char* kTwinPurchasesKey = "sk_test_purchases_twin";
inline constexpr const char* kOtherPurchasesKey = "sk_test_purchases_other";
inline constexpr const char* kOtherAdsKey = "sk_test_ads_other";
// The `payouts` scope, in kPurchasesKey's account (creators the purchases
// key's customers gift to); and one of another account.
inline constexpr const char* kPayoutsKey = "sk_test_payouts";
inline constexpr const char* kOtherPayoutsKey = "sk_test_payouts_other";

// 2026-06-01T10:00:00Z unless set.
class FakeClock final : public Clock {
 public:
  FakeClock();
  std::chrono::system_clock::time_point Now() const override;
  void Set(std::chrono::system_clock::time_point now);
  void Advance(std::chrono::milliseconds by);

 private:
  std::atomic<int64_t> now_ms_;
};

// A provider's answer as a test scripts it. `act` first: whether the call
// reaches the sandbox (and so charges or refunds) before the scripted answer
// replaces its own, as when a proxy loses the real answer.
struct ScriptedAnswer {
  bool act = true;
  providers::PaymentResult answer;
};

// The calls that reached any of the fixture's sandbox instances.
struct SandboxCalls {
  std::atomic<int> authorizations{0};
  std::atomic<int> refunds{0};
  std::atomic<int> payouts{0};
  std::atomic<int> payout_lookups{0};
  std::mutex mu;
  std::atomic<int> completions{0};  // CompleteAction calls
  std::atomic<int> voids{0};
  std::map<std::string, std::string> last_metadata;  // of the last Authorize
  providers::ScaRequest last_sca;                    // of the last Authorize
  std::string last_payout_description;               // of the last Payout
  std::map<std::string, int> authorizations_at;      // by instance
  // Taken first in, first out, by the next calls of that kind at any
  // instance; when empty, the sandbox answers.
  std::deque<ScriptedAnswer> authorize_script;
  std::deque<ScriptedAnswer> refund_script;
  std::deque<ScriptedAnswer> refund_status_script;
  std::deque<ScriptedAnswer> status_script;
};

// A sandbox adapter that counts the calls that reach it in `calls`, which
// every instance of one fixture shares.
class CountingProvider final : public providers::PaymentProvider {
 public:
  CountingProvider(std::unique_ptr<providers::PaymentProvider> inner, SandboxCalls* calls)
      : inner_(std::move(inner)), calls_(calls) {}

  std::string_view id() const override { return inner_->id(); }
  Result<providers::PaymentResult> Authorize(
      const providers::AuthorizeRequest& request) const override;
  Result<providers::PaymentResult> Capture(const providers::CaptureRequest& request) const override;
  Result<providers::PaymentResult> Void(const providers::VoidRequest& request) const override;
  Result<providers::PaymentResult> CompleteAction(
      const providers::CompleteActionRequest& request) const override;
  Result<providers::PaymentResult> Refund(const providers::RefundRequest& request) const override;
  Result<providers::PaymentResult> GetStatus(
      const providers::StatusRequest& request) const override;
  Result<providers::PaymentResult> GetRefundStatus(
      const providers::RefundStatusRequest& request) const override;
  Result<providers::PaymentResult> Payout(const providers::PayoutRequest& request) const override;
  Result<providers::PaymentResult> GetPayoutStatus(
      const providers::PayoutStatusRequest& request) const override;

  // Across every instance of the fixture.
  int authorizations() const { return calls_->authorizations; }
  int refunds() const { return calls_->refunds; }
  int payouts() const { return calls_->payouts; }
  int payout_lookups() const { return calls_->payout_lookups; }
  int completions() const { return calls_->completions; }
  int voids() const { return calls_->voids; }
  // What the last Authorize asked of cardholder authentication.
  providers::ScaRequest last_sca() const;
  int authorizations_at(const std::string& instance) const;
  // The metadata of the last Authorize.
  std::map<std::string, std::string> last_metadata() const;

 private:
  std::unique_ptr<providers::PaymentProvider> inner_;
  SandboxCalls* calls_;
};

struct TestResponse {
  int status = 0;
  std::string body;
  boost::json::value json;  // null when the body is not JSON
  std::string replayed;     // the Idempotent-Replayed header
  std::string content_language;
  std::string retry_after;  // the Retry-After header

  // json at a dotted path ("error.code", "amounts.total.amount").
  const boost::json::value& At(std::string_view path) const;
  std::string Text(std::string_view path) const;  // "" unless a string
  int64_t Int(std::string_view path) const;       // -1 unless an integer
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A request through the pipeline. `idempotency_key` empty: no header.
  TestResponse Post(const std::string& path, const std::string& body,
                    const std::string& idempotency_key = {}, const std::string& key = kPurchasesKey,
                    const std::map<std::string, std::string>& headers = {}) const;
  TestResponse Get(const std::string& path, const std::string& key = kPurchasesKey) const;
  TestResponse Put(const std::string& path, const std::string& body,
                   const std::string& key = kPayoutsKey) const;
  // A GET through the admin listener's pipeline.
  TestResponse GetAdmin(const std::string& path, const std::string& key = kAdminKey) const;
  TestResponse PutAdmin(const std::string& path, const std::string& body,
                        const std::string& key = kAdminKey) const;

  // 7,000 coins bought in DE, two lions (5,998 coins) sent to `creator`:
  // 2,999 diamonds (worth BRL 74.98 to a creator in BR).
  void Earn(const std::string& creator);

  // Rows in a table of the store's database (read with sqlite3 directly).
  int64_t CountRows(const std::string& table) const;
  // The first column of the first row of `sql` (a SELECT COUNT(*) ...).
  int64_t QueryCount(const std::string& sql) const;
  // Rows of every table a money route writes, by table name.
  std::map<std::string, int64_t> CountAll() const;

  // The instance named "sandbox"; its counts cover every instance.
  const CountingProvider& sandbox() const;
  // Scripts the next answers (SandboxCalls).
  void ScriptAuthorize(ScriptedAnswer answer);
  void ScriptRefund(ScriptedAnswer answer);
  void ScriptRefundStatus(ScriptedAnswer answer);
  void ScriptStatus(ScriptedAnswer answer);
  // What the routes run on (set up by SetUp()).
  const ApiDeps& Deps() const { return app_->deps(); }

  // Injected into the routes when set before SetUp().
  const compliance::SpendHistory* spend_history_ = nullptr;
  // The config's `vat_check:` section, when set before SetUp().
  std::optional<vat_check::RegistryCheckerOptions> vat_check_;
  // The routes' settings; a test may change them before SetUp() (webhook
  // endpoints).
  RoutesConfig routes_config_ = {.default_return_url = "https://app.example/return"};
  // The markets to load; a test may point it at a modified copy before SetUp().
  std::string regions_dir_ = MG_SOURCE_DIR "/regions";
  // Whether SetUp() loads them (version 1), as `marketgate serve` does.
  bool load_markets_ = true;
  // The provider instances the config names, each the in-process sandbox
  // (wrapped to count its calls); a test may change them before SetUp().
  std::vector<std::string> sandbox_instances_ = {"sandbox", "stripe", "adyen", "pix"};
  // Where the routes read the serving snapshot; empty: the application's
  // market registry. A test may set it before SetUp().
  SnapshotSource snapshots_;
  std::string temp_dir_;
  std::string db_path_;
  FakeClock clock_;
  SandboxCalls sandbox_calls_;
  std::unique_ptr<app::Application> app_;
  // Parts of app_, for the tests' convenience.
  store::Store* store_ = nullptr;
  const regions::MarketRegistry* markets_ = nullptr;
  http::MetricsRegistry* metrics_ = nullptr;
  const http::RequestPipeline* pipeline_ = nullptr;
};

// A purchase body for DE: one line of `sku` for customer c_1, aged 30, with
// consent, paid with `token`.
std::string PurchaseBody(const std::string& sku = "coins_70",
                         const std::string& token = "tok_success",
                         const std::string& customer = "c_1", int quantity = 1);

// Copies of one idempotent request answered at once: checks that each has
// `status` and the first one's body byte for byte; returns how many were
// replays (Idempotent-Replayed: true).
int CountReplaysOfOneAnswer(const std::vector<TestResponse>& responses, int status);

}  // namespace mg::api::testing
