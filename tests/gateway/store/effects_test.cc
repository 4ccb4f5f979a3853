// Effects (store.h): the writes that ride along with a state change commit
// with it or not at all.
#include <atomic>

#include "gateway/store/ids.h"
#include "gateway/store/open_store.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

// Every open attempt is due by then.
constexpr UnixMillis kNoLater = INT64_MAX;

constexpr UnixMillis kT0 = 1'700'000'000'000;
constexpr UnixMillis kLease = 60'000;  // StoreConfig default
const std::string kFingerprint(64, 'f');

ProviderAttempt FirstAttempt(const std::string& purchase_id, UnixMillis at) {
  ProviderAttempt attempt;
  attempt.id = NewId(kAttemptIdPrefix).value();
  attempt.purchase_id = purchase_id;
  attempt.provider = "stripe";
  attempt.amount_minor = 1190;
  attempt.idempotency_key = "mg-authorize-" + purchase_id;
  attempt.started_at_ms = at;
  return attempt;
}

AttemptOutcome Approved(UnixMillis at) {
  return AttemptOutcome{AttemptState::kSucceeded, "ch_1", "", at};
}

Spend SpendFor(const Purchase& purchase, UnixMillis at) {
  return Spend{
      purchase.customer_id, purchase.market, purchase.currency, purchase.total_minor, at, false,
      purchase.id};
}

class EffectsTest : public StoreTest {
 protected:
  // A purchase created under a held key with its first attempt, as the
  // purchase route writes it before calling the provider.
  void CreateHeldPurchase(const std::string& key = "key-1") {
    Result<IdempotencyBegin> begin = store_->BeginIdempotent("app", key, kFingerprint, kT0);
    ASSERT_TRUE(begin.ok()) << begin.status().ToString();
    ASSERT_EQ(begin->outcome, IdempotencyOutcome::kNew);
    lease_ = begin->lease;
    Purchase purchase = SamplePurchase(kT0);
    purchase.id = NewId(kPurchaseIdPrefix).value();
    Effects effects = Effects::Holding(&lease_);
    effects.attempt_started = FirstAttempt(purchase.id, kT0);
    Result<Purchase> created = store_->CreatePurchase(purchase, effects);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    purchase_ = *created;
    attempt_id_ = effects.attempt_started->id;
  }

  // The effects of an approved charge: answer, spend, event and response.
  Effects SucceededEffects(UnixMillis at, std::vector<SpendLimit> limits = {}) const {
    Effects effects = Effects::Holding(&lease_);
    effects.attempt_finished = FinishedAttempt{attempt_id_, Approved(at)};
    effects.spend = SpendFor(purchase_, at);
    effects.spend_limits = std::move(limits);
    effects.events.push_back({"purchase.succeeded", R"({"id":"x"})"});
    effects.response = StoredResponse{201, R"({"state":"succeeded"})"};
    return effects;
  }

  Result<Purchase> Succeed(const Effects& effects, UnixMillis at) {
    return store_->TransitionPurchase(purchase_.id, {PurchaseState::kCreated},
                                      PurchaseState::kSucceeded,
                                      PaymentChanges::At(at).set_captured_minor(1190), effects);
  }

  // Nothing of SucceededEffects landed: the purchase is as created.
  void ExpectOnlyTheCreation() {
    EXPECT_EQ(store_->GetPurchase(purchase_.id)->state, PurchaseState::kCreated);
    EXPECT_EQ(store_->ListAttempts(purchase_.id)->at(0).state, AttemptState::kStarted);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM spends"), 0);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events"), 0);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys WHERE state = 'completed'"), 0);
  }

  IdempotencyLease lease_;
  Purchase purchase_;
  std::string attempt_id_;
};

