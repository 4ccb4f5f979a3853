// The public market routes (scope `read`):
//
//   GET /v1/markets                    every market: code, name, status, currency
//   GET /v1/markets/{code}             public facts: status (+ suspension), currency,
//                                      locales, prices_include_tax, payment methods
//                                      (available or not, with the reason), ad formats
//   GET /v1/markets/{code}/catalog     coin packs and products with localized prices
//
// Prices are {"amount": "0.99", "currency": "EUR", "formatted": "0,99 €"}; the
// locale comes from ?locale= or Accept-Language, negotiated by the market's
// prebuilt LocaleNegotiator, and formatted by the snapshot's formatters (no ICU
// setup per request). `tax_included` says whether shown prices include tax.
//
// Each request reads the snapshot once and uses that version to the end; the
// responses carry its `snapshot_version`.
#pragma once

#include <functional>
#include <memory>

#include "currency/status.h"
#include "gateway/http/router.h"
#include "regions/snapshot.h"

namespace mg::http {

// The serving snapshot, or null before the first load (MarketRegistry::Current).
using SnapshotSource = std::function<std::shared_ptr<const regions::MarketSnapshot>()>;

Status AddMarketRoutes(Router& router, SnapshotSource snapshots);

}  // namespace mg::http
