// GET /_sandbox/ledger: what the sandbox did, for tests and audits
// (docs/sandbox.md, "The ledger").
#pragma once

#include <string>

#include "gateway/sandbox/emulator.h"

namespace mg::sandbox {

std::string LedgerJson(Ledger& ledger, const EmulatorConfig& config,
                       std::size_t webhooks_overflowed);

}  // namespace mg::sandbox
