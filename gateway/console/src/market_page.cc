#include "market_page.h"

#include "html.h"

namespace mg::console {
namespace {

std::string Cell(std::string_view html) { return "<td>" + std::string(html) + "</td>"; }
std::string TextCell(std::string_view text) { return Cell(Escape(text)); }

std::string FactsSection(const regions::Market& market) {
  const regions::Entity& entity = market.entity();
  std::string status = market.is_live() ? "live" : "suspended";
  if (market.suspension()) {
    const regions::Suspension& s = *market.suspension();
    status += ": " + Escape(s.reason) + " (" + Escape(s.legal_reference) + "; " +
              SourceHtml(s.source, s.verified) + ")";
  }
  std::string locales;
  for (const std::string& locale : market.locales()) {
    locales += (locales.empty() ? "" : ", ") + Escape(locale);
  }
  return "<h2>Facts</h2><table class=\"facts\"><tbody>"
         "<tr><th>Status</th><td>" +
         status + "</td></tr><tr><th>Entity</th><td>" + Escape(entity.name) + " (" +
         Escape(entity.country) + "); source: " + SourceHtml(entity.source, entity.verified) +
         "</td></tr><tr><th>Currency</th><td>" + Escape(market.currency().str()) + ", " +
         std::to_string(market.currency_facts().fraction_digits) +
         " decimals</td></tr><tr><th>Locales</th><td>" + locales +
         "</td></tr><tr><th>Time zone</th><td>" + Escape(market.time_zone()) +
         "</td></tr><tr><th>Prices include tax</th><td>" +
         (market.prices_include_tax() ? "yes" : "no") + "</td></tr><tr><th>File</th><td><code>" +
         Escape(market.source_file()) + "</code></td></tr></tbody></table>";
}

std::string Formatted(const MoneyFormatter& formatter, const Money& money) {
  Result<std::string> text = formatter.Format(money);
  return text.ok() ? *text : "(" + text.status().message() + ")";
}

// The catalog in one locale, each price as GET /v1/markets/{code}/catalog
// formats it there.
std::string CatalogInLocale(const regions::Market& market, const std::string& locale) {
  const MoneyFormatter& formatter = market.FormatterFor(locale);
  std::string rows;
  for (const regions::CoinPack& pack : market.catalog().coin_packs) {
    rows += "<tr>" + TextCell(pack.sku) + TextCell(std::to_string(pack.coins) + " coins") +
            "<td class=\"num\">" + Escape(Formatted(formatter, pack.price)) + "</td></tr>";
  }
  for (const regions::Product& product : market.catalog().products) {
    rows += "<tr>" + TextCell(product.sku) +
            TextCell(product.name + " (" + product.tax_class + ")") + "<td class=\"num\">" +
            Escape(Formatted(formatter, product.price)) + "</td></tr>";
  }
  // LIVE gifts, named as GET /v1/markets/{code}/gifts names them there.
  for (const regions::Gift& gift : market.gifts()) {
    if (!gift.available) continue;
    rows += "<tr>" + TextCell(gift.id) +
            TextCell("gift: " + market.GiftName(gift, formatter.locale())) + "<td class=\"num\">" +
            std::to_string(gift.coins) + " coins</td></tr>";
  }
  return "<h3 lang=\"" + Escape(locale) + "\">" + Escape(locale) +
         "</h3><table class=\"catalog\" data-locale=\"" + Escape(locale) +
         "\"><thead><tr><th>SKU</th><th>Item</th><th>Price</th></tr></thead><tbody>" + rows +
         "</tbody></table>";
}

std::string CatalogSection(const regions::Market& market) {
  std::string html = "<h2>Catalog</h2><p>Prices are " +
                     std::string(market.prices_include_tax() ? "gross (tax included)"
                                                             : "net (tax added at checkout)") +
                     ".</p>";
  for (const std::string& locale : market.locales()) html += CatalogInLocale(market, locale);
  return html;
}

std::string ComponentsRows(const std::string& where, const regions::TaxClasses& classes) {
  std::string rows;
  for (const auto& [tax_class, components] : classes) {
    if (components.empty()) {
      rows += "<tr>" + TextCell(where) + TextCell(tax_class) + "<td colspan=\"3\">exempt</td></tr>";
    }
    for (const regions::TaxComponent& component : components) {
      rows += "<tr>" + TextCell(where) + TextCell(tax_class) +
              TextCell(component.name + (component.compound ? " (compound)" : "")) +
              "<td class=\"num\">" + Escape(component.rate.ToString()) + " %</td>" +
              Cell(SourceHtml(component.source, component.verified)) + "</tr>";
    }
  }
  return rows;
}

std::string TaxSection(const regions::Market& market) {
  std::string rows = ComponentsRows(market.code(), market.tax().classes);
  for (const auto& [code, subdivision] : market.spec().subdivisions) {
    rows += ComponentsRows(code + (subdivision.replaces_national ? " (replaces national)" : ""),
                           subdivision.classes);
  }
  const regions::TaxRounding& rounding = market.tax().rounding;
  return "<h2>Tax</h2><p>Rounding: " + Escape(RoundingLevelName(rounding.level)) + " level, " +
         SourceHtml(rounding.source, rounding.verified) +
         "</p><table class=\"tax\"><thead><tr><th>Where</th><th>Class</th><th>Component</th>"
         "<th>Rate</th><th>Source</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

std::string PaymentsSection(const regions::Market& market, const BreakerStateOf& breaker_state) {
  std::string rows;
  for (const regions::PaymentMethod& method : market.payment_methods()) {
    std::string providers;
    for (const regions::ProviderRoute& route : method.providers) {
      const std::string breaker = breaker_state ? breaker_state(route.provider) : "";
      providers += (providers.empty() ? "" : ", ") + Escape(route.provider) + " (weight " +
                   std::to_string(route.weight) +
                   (breaker.empty() ? ""
                                    : ", breaker <span class=\"breaker-" + Escape(breaker) + "\">" +
                                          Escape(breaker) + "</span>") +
                   ")";
    }
    rows += "<tr>" + TextCell(method.method) +
            TextCell(method.available ? "available" : "unavailable: " + method.unavailable_reason) +
            Cell(providers) + Cell(SourceHtml(method.source, method.verified)) + "</tr>";
  }
  return "<h2>Payment methods</h2><table class=\"payments\"><thead><tr><th>Method</th>"
         "<th>Availability</th><th>Providers, in routing order</th><th>Source</th></tr></thead>"
         "<tbody>" +
         rows + "</tbody></table>";
}

std::string RulesSection(const regions::Market& market) {
  std::string rows;
  for (const regions::Rule& rule : market.rules()) {
    rows += "<tr>" + TextCell(rule.id) + TextCell(rule.kind) +
            TextCell(rule.disabled ? "disabled: " + rule.disabled_reason : "in force") +
            TextCell(rule.legal_reference) + Cell(SourceHtml(rule.source, rule.verified)) +
            TextCell(rule.declared_in + ":" + std::to_string(rule.line)) + "</tr>";
  }
  return "<h2>Rules</h2><table class=\"rules\"><thead><tr><th>Rule</th><th>Kind</th>"
         "<th>State</th><th>Legal reference</th><th>Source</th><th>Declared in</th></tr></thead>"
         "<tbody>" +
         rows + "</tbody></table>";
}

}  // namespace

std::string MarketBody(const regions::Market& market, const BreakerStateOf& breaker_state) {
  return "<p><a href=\"/console/markets/" + Escape(market.code()) +
         "/change\">Try a change to this market's file (dry run)</a></p>" + FactsSection(market) +
         CatalogSection(market) + TaxSection(market) + PaymentsSection(market, breaker_state) +
         RulesSection(market);
}

}  // namespace mg::console
