// Claimed idempotency keys (Effects::claim, Store::ClaimIdempotent), on both
// backends: a local operation's key is written completed, with its response
// and its record, in the operation's own transaction; a key that exists
// already fails the whole change and writes nothing, however many requests
// race for it. A purchase's key is claimed leased: in progress, with the
// purchase, and held as BeginIdempotent's lease holds a key.
#include <atomic>

#include "gift_test_support.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

const std::string kFingerprint(64, 'c');
const std::string kOtherFingerprint(64, 'd');

MG_STORE_TEST_SUITE(IdempotencyClaimTest);

Effects ClaimingGift(const IdempotencyClaim& claim) {
  Effects effects = Effects::Claiming(&claim);
  effects.events.push_back({"gift.sent", R"({"id":"x"})"});
  effects.response = StoredResponse{201, R"({"object":"gift"})"};
  return effects;
}

TEST_P(IdempotencyClaimTest, AGiftClaimsItsKeyCompletedWithItsResponseAndRecord) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  BuyCoins(*store_, 100, 1000, kT0);
  const IdempotencyClaim claim{"app", "gift-1", kFingerprint};
  EXPECT_FALSE(*store_->HasIdempotencyKey("app", "gift-1"));

  Result<GiftRecord> sent = store_->SendGift(Hearts(2), ClaimingGift(claim));
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_TRUE(*store_->HasIdempotencyKey("app", "gift-1"));
  EXPECT_FALSE(*store_->HasIdempotencyKey("other", "gift-1"));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys WHERE state = 'completed' "
                     "AND resource_id = '" +
                     sent->id + "'"),
            1);

  // A retry replays the response; another request with the key conflicts.
  Result<IdempotencyBegin> replay =
      store_->BeginIdempotent("app", "gift-1", kFingerprint, kT0 + 200);
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  EXPECT_EQ(replay->outcome, IdempotencyOutcome::kReplay);
  EXPECT_EQ(replay->response, (StoredResponse{201, R"({"object":"gift"})"}));
  EXPECT_EQ(store_->BeginIdempotent("app", "gift-1", kOtherFingerprint, kT0 + 201)->outcome,
            IdempotencyOutcome::kConflict);
}

TEST_P(IdempotencyClaimTest, AGiftWhoseKeyExistsWritesNothing) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  BuyCoins(*store_, 100, 1000, kT0);
  const IdempotencyClaim claim{"app", "gift-1", kFingerprint};
  ASSERT_TRUE(store_->SendGift(Hearts(2), ClaimingGift(claim)).ok());

  Result<GiftRecord> again = store_->SendGift(Hearts(3, kT0 + 300), ClaimingGift(claim));
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(IsIdempotencyKeyTaken(again.status())) << again.status().ToString();
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM gifts"), 1);
  EXPECT_EQ(QueryInt("SELECT SUM(remaining) FROM coin_lots"), 100 - 10);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events WHERE type = 'gift.sent'"), 1);
  EXPECT_TRUE(store_->CheckLedger()->consistent());

  // A key held under a lease (a purchase in flight) is taken too.
  ASSERT_EQ(store_->BeginIdempotent("app", "leased", kFingerprint, kT0)->outcome,
            IdempotencyOutcome::kNew);
  const IdempotencyClaim leased{"app", "leased", kFingerprint};
  EXPECT_TRUE(IsIdempotencyKeyTaken(store_->SendGift(Hearts(1), ClaimingGift(leased)).status()));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM gifts"), 1);
}

TEST_P(IdempotencyClaimTest, ARefusalClaimsItsKeyWithoutARecord) {
  const IdempotencyClaim claim{"app", "refused-1", kFingerprint};
  const StoredResponse refusal{422, R"({"error":{"code":"compliance_denied"}})"};
  ASSERT_TRUE(store_->ClaimIdempotent(claim, refusal, kT0).ok());
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys WHERE resource_id IS NULL "
                     "AND state = 'completed'"),
            1);
  EXPECT_EQ(store_->BeginIdempotent("app", "refused-1", kFingerprint, kT0 + 1)->response, refusal);
  EXPECT_TRUE(IsIdempotencyKeyTaken(store_->ClaimIdempotent(claim, {201, "{}"}, kT0 + 2)));
  EXPECT_EQ(store_->BeginIdempotent("app", "refused-1", kFingerprint, kT0 + 3)->response, refusal);
  // A malformed key is refused like BeginIdempotent's.
  EXPECT_EQ(store_->ClaimIdempotent({"app", "", kFingerprint}, refusal, kT0).code(),
            ErrorCode::kInvalidArgument);
}

TEST_P(IdempotencyClaimTest, AClaimNeedsItsResponseAndExcludesALease) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  BuyCoins(*store_, 100, 1000, kT0);
  const IdempotencyClaim claim{"app", "gift-1", kFingerprint};
  EXPECT_EQ(store_->SendGift(Hearts(1), Effects::Claiming(&claim)).status().code(),
            ErrorCode::kInvalidArgument);
  const IdempotencyLease lease{"app", "gift-2", "own_x"};
  Effects both = ClaimingGift(claim);
  both.idempotency = &lease;
  EXPECT_EQ(store_->SendGift(Hearts(1), both).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM gifts"), 0);
  EXPECT_FALSE(*store_->HasIdempotencyKey("app", "gift-1"));
}

