#include "test_market.h"

#include <cstdlib>

namespace mg::compliance::testing {
namespace {

template <typename T>
T Must(Result<T> result) {
  if (!result.ok()) std::abort();
  return std::move(result).value();
}

regions::TaxComponent Component(const std::string& name, const std::string& rate) {
  return regions::TaxComponent{name, Must(Decimal::Parse(rate)), false,
                               "https://example.test/" + name, true};
}

}  // namespace

CurrencyCode Currency(const std::string& code) { return Must(CurrencyCode::Parse(code)); }

Money Eur(int64_t cents) { return Money(cents, Currency("EUR")); }

regions::MarketSpec GermanSpec() {
  regions::MarketSpec spec(Must(LookupCurrency("EUR")));
  spec.code = "DE";
  spec.name = "Germany";
  spec.status = regions::MarketStatus::kLive;
  spec.entity = {"Test Platform Limited", "IE", "https://example.test/entity"};
  spec.locales = {"de-DE", "en-DE"};
  spec.time_zone = "Europe/Berlin";
  spec.prices_include_tax = true;
  spec.prices_include_tax_source = "https://example.test/pangv";
  spec.source_file = "markets/DE.yaml";
  auto mwst = [](const std::string& rate) {
    return std::vector<regions::TaxComponent>{Component("MwSt.", rate)};
  };
  spec.tax.classes = {{"virtual_currency", mwst("19")},
                      {"digital_service", mwst("19")},
                      {"advertising", mwst("19")},
                      {"physical_goods", mwst("19")},
                      {"physical_goods_reduced", mwst("7")}};
  regions::ReverseChargeConfig reverse_charge;
  reverse_charge.countries = {"AT", "DE", "FR", "NL"};
  reverse_charge.classes = {"advertising", "digital_service"};
  reverse_charge.note = "Reverse charge: VAT to be accounted for by the recipient";
  reverse_charge.legal_reference = "Council Directive 2006/112/EC, Art. 44 and 196";
  reverse_charge.source = "https://example.test/vat";
  spec.tax.reverse_charge = reverse_charge;
  spec.catalog.coin_packs = {{"coins_70", 70, Eur(99), std::nullopt},
                             {"coins_350", 350, Eur(499), std::nullopt},
                             {"coins_7000", 7000, Eur(9999), std::nullopt}};
  spec.catalog.products = {{"book", "Kochbuch", Eur(2499), "physical_goods_reduced"},
                           {"tshirt", "T-Shirt", Eur(1999), "physical_goods"},
                           {"ebook", "E-Book", Eur(999), "digital_service"}};
  regions::PaymentMethod card;
  card.method = "card";
  card.providers = {{"stripe", 100, {Currency("EUR")}, Eur(500000)}};
  regions::PaymentMethod sepa;
  sepa.method = "sepa_debit";
  sepa.available = false;
  sepa.unavailable_reason = "no adapter for SEPA Direct Debit yet";
  spec.payment_methods = {sepa, card};
  regions::AdsConfig ads;
  ads.formats["in_feed"] = {"in_feed", regions::AdPricing::kCpm, Eur(300), Eur(5000), std::nullopt};
  ads.formats["topview"] = {"topview", regions::AdPricing::kPerDay, std::nullopt, std::nullopt,
                            Eur(4500000)};
  ads.formats["branded_effect"] = {"branded_effect", regions::AdPricing::kFlat, std::nullopt,
                                   std::nullopt, Eur(8000000)};
  ads.payment_terms = {"card_prepayment", "invoice"};
  ads.invoice_terms_days = 30;
  spec.ads = ads;
  return spec;
}

regions::MarketSpec UsSpec() {
  regions::MarketSpec spec(Must(LookupCurrency("USD")));
  spec.code = "US";
  spec.name = "United States";
  spec.status = regions::MarketStatus::kLive;
  spec.entity = {"Test Platform Inc.", "US", "https://example.test/entity"};
  spec.locales = {"en-US"};
  spec.time_zone = "America/New_York";
  spec.prices_include_tax = false;
  spec.prices_include_tax_source = "https://example.test/us-display";
  spec.source_file = "markets/US.yaml";
  spec.subdivision_required = true;
  spec.tax.classes = {{"virtual_currency", {}}};
  regions::Subdivision ny;
  ny.code = "US-NY";
  ny.name = "New York";
  ny.classes = {{"virtual_currency", {Component("Sales tax", "4")}}};
  regions::Subdivision ca;
  ca.code = "US-CA";
  ca.name = "California";
  spec.subdivisions = {{"US-NY", ny}, {"US-CA", ca}};
  spec.catalog.coin_packs = {{"coins_70", 70, Money(99, Currency("USD")), std::nullopt}};
  regions::PaymentMethod card;
  card.method = "card";
  card.providers = {{"stripe", 100, {}, std::nullopt}};
  spec.payment_methods = {card};
  return spec;
}

std::shared_ptr<const regions::Market> BuildMarket(regions::MarketSpec spec) {
  return Must(regions::Market::Create(std::move(spec)));
}

std::shared_ptr<const regions::MarketSnapshot> SnapshotOf(
    const std::vector<std::shared_ptr<const regions::Market>>& markets) {
  regions::MarketSnapshot::MarketMap map;
  for (const auto& market : markets) map.emplace(market->code(), market);
  return std::make_shared<const regions::MarketSnapshot>(
      std::move(map), regions::ProviderCatalog(), 7, regions::MarketSnapshot::Clock::time_point(),
      "memory");
}

regions::Rule MakeRule(const std::string& id, regions::RuleBody body, bool verified) {
  static const char* const kKinds[] = {
      "age_gate",    "spending_limit", "sca",          "digital_content_consent",
      "ad_category", "ad_targeting",   "ad_disclosure"};
  regions::Rule rule;
  rule.id = id;
  rule.kind = kKinds[body.index()];
  rule.body = std::move(body);
  rule.legal_reference = "Test law §" + id;
  rule.source = "https://example.test/" + id;
  rule.verified = verified;
  return rule;
}

regions::Rule AgeGate(const std::string& id, std::vector<regions::Action> actions, int min_age,
                      regions::AgeGateRule::UnknownAge unknown) {
  return MakeRule(id, regions::AgeGateRule{std::move(actions), min_age, unknown});
}

regions::Rule Psd2Sca(const std::string& id) {
  regions::ScaRule sca;
  sca.regime = regions::ScaRule::Regime::kPsd2;
  sca.actions = {regions::Action::kBuyCoins, regions::Action::kBuyGoods};
  sca.low_value_exemption = regions::ScaRule::LowValueExemption{3000, 10000, 5};
  return MakeRule(id, sca);
}

regions::Rule Consent(const std::string& id) {
  return MakeRule(id, regions::DigitalContentConsentRule{
                          {regions::Action::kBuyCoins, regions::Action::kBuyGoods}});
}

}  // namespace mg::compliance::testing
