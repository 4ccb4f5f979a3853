#include "gateway/vat_check/registry_vat_id_checker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "registry_fixture.h"

namespace mg::vat_check::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST_F(RegistryTest, RegisteredEuIdIsConfirmedByVies) {
  auto checker = Checker(Options());
  regions::VatIdCheck check = checker->Check(kRegisteredDe);
  EXPECT_TRUE(check.valid) << check.reason;
  EXPECT_FALSE(check.format_only);
  EXPECT_EQ(check.country, "DE");
  EXPECT_EQ(Counts().vies, 1);
}

TEST_F(RegistryTest, DeregisteredIdIsRejectedWithTheRegistrysReason) {
  auto checker = Checker(Options());
  regions::VatIdCheck check = checker->Check(kDeregisteredDe);
  EXPECT_FALSE(check.valid);
  EXPECT_THAT(check.reason, HasSubstr("not registered according to VIES"));
  // Its check digits alone would have passed: the registry decided.
  EXPECT_TRUE(regions::CheckVatIdOffline(kDeregisteredDe).valid);
}

TEST_F(RegistryTest, NorthernIrelandIsAskedOfVies) {
  auto checker = Checker(Options());
  regions::VatIdCheck check = checker->Check(kDeregisteredXi);
  EXPECT_FALSE(check.valid);
  EXPECT_THAT(check.reason, HasSubstr("VIES"));
  RequestCounts counts = Counts();
  EXPECT_EQ(counts.vies, 1);
  EXPECT_EQ(counts.hmrc_lookup, 0);
}

TEST_F(RegistryTest, BadCheckDigitsMakeNoRequest) {
  auto checker = Checker(Options());
  EXPECT_FALSE(checker->Check("DE136695977").valid);
  EXPECT_FALSE(checker->Check("GB100000088").valid);
  RequestCounts counts = Counts();
  EXPECT_EQ(counts.vies, 0);
  EXPECT_EQ(counts.hmrc_token, 0);
  EXPECT_EQ(counts.hmrc_lookup, 0);
}

TEST_F(RegistryTest, ViesDownChargesVatUnderTheDefaultPolicy) {
  RegistryCheckerOptions options = Options();
  ASSERT_EQ(options.when_unavailable, WhenUnavailable::kChargeVat);
  auto checker = Checker(std::move(options));
  regions::VatIdCheck check = checker->Check(kViesDown);
  EXPECT_FALSE(check.valid);
  EXPECT_THAT(check.reason, HasSubstr("MS_UNAVAILABLE"));
  EXPECT_THAT(check.reason, HasSubstr("could not be asked"));
  // An outage is not cached: the next quote asks again.
  checker->Check(kViesDown);
  EXPECT_EQ(Counts().vies, 2);
}

TEST_F(RegistryTest, ViesDownAcceptsCheckedDigitsWhenConfigured) {
  RegistryCheckerOptions options = Options();
  options.when_unavailable = WhenUnavailable::kAcceptCheckedDigits;
  auto checker = Checker(std::move(options));
  regions::VatIdCheck check = checker->Check(kViesDown);
  EXPECT_TRUE(check.valid) << check.reason;
  EXPECT_EQ(Counts().vies, 1);
}

TEST_F(RegistryTest, UnreachableRegistryChargesVatQuickly) {
  RegistryCheckerOptions options = Options();
  options.vies = ViesOptions{"http://127.0.0.1:1/vies"};  // nothing listens on port 1
  options.connect_timeout = std::chrono::milliseconds(500);
  auto checker = Checker(std::move(options));
  auto start = std::chrono::steady_clock::now();
  regions::VatIdCheck check = checker->Check(kRegisteredDe);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_FALSE(check.valid);
  EXPECT_THAT(check.reason, HasSubstr("VIES could not be asked"));
}

TEST_F(RegistryTest, AnswersAreCachedForTheTtl) {
  auto checker = Checker(Options());
  EXPECT_TRUE(checker->Check(kRegisteredDe).valid);
  EXPECT_TRUE(checker->Check("de 136 695 976").valid);  // the same ID, normalized
  EXPECT_FALSE(checker->Check(kDeregisteredDe).valid);
  EXPECT_FALSE(checker->Check(kDeregisteredDe).valid);  // "not registered" is cached too
  EXPECT_EQ(Counts().vies, 2);
  now_ += std::chrono::seconds(3600);  // the TTL has passed
  EXPECT_TRUE(checker->Check(kRegisteredDe).valid);
  EXPECT_EQ(Counts().vies, 3);
}

