// Parses one item of a `rules:` list into a typed Rule (docs/markets.md,
// "Rules"). Strict: unknown kinds, unknown fields, out-of-range ages and
// malformed amounts are errors with file, line, column and field path.
#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "currency/decimal.h"
#include "regions/rules.h"

namespace mg::regions {
namespace {

constexpr int kMaxAge = 150;

const std::vector<std::string>& KnownKinds() {
  static const std::vector<std::string> kinds = {
      "age_gate",    "spending_limit", "sca",          "digital_content_consent",
      "ad_category", "ad_targeting",   "ad_disclosure"};
  return kinds;
}

const std::vector<std::string>& ActionNames() {
  static const std::vector<std::string> names = {"buy_coins", "send_gift", "buy_goods", "book_ad",
                                                 "receive_gift"};
  return names;
}

const std::vector<std::string>& AdCategoryNames() {
  static const std::vector<std::string> names = {
      "political", "gambling", "alcohol", "hfss_food", "financial", "accounting_tax", "tobacco",
      "weapons",   "drugs",    "adult",   "crypto",    "dating",    "other"};
  return names;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

template <typename Enum>
Enum EnumAt(const std::vector<std::string>& names, const std::string& name) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return static_cast<Enum>(0);
}

// An integer in [min, max]; outside it, an error at the field ("<what> 151
// is outside 0-150") and nullopt.
std::optional<int> ReadIntInRange(FieldReader& reader, const std::string& key, bool required,
                                  int64_t min, int64_t max, const std::string& what) {
  std::optional<int64_t> value = required ? reader.RequiredInt(key) : reader.OptionalInt(key);
  if (!value) return std::nullopt;
  if (*value < min || *value > max) {
    reader.context().Child(key).Error(reader.Get(key), what + " " + std::to_string(*value) +
                                                           " is outside " + std::to_string(min) +
                                                           "-" + std::to_string(max));
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

// An age in 0..150; errors name the field.
std::optional<int> ReadAge(FieldReader& reader, const std::string& key, bool required) {
  return ReadIntInRange(reader, key, required, 0, kMaxAge, "age");
}

// An amount string in the market currency, as minor units. YAML numbers are
// refused: a float would lose exactness, so amounts are always quoted.
std::optional<int64_t> ReadAmount(FieldReader& reader, const std::string& key,
                                  CurrencyCode currency, bool required) {
  std::optional<std::string> text =
      required ? reader.RequiredString(key) : reader.OptionalString(key);
  if (!text) return std::nullopt;
  YAML::Node node = reader.Get(key);
  NodeContext where = reader.context().Child(key);
  if (node.Tag() == "?") {
    where.Error(node, "amount " + *text + " must be a quoted string (\"" + *text +
                          "\"), not a YAML number");
    return std::nullopt;
  }
  Result<Money> money = ParseMoney(*text, currency);
  if (!money.ok()) {
    where.Error(node, money.status().message() + " (market currency " + currency.str() + ")");
    return std::nullopt;
  }
  if (money->is_negative()) {
    where.Error(node, "amount '" + *text + "' must not be negative");
    return std::nullopt;
  }
  return money->minor_units();
}

// A non-empty list of actions. receive_gift is about the creator, not the
// customer: only an age gate may govern it, and only on its own, so that no
// rule ever reads one person's age for the other's action.
std::vector<Action> ReadActions(FieldReader& reader, bool age_gate = false) {
  std::vector<Action> actions;
  NodeContext where = reader.context().Child("actions");
  if (!reader.Has("actions")) {
    reader.Get("actions");
    where.Error(reader.node(), "required field 'actions' is missing (one or more of: " +
                                   JoinNames(ActionNames()) + ")");
    return actions;
  }
  std::optional<std::vector<std::string>> names = reader.OptionalStringList("actions");
  if (!names) return actions;
  YAML::Node list = reader.Get("actions");
  if (names->empty()) where.Error(list, "at least one action is required");
  for (size_t i = 0; i < names->size(); ++i) {
    const std::string& name = (*names)[i];
    bool known = false;
    for (const auto& n : ActionNames()) known = known || n == name;
    if (!known) {
      where.Index(i).Error(
          list[i], "unknown action '" + name + "'; expected one of: " + JoinNames(ActionNames()));
      continue;
    }
    actions.push_back(EnumAt<Action>(ActionNames(), name));
  }
  const bool receives =
      std::find(actions.begin(), actions.end(), Action::kReceiveGift) != actions.end();
  if (receives && !age_gate) {
    where.Error(list,
                "receive_gift (the creator's side of a gift) can only be governed by an "
                "age_gate rule");
  } else if (receives && actions.size() > 1) {
    where.Error(list,
                "receive_gift concerns the creator's age, the other actions the "
                "customer's: declare them in two rules");
  }
  return actions;
}

AgeGateRule ParseAgeGate(FieldReader& reader) {
  AgeGateRule rule;
  rule.actions = ReadActions(reader, /*age_gate=*/true);
  rule.min_age = ReadAge(reader, "min_age", /*required=*/true).value_or(0);
  std::optional<std::string> unknown =
      reader.OptionalEnum("unknown_age", {"deny", "require_verification"});
  if (unknown && *unknown == "require_verification") {
    rule.unknown_age = AgeGateRule::UnknownAge::kRequireVerification;
  }
  return rule;
}

SpendingLimitRule ParseSpendingLimit(FieldReader& reader, CurrencyCode currency) {
  SpendingLimitRule rule;
  rule.actions = ReadActions(reader);
  bool any = false;
  reader.ForEachItem(
      "brackets",
      [&](const YAML::Node& node, NodeContext context) {
        any = true;
        FieldReader item(node, context);
        if (!item.valid()) return;
        SpendingBracket bracket;
        bracket.min_age = ReadAge(item, "min_age", /*required=*/true).value_or(0);
        bracket.max_age = ReadAge(item, "max_age", /*required=*/false);
        if (bracket.max_age && *bracket.max_age < bracket.min_age) {
          context.Child("max_age").Error(
              item.Get("max_age"), "max_age " + std::to_string(*bracket.max_age) +
                                       " is below min_age " + std::to_string(bracket.min_age));
        }
        bracket.per_transaction = ReadAmount(item, "per_transaction", currency, false);
        bracket.per_day = ReadAmount(item, "per_day", currency, false);
        bracket.per_month = ReadAmount(item, "per_month", currency, false);
        if (!bracket.per_transaction && !bracket.per_day && !bracket.per_month &&
            !item.Has("per_transaction") && !item.Has("per_day") && !item.Has("per_month")) {
          context.Error(node,
                        "a bracket needs at least one of per_transaction, per_day, "
                        "per_month");
        }
        item.Finish();
        rule.brackets.push_back(bracket);
      },
      /*required=*/true);
  if (reader.Has("brackets") && !any) {
    reader.context()
        .Child("brackets")
        .Error(reader.Get("brackets"), "at least one bracket is required");
  }
  return rule;
}

ScaRule ParseSca(FieldReader& reader, CurrencyCode currency) {
  static const std::vector<std::string> regimes = {"psd2", "uk_rts", "rbi_afa", "scheme_3ds"};
  ScaRule rule;
  std::optional<std::string> regime = reader.RequiredEnum("regime", regimes);
  if (regime) rule.regime = EnumAt<ScaRule::Regime>(regimes, *regime);
  rule.actions = ReadActions(reader);
  YAML::Node exemption = reader.Get("low_value_exemption");
  if (exemption.IsDefined()) {
    FieldReader item(exemption, reader.context().Child("low_value_exemption"));
    if (item.valid()) {
      ScaRule::LowValueExemption lve;
      lve.max_amount = ReadAmount(item, "max_amount", currency, true).value_or(0);
      lve.cumulative_amount = ReadAmount(item, "cumulative_amount", currency, true).value_or(0);
      lve.cumulative_count =
          ReadIntInRange(item, "cumulative_count", true, 1, 1000, "cumulative_count").value_or(0);
      item.Finish();
      rule.low_value_exemption = lve;
    }
  }
  YAML::Node mandate = reader.Get("recurring_mandate");
  if (mandate.IsDefined()) {
    FieldReader item(mandate, reader.context().Child("recurring_mandate"));
    if (item.valid()) {
      ScaRule::RecurringMandate recurring;
      recurring.max_unauthenticated_debit =
          ReadAmount(item, "max_unauthenticated_debit", currency, true).value_or(0);
      recurring.pre_debit_notice_hours =
          ReadIntInRange(item, "pre_debit_notice_hours", true, 0, 24 * 30, "pre_debit_notice_hours")
              .value_or(0);
      item.Finish();
      rule.recurring_mandate = recurring;
    }
  }
  return rule;
}

AdCategoryRule ParseAdCategory(FieldReader& reader) {
  static const std::vector<std::string> policies = {"forbidden", "allowed", "conditional"};
  AdCategoryRule rule;
  std::optional<std::string> category = reader.RequiredEnum("category", AdCategoryNames());
  if (category) rule.category = EnumAt<AdCategory>(AdCategoryNames(), *category);
  std::optional<std::string> policy = reader.RequiredEnum("policy", policies);
  if (policy) rule.policy = EnumAt<AdCategoryRule::Policy>(policies, *policy);
  YAML::Node conditions = reader.Get("conditions");
  NodeContext where = reader.context().Child("conditions");
  if (conditions.IsDefined()) {
    FieldReader item(conditions, where);
    if (item.valid()) {
      rule.licence_required = item.OptionalBool("licence_required").value_or(false);
      rule.min_audience_age = ReadAge(item, "min_audience_age", false);
      rule.brand_only = item.OptionalBool("brand_only").value_or(false);
      item.Finish();
    }
    if (policy && rule.policy != AdCategoryRule::Policy::kConditional) {
      where.Error(conditions,
                  "conditions apply only to policy 'conditional', not '" + *policy + "'");
    }
  }
  bool has_condition = rule.licence_required || rule.min_audience_age || rule.brand_only;
  if (policy && rule.policy == AdCategoryRule::Policy::kConditional && !has_condition &&
      !conditions.IsDefined()) {
    where.Error(reader.node(),
                "policy 'conditional' needs conditions (licence_required, min_audience_age, "
                "brand_only)");
  }
  return rule;
}

AdTargetingRule ParseAdTargeting(FieldReader& reader) {
  AdTargetingRule rule;
  rule.no_profiling_of_minors = reader.OptionalBool("no_profiling_of_minors").value_or(false);
  rule.no_sensitive_data = reader.OptionalBool("no_sensitive_data").value_or(false);
  rule.min_audience_age = ReadAge(reader, "min_audience_age", false);
  rule.personalized_requires_consent =
      reader.OptionalBool("personalized_requires_consent").value_or(false);
  return rule;
}

AdDisclosureRule ParseAdDisclosure(FieldReader& reader) {
  static const std::vector<std::string> targets = {"ad", "paid_partnership"};
  AdDisclosureRule rule;
  std::optional<std::string> applies_to = reader.RequiredEnum("applies_to", targets);
  if (applies_to) rule.applies_to = EnumAt<AdDisclosureRule::AppliesTo>(targets, *applies_to);
  reader.ForEachEntry(
      "labels",
      [&](const std::string& locale, const YAML::Node& node, NodeContext context) {
        if (!node.IsScalar() || node.Scalar().empty()) {
          context.Error(node, "expected the label text for locale '" + locale + "'");
          return;
        }
        rule.labels[locale] = node.Scalar();
      },
      /*required=*/true);
  if (reader.Has("labels") && rule.labels.empty() && reader.Get("labels").IsMap()) {
    reader.context().Child("labels").Error(reader.Get("labels"),
                                           "at least one label (locale: text) is required");
  }
  return rule;
}

std::optional<RuleBody> ParseBody(const std::string& kind, FieldReader& reader,
                                  CurrencyCode currency) {
  if (kind == "age_gate") return ParseAgeGate(reader);
  if (kind == "spending_limit") return ParseSpendingLimit(reader, currency);
  if (kind == "sca") return ParseSca(reader, currency);
  if (kind == "digital_content_consent") return DigitalContentConsentRule{ReadActions(reader)};
  if (kind == "ad_category") return ParseAdCategory(reader);
  if (kind == "ad_targeting") return ParseAdTargeting(reader);
  if (kind == "ad_disclosure") return ParseAdDisclosure(reader);
  return std::nullopt;
}

}  // namespace

const char* ActionName(Action action) {
  switch (action) {
    case Action::kBuyCoins:
      return "buy_coins";
    case Action::kSendGift:
      return "send_gift";
    case Action::kBuyGoods:
      return "buy_goods";
    case Action::kBookAd:
      return "book_ad";
    case Action::kReceiveGift:
      return "receive_gift";
  }
  return "unknown";
}

const char* AdCategoryName(AdCategory category) {
  size_t index = static_cast<size_t>(category);
  if (index >= AdCategoryNames().size()) return "unknown";
  return AdCategoryNames()[index].c_str();
}

std::optional<AdCategory> AdCategoryFromName(std::string_view name) {
  for (size_t i = 0; i < AdCategoryNames().size(); ++i) {
    if (AdCategoryNames()[i] == name) return static_cast<AdCategory>(i);
  }
  return std::nullopt;
}

std::string AdCategoryNameList() { return JoinNames(AdCategoryNames()); }

std::optional<Rule> ParseRule(const YAML::Node& node, const NodeContext& context,
                              CurrencyCode currency) {
  size_t errors_before = context.sink->size();
  FieldReader reader(node, context);
  if (!reader.valid()) return std::nullopt;

  Rule rule;
  rule.declared_in = context.file ? *context.file : "";
  rule.line = node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
  rule.id = reader.RequiredString("id").value_or("");
  rule.disabled = reader.OptionalBool("disabled").value_or(false);
  rule.verified = reader.OptionalBool("verified").value_or(true);
  bool kind_known = true;

  if (rule.disabled) {
    // A switch-off names the rule, why, and where that comes from; kind and
    // legal reference are optional (the pack's rule carries them).
    rule.disabled_reason = reader.RequiredString("reason").value_or("");
    rule.source = reader.RequiredString("source").value_or("");
    rule.legal_reference = reader.OptionalString("legal_reference").value_or("");
    std::optional<std::string> kind = reader.OptionalEnum("kind", KnownKinds());
    kind_known = kind.has_value() || !reader.Has("kind");
    if (kind) {
      rule.kind = *kind;
      if (std::optional<RuleBody> body = ParseBody(*kind, reader, currency)) rule.body = *body;
    }
  } else {
    rule.legal_reference = reader.RequiredString("legal_reference").value_or("");
    rule.source = reader.RequiredString("source").value_or("");
    if (reader.Has("reason")) {
      reader.context().Child("reason").Error(reader.Get("reason"),
                                             "'reason' is only allowed with 'disabled: true'");
    }
    std::optional<std::string> kind = reader.RequiredEnum("kind", KnownKinds());
    kind_known = kind.has_value();
    if (kind) {
      rule.kind = *kind;
      if (std::optional<RuleBody> body = ParseBody(*kind, reader, currency)) rule.body = *body;
    }
  }
  // With an unknown kind its fields cannot be checked; the kind error says it all.
  if (kind_known) reader.Finish();
  if (context.sink->size() != errors_before) return std::nullopt;
  return rule;
}

}  // namespace mg::regions
