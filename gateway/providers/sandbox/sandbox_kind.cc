// The `sandbox` provider kind: the in-process test double, whose outcomes the
// payment token decides (docs/sandbox.md). It sends no webhooks.
#include "gateway/providers/provider_registry.h"
#include "sandbox/sandbox_provider.h"

namespace mg::providers {

ProviderKind SandboxKind() {
  ProviderKind kind;
  kind.name = "sandbox";
  kind.factory = &MakeSandboxProvider;
  kind.settings = {"action_base_url"};
  // The payment routes' fallback_provider names it.
  kind.implicit_instance = true;
  return kind;
}

}  // namespace mg::providers
