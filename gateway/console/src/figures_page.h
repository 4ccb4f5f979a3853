// GET /console/figures: a market's (or every market's) purchases over the
// last hour or day, drawn from the gateway's own metrics as the
// MetricsHistory kept them: volume (succeeded and failed per slot, the
// amounts taken per currency), success rate, declines by reason, and the
// time of provider calls (the exact mean; percentiles as the bound of the
// histogram bucket they fall in, per provider and operation).
//
// The figures are this instance's, since it started: behind a load
// balancer each instance shows its own share (the page says so).
#pragma once

#include <string>
#include <vector>

#include "gateway/http/metrics_history.h"
#include "operator_format.h"

namespace mg::console {

// The metric families the page reads; the gateway's history samples them.
std::vector<std::string> FigureFamilies();

enum class FiguresWindow { kHour, kDay };

struct FiguresQuery {
  std::string market;  // "" for every market
  FiguresWindow window = FiguresWindow::kHour;
};

// `history` null: the page says no figures are kept. `markets` are the
// codes offered in the market picker.
std::string FiguresBody(const http::MetricsHistory* history,
                        const std::vector<std::string>& markets, const FiguresQuery& query,
                        const OperatorFormat& format);

}  // namespace mg::console
