// The `sandbox` provider kind: the in-process test double, whose outcomes the
// payment token decides (docs/sandbox.md). It moves no money, so it exists
// only where a config names it (`kind: sandbox`); it sends no webhooks.
#include "gateway/providers/provider_registry.h"
#include "sandbox/sandbox_provider.h"

namespace mg::providers {

ProviderKind SandboxKind() {
  ProviderKind kind;
  kind.name = "sandbox";
  kind.factory = &MakeSandboxProvider;
  kind.settings = {"action_base_url"};
  return kind;
}

}  // namespace mg::providers
