#include "regions/market_diff.h"

#include <set>

#include "currency/decimal.h"
#include "currency/rounding.h"
#include "rule_fields.h"

namespace mg::regions {
namespace {

using Changes = std::vector<MarketChange>;

template <typename Map>
std::set<std::string> KeysOf(const Map& before, const Map& after) {
  std::set<std::string> keys;
  for (const auto& entry : before) keys.insert(entry.first);
  for (const auto& entry : after) keys.insert(entry.first);
  return keys;
}

// "not declared", or what the market declares about city, county and district
// taxes ("not collected (reason)").
std::string LocalTaxesText(const std::optional<LocalTaxes>& local) {
  if (!local) return "not declared";
  return local->collected ? "collected" : "not collected (" + local->reason + ")";
}

std::string Components(const std::vector<TaxComponent>& components) {
  if (components.empty()) return "exempt";
  std::string out;
  for (const auto& c : components) {
    out += (out.empty() ? "" : " + ") + c.name + " " + c.rate.ToString() + " %" +
           (c.compound ? " (compound)" : "");
  }
  return out;
}

void DiffTaxClasses(const std::string& prefix, const TaxClasses& before, const TaxClasses& after,
                    Changes& changes) {
  for (const std::string& name : KeysOf(before, after)) {
    auto b = before.find(name);
    auto a = after.find(name);
    std::string label = prefix + name;
    if (b == before.end()) {
      changes.push_back({"tax", label + ": added " + Components(a->second)});
    } else if (a == after.end()) {
      changes.push_back({"tax", label + ": removed (was " + Components(b->second) + ")"});
    } else if (Components(b->second) != Components(a->second)) {
      changes.push_back(
          {"tax", label + ": " + Components(b->second) + " -> " + Components(a->second)});
    }
  }
}

std::string ReverseCharge(const std::optional<ReverseChargeConfig>& rc) {
  if (!rc) return "none";
  std::string out = "countries";
  for (const auto& c : rc->countries) out += " " + c;
  out += "; classes";
  for (const auto& c : rc->classes) out += " " + c;
  return out;
}

void DiffTax(const Market& before, const Market& after, Changes& changes) {
  DiffTaxClasses("", before.tax().classes, after.tax().classes, changes);
  const auto& sb = before.spec().subdivisions;
  const auto& sa = after.spec().subdivisions;
  for (const std::string& code : KeysOf(sb, sa)) {
    auto b = sb.find(code);
    auto a = sa.find(code);
    if (b == sb.end()) {
      changes.push_back({"tax", "subdivision " + code + ": added"});
    } else if (a == sa.end()) {
      changes.push_back({"tax", "subdivision " + code + ": removed"});
    } else {
      if (b->second.replaces_national != a->second.replaces_national) {
        changes.push_back(
            {"tax", "subdivision " + code + ": replaces_national " +
                        (a->second.replaces_national ? "false -> true" : "true -> false")});
      }
      DiffTaxClasses(code + " ", b->second.classes, a->second.classes, changes);
    }
  }
  const TaxRounding& rb = before.tax().rounding;
  const TaxRounding& ra = after.tax().rounding;
  if (rb.mode != ra.mode || rb.level != ra.level) {
    changes.push_back({"tax", std::string("rounding: ") + RoundingModeName(rb.mode) + "/" +
                                  RoundingLevelName(rb.level) + " -> " + RoundingModeName(ra.mode) +
                                  "/" + RoundingLevelName(ra.level)});
  }
  std::string rc_before = ReverseCharge(before.tax().reverse_charge);
  std::string rc_after = ReverseCharge(after.tax().reverse_charge);
  if (rc_before != rc_after) {
    changes.push_back({"tax", "reverse charge: " + rc_before + " -> " + rc_after});
  }
  std::string local_before = LocalTaxesText(before.tax().local_taxes);
  std::string local_after = LocalTaxesText(after.tax().local_taxes);
  if (local_before != local_after) {
    changes.push_back({"tax", "local taxes: " + local_before + " -> " + local_after});
  }
}

// SKU -> formatted price, with the market's default-locale formatter.
std::map<std::string, std::string> Prices(const Market& market) {
  std::map<std::string, std::string> prices;
  for (const auto& pack : market.catalog().coin_packs) {
    prices[pack.sku] = market.FormatDefault(pack.price);
  }
  for (const auto& product : market.catalog().products) {
    prices[product.sku] = market.FormatDefault(product.price) + " (" + product.tax_class + ")";
  }
  return prices;
}

void DiffPrices(const Market& before, const Market& after, Changes& changes) {
  std::map<std::string, std::string> pb = Prices(before);
  std::map<std::string, std::string> pa = Prices(after);
  for (const std::string& sku : KeysOf(pb, pa)) {
    auto b = pb.find(sku);
    auto a = pa.find(sku);
    if (b == pb.end()) {
      changes.push_back({"price", sku + ": added at " + a->second});
    } else if (a == pa.end()) {
      changes.push_back({"price", sku + ": removed (was " + b->second + ")"});
    } else if (b->second != a->second) {
      changes.push_back({"price", sku + ": " + b->second + " -> " + a->second});
    }
  }
}

void DiffRules(const Market& before, const Market& after, Changes& changes) {
  std::map<std::string, const Rule*> rb, ra;
  for (const auto& rule : before.rules()) rb[rule.id] = &rule;
  for (const auto& rule : after.rules()) ra[rule.id] = &rule;
  for (const std::string& id : KeysOf(rb, ra)) {
    auto b = rb.find(id);
    auto a = ra.find(id);
    if (b == rb.end()) {
      changes.push_back({"rule", id + ": added (" + a->second->kind + ")"});
      continue;
    }
    if (a == ra.end()) {
      changes.push_back({"rule", id + ": removed (was " + b->second->kind + ")"});
      continue;
    }
    auto fb = internal::RuleFields(*b->second, before);
    auto fa = internal::RuleFields(*a->second, after);
    std::string summary;
    for (const std::string& field : KeysOf(fb, fa)) {
      auto vb = fb.find(field);
      auto va = fa.find(field);
      std::string old_value = vb == fb.end() ? "none" : vb->second;
      std::string new_value = va == fa.end() ? "none" : va->second;
      if (old_value == new_value) continue;
      summary += (summary.empty() ? "" : "; ") + field + " " + old_value + " -> " + new_value;
    }
    if (!summary.empty()) changes.push_back({"rule", id + ": changed " + summary});
  }
}

std::string Routes(const PaymentMethod& method, const Market& market) {
  if (!method.available) return "unavailable (" + method.unavailable_reason + ")";
  std::string out;
  for (const auto& route : method.providers) {
    out += (out.empty() ? "" : ", ") + route.provider + " " + std::to_string(route.weight);
    if (route.max_amount) out += " max " + market.FormatDefault(*route.max_amount);
    for (const auto& currency : route.currencies) out += " " + currency.str();
  }
  return out;
}

void DiffPayments(const Market& before, const Market& after, Changes& changes) {
  std::map<std::string, std::string> mb, ma;
  for (const auto& m : before.payment_methods()) mb[m.method] = Routes(m, before);
  for (const auto& m : after.payment_methods()) ma[m.method] = Routes(m, after);
  for (const std::string& method : KeysOf(mb, ma)) {
    auto b = mb.find(method);
    auto a = ma.find(method);
    if (b == mb.end()) {
      changes.push_back({"payment", method + ": added, routed to " + a->second});
    } else if (a == ma.end()) {
      changes.push_back({"payment", method + ": removed (was routed to " + b->second + ")"});
    } else if (b->second != a->second) {
      changes.push_back({"payment", method + ": " + b->second + " -> " + a->second});
    }
  }
}

std::map<std::string, std::string> AdFormats(const Market& market) {
  std::map<std::string, std::string> formats;
  if (!market.ads()) return formats;
  for (const auto& [name, format] : market.ads()->formats) {
    std::string text = AdPricingName(format.pricing);
    if (format.cpm_floor) text += " floor " + market.FormatDefault(*format.cpm_floor);
    if (format.min_budget) text += " min budget " + market.FormatDefault(*format.min_budget);
    if (format.price) text += " price " + market.FormatDefault(*format.price);
    formats[name] = text;
  }
  return formats;
}

// One change per key whose text differs ("none" when absent on one side).
void DiffTexts(const char* section, const std::map<std::string, std::string>& before,
               const std::map<std::string, std::string>& after, Changes& changes) {
  for (const std::string& key : KeysOf(before, after)) {
    auto b = before.find(key);
    auto a = after.find(key);
    std::string old_value = b == before.end() ? "none" : b->second;
    std::string new_value = a == after.end() ? "none" : a->second;
    if (old_value != new_value) {
      changes.push_back({section, key + ": " + old_value + " -> " + new_value});
    }
  }
}

void DiffAds(const Market& before, const Market& after, Changes& changes) {
  DiffTexts("ads", AdFormats(before), AdFormats(after), changes);
}

std::map<std::string, std::string> Gifts(const Market& market) {
  std::map<std::string, std::string> gifts;
  for (const Gift& gift : market.gifts()) {
    gifts[gift.id] = gift.available ? std::to_string(gift.coins) + " coins"
                                    : "off (" + gift.unavailable_reason + ")";
  }
  return gifts;
}

void DiffGifts(const Market& before, const Market& after, Changes& changes) {
  DiffTexts("gifts", Gifts(before), Gifts(after), changes);
}

// Each figure of `gifting`, as declared (absent ones left out).
std::map<std::string, std::string> GiftingFigures(const Market& market) {
  const Gifting& gifting = market.gifting();
  std::map<std::string, std::string> figures;
  if (gifting.creator_share_percent) {
    figures["creator_share"] = gifting.creator_share_percent->value.ToString() + " %";
  }
  if (gifting.diamond_value) {
    figures["diamond_value"] =
        gifting.diamond_value->value.ToString() + " " + market.currency().str();
  }
  figures["rounding"] = RoundingModeName(gifting.rounding);
  if (gifting.refund_after_gifts) {
    figures["refund_after_gifts"] = RefundAfterGiftsName(gifting.refund_after_gifts->policy);
  }
  return figures;
}

// Each figure of `payouts`; none for a market that pays no creator.
std::map<std::string, std::string> PayoutFigures(const Market& market) {
  std::map<std::string, std::string> figures;
  const Payouts* payouts = market.payouts();
  if (payouts == nullptr) return figures;
  figures["currency"] = payouts->currency.str();
  figures["minimum"] = FormatPlain(payouts->minimum) + " " + payouts->minimum.currency().str();
  figures["withholding"] = payouts->withholding.percent.ToString() + " %";
  figures["tax_identity"] = payouts->tax_identity_required ? "required" : "not required";
  for (const PayoutMethod& method : payouts->methods) {
    figures["method " + method.method] = method.provider;
  }
  return figures;
}

void DiffGiftingAndPayouts(const Market& before, const Market& after, Changes& changes) {
  DiffTexts("gifting", GiftingFigures(before), GiftingFigures(after), changes);
  DiffTexts("payouts", PayoutFigures(before), PayoutFigures(after), changes);
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void DiffScalar(const char* field, const std::string& before, const std::string& after,
                Changes& changes) {
  if (before != after)
    changes.push_back({"market", std::string(field) + ": " + before + " -> " + after});
}

void DiffMarketFields(const Market& before, const Market& after, Changes& changes) {
  if (before.status() != after.status()) {
    std::string text = std::string("status: ") + MarketStatusName(before.status()) + " -> " +
                       MarketStatusName(after.status());
    if (after.suspension()) text += " (" + after.suspension()->reason + ")";
    changes.push_back({"status", text});
  }
  DiffScalar("name", before.name(), after.name(), changes);
  DiffScalar("currency", before.currency().str(), after.currency().str(), changes);
  DiffScalar("locales", Join(before.locales()), Join(after.locales()), changes);
  DiffScalar("time_zone", before.time_zone(), after.time_zone(), changes);
  DiffScalar("prices_include_tax", before.prices_include_tax() ? "true" : "false",
             after.prices_include_tax() ? "true" : "false", changes);
  DiffScalar("entity", before.entity().name + " (" + before.entity().country + ")",
             after.entity().name + " (" + after.entity().country + ")", changes);
}

}  // namespace

const char* KindName(MarketDiff::Kind kind) {
  switch (kind) {
    case MarketDiff::Kind::kAdded:
      return "added";
    case MarketDiff::Kind::kRemoved:
      return "removed";
    case MarketDiff::Kind::kChanged:
      return "changed";
  }
  return "changed";
}

std::vector<MarketDiff> DiffSnapshots(const MarketSnapshot& before, const MarketSnapshot& after) {
  std::vector<MarketDiff> diffs;
  for (const std::string& code : KeysOf(before.markets(), after.markets())) {
    const Market* b = before.Find(code);
    const Market* a = after.Find(code);
    if (b == nullptr) {
      diffs.push_back({MarketDiff::Kind::kAdded, code, {}});
      continue;
    }
    if (a == nullptr) {
      diffs.push_back({MarketDiff::Kind::kRemoved, code, {}});
      continue;
    }
    MarketDiff diff{MarketDiff::Kind::kChanged, code, {}};
    DiffMarketFields(*b, *a, diff.changes);
    DiffPrices(*b, *a, diff.changes);
    DiffTax(*b, *a, diff.changes);
    DiffRules(*b, *a, diff.changes);
    DiffPayments(*b, *a, diff.changes);
    DiffAds(*b, *a, diff.changes);
    DiffGifts(*b, *a, diff.changes);
    DiffGiftingAndPayouts(*b, *a, diff.changes);
    if (!diff.changes.empty()) diffs.push_back(std::move(diff));
  }
  return diffs;
}

}  // namespace mg::regions
