#include "gateway/http/auth.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "base/crypto.h"
#include "base/secret.h"
#include "gateway/http/request_id.h"

namespace mg::http {
namespace {

ApiKey Key(std::string name, std::string_view plaintext, ScopeSet scopes) {
  return ApiKey{std::move(name), Sha256(plaintext), scopes};
}

TEST(Sha256Test, KnownVectorAndHex) {
  // SHA-256("abc"), FIPS 180-2.
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto parsed = ParseSha256Hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, Sha256("abc"));
  EXPECT_FALSE(ParseSha256Hex("ba78").has_value());
  EXPECT_FALSE(ParseSha256Hex(std::string(64, 'g')).has_value());
}

TEST(ScopeTest, NamesRoundTrip) {
  for (Scope scope : {Scope::kRead, Scope::kPurchases, Scope::kAds, Scope::kAdmin}) {
    EXPECT_EQ(ParseScope(ScopeName(scope)), scope);
  }
  EXPECT_FALSE(ParseScope("root").has_value());
  ScopeSet set{Scope::kAds, Scope::kRead};
  EXPECT_TRUE(set.Has(Scope::kAds));
  EXPECT_FALSE(set.Has(Scope::kAdmin));
  EXPECT_EQ(set.Names(), (std::vector<std::string>{"read", "ads"}));
}

TEST(ApiKeyAuthenticatorTest, FindsTheKeyByTheHashOfTheToken) {
  ApiKeyAuthenticator keys({Key("reader", "sk_read", {Scope::kRead}),
                            Key("buyer", "sk_buy", {Scope::kRead, Scope::kPurchases})});
  Result<const ApiKey*> buyer = keys.Authenticate("Bearer sk_buy");
  ASSERT_TRUE(buyer.ok()) << buyer.status().ToString();
  EXPECT_EQ((*buyer)->name, "buyer");
  // The scheme is case-insensitive.
  EXPECT_EQ((*keys.Authenticate("bearer sk_read"))->name, "reader");
}

TEST(ApiKeyAuthenticatorTest, ConfigHoldsOnlyDigests) {
  // A key configured by its digest alone authenticates its plaintext; the
  // digest itself is not a valid token.
  const std::string hex = HexEncode(Sha256("sk_sandbox_secret"));
  ApiKeyAuthenticator keys({ApiKey{"k", *ParseSha256Hex(hex), {Scope::kRead}}});
  EXPECT_TRUE(keys.Authenticate("Bearer sk_sandbox_secret").ok());
  EXPECT_FALSE(keys.Authenticate("Bearer " + hex).ok());
}

TEST(ApiKeyAuthenticatorTest, RejectsMissingMalformedAndUnknownKeys) {
  ApiKeyAuthenticator keys({Key("reader", "sk_read", {Scope::kRead})});
  for (const char* header : {"", "Bearer", "Bearer ", "Basic c2tfcmVhZA==", "sk_read",
                             "Bearer sk_read2", "Bearer SK_READ"}) {
    Result<const ApiKey*> result = keys.Authenticate(header);
    ASSERT_FALSE(result.ok()) << header;
    EXPECT_EQ(result.status().code(), ErrorCode::kUnauthenticated) << header;
    // The message never repeats what the client sent.
    EXPECT_EQ(result.status().message().find("sk_read"), std::string::npos);
  }
}

// A connection's memo answers for exactly what it proved; anything else is
// hashed and checked as usual, and only a success replaces the memo.
TEST(ApiKeyAuthenticatorTest, AConnectionsMemoAnswersOnlyForWhatItProved) {
  ApiKeyAuthenticator auth(
      {Key("reader", "sk_read", {Scope::kRead}), Key("buyer", "sk_buy", {Scope::kPurchases})});
  AuthMemo memo;
  auto first = auth.Authenticate("Bearer sk_read", &memo);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)->name, "reader");
  EXPECT_EQ(memo.key, *first);
  EXPECT_EQ(memo.authorization.reveal(), "Bearer sk_read");

  // Not remembered: a failure leaves the memo as it was.
  EXPECT_EQ(auth.Authenticate("Bearer sk_wrong", &memo).status().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(auth.Authenticate("Bearer sk_rea", &memo).status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(auth.Authenticate("", &memo).status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(memo.key, *first);

  // Another valid key on the same connection is found and remembered.
  auto second = auth.Authenticate("Bearer sk_buy", &memo);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)->name, "buyer");
  EXPECT_EQ(memo.key, *second);

  // The memo is what answers a repeat: one planted by hand (a value no
  // digest matches) is taken as it is.
  AuthMemo planted{Secret("Bearer not-a-configured-key"), *first};
  auto repeat = auth.Authenticate("Bearer not-a-configured-key", &planted);
  ASSERT_TRUE(repeat.ok());
  EXPECT_EQ(*repeat, *first);
  EXPECT_FALSE(auth.Authenticate("Bearer not-a-configured-key").ok());
}

TEST(ApiKeyAuthenticatorTest, ScopeCheck) {
  ApiKey key = Key("reader", "sk_read", {Scope::kRead});
  EXPECT_TRUE(ApiKeyAuthenticator::RequireScope(key, Scope::kRead).ok());
  Status denied = ApiKeyAuthenticator::RequireScope(key, Scope::kAdmin);
  EXPECT_EQ(denied.code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(denied.message().find("'admin'"), std::string::npos);
}

TEST(SecretTest, NeverPrintsItsValue) {
  Secret secret("sk_live_123");
  std::ostringstream out;
  out << secret;
  EXPECT_EQ(out.str(), "***");
  EXPECT_EQ(secret.DebugString(), "***");
  EXPECT_EQ(Secret().DebugString(), "<empty>");
  EXPECT_EQ(secret.reveal(), "sk_live_123");
  EXPECT_TRUE(secret == Secret("sk_live_123"));
  EXPECT_FALSE(secret == Secret("sk_live_124"));
}

TEST(RequestIdTest, NewIdsAre128BitHexAndDistinct) {
  std::string a = NewRequestId();
  std::string b = NewRequestId();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

// Each thread draws from its own generator: they must not share a seed.
TEST(RequestIdTest, ThreadsDrawDistinctIds) {
  std::set<std::string> ids;
  std::mutex mutex;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      std::vector<std::string> mine;
      for (int i = 0; i < 100; ++i) mine.push_back(NewRequestId());
      std::lock_guard lock(mutex);
      ids.insert(mine.begin(), mine.end());
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ids.size(), 400u);
}

TEST(RequestIdTest, EchoesOnlySaneClientIds) {
  EXPECT_EQ(RequestIdFor("trace-42.a_b:c"), "trace-42.a_b:c");
  for (std::string bad : {std::string(), std::string("a b"), std::string("x\r\nSet-Cookie: y"),
                          std::string("\"quoted\""), std::string(129, 'a')}) {
    std::string id = RequestIdFor(bad);
    EXPECT_NE(id, bad);
    EXPECT_EQ(id.size(), 32u);
  }
}

}  // namespace
}  // namespace mg::http
