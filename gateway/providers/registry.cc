// The one list of payment adapter kinds. A new adapter adds its folder and
// one line here; nothing registers itself statically (such registrations can
// be dropped by the linker from a static library).
#include "gateway/providers/provider_registry.h"

namespace mg::providers {

ProviderRegistry ProviderRegistry::WithBuiltins() {
  ProviderRegistry registry;
  registry.Add("sandbox", &MakeSandboxProvider);
  registry.Add("invoice", &MakeInvoiceProvider);
  registry.Add("stripe", &MakeStripeProvider);
  registry.Add("adyen", &MakeAdyenProvider);
  registry.Add("pix", &MakePixProvider);
  return registry;
}

}  // namespace mg::providers
