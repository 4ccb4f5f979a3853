// The `invoice` adapter: pay by invoice (ad bookings on payment terms). No
// provider is called: Authorize approves at once with a receivable whose due
// date is the booking date (today, by the configured clock, UTC) plus the
// terms (request.invoice_terms_days, else the "terms_days" setting, default
// 30). Capture, Void and Refund are bookkeeping only and approve.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "gateway/providers/payment_provider.h"
#include "gateway/providers/provider_registry.h"

namespace mg::providers {

class InvoiceProvider final : public PaymentProvider {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  InvoiceProvider(std::string id, int default_terms_days, Clock clock);

  std::string_view id() const override { return id_; }
  Result<PaymentResult> Authorize(const AuthorizeRequest& request) const override;
  Result<PaymentResult> Capture(const CaptureRequest& request) const override;
  Result<PaymentResult> Void(const VoidRequest& request) const override;
  Result<PaymentResult> Refund(const RefundRequest& request) const override;
  Result<PaymentResult> GetStatus(const StatusRequest& request) const override;

 private:
  PaymentResult Approved(const std::string& reference, const char* status) const;

  std::string id_;
  int default_terms_days_;
  Clock clock_;
};

// Builds the adapter from its validated config (the invoice kind's factory,
// invoice_kind.cc). Errors (kInvalidArgument): a setting it needs is missing or bad.
Result<std::unique_ptr<PaymentProvider>> MakeInvoiceProvider(const ProviderConfig& config);

}  // namespace mg::providers
