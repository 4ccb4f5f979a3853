// Shared wording of check reasons: they are read by auditors, so they say
// what was compared with what, in plain words.
#include "rule_checks.h"

namespace mg::compliance {

std::string ActionPhrase(regions::Action action) {
  switch (action) {
    case regions::Action::kBuyCoins:
      return "buying coins";
    case regions::Action::kSendGift:
      return "sending gifts";
    case regions::Action::kBuyGoods:
      return "buying goods";
    case regions::Action::kBookAd:
      return "booking ads";
    case regions::Action::kReceiveGift:
      return "receiving gifts";
  }
  return "this action";
}

std::string ActionsPhrase(const std::set<regions::Action>& actions) {
  std::string out;
  for (regions::Action action : actions) {
    out += (out.empty() ? "" : " and ") + ActionPhrase(action);
  }
  return out.empty() ? "nothing the rules govern" : out;
}

std::set<regions::Action> Governed(const std::vector<regions::Action>& governed,
                                   const std::set<regions::Action>& actions) {
  std::set<regions::Action> out;
  for (regions::Action action : governed) {
    if (actions.count(action)) out.insert(action);
  }
  return out;
}

std::string NotGovernedReason(const std::vector<regions::Action>& governed,
                              const std::set<regions::Action>& actions) {
  std::set<regions::Action> listed(governed.begin(), governed.end());
  return "governs " + ActionsPhrase(listed) + "; this request is " + ActionsPhrase(actions);
}

std::string Amount(const RuleFacts& facts, int64_t minor_units) {
  return facts.market.FormatDefault(Money(minor_units, facts.market.currency()));
}

}  // namespace mg::compliance