INSTANTIATE_TEST_SUITE_P(Backends, EffectsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

TEST_P(EffectsTest, CreationRecordsTheFirstAttemptAndLinksTheKey) {
  CreateHeldPurchase();
  Result<std::vector<ProviderAttempt>> attempts = store_->ListAttempts(purchase_.id);
  ASSERT_TRUE(attempts.ok()) << attempts.status().ToString();
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ(attempts->at(0).id, attempt_id_);
  EXPECT_EQ(attempts->at(0).seq, 1);
  EXPECT_EQ(attempts->at(0).state, AttemptState::kStarted);
  // In doubt until answered: reconciliation would find it.
  EXPECT_EQ(store_->ListOpenAttempts(kT0, kNoLater, 10)->size(), 1u);
  Result<IdempotencyBegin> taken_over =
      store_->BeginIdempotent("app", "key-1", kFingerprint, kT0 + kLease);
  EXPECT_EQ(taken_over->resource_id, purchase_.id);
}

TEST_P(EffectsTest, AnAttemptOfAnUnknownPurchaseFailsTheCreationOfAnother) {
  Purchase purchase = SamplePurchase(kT0);
  Effects effects;
  effects.attempt_started = FirstAttempt("pur_missing", kT0);
  EXPECT_EQ(store_->CreatePurchase(purchase, effects).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM purchases"), 0);
}

TEST_P(EffectsTest, SettlementWritesAnswerSpendEventAndResponseTogether) {
  CreateHeldPurchase();
  Result<Purchase> succeeded = Succeed(SucceededEffects(kT0 + 10), kT0 + 10);
  ASSERT_TRUE(succeeded.ok()) << succeeded.status().ToString();
  EXPECT_EQ(succeeded->state, PurchaseState::kSucceeded);

  ProviderAttempt answered = store_->ListAttempts(purchase_.id)->at(0);
  EXPECT_EQ(answered.state, AttemptState::kSucceeded);
  EXPECT_EQ(answered.provider_reference, "ch_1");
  EXPECT_EQ(answered.finished_at_ms, kT0 + 10);
  EXPECT_TRUE(store_->ListOpenAttempts(kT0 + 10, kNoLater, 10)->empty());
  EXPECT_EQ(*store_->SpendInWindow("cus_1", "DE", kT0, kT0 + 10), 1190);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events WHERE type = 'purchase.succeeded'"), 1);
  Result<IdempotencyBegin> replay = store_->BeginIdempotent("app", "key-1", kFingerprint, kT0 + 11);
  ASSERT_EQ(replay->outcome, IdempotencyOutcome::kReplay);
  EXPECT_EQ(replay->response, (StoredResponse{201, R"({"state":"succeeded"})"}));
}

TEST_P(EffectsTest, AnAnswerStoredUnderTheLeaseAlsoLinksTheKeyToTheRecord) {
  // A purchase created without the key: the settlement that stores the
  // answer links them (one statement completes and links the key).
  Result<IdempotencyBegin> begin = store_->BeginIdempotent("app", "key-2", kFingerprint, kT0);
  ASSERT_TRUE(begin.ok()) << begin.status().ToString();
  lease_ = begin->lease;
  Purchase purchase = SamplePurchase(kT0);
  purchase.id = NewId(kPurchaseIdPrefix).value();
  Effects creation;
  creation.attempt_started = FirstAttempt(purchase.id, kT0);
  Result<Purchase> created = store_->CreatePurchase(purchase, creation);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  purchase_ = *created;
  attempt_id_ = creation.attempt_started->id;
  const std::string linked =
      "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'key-2' "
      "AND resource_id = '" +
      purchase_.id + "' AND state = 'completed'";
  EXPECT_EQ(QueryInt(linked), 0);
  ASSERT_TRUE(Succeed(SucceededEffects(kT0 + 10), kT0 + 10).ok());
  EXPECT_EQ(QueryInt(linked), 1);
}

TEST_P(EffectsTest, SpendLimitBreachWritesNothingOfTheChange) {
  CreateHeldPurchase();
  ASSERT_TRUE(store_->RecordSpend(Spend{"cus_1", "DE", "EUR", 900, kT0 + 1, false, ""}, {}).ok());
  const std::vector<SpendLimit> daily = {{"daily", kT0 - 86'400'000, 2000}};
  Status refused = Succeed(SucceededEffects(kT0 + 10, daily), kT0 + 10).status();
  EXPECT_EQ(refused.code(), ErrorCode::kComplianceDenied) << refused.ToString();
  EXPECT_NE(refused.message().find("daily"), std::string::npos);
  EXPECT_EQ(store_->GetPurchase(purchase_.id)->state, PurchaseState::kCreated);
  EXPECT_EQ(store_->ListAttempts(purchase_.id)->at(0).state, AttemptState::kStarted);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM spends"), 1);  // the earlier one only
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events"), 0);
  EXPECT_EQ(store_->BeginIdempotent("app", "key-1", kFingerprint, kT0 + 11)->outcome,
            IdempotencyOutcome::kInProgress);
}

TEST_P(EffectsTest, ALostLeaseWritesNothingOfTheChange) {
  CreateHeldPurchase();
  ASSERT_EQ(store_->BeginIdempotent("app", "key-1", kFingerprint, kT0 + kLease)->outcome,
            IdempotencyOutcome::kNew);  // taken over: lease_ is stale
  EXPECT_EQ(Succeed(SucceededEffects(kT0 + kLease + 1), kT0 + kLease + 1).status().code(),
            ErrorCode::kFailedPrecondition);
  ExpectOnlyTheCreation();
}

TEST_P(EffectsTest, AnAnswerToAnUnknownOrFinishedAttemptWritesNothing) {
  CreateHeldPurchase();
  Effects unknown = SucceededEffects(kT0 + 10);
  unknown.attempt_finished->attempt_id = "att_missing";
  EXPECT_EQ(Succeed(unknown, kT0 + 10).status().code(), ErrorCode::kNotFound);
  ExpectOnlyTheCreation();

  ASSERT_TRUE(store_->RecordAttemptFinished(attempt_id_, Approved(kT0 + 11)).ok());
  EXPECT_EQ(Succeed(SucceededEffects(kT0 + 12), kT0 + 12).status().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetPurchase(purchase_.id)->state, PurchaseState::kCreated);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM spends"), 0);
}

TEST_P(EffectsTest, AResponseNeedsTheLease) {
  CreateHeldPurchase();
  Effects effects = SucceededEffects(kT0 + 10);
  effects.idempotency = nullptr;
  EXPECT_EQ(Succeed(effects, kT0 + 10).status().code(), ErrorCode::kInvalidArgument);
  ExpectOnlyTheCreation();
}

TEST_P(EffectsTest, OneAnswerAndTheNextStartTogetherKeepTheirOrder) {
  CreateHeldPurchase();
  ProviderAttempt probe = FirstAttempt(purchase_.id, kT0 + 5);
  probe.id.clear();
  probe.operation = AttemptOperation::kStatus;
  probe.amount_minor = 0;
  Effects effects;
  effects.attempt_finished = FinishedAttempt{
      attempt_id_, AttemptOutcome{AttemptState::kAmbiguous, "", "timeout", kT0 + 5}};
  effects.attempt_started = probe;
  ASSERT_TRUE(store_
                  ->TransitionPurchase(purchase_.id, {PurchaseState::kCreated},
                                       PurchaseState::kPending, PaymentChanges::At(kT0 + 5),
                                       effects)
                  .ok());
  std::vector<ProviderAttempt> attempts = store_->ListAttempts(purchase_.id).value();
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].state, AttemptState::kAmbiguous);
  EXPECT_EQ(attempts[1].seq, 2);
  EXPECT_EQ(attempts[1].operation, AttemptOperation::kStatus);
  EXPECT_EQ(attempts[1].state, AttemptState::kStarted);
}

