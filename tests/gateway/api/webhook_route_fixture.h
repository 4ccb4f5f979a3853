// The webhook route's test fixture: signed Stripe, Adyen and Pix bodies
// posted through the pipeline, and purchases and refunds stored as the
// money routes leave them.
#pragma once

#include <boost/json/serialize.hpp>
#include <thread>
#include <vector>

#include "adyen/adyen_webhook.h"
#include "api_test_support.h"
#include "stripe/stripe_webhook.h"

namespace mg::api::testing {

using store::PurchaseState;
using namespace std::chrono_literals;

inline const Secret kStripeSecret("whsec_route_test");
inline const Secret kPixSecret("pix_route_test");
inline const Secret kAdyenKey("44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056");

class WebhookRouteTest : public ApiTest {
 protected:
  void SetUp() override {
    providers::ProviderRegistry kinds = providers::ProviderRegistry::WithBuiltins();
    routes_config_.webhooks["stripe"] = {kinds.Find("stripe"), kStripeSecret,
                                         stripe_connect_secret_};
    routes_config_.webhooks["adyen"] = {kinds.Find("adyen"), kAdyenKey, Secret()};
    routes_config_.webhooks["pix"] = {kinds.Find("pix"), kPixSecret, Secret()};
    routes_config_.webhooks["unsigned"] = {kinds.Find("stripe"), Secret(), Secret()};
    ApiTest::SetUp();
  }

  // The stripe instance's connect_webhook_secret; a test may set it before SetUp().
  Secret stripe_connect_secret_;

  // A purchase as the charge left it: waiting for the provider's word.
  store::Purchase StoredPurchase(const std::string& provider, const std::string& reference,
                                 PurchaseState state = PurchaseState::kPending,
                                 int64_t total = 1130, const std::string& currency = "EUR") {
    store::Purchase purchase;
    purchase.market = currency == "BRL" ? "BR" : "DE";
    purchase.customer_id = "c_webhook";
    purchase.items_json = "[]";
    purchase.quote_json = "{}";
    purchase.currency = currency;
    purchase.subtotal_minor = purchase.total_minor = total;
    purchase.payment_method = "card";
    purchase.provider = provider;
    purchase.provider_reference = reference;
    purchase.state = state;
    if (state == PurchaseState::kSucceeded) purchase.captured_minor = total;
    purchase.created_at_ms = purchase.updated_at_ms = clock_.Now().time_since_epoch() / 1ms;
    Result<store::Purchase> created = store_->CreatePurchase(purchase, {});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : purchase;
  }

  PurchaseState StateOf(const std::string& id) const {
    Result<store::Purchase> purchase = store_->GetPurchase(id);
    EXPECT_TRUE(purchase.ok());
    return purchase.ok() ? purchase->state : PurchaseState::kCreated;
  }

  int64_t NowSeconds() const { return clock_.Now().time_since_epoch() / 1s; }

  static std::string StripeEvent(const std::string& event_id, const std::string& type,
                                 const std::string& charge) {
    return boost::json::serialize(boost::json::object{
        {"id", event_id},
        {"object", "event"},
        {"type", type},
        {"data", {{"object", {{"id", charge}, {"object", "charge"}, {"amount", 1130}}}}}});
  }

  TestResponse PostStripe(const std::string& body, int64_t signed_at) const {
    return Post(
        "/v1/webhooks/stripe", body, {}, {},
        {{"Stripe-Signature", providers::stripe::SignPayload(body, kStripeSecret, signed_at)}});
  }

  static std::string AdyenNotification(const std::string& psp, bool success, int64_t value,
                                       const std::string& merchant_reference = "pur_x",
                                       const std::string& event_code = "AUTHORISATION",
                                       const std::string& original_reference = "") {
    providers::adyen::NotificationItem item;
    item.psp_reference = psp;
    item.original_reference = original_reference;
    item.merchant_account = "MarketgateECOM";
    item.merchant_reference = merchant_reference;
    item.value = value;
    item.currency = "EUR";
    item.event_code = event_code;
    item.success = success ? "true" : "false";
    std::string hmac = *providers::adyen::ComputeHmac(item, kAdyenKey);
    boost::json::object request{{"additionalData", {{"hmacSignature", hmac}}},
                                {"amount", {{"currency", item.currency}, {"value", item.value}}},
                                {"eventCode", item.event_code},
                                {"merchantAccountCode", item.merchant_account},
                                {"merchantReference", item.merchant_reference},
                                {"originalReference", item.original_reference},
                                {"pspReference", item.psp_reference},
                                {"success", item.success}};
    return boost::json::serialize(boost::json::object{
        {"live", "false"},
        {"notificationItems", boost::json::array{{{"NotificationRequestItem", request}}}}});
  }

  // A pending refund of all of a succeeded purchase, as the refund route
  // leaves it when the provider has not decided yet.
  store::Refund PendingRefund(const store::Purchase& purchase, const std::string& reference) {
    store::Refund refund;
    refund.purchase_id = purchase.id;
    refund.currency = purchase.currency;
    refund.amount_minor = purchase.total_minor;
    refund.reason = "requested_by_customer";
    refund.provider_reference = reference;
    refund.created_at_ms = refund.updated_at_ms = clock_.Now().time_since_epoch() / 1ms;
    Result<store::Refund> created = store_->CreateRefund(refund, {});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : refund;
  }

  store::Refund RefundNow(const std::string& id) const {
    Result<store::Refund> refund = store_->GetRefund(id);
    EXPECT_TRUE(refund.ok());
    return refund.ok() ? *refund : store::Refund{};
  }

  int64_t RefundedOf(const std::string& purchase_id) const {
    Result<store::Purchase> purchase = store_->GetPurchase(purchase_id);
    return purchase.ok() ? purchase->refunded_minor : -1;
  }

  static std::string StripeRefundEvent(const std::string& event_id, const std::string& type,
                                       const std::string& refund, const std::string& status,
                                       const std::string& our_refund) {
    return boost::json::serialize(
        boost::json::object{{"id", event_id},
                            {"object", "event"},
                            {"type", type},
                            {"data",
                             {{"object",
                               {{"id", refund},
                                {"object", "refund"},
                                {"amount", 1130},
                                {"status", status},
                                {"metadata", {{"mg_refund_id", our_refund}}}}}}}});
  }

  static std::string PixBody(const std::string& e2e, const std::string& txid,
                             const std::string& valor) {
    return boost::json::serialize(boost::json::object{
        {"pix", boost::json::array{boost::json::object{{"endToEndId", e2e},
                                                       {"txid", txid},
                                                       {"valor", valor},
                                                       {"horario", "2026-06-01T10:00:00.000Z"}}}}});
  }
};

}  // namespace mg::api::testing
