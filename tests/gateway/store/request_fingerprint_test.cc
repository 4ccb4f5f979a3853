#include "gateway/store/request_fingerprint.h"

#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <set>
#include <thread>

#include "gateway/store/ids.h"

namespace mg::store {
namespace {

TEST(RequestFingerprintTest, IsSha256OfMethodPathAndCanonicalBody) {
  // sha256("POST\n/v1/purchases\n{\"a\":1,\"b\":[true,null]}"), computed with Python's hashlib.
  Result<std::string> fingerprint =
      RequestFingerprint("POST", "/v1/purchases", R"({ "b": [true, null], "a": 1 })");
  ASSERT_TRUE(fingerprint.ok()) << fingerprint.status().ToString();
  EXPECT_EQ(*fingerprint, "1a2846396756e0e5635a54a27675570ed66daca54223049abe77441afb70043f");
}

TEST(RequestFingerprintTest, IgnoresMemberOrderAndSpacingAtEveryDepth) {
  EXPECT_EQ(
      RequestFingerprint("POST", "/v1/quotes", R"({"x":{"b":2,"a":[{"d":1,"c":0}]}})").value(),
      RequestFingerprint("POST", "/v1/quotes",
                         "{ \"x\" : { \"a\" : [ { \"c\":0, \"d\":1 } ], \"b\" : 2 } }")
          .value());
}

TEST(RequestFingerprintTest, ChangesWithAnyPart) {
  const std::string base = RequestFingerprint("POST", "/v1/refunds", R"({"amount":100})").value();
  EXPECT_NE(base, RequestFingerprint("PUT", "/v1/refunds", R"({"amount":100})").value());
  EXPECT_NE(base, RequestFingerprint("POST", "/v1/purchases", R"({"amount":100})").value());
  EXPECT_NE(base, RequestFingerprint("POST", "/v1/refunds", R"({"amount":101})").value());
  EXPECT_NE(base, RequestFingerprint("POST", "/v1/refunds", R"({"amount":"100"})").value());
  // Array order is meaningful.
  EXPECT_NE(RequestFingerprint("POST", "/p", "[1,2]").value(),
            RequestFingerprint("POST", "/p", "[2,1]").value());
}

TEST(RequestFingerprintTest, AcceptsEmptyBodyAndRejectsMalformedJson) {
  EXPECT_TRUE(RequestFingerprint("GET", "/v1/purchases/pur_1", "").ok());
  Result<std::string> bad = RequestFingerprint("POST", "/v1/purchases", R"({"a":)");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
}

TEST(CanonicalJsonTest, SortsKeysAndDropsWhitespace) {
  EXPECT_EQ(CanonicalJson(R"( {"b": "x y", "a": {"d": [1, 2.5], "c": null}} )").value(),
            R"({"a":{"c":null,"d":[1,2.5E0]},"b":"x y"})");
}

TEST(NewIdTest, HasPrefixAndTwentyFourHexDigits) {
  const std::string a = NewId(kPurchaseIdPrefix).value();
  const std::string b = NewId(kPurchaseIdPrefix).value();
  EXPECT_TRUE(std::regex_match(a, std::regex("pur_[0-9a-f]{24}"))) << a;
  EXPECT_NE(a, b);
  EXPECT_TRUE(std::regex_match(NewId(kRefundIdPrefix).value(), std::regex("re_[0-9a-f]{24}")));
}

// The store's id indexes append instead of writing random pages (ids.h).
TEST(NewIdTest, IdsMadeMillisecondsApartSortInTheOrderTheyWereMade) {
  std::string previous = NewId(kPurchaseIdPrefix).value();
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    const std::string next = NewId(kPurchaseIdPrefix).value();
    EXPECT_LT(previous, next);
    previous = next;
  }
}

TEST(NewIdTest, IdsOfOneMillisecondDifferInTheirRandomPart) {
  std::set<std::string> ids;
  for (int i = 0; i < 10'000; ++i) ids.insert(NewId(kPurchaseIdPrefix).value());
  EXPECT_EQ(ids.size(), 10'000u);
}

}  // namespace
}  // namespace mg::store
