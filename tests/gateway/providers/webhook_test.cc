#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "adyen/adyen_webhook.h"
#include "base/crypto.h"
#include "fixture.h"
#include "gateway/providers/webhook_event.h"
#include "pix/pix_webhook.h"
#include "stripe/stripe_webhook.h"

namespace mg::providers {
namespace {

using namespace std::chrono_literals;
using testing::ReadFixture;

const Secret kStripeSecret("whsec_test_secret");
// A 64-byte hex key, as Adyen's Customer Area generates.
const Secret kAdyenKey(
    "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"
    "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056");

std::chrono::system_clock::time_point At(int64_t unix_seconds) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds));
}

TEST(StripeWebhookTest, ValidSignatureParses) {
  std::string payload = ReadFixture("stripe", "event_charge_succeeded.json");
  std::string header = stripe::SignPayload(payload, kStripeSecret, 1764072000);
  auto event = stripe::VerifyAndParse(payload, header, kStripeSecret, At(1764072000 + 10));
  ASSERT_TRUE(event.ok()) << event.status().ToString();
  EXPECT_EQ(event->event_id, "evt_3MmlLrLkdIwHu7ix0evt00001");
  EXPECT_EQ(event->outcome, Outcome::kApproved);
  EXPECT_EQ(event->provider_reference, "ch_3MmlLrLkdIwHu7ix0snN0B15");
  EXPECT_EQ(event->merchant_reference, "pur_123");
}

TEST(StripeWebhookTest, KnownHmacVector) {
  // HMAC-SHA256("whsec_test_secret", "1764072000.{}"), computed independently.
  std::string header = stripe::SignPayload("{}", kStripeSecret, 1764072000);
  EXPECT_EQ(header.rfind("t=1764072000,v1=", 0), 0u);
  EXPECT_EQ(header.size(), std::string("t=1764072000,v1=").size() + 64);
}

TEST(StripeWebhookTest, TamperedStaleWrongSecretRejected) {
  std::string payload = ReadFixture("stripe", "event_charge_failed.json");
  std::string header = stripe::SignPayload(payload, kStripeSecret, 1764072000);
  std::string tampered = payload;
  tampered.replace(tampered.find("2000"), 4, "1000");
  EXPECT_EQ(stripe::VerifySignature(tampered, header, kStripeSecret, At(1764072000)).code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(stripe::VerifySignature(payload, header, kStripeSecret, At(1764072000 + 301)).code(),
            ErrorCode::kUnauthenticated);  // stale: outside the 300 s window
  EXPECT_TRUE(stripe::VerifySignature(payload, header, kStripeSecret, At(1764072000 + 299)).ok());
  EXPECT_TRUE(
      stripe::VerifySignature(payload, header, kStripeSecret, At(1764072000 + 900), 1000s).ok());
  EXPECT_FALSE(
      stripe::VerifySignature(payload, header, Secret("whsec_other"), At(1764072000)).ok());
  EXPECT_FALSE(stripe::VerifySignature(payload, "v1=abc", kStripeSecret, At(1764072000)).ok());
  EXPECT_FALSE(stripe::VerifySignature(payload, "", kStripeSecret, At(1764072000)).ok());
  // One matching v1 among several (secret rotation) is enough.
  std::string rotated =
      "t=1764072000,v1=" + std::string(64, '0') + "," + header.substr(header.find("v1="));
  EXPECT_TRUE(stripe::VerifySignature(payload, rotated, kStripeSecret, At(1764072000)).ok());
  auto failed = stripe::ParseEvent(payload);
  EXPECT_EQ(failed->outcome, Outcome::kDeclined);
  EXPECT_EQ(failed->decline_reason, DeclineReason::kInsufficientFunds);
}

std::string SignedAdyenNotification(const Secret& key) {
  std::string body = ReadFixture("adyen", "notification_authorisation.json");
  auto items = adyen::ParseNotification(body);
  std::string hmac = *adyen::ComputeHmac(items->front(), key);
  body.replace(body.find("REPLACED_IN_TEST"), 16, hmac);
  return body;
}

TEST(AdyenWebhookTest, SigningStringAndValidHmac) {
  auto items = adyen::ParseNotification(ReadFixture("adyen", "notification_authorisation.json"));
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(adyen::SigningString(items->front()),
            "7914073381342284::MarketgateECOM:pur_123:1130:EUR:AUTHORISATION:true");
  auto events = adyen::VerifyAndParse(SignedAdyenNotification(kAdyenKey), kAdyenKey);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].outcome, Outcome::kApproved);
  EXPECT_EQ((*events)[0].merchant_reference, "pur_123");
  EXPECT_EQ((*events)[0].event_id, "7914073381342284:AUTHORISATION:true");
  EXPECT_EQ((*events)[0].amount->minor_units(), 1130);
}

TEST(AdyenWebhookTest, TamperedAndWrongKeyRejected) {
  std::string body = SignedAdyenNotification(kAdyenKey);
  std::string tampered = body;
  tampered.replace(tampered.find("1130"), 4, "9130");
  EXPECT_EQ(adyen::VerifyAndParse(tampered, kAdyenKey).status().code(),
            ErrorCode::kUnauthenticated);
  Secret other("00112233445566778899AABBCCDDEEFF");
  EXPECT_EQ(adyen::VerifyAndParse(body, other).status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(adyen::VerifyAndParse(body, Secret("not-hex")).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_FALSE(adyen::VerifyAndParse("{}", kAdyenKey).ok());
}

TEST(PixWebhookTest, ParsesAndVerifiesSandboxSignature) {
  std::string payload = ReadFixture("pix", "webhook_pix.json");
  Secret secret("pix-sandbox-secret");
  std::string header = stripe::SignPayload(payload, secret, 1764072000);
  auto events = pix::VerifyAndParse(payload, header, secret, At(1764072005));
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].event_id, "E12345678202611251200abcdef12345");
  EXPECT_EQ((*events)[0].provider_reference, "7978c0c97ea847e78e8849634473c1f1");
  EXPECT_EQ((*events)[0].outcome, Outcome::kApproved);
  EXPECT_EQ((*events)[0].amount->minor_units(), 12345);
  EXPECT_FALSE(pix::VerifyAndParse(payload, header, secret, At(1764072000 + 400)).ok());
  // Without a configured secret (mTLS-authenticated PSP), it only parses.
  EXPECT_TRUE(pix::VerifyAndParse(payload, "", Secret(), At(0)).ok());
}

TEST(RecentEventsTest, DetectsDuplicatesWithinCapacity) {
  RecentEvents seen(2);
  EXPECT_TRUE(seen.FirstSeen("stripe", "evt_1"));
  EXPECT_FALSE(seen.FirstSeen("stripe", "evt_1"));
  EXPECT_TRUE(seen.FirstSeen("adyen", "evt_1"));   // per provider
  EXPECT_TRUE(seen.FirstSeen("stripe", "evt_2"));  // evicts the oldest
  EXPECT_TRUE(seen.FirstSeen("stripe", "evt_1"));
}

TEST(WebhookCryptoTest, HexAndConstantTimeCompare) {
  EXPECT_EQ(*HexDecode("00ff10"), std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(HexDecode("0g").has_value());
  EXPECT_FALSE(HexDecode("abc").has_value());
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  // RFC 4231 test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace mg::providers
