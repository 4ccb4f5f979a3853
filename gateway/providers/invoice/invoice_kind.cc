// The `invoice` provider kind: ad bookings on payment terms, invoiced by the
// platform itself (no external provider, no webhooks).
#include "gateway/providers/provider_registry.h"
#include "invoice/invoice_provider.h"

namespace mg::providers {

ProviderKind InvoiceKind() {
  ProviderKind kind;
  kind.name = "invoice";
  kind.factory = &MakeInvoiceProvider;
  kind.settings = {"terms_days"};
  // Every market's ad bookings on invoice terms route to it.
  kind.implicit_instance = true;
  // Advertisers are invoiced; no customer pays through it.
  kind.customer_payments = false;
  return kind;
}

}  // namespace mg::providers
