// The console's attention page (gateway/console/src/attention_page.h):
// reconciliation's queue of calls in doubt with its last finding and next
// look, and what it escalated for a person.
#include "console_test_fixture.h"

namespace mg::console::testing {
namespace {

class AttentionPageTest : public ConsoleTest {
 protected:
  // An authorization sent for `purchase` that got no answer.
  store::ProviderAttempt SentWithoutAnswer(const std::string& purchase) {
    store::ProviderAttempt attempt;
    attempt.purchase_id = purchase;
    attempt.provider = "adyen";
    attempt.amount_minor = 99;
    attempt.idempotency_key = "mg-authorize-" + purchase + "-1";
    attempt.key_attempt = 1;
    attempt.started_at_ms = NowMillis();
    attempt.next_check_at_ms = NowMillis() + 5 * 60'000;
    Result<store::ProviderAttempt> started = store_->RecordAttemptStarted(attempt);
    EXPECT_TRUE(started.ok()) << started.status().ToString();
    store::AttemptOutcome outcome;
    outcome.state = store::AttemptState::kAmbiguous;
    outcome.finished_at_ms = NowMillis();
    EXPECT_TRUE(store_->RecordAttemptFinished(started->id, outcome).ok());
    return *started;
  }
};

TEST_F(AttentionPageTest, ACallInDoubtShowsItsChecksAndNextLookThenItsEscalation) {
  const store::Purchase purchase = CoinPurchase(store::PurchaseState::kPending);
  const store::ProviderAttempt attempt = SentWithoutAnswer(purchase.id);
  Advance(std::chrono::minutes(90));
  ASSERT_TRUE(store_
                  ->ScheduleAttemptCheck(
                      attempt.id, {NowMillis() + 3 * 60'000, "no answer from adyen", std::nullopt})
                  .ok());

  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  std::string page = browser.Get("/console/attention").body();
  EXPECT_NE(page.find("Nothing needs a person now"), std::string::npos) << page;
  const size_t in_doubt = page.find("<h2>In doubt, being reconciled</h2>");
  ASSERT_NE(in_doubt, std::string::npos) << page;
  const std::string row = page.substr(page.find("<tr><td>provider call</td>", in_doubt));
  EXPECT_NE(row.find(purchase.id), std::string::npos);
  EXPECT_NE(row.find("authorize by adyen"), std::string::npos);
  EXPECT_NE(row.find("<td>ambiguous</td>"), std::string::npos) << row;
  EXPECT_NE(row.find(">90 min<"), std::string::npos) << row;
  EXPECT_NE(row.find("<td class=\"num\">1</td><td>no answer from adyen</td><td>in 3 min</td>"),
            std::string::npos)
      << row;

  // Past its next look: due. Then escalated: it moves to the first list.
  Advance(std::chrono::minutes(4));
  EXPECT_NE(browser.Get("/console/attention").body().find("<td>due</td>"), std::string::npos);
  ASSERT_TRUE(store_
                  ->ScheduleAttemptCheck(attempt.id, {NowMillis() + 60 * 60'000,
                                                      "still nothing from adyen", NowMillis()})
                  .ok());
  page = browser.Get("/console/attention").body();
  EXPECT_EQ(page.find("Nothing needs a person now"), std::string::npos);
  EXPECT_NE(page.find("Still unknown after every check"), std::string::npos);
  EXPECT_NE(page.find("2 still nothing from adyen"), std::string::npos) << page;
  EXPECT_NE(page.find("Every provider call and payout has its final answer"), std::string::npos);
}

TEST_F(AttentionPageTest, AgesAndCountsFollowTheBrowsersLanguage) {
  const store::Purchase purchase = CoinPurchase(store::PurchaseState::kPending);
  SentWithoutAnswer(purchase.id);
  Advance(std::chrono::minutes(1500));
  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  EXPECT_NE(browser.Get("/console/attention").body().find(">1,500 min<"), std::string::npos);
  browser.accept_language = "de";
  EXPECT_NE(browser.Get("/console/attention").body().find(">1.500 min<"), std::string::npos);
}

TEST_F(AttentionPageTest, NothingOpenSaysSo) {
  CoinPurchase();
  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  const std::string page = browser.Get("/console/attention").body();
  EXPECT_NE(page.find("Nothing needs a person now"), std::string::npos);
  EXPECT_NE(page.find("Every provider call and payout has its final answer"), std::string::npos);
  EXPECT_EQ(browser.Get("/console/attention").result_int(), 200);
}

}  // namespace
}  // namespace mg::console::testing
