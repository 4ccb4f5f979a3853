// Regulatory rules as typed, immutable data, parsed from the `rules:` lists of
// market files and packs (see docs/markets.md, "Rules"). The compliance layer
// evaluates them; this layer only loads and validates them. A rule kind or a
// field the engine does not know is a load error, never ignored.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/yaml_reader.h"
#include "currency/money.h"

namespace mg::regions {

// What a request does; rules name the actions they govern. kReceiveGift is
// the creator's side of a gift: an age gate on it reads the creator's age.
enum class Action { kBuyCoins, kSendGift, kBuyGoods, kBookAd, kReceiveGift };
const char* ActionName(Action action);  // "buy_coins", ...

struct AgeGateRule {
  std::vector<Action> actions;
  int min_age = 0;
  enum class UnknownAge { kDeny, kRequireVerification } unknown_age = UnknownAge::kDeny;
};

struct SpendingBracket {
  int min_age = 0;
  std::optional<int> max_age;  // inclusive
  // Amounts in the market currency, minor units.
  std::optional<int64_t> per_transaction;
  std::optional<int64_t> per_day;    // rolling 24 hours
  std::optional<int64_t> per_month;  // rolling 30 days
};
struct SpendingLimitRule {
  std::vector<Action> actions;
  std::vector<SpendingBracket> brackets;
};

struct ScaRule {
  enum class Regime { kPsd2, kUkRts, kRbiAfa, kScheme3ds } regime = Regime::kPsd2;
  std::vector<Action> actions;
  struct LowValueExemption {
    int64_t max_amount = 0;         // minor units; the amount must be strictly below
    int64_t cumulative_amount = 0;  // minor units since the last SCA, inclusive
    int cumulative_count = 0;       // transactions since the last SCA must be fewer
  };
  std::optional<LowValueExemption> low_value_exemption;
  // Recurring payments under a mandate the customer registered (India's
  // e-mandates): the registration is authenticated; a later debit of at most
  // max_unauthenticated_debit runs without authentication when the customer
  // was notified of it at least pre_debit_notice_hours before. Absent: a
  // recurring payment is authenticated like any other.
  struct RecurringMandate {
    int64_t max_unauthenticated_debit = 0;  // minor units, inclusive
    int pre_debit_notice_hours = 0;
  };
  std::optional<RecurringMandate> recurring_mandate;
};

struct DigitalContentConsentRule {
  std::vector<Action> actions;
};

enum class AdCategory {
  kPolitical,
  kGambling,
  kAlcohol,
  kHfssFood,
  kFinancial,
  kAccountingTax,
  kTobacco,
  kWeapons,
  kDrugs,
  kAdult,
  kCrypto,
  kDating,
  kOther
};
const char* AdCategoryName(AdCategory category);
// The category named `name` ("alcohol"); nullopt for an unknown name.
std::optional<AdCategory> AdCategoryFromName(std::string_view name);
// "political, gambling, ...": every category name, for error messages.
std::string AdCategoryNameList();

struct AdCategoryRule {
  AdCategory category = AdCategory::kOther;
  enum class Policy { kForbidden, kAllowed, kConditional } policy = Policy::kAllowed;
  bool licence_required = false;
  std::optional<int> min_audience_age;
  bool brand_only = false;
};

struct AdTargetingRule {
  bool no_profiling_of_minors = false;
  bool no_sensitive_data = false;
  std::optional<int> min_audience_age;
  bool personalized_requires_consent = false;
};

struct AdDisclosureRule {
  enum class AppliesTo { kAd, kPaidPartnership } applies_to = AppliesTo::kAd;
  std::map<std::string, std::string> labels;  // locale tag -> label text
};

using RuleBody = std::variant<AgeGateRule, SpendingLimitRule, ScaRule, DigitalContentConsentRule,
                              AdCategoryRule, AdTargetingRule, AdDisclosureRule>;

struct Rule {
  std::string id;
  std::string kind;  // the YAML kind name, e.g. "age_gate"
  RuleBody body;
  std::string legal_reference;
  std::string source;
  bool verified = true;
  bool disabled = false;  // switched off by a market with a reason
  std::string disabled_reason;
  std::string declared_in;  // file that declared the effective version
  int line = 0;             // where, for the compliance report
};

// Parses one item of a `rules:` list. Amounts are read in `currency` (the
// market's); a pack's rules are parsed again for each market that includes
// them, so amounts always mean the including market's currency.
// Errors go to `context.sink`; returns nullopt when the item is unusable.
std::optional<Rule> ParseRule(const YAML::Node& node, const NodeContext& context,
                              CurrencyCode currency);

}  // namespace mg::regions
