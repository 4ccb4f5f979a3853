// In-memory markets for compliance tests: no market files involved, so the
// tests do not depend on regions/ data.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "regions/market.h"
#include "regions/rules.h"
#include "regions/snapshot.h"

namespace mg::compliance::testing {

CurrencyCode Currency(const std::string& code);
Money Eur(int64_t cents);

// A German-like market "DE": EUR, de-DE and en-DE, prices include tax, MwSt.
// 19 % (7 % for physical_goods_reduced), entity in IE with reverse charge
// for advertising and digital_service from EU countries; coins_70 0.99,
// coins_350 4.99, coins_7000 99.99, book (7 %) 24.99, tshirt 19.99, ebook
// (digital_service) 9.99; card via stripe, sepa_debit unavailable; ads
// in_feed (cpm 3.00, min 50.00), topview (45000.00 per day), branded_effect
// (flat 80000.00). No rules unless given.
regions::MarketSpec GermanSpec();

// A tax-exclusive market "US" in USD with subdivisions required (US-CA exempt,
// US-NY 4 %), coins_70 at 0.99 net.
regions::MarketSpec UsSpec();

std::shared_ptr<const regions::Market> BuildMarket(regions::MarketSpec spec);
std::shared_ptr<const regions::MarketSnapshot> SnapshotOf(
    const std::vector<std::shared_ptr<const regions::Market>>& markets);

// Rule factories; legal_reference "Test law §<id>", source "https://example.test/<id>".
regions::Rule MakeRule(const std::string& id, regions::RuleBody body, bool verified = true);
regions::Rule AgeGate(
    const std::string& id, std::vector<regions::Action> actions, int min_age,
    regions::AgeGateRule::UnknownAge unknown = regions::AgeGateRule::UnknownAge::kDeny);
regions::Rule Psd2Sca(const std::string& id = "eu.psd2.sca");
regions::Rule Consent(const std::string& id = "eu.consumer.digital_content_consent");

}  // namespace mg::compliance::testing
