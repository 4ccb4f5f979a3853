#include "figures_page.h"

#include <algorithm>
#include <map>

#include "base/utc_time.h"
#include "html.h"
#include "svg_chart.h"

namespace mg::console {
namespace {

using http::MetricsHistory;
using http::MetricValue;

constexpr std::string_view kPurchases = "purchases_total";
constexpr std::string_view kVolume = "purchase_volume_minor_total";
constexpr std::string_view kDeclines = "purchase_declines_total";
constexpr std::string_view kCallSeconds = "provider_call_seconds";

struct Layout {
  std::chrono::seconds slot;
  size_t slots;
  size_t label_every;
  std::string name;
};

Layout LayoutOf(FiguresWindow window) {
  if (window == FiguresWindow::kDay) return {std::chrono::hours(1), 24, 3, "last 24 hours"};
  return {std::chrono::minutes(5), 12, 2, "last hour"};
}

double Sum(const std::vector<double>& values) {
  double total = 0;
  for (double v : values) total += v;
  return total;
}

// The series of `family` whose first label (the market) is `market`, or
// of every market when it is empty.
std::vector<const MetricsHistory::Series*> Of(const MetricsHistory::Window& window,
                                              std::string_view family, std::string_view market) {
  std::vector<const MetricsHistory::Series*> found;
  for (const MetricsHistory::Series& series : window.series) {
    if (series.family != family || series.labels.empty()) continue;
    if (!market.empty() && series.labels[0] != market) continue;
    found.push_back(&series);
  }
  return found;
}

// A histogram of call times: increases per bucket, its sum.
struct CallTimes {
  std::vector<double> buckets;
  double sum = 0;
  double count() const { return Sum(buckets); }
};

// The upper bound of the bucket the q-quantile falls in: the histogram
// proves no more (interpolating inside a bucket, as Prometheus's
// histogram_quantile does, invents precision: calls of 20 µs all in the
// first bucket would read "0.5 ms"). nullopt: beyond the last bound.
std::optional<double> QuantileBound(const CallTimes& times, const std::vector<double>& bounds,
                                    double q) {
  const double rank = q * times.count();
  double below = 0;
  for (size_t i = 0; i < times.buckets.size(); ++i) {
    below += times.buckets[i];
    if (below >= rank && times.buckets[i] > 0) {
      if (i >= bounds.size()) return std::nullopt;
      return bounds[i];
    }
  }
  return std::nullopt;
}

std::string Picker(const std::vector<std::string>& markets, const FiguresQuery& query) {
  std::string html =
      "<form class=\"picker\" method=\"get\" action=\"/console/figures\"><label>Market "
      "<select name=\"market\"><option value=\"\">every market</option>";
  for (const std::string& code : markets) {
    html += "<option value=\"" + Escape(code) + "\"" + (code == query.market ? " selected" : "") +
            ">" + Escape(code) + "</option>";
  }
  const bool day = query.window == FiguresWindow::kDay;
  html += std::string("</select></label> <label>Window <select name=\"window\">") +
          "<option value=\"hour\"" + (day ? "" : " selected") + ">last hour</option>" +
          "<option value=\"day\"" + (day ? " selected" : "") + ">last 24 hours</option>" +
          "</select></label> <button type=\"submit\">Show</button></form>";
  return html;
}

std::string PurchasesSection(const MetricsHistory::Window& window, const FiguresQuery& query,
                             const std::vector<std::string>& slot_labels, size_t label_every,
                             const OperatorFormat& format) {
  const size_t slots = slot_labels.size();
  std::vector<double> succeeded(slots, 0), failed(slots, 0);
  double waiting = 0;
  for (const MetricsHistory::Series* series : Of(window, kPurchases, query.market)) {
    const std::string& state = series->labels.size() > 1 ? series->labels[1] : "";
    if (state == "succeeded" || state == "failed") {
      std::vector<double>& into = state == "succeeded" ? succeeded : failed;
      for (size_t i = 0; i < slots; ++i) into[i] += series->increases[i];
    } else if (state == "pending" || state == "requires_action") {
      waiting += Sum(series->increases);
    }
  }
  const double ok = Sum(succeeded), bad = Sum(failed);
  auto count = [&format](double v) { return format.Count(static_cast<int64_t>(v)); };
  std::string html = "<h2>Purchases</h2><p class=\"totals\"><strong>" + count(ok + bad) +
                     "</strong> settled: " + count(ok) + " succeeded, " + count(bad) + " failed";
  if (ok + bad > 0)
    html += "; success rate <strong>" + format.Percent(ok / (ok + bad)) + "</strong>";
  html += ". " + count(waiting) + " went to pending or awaiting the payer.</p>";
  html += StackedColumns({{"succeeded", "bar-ok", succeeded}, {"failed", "bar-failed", failed}},
                         slot_labels, label_every, count, "Purchases settled per slot");
  std::vector<double> rate(slots, 0);
  for (size_t i = 0; i < slots; ++i) {
    if (succeeded[i] + failed[i] > 0) rate[i] = succeeded[i] / (succeeded[i] + failed[i]);
  }
  html += StackedColumns(
      {{"success rate", "bar", rate}}, slot_labels, label_every,
      [&format](double v) { return format.Percent(v); },
      "Success rate per slot (no column: nothing settled)");
  std::map<std::string, double> amounts;  // by currency
  for (const MetricsHistory::Series* series : Of(window, kVolume, query.market)) {
    if (series->labels.size() > 1) amounts[series->labels[1]] += Sum(series->increases);
  }
  if (!amounts.empty()) {
    html += "<p class=\"totals\">Taken: ";
    bool first = true;
    for (const auto& [currency, minor] : amounts) {
      html += (first ? "" : ", ") + std::string("<strong>") +
              Escape(format.Money(static_cast<int64_t>(minor), currency)) + "</strong>";
      first = false;
    }
    html += "</p>";
  }
  return html;
}

std::string DeclinesSection(const MetricsHistory::Window& window, const FiguresQuery& query,
                            const OperatorFormat& format) {
  std::map<std::string, double> reasons;
  for (const MetricsHistory::Series* series : Of(window, kDeclines, query.market)) {
    if (series->labels.size() > 1) reasons[series->labels[1]] += Sum(series->increases);
  }
  std::vector<std::pair<std::string, double>> rows(reasons.begin(), reasons.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string html = "<h2>Declines by reason</h2>";
  if (rows.empty()) return html + "<p>No purchase failed in this window.</p>";
  return html + HorizontalBars(
                    rows, [&format](double v) { return format.Count(static_cast<int64_t>(v)); },
                    "Failed purchases by the provider's reason");
}

std::string LatencySection(const MetricsHistory::Window& window, const FiguresQuery& query,
                           const OperatorFormat& format) {
  auto bounds_it = window.bounds.find(std::string(kCallSeconds));
  std::map<std::string, CallTimes> calls;  // "provider · operation"
  for (const MetricsHistory::Series* series : Of(window, kCallSeconds, query.market)) {
    if (series->labels.size() < 3 || bounds_it == window.bounds.end()) continue;
    CallTimes& times = calls[series->labels[1] + " · " + series->labels[2]];
    times.buckets.resize(bounds_it->second.size() + 1, 0);
    if (series->part == MetricValue::Part::kSum) {
      times.sum += Sum(series->increases);
    } else if (series->part == MetricValue::Part::kBucket &&
               series->bucket < times.buckets.size()) {
      times.buckets[series->bucket] += Sum(series->increases);
    }
  }
  std::string html = "<h2>Provider calls</h2>";
  if (calls.empty()) return html + "<p>No provider call in this window.</p>";
  const std::vector<double>& bounds = bounds_it->second;
  auto time_text = [&](std::optional<double> seconds) {
    return Escape(seconds ? "≤ " + format.Millis(*seconds) : "> " + format.Millis(bounds.back()));
  };
  std::vector<std::pair<std::string, double>> p95s;
  std::string rows;
  for (const auto& [name, times] : calls) {
    const double count = times.count();
    if (count <= 0) continue;
    std::optional<double> p95 = QuantileBound(times, bounds, 0.95);
    p95s.push_back({name, p95.value_or(bounds.back())});
    rows += "<tr><td>" + Escape(name) + "</td><td class=\"num\">" +
            format.Count(static_cast<int64_t>(count)) + "</td><td class=\"num\">" +
            format.Millis(times.sum / count) + "</td><td class=\"num\">" +
            time_text(QuantileBound(times, bounds, 0.5)) + "</td><td class=\"num\">" +
            time_text(p95) + "</td><td class=\"num\">" +
            time_text(QuantileBound(times, bounds, 0.99)) + "</td></tr>";
  }
  return html +
         HorizontalBars(
             p95s, [&format](double v) { return format.Millis(v); },
             "95th percentile of call time, by provider and operation") +
         "<table class=\"latency\"><thead><tr><th>Provider · call</th><th>Calls</th>"
         "<th>Mean</th><th>p50</th><th>p95</th><th>p99</th></tr></thead><tbody>" +
         rows +
         "</tbody></table><p class=\"note\">A percentile is the upper bound of the histogram "
         "bucket it falls in; the mean is exact.</p>";
}

}  // namespace

std::vector<std::string> FigureFamilies() {
  return {std::string(kPurchases), std::string(kVolume), std::string(kDeclines),
          std::string(kCallSeconds)};
}

std::string FiguresBody(const http::MetricsHistory* history,
                        const std::vector<std::string>& markets, const FiguresQuery& query,
                        const OperatorFormat& format) {
  std::string html = Picker(markets, query);
  if (history == nullptr) return html + "<p>This gateway keeps no history of its metrics.</p>";
  const Layout layout = LayoutOf(query.window);
  const MetricsHistory::Window window = history->Read(layout.slot, layout.slots);
  if (!history->last_sample())
    return html + "<p>No figures sampled yet; they are every minute.</p>";
  std::vector<std::string> slot_labels;
  for (size_t i = 0; i < layout.slots; ++i) {
    slot_labels.push_back(FormatIsoUtc(window.SlotStart(i, layout.slots)).substr(11, 5));
  }
  html += "<p class=\"note\">" + Escape(query.market.empty() ? "Every market" : query.market) +
          ", " + layout.name + " up to " + FormatIsoUtc(window.end) + " in " +
          format.Count(layout.slot.count() / 60) + "-minute slots (UTC). Numbers in " +
          Escape(format.locale()) +
          ", your browser's language. These are this instance's figures since it started; "
          "behind a load balancer each instance counts its own requests.</p>";
  html += PurchasesSection(window, query, slot_labels, layout.label_every, format);
  html += DeclinesSection(window, query, format);
  html += LatencySection(window, query, format);
  return html;
}

}  // namespace mg::console
