// Reading a time range back page by page, as `marketgate audit` does.
#include <string>
#include <vector>

#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

constexpr UnixMillis kT0 = 1'700'000'000'000;

MG_STORE_TEST_SUITE(AuditRangeTest);

TEST_P(AuditRangeTest, PagesThroughPurchasesCreatedInARangeInOrder) {
  std::vector<std::string> inside;
  ASSERT_TRUE(store_->CreatePurchase(SamplePurchase(kT0 - 1), {}).ok());  // before the range
  for (UnixMillis at : {kT0, kT0, kT0 + 5, kT0 + 9}) {
    Result<Purchase> created = store_->CreatePurchase(SamplePurchase(at), {});
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    inside.push_back(created->id);
  }
  ASSERT_TRUE(store_->CreatePurchase(SamplePurchase(kT0 + 10), {}).ok());  // the end is open
  // Two created in the same millisecond come in id order.
  if (inside[1] < inside[0]) std::swap(inside[0], inside[1]);

  std::vector<std::string> seen;
  PageAfter after;
  for (int pages = 0; pages < 10; ++pages) {
    Result<std::vector<Purchase>> page = store_->ListPurchasesCreated(kT0, kT0 + 10, after, 3);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    if (page->empty()) break;
    for (const Purchase& p : *page) seen.push_back(p.id);
    after = {page->back().created_at_ms, page->back().id};
  }
  EXPECT_EQ(seen, inside);
  EXPECT_EQ(store_->ListPurchasesCreated(kT0, kT0 + 10, {}, 0).status().code(),
            ErrorCode::kInvalidArgument);
}

TEST_P(AuditRangeTest, ListsEventsOfOneTypeFromATime) {
  ASSERT_TRUE(store_->EnqueueEvent({"purchase.succeeded", R"({"n":0})"}, kT0 - 1).ok());
  const std::string a = store_->EnqueueEvent({"purchase.succeeded", R"({"n":1})"}, kT0).value();
  ASSERT_TRUE(store_->EnqueueEvent({"purchase.failed", "{}"}, kT0 + 1).ok());
  const std::string b = store_->EnqueueEvent({"purchase.succeeded", R"({"n":2})"}, kT0 + 2).value();
  // Delivered events are listed too: the audit counts what was ever emitted.
  ASSERT_TRUE(store_->MarkEventDelivered(a, kT0 + 3).ok());

  Result<std::vector<OutboxEvent>> first =
      store_->ListEventsOfType("purchase.succeeded", kT0, {}, 1);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].id, a);
  EXPECT_EQ((*first)[0].payload_json, R"({"n":1})");
  Result<std::vector<OutboxEvent>> rest = store_->ListEventsOfType(
      "purchase.succeeded", kT0, {(*first)[0].created_at_ms, (*first)[0].id}, 10);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].id, b);
}

}  // namespace
}  // namespace mg::store::testing
