// Claimed idempotency keys (Effects::claim, Store::ClaimIdempotent), on both
// backends: a local operation's key is written completed, with its response
// and its record, in the operation's own transaction; a key that exists
// already fails the whole change and writes nothing, however many requests
// race for it.
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

}  // namespace
}  // namespace mg::store::testing
