#include "api_test_support.h"

#include <sqlite3.h>
#include <stdlib.h>

#include <boost/json/parse.hpp>
#include <charconv>
#include <filesystem>

#include "base/crypto.h"
#include "gateway/http/auth.h"
#include "sandbox/sandbox_provider.h"

namespace mg::api::testing {
namespace {

constexpr int64_t kDefaultNowMs = 1'780'308'000'000;  // 2026-06-01T10:00:00Z

// Where the instances being built count their calls: a factory is a plain
// function, and tests build one application at a time.
SandboxCalls* g_building_calls = nullptr;

Result<std::unique_ptr<providers::PaymentProvider>> MakeCountingSandbox(
    const providers::ProviderConfig& config) {
  MG_ASSIGN_OR_RETURN(std::unique_ptr<providers::PaymentProvider> inner,
                      providers::MakeSandboxProvider(config));
  return std::unique_ptr<providers::PaymentProvider>(
      std::make_unique<CountingProvider>(std::move(inner), g_building_calls));
}

// The scripted answer to replace the sandbox's, or nullopt.
std::optional<ScriptedAnswer> TakeScripted(SandboxCalls* calls,
                                           std::deque<ScriptedAnswer> SandboxCalls::*script) {
  std::lock_guard lock(calls->mu);
  std::deque<ScriptedAnswer>& answers = calls->*script;
  if (answers.empty()) return std::nullopt;
  ScriptedAnswer next = std::move(answers.front());
  answers.pop_front();
  return next;
}

template <typename Call>
Result<providers::PaymentResult> Answer(SandboxCalls* calls,
                                        std::deque<ScriptedAnswer> SandboxCalls::*script,
                                        Call call) {
  std::optional<ScriptedAnswer> scripted = TakeScripted(calls, script);
  if (!scripted) return call();
  if (scripted->act) (void)call();
  return scripted->answer;
}

}  // namespace

FakeClock::FakeClock() : now_ms_(kDefaultNowMs) {}

std::chrono::system_clock::time_point FakeClock::Now() const {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(now_ms_.load()));
}

void FakeClock::Set(std::chrono::system_clock::time_point now) {
  now_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
}

void FakeClock::Advance(std::chrono::milliseconds by) { now_ms_ += by.count(); }

Result<providers::PaymentResult> CountingProvider::Authorize(
    const providers::AuthorizeRequest& request) const {
  ++calls_->authorizations;
  {
    std::lock_guard lock(calls_->mu);
    calls_->last_metadata = request.metadata;
    calls_->last_sca = request.sca;
    ++calls_->authorizations_at[std::string(id())];
  }
  return Answer(calls_, &SandboxCalls::authorize_script,
                [&] { return inner_->Authorize(request); });
}

Result<providers::PaymentResult> CountingProvider::Capture(
    const providers::CaptureRequest& request) const {
  return inner_->Capture(request);
}

Result<providers::PaymentResult> CountingProvider::Void(
    const providers::VoidRequest& request) const {
  ++calls_->voids;
  return inner_->Void(request);
}

Result<providers::PaymentResult> CountingProvider::CompleteAction(
    const providers::CompleteActionRequest& request) const {
  ++calls_->completions;
  return inner_->CompleteAction(request);
}

Result<providers::PaymentResult> CountingProvider::Refund(
    const providers::RefundRequest& request) const {
  ++calls_->refunds;
  return Answer(calls_, &SandboxCalls::refund_script, [&] { return inner_->Refund(request); });
}

Result<providers::PaymentResult> CountingProvider::GetStatus(
    const providers::StatusRequest& request) const {
  return Answer(calls_, &SandboxCalls::status_script, [&] { return inner_->GetStatus(request); });
}

Result<providers::PaymentResult> CountingProvider::GetRefundStatus(
    const providers::RefundStatusRequest& request) const {
  return Answer(calls_, &SandboxCalls::refund_status_script,
                [&] { return inner_->GetRefundStatus(request); });
}

Result<providers::PaymentResult> CountingProvider::Payout(
    const providers::PayoutRequest& request) const {
  ++calls_->payouts;
  {
    std::lock_guard lock(calls_->mu);
    calls_->last_payout_description = request.description;
  }
  return inner_->Payout(request);
}

Result<providers::PaymentResult> CountingProvider::GetPayoutStatus(
    const providers::PayoutStatusRequest& request) const {
  ++calls_->payout_lookups;
  return inner_->GetPayoutStatus(request);
}

int CountingProvider::authorizations_at(const std::string& instance) const {
  std::lock_guard lock(calls_->mu);
  auto it = calls_->authorizations_at.find(instance);
  return it == calls_->authorizations_at.end() ? 0 : it->second;
}

providers::ScaRequest CountingProvider::last_sca() const {
  std::lock_guard lock(calls_->mu);
  return calls_->last_sca;
}

std::map<std::string, std::string> CountingProvider::last_metadata() const {
  std::lock_guard lock(calls_->mu);
  return calls_->last_metadata;
}

