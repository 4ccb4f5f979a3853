// The one list of built-in provider kinds. A new adapter adds its folder
// gateway/providers/<name>/, whose <name>_kind.cc defines
// `ProviderKind <Name>Kind()`, and one line to MG_BUILTIN_PROVIDER_KINDS;
// docs/providers.md has the whole recipe.
#include "gateway/providers/provider_registry.h"

#define MG_BUILTIN_PROVIDER_KINDS(KIND) \
  KIND(Sandbox)                         \
  KIND(Invoice)                         \
  KIND(Stripe)                          \
  KIND(Adyen)                           \
  KIND(Pix)

namespace mg::providers {

#define MG_DECLARE_KIND(Name) ProviderKind Name##Kind();
MG_BUILTIN_PROVIDER_KINDS(MG_DECLARE_KIND)
#undef MG_DECLARE_KIND

ProviderRegistry ProviderRegistry::WithBuiltins() {
  ProviderRegistry registry;
#define MG_ADD_KIND(Name) registry.Add(Name##Kind());
  MG_BUILTIN_PROVIDER_KINDS(MG_ADD_KIND)
#undef MG_ADD_KIND
  return registry;
}

}  // namespace mg::providers
