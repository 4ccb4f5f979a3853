#include "gateway/providers/payment_provider.h"

#include <gtest/gtest.h>

#include "gateway/providers/provider_registry.h"

namespace mg::providers {
namespace {

Money Eur(int64_t minor) { return Money(minor, *CurrencyCode::Parse("EUR")); }

AuthorizeRequest ValidRequest() {
  AuthorizeRequest r{.purchase_id = "p1", .amount = Eur(1234)};
  r.payment_method = "card";
  r.payment_token = "tok_success";
  r.idempotency_key = DeriveIdempotencyKey("p1", 0, Operation::kAuthorize);
  return r;
}

TEST(IdempotencyKeyTest, DeterministicAndDistinct) {
  std::string a = DeriveIdempotencyKey("p1", 0, Operation::kAuthorize);
  EXPECT_EQ(a, DeriveIdempotencyKey("p1", 0, Operation::kAuthorize));
  EXPECT_NE(a, DeriveIdempotencyKey("p1", 1, Operation::kAuthorize));
  EXPECT_NE(a, DeriveIdempotencyKey("p1", 0, Operation::kCapture));
  EXPECT_NE(DeriveIdempotencyKey("a1", 2, Operation::kVoid),
            DeriveIdempotencyKey("a", 12, Operation::kVoid));
  EXPECT_LE(a.size(), 64u);
  EXPECT_EQ(a.rfind("mg-authorize-", 0), 0u);
  EXPECT_TRUE(ValidateIdempotencyKey(a).ok());
}

TEST(CardNumberTest, DetectsLuhnValidNumbers) {
  EXPECT_TRUE(LooksLikeCardNumber("4242424242424242"));
  EXPECT_TRUE(LooksLikeCardNumber("4242 4242 4242 4242"));
  EXPECT_TRUE(LooksLikeCardNumber("4000-0566-5566-5556"));
  EXPECT_TRUE(LooksLikeCardNumber("card:4111111111111111;"));
  EXPECT_FALSE(LooksLikeCardNumber("4242424242424241"));  // fails Luhn
  EXPECT_FALSE(LooksLikeCardNumber("tok_visa"));
  EXPECT_FALSE(LooksLikeCardNumber("12345"));
  EXPECT_FALSE(LooksLikeCardNumber(""));
}

TEST(ValidateAuthorizeRequestTest, RejectsPanAndMissingFields) {
  EXPECT_TRUE(ValidateAuthorizeRequest(ValidRequest()).ok());
  AuthorizeRequest pan = ValidRequest();
  pan.payment_token = "4242424242424242";
  mg::Status s = ValidateAuthorizeRequest(pan);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.param(), "payment_token");
  AuthorizeRequest meta = ValidRequest();
  meta.metadata["note"] = "pan 5555555555554444";
  EXPECT_EQ(ValidateAuthorizeRequest(meta).param(), "metadata.note");
  AuthorizeRequest no_key = ValidRequest();
  no_key.idempotency_key.clear();
  EXPECT_FALSE(ValidateAuthorizeRequest(no_key).ok());
  AuthorizeRequest zero = ValidRequest();
  zero.amount = Eur(0);
  EXPECT_EQ(ValidateAuthorizeRequest(zero).param(), "amount");
}

TEST(ProviderRegistryTest, BuildsConfiguredProviders) {
  ProviderRegistry registry = ProviderRegistry::WithBuiltins();
  EXPECT_NE(registry.Find("sandbox"), nullptr);
  EXPECT_NE(registry.Find("invoice"), nullptr);
  std::vector<ProviderConfig> configs(2);
  configs[0].id = "sandbox";
  configs[0].kind = "sandbox";
  configs[1].id = "invoice_jp";
  configs[1].kind = "invoice";
  auto set = registry.Build(configs);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  ASSERT_NE((*set)->Find("invoice_jp"), nullptr);
  EXPECT_EQ((*set)->Find("invoice_jp")->id(), "invoice_jp");
  ASSERT_NE((*set)->KindOf("invoice_jp"), nullptr);
  EXPECT_EQ((*set)->KindOf("invoice_jp")->name, "invoice");
  EXPECT_EQ((*set)->Find("stripe"), nullptr);
  EXPECT_EQ((*set)->KindOf("stripe"), nullptr);
}

TEST(ProviderRegistryTest, ConfigMayNameOnlyTheSettingsAndSecretsItsKindReads) {
  ProviderRegistry registry = ProviderRegistry::WithBuiltins();
  ProviderConfig adyen;
  adyen.id = "adyen_eu";
  adyen.kind = "adyen";
  adyen.settings["merchant_account"] = "Shop";
  adyen.secrets["hmac_key"] = Secret("00");
  EXPECT_TRUE(registry.CheckConfig(adyen).ok());

  ProviderConfig typo = adyen;
  typo.settings["merchant_acount"] = "Shop";
  Status status = registry.CheckConfig(typo);
  EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.param(), "providers.adyen_eu.settings.merchant_acount");
  EXPECT_NE(status.message().find("unknown setting 'merchant_acount' (known: balance_account_id, "
                                  "merchant_account, transfer_priority, transfers_base_url)"),
            std::string::npos);
  EXPECT_FALSE(registry.Build({typo}).ok());

