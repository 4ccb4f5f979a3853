#include "regions/tax_engine.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "regions/market_code.h"
#include "tax_factors.h"

namespace mg::regions {
namespace {

using internal::AmountSplit;
using internal::TaxFactors;

// How one request line is taxed, resolved before any arithmetic.
struct LinePlan {
  std::vector<const TaxComponent*> components;
  TaxFactors factors;
  bool inclusive = false;
  bool reverse_charged = false;
  int64_t amount = 0;  // A: unit price * quantity, minor units
};

// Per line: net and each component's tax, filled by the rounding level.
struct LineTaxes {
  int64_t net = 0;
  std::vector<int64_t> taxes;
};

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Whether the customer qualifies for the reverse charge at all (the class
// test is per line); appends a note when a business is charged as a consumer.
bool CustomerQualifies(const TaxRequest& request, const VatIdChecker& checker, bool any_rc_class,
                       std::vector<std::string>& notes) {
  const Market& market = *request.market;
  const TaxCustomer& customer = request.customer;
  if (!customer.business || !market.tax().reverse_charge) return false;
  const ReverseChargeConfig& rc = *market.tax().reverse_charge;
  std::string billing = customer.billing_country.empty() ? std::string(MarketCountry(market.code()))
                                                         : customer.billing_country;
  if (billing == market.entity().country) return false;  // domestic B2B is charged
  if (!any_rc_class) return false;
  if (!Contains(rc.countries, billing)) {
    notes.push_back("Billing country " + billing +
                    " does not qualify for the reverse charge; tax charged");
    return false;
  }
  VatIdCheck check = checker.Check(customer.vat_id);
  if (!check.valid) {
    notes.push_back("VAT ID '" + customer.vat_id + "' rejected: " + check.reason +
                    "; charged as a consumer");
    return false;
  }
  // A number of the right shape may still be no one's: without its check
  // digits (or the tax authority) confirming it, the claim is not proven.
  if (check.format_only) {
    notes.push_back("VAT ID '" + customer.vat_id +
                    "' could be checked for its format only; charged as a consumer");
    return false;
  }
  if (check.country != billing) {
    notes.push_back("VAT ID '" + customer.vat_id + "' rejected: it is from " + check.country +
                    ", not the billing country " + billing + "; charged as a consumer");
    return false;
  }
  return true;
}

Result<std::vector<const TaxComponent*>> ComponentsFor(const Market& market,
                                                       const Subdivision* subdivision,
                                                       const std::string& tax_class, size_t index) {
  const std::vector<TaxComponent>* national = market.FindTaxClass(tax_class);
  if (national == nullptr) {
    return Unprocessable("tax class '" + tax_class + "' is not declared in market " + market.code(),
                         "lines[" + std::to_string(index) + "].tax_class");
  }
  const std::vector<TaxComponent>* local = nullptr;
  if (subdivision != nullptr) {
    auto it = subdivision->classes.find(tax_class);
    if (it != subdivision->classes.end()) local = &it->second;
  }
  std::vector<const TaxComponent*> components;
  if (local == nullptr || !subdivision->replaces_national) {
    for (const auto& c : *national) components.push_back(&c);
  }
  if (local != nullptr) {
    for (const auto& c : *local) components.push_back(&c);
  }
  return components;
}

Result<const Subdivision*> ResolveSubdivision(const TaxRequest& request) {
  const Market& market = *request.market;
  if (!request.subdivision || request.subdivision->empty()) {
    if (market.spec().subdivision_required) {
      return Unprocessable("market " + market.code() + " requires a subdivision (e.g. " +
                               market.spec().subdivisions.begin()->first + ")",
                           "subdivision");
    }
    return static_cast<const Subdivision*>(nullptr);
  }
  const Subdivision* subdivision = market.FindSubdivision(*request.subdivision);
  if (subdivision == nullptr) {
    return Unprocessable(
        "unknown subdivision '" + *request.subdivision + "' in market " + market.code(),
        "subdivision");
  }
  return subdivision;
}

// Line level: each charged line on its own.
Status TaxPerLine(const std::vector<LinePlan>& plans, RoundingMode mode, CurrencyCode currency,
                  std::vector<LineTaxes>& out) {
  for (size_t i = 0; i < plans.size(); ++i) {
    const LinePlan& plan = plans[i];
    if (plan.reverse_charged) continue;
    MG_ASSIGN_OR_RETURN(AmountSplit split, internal::SplitAmount(plan.amount, plan.factors,
                                                                 plan.inclusive, mode, currency));
    out[i].net = split.net;
    out[i].taxes = std::move(split.taxes);
  }
  return Status::Ok();
}

// Invoice level: per group of lines with the same components (per tax rate
// per invoice), then each component's tax spread over the group's lines.
Status TaxPerInvoice(const std::vector<LinePlan>& plans, RoundingMode mode, CurrencyCode currency,
                     std::vector<LineTaxes>& out) {
  std::map<std::pair<std::vector<const TaxComponent*>, bool>, std::vector<size_t>> groups;
  for (size_t i = 0; i < plans.size(); ++i) {
    if (plans[i].reverse_charged) continue;
    groups[{plans[i].components, plans[i].inclusive}].push_back(i);
  }
  for (const auto& [key, members] : groups) {
    const LinePlan& first = plans[members.front()];
    int64_t sum = 0;
    std::vector<int64_t> weights;
    for (size_t i : members) {
      if (__builtin_add_overflow(sum, plans[i].amount, &sum)) {
        return Status(ErrorCode::kOutOfRange, "invoice total out of range");
      }
      weights.push_back(plans[i].amount);
    }
    MG_ASSIGN_OR_RETURN(AmountSplit split,
                        internal::SplitAmount(sum, first.factors, first.inclusive, mode, currency));
    for (size_t i : members) out[i].taxes.assign(first.components.size(), 0);
    for (size_t k = 0; k < first.components.size(); ++k) {
      if (split.taxes[k] == 0) continue;
      MG_ASSIGN_OR_RETURN(std::vector<Money> parts,
                          AllocateByWeights(Money(split.taxes[k], currency), weights));
      for (size_t m = 0; m < members.size(); ++m) {
        out[members[m]].taxes[k] = parts[m].minor_units();
      }
    }
    for (size_t i : members) {
      int64_t tax = 0;
      for (int64_t t : out[i].taxes) tax += t;
      out[i].net = first.inclusive ? plans[i].amount - tax : plans[i].amount;
    }
  }
  return Status::Ok();
}

}  // namespace

TaxEngine::TaxEngine() : checker_(nullptr) {}

TaxEngine::TaxEngine(const VatIdChecker& checker) : checker_(&checker) {}

Result<TaxResult> TaxEngine::Compute(const TaxRequest& request) const {
  static const OfflineVatIdChecker kOffline;
  const VatIdChecker& checker = checker_ != nullptr ? *checker_ : kOffline;
  if (request.market == nullptr) return InvalidArgument("no market", "market");
  if (request.lines.empty()) return InvalidArgument("no lines", "lines");
  const Market& market = *request.market;
  const CurrencyCode currency = market.currency();
  MG_ASSIGN_OR_RETURN(const Subdivision* subdivision, ResolveSubdivision(request));

  const std::optional<ReverseChargeConfig>& rc = market.tax().reverse_charge;
  bool any_rc_class = false;
  for (const auto& line : request.lines) {
    any_rc_class = any_rc_class || (rc && Contains(rc->classes, line.tax_class));
  }
  TaxResult result{{}, {}, Money(0, currency), Money(0, currency), Money(0, currency), {}, {}};
  bool qualifies = CustomerQualifies(request, checker, any_rc_class, result.notes);
  // The market declares that taxes below its subdivisions are not collected:
  // say so, so that nobody takes the total for what the customer owes.
  if (const std::optional<LocalTaxes>& local = market.tax().local_taxes;
      local && !local->collected) {
    result.notes.push_back("Local taxes (city, county, district) are not collected: " +
                           local->reason);
  }

  std::vector<LinePlan> plans(request.lines.size());
  for (size_t i = 0; i < request.lines.size(); ++i) {
    const TaxRequestLine& line = request.lines[i];
    std::string param = "lines[" + std::to_string(i) + "]";
    if (line.unit_price.currency() != currency) {
      return Status(ErrorCode::kCurrencyMismatch,
                    "price in " + line.unit_price.currency().str() + ", market " + market.code() +
                        " sells in " + currency.str(),
                    param + ".unit_price");
    }
    if (line.quantity <= 0) return Unprocessable("quantity must be positive", param + ".quantity");
    if (line.unit_price.is_negative()) {
      return Unprocessable("price must not be negative", param + ".unit_price");
    }
    LinePlan& plan = plans[i];
    MG_ASSIGN_OR_RETURN(plan.components, ComponentsFor(market, subdivision, line.tax_class, i));
    MG_ASSIGN_OR_RETURN(plan.factors, internal::ComputeTaxFactors(plan.components));
    MG_ASSIGN_OR_RETURN(Money amount, Multiply(line.unit_price, line.quantity));
    plan.amount = amount.minor_units();
    plan.inclusive = line.price_includes_tax.value_or(market.prices_include_tax());
    plan.reverse_charged = qualifies && Contains(rc->classes, line.tax_class);
  }

  RoundingMode mode = market.tax().rounding.mode;
  std::vector<LineTaxes> taxes(plans.size());
  for (size_t i = 0; i < plans.size(); ++i) {
    if (!plans[i].reverse_charged) continue;
    // Reverse charged: no tax; an inclusive price is reduced to its net.
    MG_ASSIGN_OR_RETURN(AmountSplit split,
                        internal::SplitAmount(plans[i].amount, plans[i].factors, plans[i].inclusive,
                                              mode, currency));
    taxes[i].net = split.net;
    taxes[i].taxes.assign(plans[i].components.size(), 0);
  }
  if (market.tax().rounding.level == RoundingLevel::kInvoice) {
    MG_RETURN_IF_ERROR(TaxPerInvoice(plans, mode, currency, taxes));
  } else {
    MG_RETURN_IF_ERROR(TaxPerLine(plans, mode, currency, taxes));
  }

  // Lines, tax lines (merged by name and rate) and totals.
  std::map<std::tuple<std::string, int64_t, int>, size_t> tax_line_index;
  int64_t subtotal = 0, total_tax = 0;
  // The amounts come from requests (an ad budget near the int64 limit): a
  // sum that does not fit is refused, never wrapped (api_request_body_fuzz
  // found 8e18 + 1.5e18 here).
  bool overflow = false;
  auto add = [&overflow](int64_t a, int64_t b) {
    int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) overflow = true;
    return sum;
  };
  for (size_t i = 0; i < plans.size(); ++i) {
    const LinePlan& plan = plans[i];
    int64_t line_tax = 0;
    int64_t base = taxes[i].net;
    for (size_t k = 0; k < plan.components.size() && !plan.reverse_charged; ++k) {
      const TaxComponent& component = *plan.components[k];
      int64_t component_base = taxes[i].net;
      if (component.compound) component_base = base;
      auto key = std::make_tuple(component.name, component.rate.coefficient, component.rate.scale);
      auto [it, inserted] = tax_line_index.emplace(key, result.tax_lines.size());
      if (inserted) {
        result.tax_lines.push_back(TaxLine{component.name, component.rate, Money(0, currency),
                                           Money(0, currency), component.source,
                                           component.verified});
      }
      TaxLine& tax_line = result.tax_lines[it->second];
      tax_line.taxable_base =
          Money(add(tax_line.taxable_base.minor_units(), component_base), currency);
      tax_line.amount = Money(add(tax_line.amount.minor_units(), taxes[i].taxes[k]), currency);
      line_tax = add(line_tax, taxes[i].taxes[k]);
      base = add(base, taxes[i].taxes[k]);
    }
    result.lines.push_back(TaxedLine{Money(taxes[i].net, currency), Money(line_tax, currency),
                                     Money(add(taxes[i].net, line_tax), currency),
                                     plan.reverse_charged});
    subtotal = add(subtotal, taxes[i].net);
    total_tax = add(total_tax, line_tax);
    if (plan.reverse_charged) {
      result.reverse_charge = ReverseChargeOutcome{true, rc->note, rc->legal_reference};
    }
  }
  result.subtotal_net = Money(subtotal, currency);
  result.total_tax = Money(total_tax, currency);
  result.total_gross = Money(add(subtotal, total_tax), currency);
  if (overflow) return Status(ErrorCode::kOutOfRange, "amounts too large to tax");
  return result;
}

}  // namespace mg::regions