// Across connections (processes, on PostgreSQL): the limit holds when every
// spend rides on its purchase's settlement.
TEST_P(EffectsTest, ConcurrentSettlementsHoldTheSpendLimit) {
  constexpr int kPurchases = 8;
  std::vector<std::unique_ptr<Store>> stores;
  std::vector<Purchase> purchases;
  std::vector<IdempotencyLease> leases;
  std::vector<std::string> attempts;
  for (int i = 0; i < kPurchases; ++i) {
    CreateHeldPurchase("key-" + std::to_string(i));
    purchases.push_back(purchase_);
    leases.push_back(lease_);
    attempts.push_back(attempt_id_);
    stores.push_back(i % 2 == 0 ? nullptr : OpenAnother());
  }
  // 3 x 1190 fit under 4000; the fourth does not.
  const std::vector<SpendLimit> daily = {{"daily", kT0 - 86'400'000, 4000}};
  std::atomic<int> succeeded{0}, denied{0};
  RunConcurrently(kPurchases, [&](int i) {
    Store& store = stores[i] ? *stores[i] : *store_;
    Effects effects = Effects::Holding(&leases[i]);
    effects.attempt_finished = FinishedAttempt{attempts[i], Approved(kT0 + 10)};
    effects.spend = SpendFor(purchases[i], kT0 + 10);
    effects.spend_limits = daily;
    effects.response = StoredResponse{201, "ok"};
    Result<Purchase> moved = store.TransitionPurchase(
        purchases[i].id, {PurchaseState::kCreated}, PurchaseState::kSucceeded,
        PaymentChanges::At(kT0 + 10).set_captured_minor(1190), effects);
    if (moved.ok()) ++succeeded;
    if (moved.status().code() == ErrorCode::kComplianceDenied) ++denied;
  });
  EXPECT_EQ(succeeded.load(), 3);
  EXPECT_EQ(denied.load(), kPurchases - 3);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM spends"), 3);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM purchases WHERE state = 'succeeded'"), 3);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys WHERE state = 'completed'"), 3);
}

}  // namespace
}  // namespace mg::store::testing
