#include "invoice/invoice_provider.h"

#include <charconv>
#include <utility>

namespace mg::providers {
namespace {

constexpr int kMaxTermsDays = 365;

std::string InvoiceReference(const std::string& purchase_id) { return "inv_" + purchase_id; }

}  // namespace

InvoiceProvider::InvoiceProvider(std::string id, int default_terms_days, Clock clock)
    : id_(std::move(id)), default_terms_days_(default_terms_days), clock_(std::move(clock)) {}

PaymentResult InvoiceProvider::Approved(const std::string& reference, const char* status) const {
  PaymentResult r;
  r.provider = id_;
  r.outcome = Outcome::kApproved;
  r.provider_reference = reference;
  r.provider_status = status;
  return r;
}

Result<PaymentResult> InvoiceProvider::Authorize(const AuthorizeRequest& request) const {
  MG_RETURN_IF_ERROR(ValidateAuthorizeRequest(request));
  int terms = request.invoice_terms_days.value_or(default_terms_days_);
  if (terms < 0 || terms > kMaxTermsDays) {
    return InvalidArgument("invoice terms must be 0..365 days", "invoice_terms_days");
  }
  PaymentResult r = Approved(InvoiceReference(request.purchase_id), "issued");
  auto booking = std::chrono::floor<std::chrono::days>(clock_());
  r.receivable = Receivable{r.provider_reference, booking, booking + std::chrono::days(terms)};
  return r;
}

Result<PaymentResult> InvoiceProvider::Capture(const CaptureRequest& request) const {
  return Approved(request.provider_reference, "issued");
}

Result<PaymentResult> InvoiceProvider::Void(const VoidRequest& request) const {
  return Approved(request.provider_reference, "cancelled");
}

Result<PaymentResult> InvoiceProvider::Refund(const RefundRequest& request) const {
  return Approved(request.provider_reference, "credited");
}

Result<PaymentResult> InvoiceProvider::GetStatus(const StatusRequest& request) const {
  return Approved(request.provider_reference.empty() ? InvoiceReference(request.purchase_id)
                                                     : request.provider_reference,
                  "issued");
}

Result<std::unique_ptr<PaymentProvider>> MakeInvoiceProvider(const ProviderConfig& config) {
  int terms = 30;
  if (auto it = config.settings.find("terms_days"); it != config.settings.end()) {
    const std::string& s = it->second;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), terms);
    if (ec != std::errc() || end != s.data() + s.size() || terms < 0 || terms > kMaxTermsDays) {
      return InvalidArgument("terms_days must be an integer 0..365", "settings.terms_days");
    }
  }
  InvoiceProvider::Clock clock = config.clock;
  if (!clock) clock = [] { return std::chrono::system_clock::now(); };
  return std::unique_ptr<PaymentProvider>(
      std::make_unique<InvoiceProvider>(config.id, terms, std::move(clock)));
}

}  // namespace mg::providers
