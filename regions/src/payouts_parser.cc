// `payouts` (docs/markets.md, "Payouts"): how a market's creators are paid.
// Merged by field like `gifting`, so a pack can declare what is common
// (rounding, the tax identity requirement) and a market opens payouts by
// declaring its methods; every figure carries its source or basis.
#include "section_parsers.h"

namespace mg::regions::internal {
namespace {

const SourcedNode* FindField(const MergedLayers& merged, std::string_view field) {
  for (const auto& [name, declared] : merged.payouts) {
    if (name == field) return &declared;
  }
  return nullptr;
}

std::optional<PayoutMethod> ReadMethod(const YAML::Node& node, const NodeContext& context,
                                       const MarketContext& market) {
  FieldReader reader(node, context);
  if (!reader.valid()) return std::nullopt;
  std::optional<std::string> method = RequiredText(reader, "method");
  std::optional<std::string> provider = RequiredText(reader, "provider");
  std::optional<std::string> source = RequiredText(reader, "source");
  bool verified = reader.OptionalBool("verified").value_or(true);
  bool ok = method && provider && source;
  if (ok && market.providers != nullptr) {
    const NodeContext at = context.Child("provider");
    if (market.providers->Find(*provider) == nullptr) {
      at.Error(reader.Get("provider"),
               "unknown provider '" + *provider + "' (not declared in common/providers.yaml)");
      ok = false;
    } else if (!market.providers->SupportsPayout(*provider, *method)) {
      at.Error(reader.Get("provider"), "provider '" + *provider +
                                           "' does not carry payout method '" + *method +
                                           "' (payout_methods in common/providers.yaml)");
      ok = false;
    }
  }
  reader.Finish();
  if (!ok) return std::nullopt;
  return PayoutMethod{*method, *provider, *source, verified};
}

std::optional<std::vector<PayoutMethod>> ReadMethods(const SourcedNode& declared,
                                                     const MarketContext& market) {
  if (!declared.node.IsSequence() || declared.node.size() == 0) {
    declared.context.Error(declared.node, "expected a non-empty list of payout methods");
    return std::nullopt;
  }
  std::vector<PayoutMethod> methods;
  bool ok = true;
  for (size_t i = 0; i < declared.node.size(); ++i) {
    std::optional<PayoutMethod> method =
        ReadMethod(declared.node[i], declared.context.Index(i), market);
    if (!method) {
      ok = false;
      continue;
    }
    for (const PayoutMethod& earlier : methods) {
      if (earlier.method == method->method) {
        declared.context.Index(i).Child("method").Error(
            declared.node[i]["method"], "payout method '" + method->method + "' is declared twice");
        ok = false;
      }
    }
    methods.push_back(std::move(*method));
  }
  if (!ok) return std::nullopt;
  return methods;
}

std::optional<PayoutWithholding> ReadWithholding(const SourcedNode& declared) {
  FieldReader reader(declared.node, declared.context);
  if (!reader.valid()) return std::nullopt;
  std::optional<Decimal> percent = ReadRate(reader, "percent");
  std::optional<std::string> source = RequiredText(reader, "source");
  bool verified = reader.OptionalBool("verified").value_or(true);
  reader.Finish();
  if (!percent || !source) return std::nullopt;
  // ReadRate accepts 0..100; withholding everything would pay nothing.
  int64_t hundred = 100;
  for (int i = 0; i < percent->scale; ++i) hundred *= 10;
  if (percent->coefficient >= hundred) {
    reader.context().Child("percent").Error(reader.Get("percent"),
                                            "withholding must be below 100 %");
    return std::nullopt;
  }
  return PayoutWithholding{*percent, *source, verified};
}

}  // namespace

std::optional<Payouts> ParsePayouts(const MergedLayers& merged, const MarketContext& market) {
  const SourcedNode* methods_node = FindField(merged, "methods");
  if (methods_node == nullptr) return std::nullopt;  // payouts not open in this market
  bool ok = true;
  std::optional<Money> minimum_amount;
  std::string minimum_basis;
  std::optional<PayoutWithholding> withholding_read;
  bool tax_identity_required = true;
  std::string tax_identity_basis;
  RoundingMode rounding_mode = RoundingMode::kHalfUp;

  std::optional<CurrencyCode> currency = market.currency;
  if (const SourcedNode* declared = FindField(merged, "currency")) {
    Result<CurrencyCode> code = declared->node.IsScalar()
                                    ? CurrencyCode::Parse(declared->node.Scalar())
                                    : Result<CurrencyCode>(InvalidArgument("not a scalar"));
    if (code.ok()) {
      currency = *code;
    } else {
      declared->context.Error(declared->node,
                              "expected an ISO 4217 currency code known to ICU, such as BRL");
      currency.reset();
      ok = false;
    }
  }

  std::optional<std::vector<PayoutMethod>> methods = ReadMethods(*methods_node, market);
  ok = ok && methods.has_value();

  const SourcedNode* minimum = FindField(merged, "minimum");
  const SourcedNode* withholding = FindField(merged, "withholding");
  const SourcedNode* tax_identity = FindField(merged, "tax_identity");
  for (auto [node, name] : {std::pair{minimum, "minimum"}, std::pair{withholding, "withholding"},
                            std::pair{tax_identity, "tax_identity"}}) {
    if (node == nullptr) {
      methods_node->context.Error(methods_node->node,
                                  std::string("a market that declares payouts.methods needs "
                                              "payouts.") +
                                      name + " (in the market or a pack)");
      ok = false;
    }
  }
  if (minimum != nullptr) {
    FieldReader reader(minimum->node, minimum->context);
    if (reader.valid()) {
      std::optional<Money> amount = ReadAmount(reader, "amount", true, currency);
      std::optional<std::string> basis = RequiredText(reader, "basis");
      reader.Finish();
      if (amount && amount->minor_units() <= 0) {
        reader.context().Child("amount").Error(reader.Get("amount"),
                                               "the minimum payout must be positive");
        amount.reset();
      }
      if (amount && basis) {
        minimum_amount = *amount;
        minimum_basis = *basis;
      } else {
        ok = false;
      }
    } else {
      ok = false;
    }
  }
  if (withholding != nullptr) {
    withholding_read = ReadWithholding(*withholding);
    ok = ok && withholding_read.has_value();
  }
  if (tax_identity != nullptr) {
    FieldReader reader(tax_identity->node, tax_identity->context);
    if (reader.valid()) {
      std::optional<bool> required = RequiredBool(reader, "required");
      std::optional<std::string> basis = RequiredText(reader, "basis");
      reader.Finish();
      if (required && basis) {
        tax_identity_required = *required;
        tax_identity_basis = *basis;
      } else {
        ok = false;
      }
    } else {
      ok = false;
    }
  }
  if (const SourcedNode* rounding = FindField(merged, "rounding")) {
    Result<RoundingMode> mode = rounding->node.IsScalar()
                                    ? ParseRoundingMode(rounding->node.Scalar())
                                    : Result<RoundingMode>(InvalidArgument("not a scalar"));
    if (mode.ok()) {
      rounding_mode = *mode;
    } else {
      rounding->context.Error(rounding->node,
                              "expected a rounding mode: half_up, half_even, down or up");
      ok = false;
    }
  }
  if (!ok || !currency || !methods || !minimum_amount || !withholding_read) return std::nullopt;
  return Payouts{*currency,
                 *minimum_amount,
                 std::move(minimum_basis),
                 std::move(*methods),
                 std::move(*withholding_read),
                 tax_identity_required,
                 std::move(tax_identity_basis),
                 rounding_mode};
}

}  // namespace mg::regions::internal
