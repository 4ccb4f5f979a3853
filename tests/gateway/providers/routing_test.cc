#include <gtest/gtest.h>

#include <deque>

#include "gateway/providers/circuit_breaker.h"
#include "gateway/providers/payment_router.h"

namespace mg::providers {
namespace {

using namespace std::chrono_literals;

Money Eur(int64_t minor) { return Money(minor, *CurrencyCode::Parse("EUR")); }

// A scripted provider: answers Authorize from a queue, GetStatus from a field.
class ScriptedProvider final : public PaymentProvider {
 public:
  explicit ScriptedProvider(std::string id) : id_(std::move(id)) {}
  std::string_view id() const override { return id_; }
  Result<PaymentResult> Authorize(const AuthorizeRequest& r) const override {
    keys.push_back(r.idempotency_key);
    PaymentResult out = script.empty() ? Approved() : script.front();
    if (!script.empty()) script.pop_front();
    out.provider = id_;
    return out;
  }
  Result<PaymentResult> Capture(const CaptureRequest&) const override { return Approved(); }
  Result<PaymentResult> Void(const VoidRequest&) const override { return Approved(); }
  Result<PaymentResult> Refund(const RefundRequest&) const override { return Approved(); }
  Result<PaymentResult> GetStatus(const StatusRequest& r) const override {
    status_keys.push_back(r.idempotency_key);
    PaymentResult out = status;
    out.provider = id_;
    return out;
  }

  static PaymentResult Approved() {
    PaymentResult r;
    r.outcome = Outcome::kApproved;
    return r;
  }
  static PaymentResult With(Outcome o, int http = 0, bool ambiguous = false) {
    PaymentResult r;
    r.outcome = o;
    r.http_status = http;
    r.ambiguous = ambiguous;
    return r;
  }

  mutable std::deque<PaymentResult> script;
  mutable std::vector<std::string> keys;
  mutable std::vector<std::string> status_keys;
  PaymentResult status = With(Outcome::kPending, 0, true);

 private:
  std::string id_;
};

std::vector<ScriptedProvider*> g_made;

Result<std::unique_ptr<PaymentProvider>> MakeScripted(const ProviderConfig& c) {
  auto p = std::make_unique<ScriptedProvider>(c.id);
  g_made.push_back(p.get());
  return std::unique_ptr<PaymentProvider>(std::move(p));
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_made.clear();
    ProviderRegistry registry;
    ProviderKind scripted;
    scripted.name = "scripted";
    scripted.factory = &MakeScripted;
    registry.Add(scripted);
    std::vector<ProviderConfig> configs(3);
    const char* ids[] = {"a", "b", "c"};
    for (int i = 0; i < 3; ++i) {
      configs[i].id = ids[i];
      configs[i].kind = "scripted";
    }
    set_ = *registry.Build(configs);
    a_ = g_made[0];
    b_ = g_made[1];
    c_ = g_made[2];
    route_.payment_method = "card";
    route_.providers = {{"a", 100}, {"b", 0}, {"c", 0}};
    request_.purchase_id = "pur_1";
    request_.payment_method = "card";
    request_.payment_token = "tok_success";
  }

  PaymentRouter Router(int threshold = 2, int max_attempts = 3) {
    RouterOptions o;
    o.breaker.failure_threshold = threshold;
    o.breaker.cool_down = 30s;
    o.max_attempts = max_attempts;
    o.clock = [this] { return now_; };
    return PaymentRouter(set_, o);
  }

