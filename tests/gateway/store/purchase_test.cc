#include <atomic>
#include <regex>

#include "sql.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

constexpr UnixMillis kT0 = 1'700'000'000'000;

MG_STORE_TEST_SUITE(PurchaseTest);

TEST_P(PurchaseTest, CreateAssignsAnIdAndGetReturnsEveryField) {
  Purchase purchase = SamplePurchase(kT0);
  purchase.provider_reference = "ch_123";
  Result<Purchase> created = store_->CreatePurchase(purchase, {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(std::regex_match(created->id, std::regex("pur_[0-9a-f]{24}"))) << created->id;
  purchase.id = created->id;
  EXPECT_EQ(*created, purchase);
  Result<Purchase> read = store_->GetPurchase(created->id);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, purchase);
}

TEST_P(PurchaseTest, UnknownIdIsNotFoundAndDuplicateIdIsConflict) {
  EXPECT_EQ(store_->GetPurchase("pur_missing").status().code(), ErrorCode::kNotFound);
  Purchase purchase = SamplePurchase();
  purchase.id = "pur_fixed";
  ASSERT_TRUE(store_->CreatePurchase(purchase, {}).ok());
  Status duplicate = store_->CreatePurchase(purchase, {}).status();
  EXPECT_EQ(duplicate.code(), ErrorCode::kConflict);
  // The database's own words stay out of the message a client may see.
  EXPECT_EQ(duplicate.message().find("UNIQUE"), std::string::npos) << duplicate.message();
  EXPECT_EQ(duplicate.message().find("duplicate key"), std::string::npos) << duplicate.message();
}

// Issue 15: libpq's and SQLite's own text (hosts, users, paths, row values)
// reached clients; it is now only the detail for the log.
TEST(DatabaseErrorTest, ItsMessageSaysTheKindOfFailureAndKeepsTheDatabasesTextForTheLog) {
  const std::string text = "connection to server at \"db\" (10.0.0.5), port 5432 failed";
  for (ErrorCode code : {ErrorCode::kUnavailable, ErrorCode::kConflict,
                         ErrorCode::kFailedPrecondition, ErrorCode::kInternal}) {
    Status status = DatabaseError(code, text);
    EXPECT_EQ(status.code(), code);
    EXPECT_EQ(status.message().find("10.0.0.5"), std::string::npos) << status.message();
    EXPECT_EQ(status.internal_detail(), text);
    EXPECT_NE(status.ToString().find("10.0.0.5"), std::string::npos);
  }
}

// Issue 17: what the provider said of authentication, and the next action
// only while the purchase waits for the shopper.
TEST_P(PurchaseTest, AuthenticationAndTheNextActionAreKeptWithTheirState) {
  Purchase purchase = SamplePurchase(kT0);
  purchase.customer_age = 30;
  Result<Purchase> created = store_->CreatePurchase(purchase, {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(store_->GetPurchase(created->id)->customer_age, 30);
  Result<Purchase> waiting = store_->TransitionPurchase(
      created->id, {PurchaseState::kCreated}, PurchaseState::kRequiresAction,
      PaymentChanges::At(kT0 + 1).set_next_action_json(R"({"type":"challenge"})"), {});
  ASSERT_TRUE(waiting.ok()) << waiting.status().ToString();
  EXPECT_EQ(store_->GetPurchase(created->id)->next_action_json, R"({"type":"challenge"})");
  Effects effects;
  Spend spend;
  spend.customer_id = purchase.customer_id;
  spend.market = purchase.market;
  spend.currency = purchase.currency;
  spend.amount_minor = purchase.total_minor;
  spend.at_ms = kT0 + 2;
  spend.purchase_id = created->id;
  effects.spend = spend;
  Result<Purchase> done = store_->TransitionPurchase(
      created->id, {PurchaseState::kRequiresAction}, PurchaseState::kSucceeded,
      PaymentChanges::At(kT0 + 2).set_captured_minor(purchase.total_minor), effects);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->next_action_json, "");  // only the waiting state has one
  EXPECT_EQ(done->authentication, "");
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM spends WHERE sca_performed = 1"), 0);

  // The answer that knew of the authentication arrives after the webhook that did not.
  Result<Purchase> told = store_->RecordAuthentication(created->id, "authenticated");
  ASSERT_TRUE(told.ok()) << told.status().ToString();
  EXPECT_EQ(told->authentication, "authenticated");
  EXPECT_EQ(store_->GetPurchase(created->id)->authentication, "authenticated");
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM spends WHERE sca_performed = 1"), 1);
  // Known once: a later word does not overwrite it.
  EXPECT_EQ(store_->RecordAuthentication(created->id, "failed")->authentication, "authenticated");
  EXPECT_EQ(store_->RecordAuthentication("pur_missing", "failed").status().code(),
            ErrorCode::kNotFound);
}

TEST_P(PurchaseTest, RejectsMalformedPurchasesAndWritesNothing) {
  Purchase bad_currency = SamplePurchase();
  bad_currency.currency = "EURO";
  Purchase negative = SamplePurchase();
  negative.tax_minor = -1;
  Purchase over_refunded = SamplePurchase();
  over_refunded.captured_minor = 100;
  over_refunded.refunded_minor = 101;
  Purchase over_captured = SamplePurchase();
  over_captured.captured_minor = over_captured.total_minor + 1;
  for (const Purchase& bad : {bad_currency, negative, over_refunded, over_captured}) {
    EXPECT_EQ(store_->CreatePurchase(bad, {}).status().code(), ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM purchases"), 0);
}

TEST_P(PurchaseTest, TransitionIsACompareAndSet) {
  Result<Purchase> created = store_->CreatePurchase(SamplePurchase(kT0), {});
  Result<Purchase> pending = store_->TransitionPurchase(
      created->id, {PurchaseState::kCreated}, PurchaseState::kPending,
      PaymentChanges::At(kT0 + 5).set_provider("adyen").set_provider_reference("psp_1"), {});
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  EXPECT_EQ(pending->state, PurchaseState::kPending);
  EXPECT_EQ(pending->provider, "adyen");
  EXPECT_EQ(pending->provider_reference, "psp_1");
  EXPECT_EQ(pending->updated_at_ms, kT0 + 5);
  EXPECT_EQ(pending->created_at_ms, kT0);

  Result<Purchase> stale =
      store_->TransitionPurchase(created->id, {PurchaseState::kCreated}, PurchaseState::kFailed,
                                 PaymentChanges::At(kT0 + 6), {});
  EXPECT_EQ(stale.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetPurchase(created->id)->state, PurchaseState::kPending);

  Result<Purchase> succeeded = store_->TransitionPurchase(
      created->id, {PurchaseState::kPending, PurchaseState::kRequiresAction},
      PurchaseState::kSucceeded, PaymentChanges::At(kT0 + 7).set_captured_minor(1190), {});
  ASSERT_TRUE(succeeded.ok()) << succeeded.status().ToString();
  EXPECT_EQ(succeeded->captured_minor, 1190);
  EXPECT_EQ(succeeded->provider_reference, "psp_1");  // kept
  EXPECT_EQ(*store_->GetPurchase(created->id), *succeeded);

  EXPECT_EQ(store_
                ->TransitionPurchase("pur_missing", {PurchaseState::kCreated},
                                     PurchaseState::kFailed, PaymentChanges::At(kT0), {})
                .status()
                .code(),
            ErrorCode::kNotFound);
}

TEST_P(PurchaseTest, CapturedAmountStaysWithinTheTotal) {
  Result<Purchase> created = store_->CreatePurchase(SamplePurchase(kT0), {});
  EXPECT_EQ(
      store_
          ->TransitionPurchase(created->id, {PurchaseState::kCreated}, PurchaseState::kSucceeded,
                               PaymentChanges::At(kT0 + 1).set_captured_minor(1191), {})
          .status()
          .code(),
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->GetPurchase(created->id)->state, PurchaseState::kCreated);
}

// Sixteen webhooks and pollers race to settle one purchase, over two Store
// instances: exactly one transition wins.
TEST_P(PurchaseTest, ConcurrentTransitionsFromOneStateHaveOneWinner) {
  std::unique_ptr<Store> other = OpenAnother();
  for (int round = 0; round < 5; ++round) {
    Result<Purchase> created = store_->CreatePurchase(SamplePurchase(kT0), {});
    ASSERT_TRUE(created.ok());
    std::atomic<int> won{0};
    std::atomic<int> lost{0};
    RunConcurrently(16, [&](int i) {
      Store& store = i % 2 == 0 ? *store_ : *other;
      const PurchaseState to = i % 3 == 0 ? PurchaseState::kFailed : PurchaseState::kSucceeded;
      Result<Purchase> moved = store.TransitionPurchase(
          created->id, {PurchaseState::kCreated}, to,
          PaymentChanges::At(kT0 + i).set_provider_reference("ref_" + std::to_string(i)),
          Effects::Emitting({"purchase.settled", "{}"}));
      if (moved.ok()) {
        ++won;
      } else if (moved.status().code() == ErrorCode::kFailedPrecondition) {
        ++lost;
      }
    });
    EXPECT_EQ(won.load(), 1);
    EXPECT_EQ(lost.load(), 15);
  }
  // Only the winners' events were written.
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events"), 5);
}

TEST_P(PurchaseTest, EventsCommitWithTheTransitionOrNotAtAll) {
  Result<Purchase> created = store_->CreatePurchase(
      SamplePurchase(kT0), Effects::Emitting({"purchase.created", R"({"n":1})"}));
  ASSERT_TRUE(created.ok());
  EXPECT_FALSE(store_
                   ->TransitionPurchase(created->id, {PurchaseState::kPending},
                                        PurchaseState::kSucceeded, PaymentChanges::At(kT0 + 1),
                                        Effects::Emitting({"purchase.succeeded", "{}"}))
                   .ok());
  Result<std::vector<OutboxEvent>> events = store_->ClaimDueEvents(kT0 + 2, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, "purchase.created");
  EXPECT_EQ((*events)[0].payload_json, R"({"n":1})");
  EXPECT_EQ((*events)[0].created_at_ms, kT0);
}

TEST_P(PurchaseTest, FindsAPurchaseByItsProviderReference) {
  Purchase purchase = SamplePurchase(kT0);
  purchase.provider = "adyen";
  purchase.provider_reference = "psp_42";
  Result<Purchase> created = store_->CreatePurchase(purchase, {});
  ASSERT_TRUE(store_->CreatePurchase(SamplePurchase(kT0), {}).ok());
  Result<Purchase> found = store_->FindPurchaseByProviderReference("adyen", "psp_42");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->id, created->id);
  EXPECT_EQ(store_->FindPurchaseByProviderReference("stripe", "psp_42").status().code(),
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace mg::store::testing
