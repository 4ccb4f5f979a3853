// A rule's parameters in one line of plain words, for the audit report:
// "buy_coins, send_gift: 18 or older; unknown age: verify".
#pragma once

#include <string>

#include "regions/market.h"
#include "regions/rules.h"

namespace mg::compliance {

std::string RuleSummary(const regions::Rule& rule, const regions::Market& market);

}  // namespace mg::compliance