  ProviderConfig wrong_secret = adyen;
  wrong_secret.secrets["webhook_secret"] = Secret("x");  // Stripe's name, not Adyen's
  EXPECT_EQ(registry.CheckConfig(wrong_secret).param(),
            "providers.adyen_eu.secrets.webhook_secret");
}

// Whatever the rest of the gateway asks of a kind, every built-in record says.
TEST(ProviderRegistryTest, EveryBuiltinKindIsACompleteRecord) {
  ProviderRegistry registry = ProviderRegistry::WithBuiltins();
  EXPECT_EQ(registry.kinds(),
            (std::vector<std::string>{"adyen", "invoice", "pix", "sandbox", "stripe"}));
  for (const std::string& name : registry.kinds()) {
    std::shared_ptr<const ProviderKind> kind = registry.Find(name);
    ASSERT_NE(kind, nullptr);
    EXPECT_EQ(kind->name, name);
    EXPECT_NE(kind->factory, nullptr) << name;
    if (kind->verify_webhook == nullptr) {
      EXPECT_TRUE(kind->payment_events.empty()) << name;
      continue;
    }
    EXPECT_TRUE(kind->secrets.contains(kind->webhook_secret)) << name;
    EXPECT_FALSE(kind->payment_events.empty()) << name;
  }
  EXPECT_EQ(registry.Find("stripe")->signature_header, "Stripe-Signature");
  EXPECT_EQ(registry.Find("adyen")->webhook_secret, "hmac_key");
  EXPECT_TRUE(registry.Find("adyen")->signature_header.empty());  // signed in the body
}

WebhookEvent EventOf(const std::string& type, const std::string& reference) {
  WebhookEvent event;
  event.event_type = type;
  event.provider_reference = reference;
  return event;
}

TEST(ProviderRegistryTest, KindsDecideOnlyTheirEventsAndOnlyWithAReference) {
  std::shared_ptr<const ProviderKind> stripe = ProviderRegistry::WithBuiltins().Find("stripe");
  EXPECT_TRUE(stripe->DecidesPayment(EventOf("charge.succeeded", "ch_1")));
  EXPECT_FALSE(stripe->DecidesRefund(EventOf("charge.succeeded", "ch_1")));
  EXPECT_FALSE(stripe->DecidesPayment(EventOf("refund.updated", "re_1")));
  EXPECT_TRUE(stripe->DecidesRefund(EventOf("refund.updated", "re_1")));
  // charge.refunded names the charge, not the refund: the refund.* events
  // carry the refund object that settles a refund.
  EXPECT_FALSE(stripe->DecidesRefund(EventOf("charge.refunded", "ch_1")));
  EXPECT_FALSE(stripe->DecidesPayment(EventOf("charge.succeeded", "")));
  EXPECT_FALSE(stripe->DecidesPayment(EventOf("AUTHORISATION", "psp")));
}

TEST(ProviderRegistryTest, RejectsUnknownKindAndDuplicates) {
  ProviderRegistry registry = ProviderRegistry::WithBuiltins();
  std::vector<ProviderConfig> unknown(1);
  unknown[0].id = "x";
  unknown[0].kind = "nope";
  EXPECT_FALSE(registry.Build(unknown).ok());
  std::vector<ProviderConfig> twice(2);
  twice[0].id = twice[1].id = "s";
  twice[0].kind = twice[1].kind = "sandbox";
  EXPECT_FALSE(registry.Build(twice).ok());
}

TEST(SecretTest, NeverPrints) {
  Secret secret("sk_test_123");
  std::ostringstream os;
  os << secret;
  EXPECT_EQ(os.str(), "***");
  EXPECT_EQ(secret.reveal(), "sk_test_123");
  EXPECT_EQ(Secret().DebugString(), "<empty>");
}

}  // namespace
}  // namespace mg::providers