  std::shared_ptr<const ProviderSet> set_;
  ScriptedProvider *a_, *b_, *c_;
  RouteConfig route_;
  AuthorizeRequest request_{.purchase_id = "pur_1", .amount = Eur(1000)};
  std::chrono::steady_clock::time_point now_{};
  std::vector<ProviderAttempt> attempts_;
  AttemptObserver observer_ = [this](const ProviderAttempt& a) { attempts_.push_back(a); };
};

TEST_F(RouterTest, ApprovedAtFirstProvider) {
  auto r = Router().Authorize(route_, request_, 0, observer_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->result.outcome, Outcome::kApproved);
  EXPECT_EQ(r->result.provider, "a");
  EXPECT_EQ(r->attempts, 1);
  EXPECT_EQ(r->next_attempt, 1);
  ASSERT_EQ(attempts_.size(), 2u);  // before and after
  EXPECT_EQ(attempts_[0].phase, ProviderAttempt::Phase::kStarting);
  EXPECT_EQ(attempts_[0].idempotency_key, DeriveIdempotencyKey("pur_1", 0, Operation::kAuthorize));
  EXPECT_EQ(attempts_[1].phase, ProviderAttempt::Phase::kFinished);
}

// A 429 (or a call never sent) proves nothing was done: the next provider
// gets the payment, with a key of its own.
TEST_F(RouterTest, FailsOverWhenNothingHappenedWithFreshKeys) {
  a_->script.push_back(ScriptedProvider::With(Outcome::kRetryableError, 429));
  b_->script.push_back(ScriptedProvider::With(Outcome::kRetryableError, 429));
  PaymentRouter router = Router();
  auto r = router.Authorize(route_, request_, 4, observer_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->result.outcome, Outcome::kApproved);
  EXPECT_EQ(r->result.provider, "c");
  EXPECT_EQ(r->attempts, 3);
  EXPECT_EQ(r->next_attempt, 7);
  EXPECT_EQ(a_->keys[0], DeriveIdempotencyKey("pur_1", 4, Operation::kAuthorize));
  EXPECT_EQ(b_->keys[0], DeriveIdempotencyKey("pur_1", 5, Operation::kAuthorize));
  EXPECT_EQ(c_->keys[0], DeriveIdempotencyKey("pur_1", 6, Operation::kAuthorize));
  EXPECT_EQ(router.metrics().Get("a.retryable_error"), 1);
  EXPECT_EQ(router.metrics().Get("c.approved"), 1);
}

TEST_F(RouterTest, NoFailoverOnDeclineOrFatal) {
  a_->script.push_back(ScriptedProvider::With(Outcome::kDeclined, 402));
  auto r = Router().Authorize(route_, request_, 0, observer_);
  EXPECT_EQ(r->result.outcome, Outcome::kDeclined);
  EXPECT_TRUE(b_->keys.empty());
  a_->script.push_back(ScriptedProvider::With(Outcome::kFatalError, 400));
  EXPECT_EQ(Router().Authorize(route_, request_, 1, observer_)->result.outcome,
            Outcome::kFatalError);
  EXPECT_TRUE(b_->keys.empty());
}

// A 5xx, a 409 or a lost answer may have charged: the same call again with
// the same key, then a status lookup, decide; without proof that nothing was
// charged, no other provider is tried.
TEST_F(RouterTest, NoFailoverAfterAmbiguousWithoutProof) {
  a_->script.push_back(ScriptedProvider::With(Outcome::kPending, 502, /*ambiguous=*/true));
  a_->script.push_back(ScriptedProvider::With(Outcome::kPending, 409, /*ambiguous=*/true));
  a_->status = ScriptedProvider::With(Outcome::kPending, 0, true);  // cannot tell
  PaymentRouter router = Router();
  auto r = router.Authorize(route_, request_, 0, observer_);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->result.ambiguous);
  EXPECT_EQ(r->result.outcome, Outcome::kPending);
  EXPECT_TRUE(b_->keys.empty());
  EXPECT_TRUE(c_->keys.empty());
  // The repeat and the Status probe used the key of the call in doubt, and
  // were reported.
  ASSERT_EQ(a_->keys.size(), 2u);
  EXPECT_EQ(a_->keys[1], a_->keys[0]);
  ASSERT_EQ(a_->status_keys.size(), 1u);
  EXPECT_EQ(a_->status_keys[0], a_->keys[0]);
  ASSERT_EQ(attempts_.size(), 6u);
  EXPECT_EQ(attempts_[2].operation, Operation::kAuthorize);
  EXPECT_EQ(attempts_[2].idempotency_key, a_->keys[0]);
  EXPECT_EQ(attempts_[4].operation, Operation::kStatus);
  EXPECT_EQ(router.metrics().Get("a.ambiguous"), 1);
  EXPECT_EQ(router.metrics().Get("a.repeat"), 1);
}

// The provider's answer to the same key is the answer: what it charged the
// first time, never a second charge.
TEST_F(RouterTest, TheRepeatWithTheSameKeyIsTheAnswer) {
  a_->script.push_back(ScriptedProvider::With(Outcome::kPending, 502, /*ambiguous=*/true));
  a_->script.push_back(ScriptedProvider::With(Outcome::kApproved, 200));
  auto r = Router().Authorize(route_, request_, 0, observer_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->result.outcome, Outcome::kApproved);
  EXPECT_EQ(r->result.provider, "a");
  ASSERT_EQ(a_->keys.size(), 2u);
  EXPECT_EQ(a_->keys[0], a_->keys[1]);
  EXPECT_TRUE(a_->status_keys.empty());
  EXPECT_TRUE(b_->keys.empty());
}

TEST_F(RouterTest, AmbiguousResolvedByStatusIsTheAnswer) {
  a_->script.push_back(ScriptedProvider::With(Outcome::kPending, 0, true));
  a_->script.push_back(ScriptedProvider::With(Outcome::kPending, 0, true));
  a_->status = ScriptedProvider::With(Outcome::kApproved, 200);
  auto r = Router().Authorize(route_, request_, 0, observer_);
  EXPECT_EQ(r->result.outcome, Outcome::kApproved);
  EXPECT_FALSE(r->result.ambiguous);
  EXPECT_TRUE(b_->keys.empty());
}