TEST_F(RegistryTest, ConcurrentChecksShareTheCache) {
  auto checker = Checker(Options());
  ASSERT_TRUE(checker->Check(kRegisteredDe).valid);
  std::vector<std::thread> threads;
  std::atomic<int> valid{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 50; ++j) valid += checker->Check(kRegisteredDe).valid ? 1 : 0;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(valid.load(), 400);
  EXPECT_EQ(Counts().vies, 1);
}

TEST_F(RegistryTest, GbIdsAreAskedOfHmrcWithOneToken) {
  auto checker = Checker(Options());
  regions::VatIdCheck registered = checker->Check(kRegisteredGb);
  EXPECT_TRUE(registered.valid) << registered.reason;
  regions::VatIdCheck deregistered = checker->Check(kDeregisteredGb);
  EXPECT_FALSE(deregistered.valid);
  EXPECT_THAT(deregistered.reason, HasSubstr("not registered according to HMRC (NOT_FOUND)"));
  EXPECT_FALSE(checker->Check(kHmrcDown).valid);
  RequestCounts counts = Counts();
  EXPECT_EQ(counts.hmrc_lookup, 3);
  EXPECT_EQ(counts.hmrc_token, 1);  // fetched once, reused
  EXPECT_EQ(counts.vies, 0);
}

TEST_F(RegistryTest, HmrcTokenIsRenewedBeforeItExpires) {
  auto checker = Checker(Options());
  EXPECT_TRUE(checker->Check(kRegisteredGb).valid);
  now_ += std::chrono::hours(1) + std::chrono::minutes(30);  // past the cache TTL only
  EXPECT_TRUE(checker->Check(kRegisteredGb).valid);
  EXPECT_EQ(Counts().hmrc_token, 1);
  now_ += std::chrono::hours(3);  // the sandbox's token lives 4 hours
  EXPECT_TRUE(checker->Check(kRegisteredGb).valid);
  RequestCounts counts = Counts();
  EXPECT_EQ(counts.hmrc_token, 2);
  EXPECT_EQ(counts.hmrc_lookup, 3);
}

TEST_F(RegistryTest, HmrcDownFollowsThePolicy) {
  auto charging = Checker(Options());
  regions::VatIdCheck check = charging->Check(kHmrcDown);
  EXPECT_FALSE(check.valid);
  EXPECT_THAT(check.reason, HasSubstr("HMRC could not be asked (HTTP 500"));
  RegistryCheckerOptions options = Options();
  options.when_unavailable = WhenUnavailable::kAcceptCheckedDigits;
  EXPECT_TRUE(Checker(std::move(options))->Check(kHmrcDown).valid);
}

TEST_F(RegistryTest, RefusedCredentialsChargeVatAndNeverShowTheSecret) {
  RegistryCheckerOptions options = Options();
  options.hmrc->client_secret = Secret("wrong-secret");
  auto checker = Checker(std::move(options));
  regions::VatIdCheck check = checker->Check(kRegisteredGb);
  EXPECT_FALSE(check.valid);
  EXPECT_THAT(check.reason, HasSubstr("HTTP 401"));
  EXPECT_THAT(check.reason, Not(HasSubstr("wrong-secret")));
  EXPECT_EQ(Counts().hmrc_lookup, 0);
}

TEST_F(RegistryTest, UnconfiguredRegistryKeepsTheOfflineAnswer) {
  RegistryCheckerOptions options = Options();
  options.vies.reset();
  auto checker = Checker(std::move(options));
  EXPECT_TRUE(checker->Check(kDeregisteredDe).valid);  // as before this checker
  EXPECT_EQ(Counts().vies, 0);
}

TEST(RegistryVatIdCheckerCreate, HmrcNeedsCredentials) {
  RegistryCheckerOptions options;
  options.hmrc = HmrcOptions{"https://api.service.hmrc.gov.uk", "id", Secret()};
  EXPECT_FALSE(RegistryVatIdChecker::Create(std::move(options)).ok());
}

}  // namespace
}  // namespace mg::vat_check::testing
