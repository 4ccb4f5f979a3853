#include "adyen/adyen_provider.h"

#include <utility>

#include "adyen/adyen_three_ds.h"
#include "gateway/providers/provider_http.h"
#include "gateway/providers/provider_registry.h"

namespace mg::providers {

AdyenProvider::AdyenProvider(std::string id, adyen::AdyenAccount account, Secret api_key,
                             std::shared_ptr<outbound::HttpClient> http,
                             std::optional<adyen::TransferAccount> transfers)
    : id_(std::move(id)),
      account_(std::move(account)),
      api_key_(std::move(api_key)),
      http_(std::move(http)),
      transfers_(std::move(transfers)) {}

PaymentResult AdyenProvider::Call(outbound::HttpRequest request, const std::string& idempotency_key,
                                  Mapper map) const {
  request.headers.emplace_back("X-API-Key", api_key_.reveal());
  if (!idempotency_key.empty()) request.headers.emplace_back("Idempotency-Key", idempotency_key);
  outbound::HttpResult http = http_->Send(request);
  if (!http.ok()) return MapTransportFailure(id_, http);
  return map(id_, http.response);
}

Result<PaymentResult> AdyenProvider::Authorize(const AuthorizeRequest& request) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http, adyen::BuildPayment(account_, request));
  PaymentResult first = Call(std::move(http), request.idempotency_key, &adyen::MapPaymentResponse);
  // Only a payment that claimed an exemption is retried: with kAuthenticate
  // 3-D Secure was already asked, and with kNone the shopper is not in
  // session to authenticate.
  if (first.decline_reason != DeclineReason::kAuthenticationRequired ||
      request.sca.ask != ScaAsk::kLowValueExemption) {
    return first;
  }
  AuthorizeRequest retry = adyen::AuthenticationRetryOf(request);
  MG_ASSIGN_OR_RETURN(
      outbound::HttpRequest again,
      adyen::BuildPayment(account_, retry, adyen::PaymentAttempt::kAfterSoftDecline));
  return Call(std::move(again), retry.idempotency_key, &adyen::MapPaymentResponse);
}

Result<PaymentResult> AdyenProvider::CompleteAction(const CompleteActionRequest& request) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http, adyen::BuildPaymentDetails(account_, request));
  PaymentResult r = Call(std::move(http), request.idempotency_key, &adyen::MapPaymentResponse);
  if (r.provider_reference.empty()) r.provider_reference = request.provider_reference;
  return r;
}

Result<PaymentResult> AdyenProvider::Capture(const CaptureRequest& request) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http, adyen::BuildCapture(account_, request));
  return Call(std::move(http), request.idempotency_key, &adyen::MapModificationResponse);
}

Result<PaymentResult> AdyenProvider::Void(const VoidRequest& request) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http, adyen::BuildCancel(account_, request));
  return Call(std::move(http), request.idempotency_key, &adyen::MapModificationResponse);
}

Result<PaymentResult> AdyenProvider::Refund(const RefundRequest& request) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http, adyen::BuildRefund(account_, request));
  return Call(std::move(http), request.idempotency_key, &adyen::MapModificationResponse);
}

Result<PaymentResult> AdyenProvider::GetStatus(const StatusRequest& request) const {
  PaymentResult r;
  r.provider = id_;
  r.provider_reference = request.provider_reference;
  r.outcome = Outcome::kPending;
  r.ambiguous = request.provider_reference.empty();
  r.message = "Adyen has no payment lookup; the outcome arrives by webhook";
  return r;
}

Result<PaymentResult> AdyenProvider::Payout(const PayoutRequest& request) const {
  if (!transfers_) {
    return Status(ErrorCode::kFailedPrecondition,
                  "Adyen instance '" + id_ +
                      "' has no payouts configured: set settings.transfers_base_url and "
                      "settings.balance_account_id");
  }
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http, adyen::BuildTransfer(*transfers_, request));
  return Call(std::move(http), request.idempotency_key, &adyen::MapTransferResponse);
}

Result<PaymentResult> AdyenProvider::GetPayoutStatus(const PayoutStatusRequest& request) const {
  if (!transfers_) return PaymentProvider::GetPayoutStatus(request);
  if (request.provider_reference.empty()) {
    // GET /transactions lists booked movements of a balance account by
    // time, and no endpoint finds a transfer by our reference, so nothing
    // here can prove a payout absent. Its webhook (which carries the
    // reference) or Payout again with the same key decides.
    PaymentResult r;
    r.provider = id_;
    r.outcome = Outcome::kPending;
    r.ambiguous = true;
    r.message = "Adyen finds no transfer by reference; await its webhook or resend with the key";
    return r;
  }
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http,
                      adyen::BuildGetTransfer(*transfers_, request.provider_reference));
  PaymentResult r = Call(std::move(http), "", &adyen::MapTransferResponse);
  // Adyen's own 404 (its problem object names an error code), not a
  // proxy's or a wrong base URL's: proof that there is no such transfer.
  if (r.http_status == 404 && !r.provider_code.empty()) r.outcome = Outcome::kNotFound;
  return r;
}

Result<std::unique_ptr<PaymentProvider>> MakeAdyenProvider(const ProviderConfig& config) {
  if (config.api_key.empty()) return InvalidArgument("Adyen needs api_key", "api_key");
  auto account = config.settings.find("merchant_account");
  if (account == config.settings.end() || account->second.empty()) {
    return InvalidArgument("Adyen needs settings.merchant_account", "settings.merchant_account");
  }
  // No default: the test endpoint would take live traffic without a word,
  // and a live account has its own URL prefix.
  if (config.base_url.empty()) {
    return InvalidArgument(
        "Adyen needs base_url: https://checkout-test.adyen.com for the test environment, or the "
        "live endpoint with your account's prefix "
        "(https://<prefix>-checkout-live.adyenpayments.com/checkout)",
        "base_url");
  }
  adyen::AdyenAccount acct{config.base_url, account->second};
  MG_ASSIGN_OR_RETURN(std::optional<adyen::TransferAccount> transfers,
                      adyen::TransferAccountOf(config.settings));
  MG_ASSIGN_OR_RETURN(std::shared_ptr<outbound::HttpClient> http,
                      outbound::HttpClient::Create(config.http));
  return std::unique_ptr<PaymentProvider>(std::make_unique<AdyenProvider>(
      config.id, std::move(acct), config.api_key, std::move(http), std::move(transfers)));
}

}  // namespace mg::providers
