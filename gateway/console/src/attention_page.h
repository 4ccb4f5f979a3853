// GET /console/attention: what is escalated for a person (provider calls
// and payouts still unknown after every check), then what reconciliation is
// still asking providers about (sent, no final answer: maybe charged or
// paid), with what it found last and when it looks again. Ages and counts
// in the operator's locale.
#pragma once

#include <string>

#include "base/status.h"
#include "gateway/store/store.h"
#include "operator_format.h"
#include "sessions.h"

namespace mg::console {

Result<std::string> AttentionBody(store::Store& store, TimePoint now, const OperatorFormat& format);

}  // namespace mg::console
