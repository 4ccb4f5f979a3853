#include "currency/locale_negotiation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace mg {
namespace {

LocaleNegotiator Negotiator(const std::vector<std::string>& supported) {
  Result<LocaleNegotiator> negotiator = LocaleNegotiator::Create(supported);
  EXPECT_TRUE(negotiator.ok()) << negotiator.status().ToString();
  return std::move(negotiator).value();
}

TEST(LocaleNegotiatorTest, SwissFrenchPicksFrCh) {
  LocaleNegotiator swiss = Negotiator({"de-CH", "fr-CH", "it-CH"});
  EXPECT_EQ(swiss.Negotiate("fr-CH, fr;q=0.9"), "fr-CH");
  EXPECT_EQ(swiss.Negotiate("it"), "it-CH");
  EXPECT_EQ(swiss.Negotiate("fr-FR"), "fr-CH");
  EXPECT_EQ(swiss.default_locale(), "de-CH");
}

TEST(LocaleNegotiatorTest, LanguageOnlyMatchesTheRegionalVariant) {
  EXPECT_EQ(Negotiator({"fr-CA", "en-CA"}).Negotiate("en"), "en-CA");
  EXPECT_EQ(Negotiator({"pt-BR"}).Negotiate("pt"), "pt-BR");
  EXPECT_EQ(Negotiator({"en-US", "pt-BR"}).Negotiate("pt"), "pt-BR");
}

TEST(LocaleNegotiatorTest, QualityValuesOrderThePreferences) {
  LocaleNegotiator swiss = Negotiator({"de-CH", "fr-CH", "it-CH"});
  // Listed first but weighted lower.
  EXPECT_EQ(swiss.Negotiate("fr;q=0.5, it;q=0.8"), "it-CH");
  EXPECT_EQ(swiss.Negotiate("fr;Q=0.5 , it ; q=0.8"), "it-CH");
  // Equal weights keep the client's order.
  EXPECT_EQ(swiss.Negotiate("it;q=0.7, fr;q=0.7"), "it-CH");
  // q=0 means "not acceptable".
  EXPECT_EQ(swiss.Negotiate("fr;q=0, it;q=0.1"), "it-CH");
  // Unknown parameters are ignored; a bad q-value drops its entry only.
  EXPECT_EQ(swiss.Negotiate("fr;level=1"), "fr-CH");
  EXPECT_EQ(swiss.Negotiate("fr;q=2, it"), "it-CH");
}

TEST(LocaleNegotiatorTest, WildcardEmptyAndGarbageGiveTheDefault) {
  LocaleNegotiator swiss = Negotiator({"de-CH", "fr-CH", "it-CH"});
  for (const char* header :
       {"*", "", " , ;", "!!!", "q=0.9", "fr;q=abc", "zz-ZZ", "ja-JP", "\xFF\xFE", "fr;q=0"}) {
    EXPECT_EQ(swiss.Negotiate(header), "de-CH") << header;
  }
  // A wildcard next to a real preference does not hide it.
  EXPECT_EQ(swiss.Negotiate("*, fr"), "fr-CH");
}

TEST(LocaleNegotiatorTest, HugeHeadersAreCut) {
  LocaleNegotiator swiss = Negotiator({"de-CH", "fr-CH", "it-CH"});
  std::string header;
  for (int i = 0; i < 5000; ++i) header += "ja,";
  header += "fr";
  EXPECT_EQ(swiss.Negotiate(header), "de-CH");
}

TEST(LocaleNegotiatorTest, ResolveReturnsSupportedTagsVerbatim) {
  LocaleNegotiator swiss = Negotiator({"de-CH", "fr-CH", "it-CH"});
  EXPECT_EQ(swiss.Resolve("FR-ch"), "fr-CH");
  EXPECT_EQ(swiss.Resolve("it"), "it-CH");
  EXPECT_EQ(swiss.Resolve("ja"), "de-CH");
  EXPECT_EQ(swiss.Resolve("not a locale"), "de-CH");
}

TEST(LocaleNegotiatorTest, CreateRejectsBadLists) {
  Result<LocaleNegotiator> empty = LocaleNegotiator::Create({});
  EXPECT_EQ(empty.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(empty.status().message(), "no supported locales");
  Result<LocaleNegotiator> bad = LocaleNegotiator::Create({"de-CH", "not a locale"});
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "supported locale 'not a locale' is not a BCP 47 language tag");
}

TEST(LocaleNegotiatorTest, SharedNegotiatorIsThreadSafe) {
  LocaleNegotiator swiss = Negotiator({"de-CH", "fr-CH", "it-CH"});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"fr-CH, fr;q=0.9", "fr-CH"}, {"it", "it-CH"}, {"*", "de-CH"}, {"en", "de-CH"}};
  std::vector<int> failures(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        const auto& [header, expected] = cases[(t + i) % cases.size()];
        if (swiss.Negotiate(header) != expected) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

TEST(IcuLocaleTagsTest, EnglishFirstThenEveryLocaleAPersonMayAskFor) {
  std::vector<std::string> tags = IcuLocaleTags();
  ASSERT_GT(tags.size(), 100u);
  EXPECT_EQ(tags.front(), "en");
  EXPECT_EQ(std::count(tags.begin(), tags.end(), "en"), 1);
  LocaleNegotiator people = Negotiator(tags);
  EXPECT_EQ(people.Negotiate("de-AT, de;q=0.9"), "de-AT");
  EXPECT_EQ(people.Negotiate("pt-BR"), "pt-BR");
  EXPECT_EQ(people.Negotiate("ja"), "ja");
  EXPECT_EQ(people.Negotiate(""), "en");
  EXPECT_EQ(people.Negotiate("xx-YY"), "en");
}

}  // namespace
}  // namespace mg