const boost::json::value& TestResponse::At(std::string_view path) const {
  static const boost::json::value kNull;
  const boost::json::value* current = &json;
  while (!path.empty()) {
    size_t dot = path.find('.');
    std::string_view part = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (const auto* object = current->if_object()) {
      current = object->if_contains(part);
    } else if (const auto* array = current->if_array()) {
      size_t index = 0;
      auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
      current = ec == std::errc() && index < array->size() ? &(*array)[index] : nullptr;
    } else {
      current = nullptr;
    }
    if (current == nullptr) return kNull;
  }
  return *current;
}

std::string TestResponse::Text(std::string_view path) const {
  const boost::json::value& value = At(path);
  return value.is_string() ? std::string(value.get_string()) : "";
}

int64_t TestResponse::Int(std::string_view path) const {
  const boost::json::value& value = At(path);
  return value.is_int64() ? value.get_int64() : -1;
}

void ApiTest::SetUp() {
  std::string dir = (std::filesystem::temp_directory_path() / "mg-api-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  temp_dir_ = dir;
  db_path_ = temp_dir_ + "/store.db";

  app::GatewayConfig config;
  config.source_file = temp_dir_ + "/gateway.yaml";
  config.regions_dir = regions_dir_;
  config.store.path = db_path_;
  config.api_keys = {
      {"purchases", Sha256(kPurchasesKey), {http::Scope::kPurchases}},
      {"ads", Sha256(kAdsKey), {http::Scope::kAds}},
      {"reader", Sha256(kReadKey), {http::Scope::kRead}},
      {"ops", Sha256(kAdminKey), {http::Scope::kAdmin}},
      {"purchases_twin", Sha256(kTwinPurchasesKey), {http::Scope::kPurchases}, "purchases"},
      {"purchases_other", Sha256(kOtherPurchasesKey), {http::Scope::kPurchases}, "acct_other"},
      {"ads_other", Sha256(kOtherAdsKey), {http::Scope::kAds}, "acct_other"},
      {"payouts", Sha256(kPayoutsKey), {http::Scope::kPayouts}, "purchases"},
      {"payouts_other", Sha256(kOtherPayoutsKey), {http::Scope::kPayouts}, "acct_other"}};
  // The in-process sandbox stands in, by name, for every provider the
  // markets route customer payments to, wrapped to count its calls.
  for (const std::string& instance : sandbox_instances_) {
    config.providers[instance].kind = "counting_sandbox";
  }
  config.vat_check = vat_check_;

  app::AppOptions options;
  providers::ProviderKind counting;
  counting.name = "counting_sandbox";
  counting.factory = &MakeCountingSandbox;
  options.registry.Add(counting);
  options.clock = &clock_;
  options.spend_history = spend_history_;
  options.routes = routes_config_;
  options.snapshots = snapshots_;
  g_building_calls = &sandbox_calls_;
  Result<std::unique_ptr<app::Application>> built =
      app::Application::Build(config, std::move(options));
  g_building_calls = nullptr;
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  app_ = std::move(built).value();
  if (load_markets_) {
    std::vector<LoadError> errors = app_->LoadMarkets();
    ASSERT_TRUE(errors.empty()) << errors.front().ToString();
  }

  store_ = &app_->store();
  markets_ = &app_->markets();
  metrics_ = &app_->metrics();
  pipeline_ = &app_->public_pipeline();
}

void ApiTest::TearDown() {
  app_.reset();
  if (!temp_dir_.empty()) std::filesystem::remove_all(temp_dir_);
}

namespace {

TestResponse Convert(const http::RawResponse& raw) {
  TestResponse out;
  out.status = raw.result_int();
  out.body = raw.body();
  boost::system::error_code ec;
  out.json = boost::json::parse(out.body, ec);
  if (ec) out.json = nullptr;
  out.replayed = std::string(raw["Idempotent-Replayed"]);
  out.content_language = std::string(raw["Content-Language"]);
  out.retry_after = std::string(raw["Retry-After"]);
  return out;
}

}  // namespace

namespace {

TestResponse PutThrough(const http::RequestPipeline& pipeline, const std::string& path,
                        const std::string& body, const std::string& key) {
  http::RawRequest raw{http::Verb::put, path, 11};
  raw.set(boost::beast::http::field::host, "127.0.0.1");
  if (!key.empty()) raw.set(boost::beast::http::field::authorization, "Bearer " + key);
  raw.set(boost::beast::http::field::content_type, "application/json");
  raw.body() = body;
  raw.prepare_payload();
  return Convert(pipeline.Handle(std::move(raw)));
}

}  // namespace

TestResponse ApiTest::PutAdmin(const std::string& path, const std::string& body,
                               const std::string& key) const {
  return PutThrough(app_->admin_pipeline(), path, body, key);
}

TestResponse ApiTest::Put(const std::string& path, const std::string& body,
                          const std::string& key) const {
  return PutThrough(*pipeline_, path, body, key);
}

TestResponse ApiTest::Post(const std::string& path, const std::string& body,
                           const std::string& idempotency_key, const std::string& key,
                           const std::map<std::string, std::string>& headers) const {
  http::RawRequest raw{http::Verb::post, path, 11};
  raw.set(boost::beast::http::field::host, "127.0.0.1");
  if (!key.empty()) raw.set(boost::beast::http::field::authorization, "Bearer " + key);
  if (!idempotency_key.empty()) raw.set("Idempotency-Key", idempotency_key);
  for (const auto& [name, value] : headers) raw.set(name, value);
  raw.set(boost::beast::http::field::content_type, "application/json");
  raw.body() = body;
  raw.prepare_payload();
  return Convert(pipeline_->Handle(std::move(raw)));
}

namespace {

TestResponse GetThrough(const http::RequestPipeline& pipeline, const std::string& path,
                        const std::string& key) {
  http::RawRequest raw{http::Verb::get, path, 11};
  raw.set(boost::beast::http::field::host, "127.0.0.1");
  if (!key.empty()) raw.set(boost::beast::http::field::authorization, "Bearer " + key);
  raw.prepare_payload();
  return Convert(pipeline.Handle(std::move(raw)));
}

}  // namespace

TestResponse ApiTest::Get(const std::string& path, const std::string& key) const {
  return GetThrough(*pipeline_, path, key);
}

TestResponse ApiTest::GetAdmin(const std::string& path, const std::string& key) const {
  return GetThrough(app_->admin_pipeline(), path, key);
}

int64_t ApiTest::CountRows(const std::string& table) const {
  return QueryCount("SELECT COUNT(*) FROM " + table);
}

int64_t ApiTest::QueryCount(const std::string& sql) const {
  sqlite3* db = nullptr;
  sqlite3_stmt* statement = nullptr;
  int64_t count = -1;
  if (sqlite3_open_v2(db_path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    count = sqlite3_column_int64(statement, 0);
  } else {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return count;
}

std::map<std::string, int64_t> ApiTest::CountAll() const {
  std::map<std::string, int64_t> counts;
  for (const char* table : {"idempotency_keys", "purchases", "provider_attempts", "ad_bookings",
                            "refunds", "spends", "outbox_events"}) {
    counts[table] = CountRows(table);
  }
  return counts;
}

const CountingProvider& ApiTest::sandbox() const {
  return dynamic_cast<const CountingProvider&>(*app_->providers().Find("sandbox"));
}

void ApiTest::ScriptAuthorize(ScriptedAnswer answer) {
  std::lock_guard lock(sandbox_calls_.mu);
  sandbox_calls_.authorize_script.push_back(std::move(answer));
}

void ApiTest::ScriptRefund(ScriptedAnswer answer) {
  std::lock_guard lock(sandbox_calls_.mu);
  sandbox_calls_.refund_script.push_back(std::move(answer));
}

void ApiTest::ScriptStatus(ScriptedAnswer answer) {
  std::lock_guard lock(sandbox_calls_.mu);
  sandbox_calls_.status_script.push_back(std::move(answer));
}

void ApiTest::ScriptRefundStatus(ScriptedAnswer answer) {
  std::lock_guard lock(sandbox_calls_.mu);
  sandbox_calls_.refund_status_script.push_back(std::move(answer));
}

void ApiTest::Earn(const std::string& creator) {
  const std::string buyer = "cus_viewer_" + creator;
  ASSERT_EQ(
      Post("/v1/purchases", PurchaseBody("coins_7000", "tok_success", buyer), "buy-" + creator)
          .status,
      201);
  const std::string gift = R"({"market": "DE", "sender": {"id": ")" + buyer +
                           R"(", "age": 30}, "creator": ")" + creator +
                           R"(", "live_id": "live_1", "gift": "lion", "quantity": 2})";
  TestResponse sent = Post("/v1/gifts", gift, "gift-" + creator);
  ASSERT_EQ(sent.status, 201) << sent.body;
  ASSERT_EQ(sent.Int("diamonds"), 2999);
}

std::string PurchaseBody(const std::string& sku, const std::string& token,
                         const std::string& customer, int quantity) {
  return R"({"market": "DE", "locale": "de-DE",)"
         R"( "customer": {"id": ")" +
         customer +
         R"(", "age": 30, "consent_immediate_delivery": true},)"
         R"( "items": [{"sku": ")" +
         sku + R"(", "quantity": )" + std::to_string(quantity) +
         R"(}], "payment": {"method": "card", "token": ")" + token + R"("}})";
}

int CountReplaysOfOneAnswer(const std::vector<TestResponse>& responses, int status) {
  int replayed = 0;
  for (const TestResponse& response : responses) {
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_EQ(response.body, responses.front().body);
    if (response.replayed == "true") ++replayed;
  }
  return replayed;
}

}  // namespace mg::api::testing