TEST_P(IdempotencyClaimTest, ConcurrentGiftsWithOneKeySendOneGift) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  BuyCoins(*store_, 100, 1000, kT0);
  std::vector<std::unique_ptr<Store>> stores;
  stores.push_back(OpenAnother());
  stores.push_back(OpenAnother());
  const IdempotencyClaim claim{"app", "gift-race", kFingerprint};
  std::atomic<int> sent{0};
  std::atomic<int> taken{0};
  RunConcurrently(16, [&](int i) {
    Store& store = i % 3 == 0 ? *store_ : *stores[i % 2];
    Result<GiftRecord> gift = store.SendGift(Hearts(1, kT0 + 100 + i), ClaimingGift(claim));
    if (gift.ok()) {
      ++sent;
    } else if (IsIdempotencyKeyTaken(gift.status())) {
      ++taken;
    } else {
      ADD_FAILURE() << gift.status().ToString();
    }
  });
  EXPECT_EQ(sent.load(), 1);
  EXPECT_EQ(taken.load(), 15);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM gifts"), 1);
  EXPECT_EQ(QueryInt("SELECT SUM(remaining) FROM coin_lots"), 100 - 5);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

IdempotencyClaim LeasedClaim(std::string key) {
  return {.scope = "app",
          .key = std::move(key),
          .fingerprint = kFingerprint,
          .lease_owner = "own_claimer",
          .leased_until_ms = kT0 + 60'000};
}

TEST_P(IdempotencyClaimTest, APurchaseClaimsItsKeyInProgressUnderItsLease) {
  const IdempotencyClaim claim = LeasedClaim("buy-1");
  Result<Purchase> created = store_->CreatePurchase(SamplePurchase(kT0), Effects::Claiming(&claim));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys WHERE state = 'in_progress' "
                     "AND owner = 'own_claimer' AND response_body IS NULL AND locked_until_ms = " +
                     std::to_string(kT0 + 60'000) + " AND resource_id = '" + created->id + "'"),
            1);

  // Held like a lease: a copy of the request is in progress until it ends,
  Result<IdempotencyBegin> copy = store_->BeginIdempotent("app", "buy-1", kFingerprint, kT0 + 1);
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  EXPECT_EQ(copy->outcome, IdempotencyOutcome::kInProgress);
  EXPECT_EQ(copy->locked_until_ms, kT0 + 60'000);
  // and the claimer completes it with its lease: the copy's retry replays.
  const StoredResponse response{201, R"({"object":"purchase"})"};
  ASSERT_TRUE(store_->CompleteIdempotent(claim.lease(), response, kT0 + 2).ok());
  EXPECT_EQ(store_->BeginIdempotent("app", "buy-1", kFingerprint, kT0 + 3)->response, response);
}

TEST_P(IdempotencyClaimTest, ALeasedClaimWhoseHolderStalledIsTakenOverWithItsPurchase) {
  const IdempotencyClaim claim = LeasedClaim("buy-2");
  Result<Purchase> created = store_->CreatePurchase(SamplePurchase(kT0), Effects::Claiming(&claim));
  ASSERT_TRUE(created.ok()) << created.status().ToString();

  Result<IdempotencyBegin> retry =
      store_->BeginIdempotent("app", "buy-2", kFingerprint, kT0 + 60'001);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_EQ(retry->outcome, IdempotencyOutcome::kNew);
  EXPECT_TRUE(retry->recovered);
  EXPECT_EQ(retry->resource_id, created->id);
  // The stalled claimer's lease no longer holds the key.
  EXPECT_EQ(store_->CompleteIdempotent(claim.lease(), {201, "{}"}, kT0 + 60'002).code(),
            ErrorCode::kFailedPrecondition);
}

TEST_P(IdempotencyClaimTest, APurchaseWhoseKeyExistsWritesNothing) {
  ASSERT_EQ(store_->BeginIdempotent("app", "buy-3", kFingerprint, kT0)->outcome,
            IdempotencyOutcome::kNew);
  const IdempotencyClaim claim = LeasedClaim("buy-3");
  Result<Purchase> created = store_->CreatePurchase(SamplePurchase(kT0), Effects::Claiming(&claim));
  ASSERT_FALSE(created.ok());
  EXPECT_TRUE(IsIdempotencyKeyTaken(created.status())) << created.status().ToString();
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM purchases"), 0);

  // A leased claim has no response yet, and its lease must not have ended.
  const IdempotencyClaim fresh = LeasedClaim("buy-4");
  Effects answered = Effects::Claiming(&fresh);
  answered.response = StoredResponse{201, "{}"};
  EXPECT_EQ(store_->CreatePurchase(SamplePurchase(kT0), answered).status().code(),
            ErrorCode::kInvalidArgument);
  IdempotencyClaim ended = LeasedClaim("buy-5");
  ended.leased_until_ms = kT0;
  EXPECT_EQ(store_->CreatePurchase(SamplePurchase(kT0), Effects::Claiming(&ended)).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM purchases"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys"), 1);
}

}  // namespace
}  // namespace mg::store::testing