TEST_F(RouterTest, FailoverAfterProofOfAbsence) {
  a_->script.push_back(ScriptedProvider::With(Outcome::kPending, 0, true));
  a_->script.push_back(ScriptedProvider::With(Outcome::kPending, 0, true));
  a_->status = ScriptedProvider::With(Outcome::kNotFound, 404);
  auto r = Router().Authorize(route_, request_, 0, observer_);
  EXPECT_EQ(r->result.outcome, Outcome::kApproved);
  EXPECT_EQ(r->result.provider, "b");
}

TEST_F(RouterTest, RetryBudgetBoundsAttempts) {
  for (ScriptedProvider* p : {a_, b_, c_}) {
    p->script.push_back(ScriptedProvider::With(Outcome::kRetryableError, 503));
  }
  auto r = Router(5, /*max_attempts=*/2).Authorize(route_, request_, 0, observer_);
  EXPECT_EQ(r->result.outcome, Outcome::kRetryableError);
  EXPECT_EQ(r->attempts, 2);
  EXPECT_TRUE(c_->keys.empty());
}

TEST_F(RouterTest, BreakerOpensSkipsAndClosesAfterProbe) {
  PaymentRouter router = Router(/*threshold=*/2);
  for (int i = 0; i < 2; ++i) {
    a_->script.push_back(ScriptedProvider::With(Outcome::kRetryableError, 500));
    ASSERT_EQ(router.Authorize(route_, request_, i * 3, observer_)->result.provider, "b");
  }
  EXPECT_EQ(router.BreakerState("a"), CircuitBreaker::State::kOpen);
  std::size_t calls = a_->keys.size();
  EXPECT_EQ(router.Authorize(route_, request_, 10, observer_)->result.provider, "b");
  EXPECT_EQ(a_->keys.size(), calls);  // skipped while open
  EXPECT_EQ(router.metrics().Get("a.skipped_open"), 1);
  now_ += 31s;  // cool-down over: one probe goes through and succeeds
  EXPECT_EQ(router.BreakerState("a"), CircuitBreaker::State::kHalfOpen);
  EXPECT_EQ(router.Authorize(route_, request_, 20, observer_)->result.provider, "a");
  EXPECT_EQ(router.BreakerState("a"), CircuitBreaker::State::kClosed);
}

TEST(CircuitBreakerTest, HalfOpenFailureReopens) {
  CircuitBreaker breaker({.failure_threshold = 1, .cool_down = 10s});
  std::chrono::steady_clock::time_point t{};
  EXPECT_TRUE(breaker.Allow(t));
  breaker.RecordFailure(t);
  EXPECT_FALSE(breaker.Allow(t + 5s));
  EXPECT_TRUE(breaker.Allow(t + 10s));   // the probe
  EXPECT_FALSE(breaker.Allow(t + 10s));  // only one probe at a time
  breaker.RecordFailure(t + 11s);
  EXPECT_EQ(breaker.state(t + 12s), CircuitBreaker::State::kOpen);
  EXPECT_TRUE(breaker.Allow(t + 21s));
  breaker.RecordSuccess();
  EXPECT_EQ(breaker.state(t + 21s), CircuitBreaker::State::kClosed);
}

TEST_F(RouterTest, CurrencyAndAmountLimits) {
  route_.providers = {{"a", 100, {*CurrencyCode::Parse("BRL")}},
                      {"b", 100, {}, Eur(500), Eur(5000)},
                      {"c", 100, {}, std::nullopt, Eur(800)}};
  PaymentRouter router = Router();
  EXPECT_EQ(router.Candidates(route_, request_), std::vector<std::string>{"b"});
  request_.amount = Eur(100);
  EXPECT_EQ(router.Candidates(route_, request_), std::vector<std::string>{"c"});
  request_.amount = Eur(9000);
  auto none = router.Authorize(route_, request_, 0, observer_);
  EXPECT_EQ(none.status().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(RouterTest, WeightedFirstPickIsStablePerPurchase) {
  route_.providers = {{"a", 50}, {"b", 50}, {"c", 0}};
  PaymentRouter router = Router();
  std::map<std::string, int> firsts;
  for (int i = 0; i < 200; ++i) {
    request_.purchase_id = "pur_" + std::to_string(i);
    std::vector<std::string> order = router.Candidates(route_, request_);
    ASSERT_EQ(order.size(), 3u);
    EXPECT_EQ(order, router.Candidates(route_, request_));
    EXPECT_EQ(order.back(), "c");  // weight 0: failover only
    ++firsts[order.front()];
  }
  EXPECT_GT(firsts["a"], 60);
  EXPECT_GT(firsts["b"], 60);
}

}  // namespace
}  // namespace mg::providers
