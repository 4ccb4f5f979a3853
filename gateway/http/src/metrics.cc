#include "gateway/http/metrics.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mg::http {
namespace {

// Registration mistakes are programming errors found at startup.
[[noreturn]] void DieBadRegistration(const std::string& what) {
  std::fprintf(stderr, "metrics registration error: %s\n", what.c_str());
  std::abort();
}

bool IsMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool IsLabelName(std::string_view name) {
  return IsMetricName(name) && name.find(':') == std::string_view::npos && name != "le";
}

const char* KindName(MetricFamily::Kind kind) {
  switch (kind) {
    case MetricFamily::Kind::kCounter:
      return "counter";
    case MetricFamily::Kind::kGauge:
      return "gauge";
    case MetricFamily::Kind::kHistogram:
      return "histogram";
  }
  return "untyped";
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void CheckNames(const std::string& name, const std::vector<std::string>& label_names) {
  if (!IsMetricName(name)) DieBadRegistration("bad metric name '" + name + "'");
  for (const auto& label : label_names) {
    if (!IsLabelName(label)) DieBadRegistration("bad label name '" + label + "' on " + name);
  }
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatSampleValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (ec != std::errc()) return "NaN";
  return std::string(buffer, end);
}

std::vector<double> DefaultLatencyBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Histogram::Histogram(std::span<const double> upper_bounds)
    : upper_bounds_(upper_bounds),
      buckets_(std::make_unique<std::atomic<uint64_t>[]>(upper_bounds.size() + 1)) {}

void Histogram::Observe(double value) {
  size_t bucket = static_cast<size_t>(
      std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value) - upper_bounds_.begin());
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void MetricFamily::RenderHeader(std::string& out) const {
  out += "# HELP " + name_ + " " + EscapeHelp(help_) + "\n";
  out += "# TYPE " + name_ + " " + KindName(kind_) + "\n";
}

std::string MetricFamily::RenderLabels(const std::vector<std::string>& values,
                                       std::string_view extra) const {
  if (label_names_.empty() && extra.empty()) return {};
  std::string out = "{";
  for (size_t i = 0; i < label_names_.size(); ++i) {
    if (i > 0) out += ',';
    out += label_names_[i] + "=\"" + EscapeLabelValue(values[i]) + "\"";
  }
  if (!extra.empty()) {
    if (!label_names_.empty()) out += ',';
    out += extra;
  }
  out += '}';
  return out;
}

template <typename Metric>
Metric& Family<Metric>::WithLabels(std::initializer_list<std::string_view> values) {
  return Child(std::span<const std::string_view>(values.begin(), values.size()));
}

template <typename Metric>
Metric& Family<Metric>::WithLabels(std::span<const std::string> values) {
  return Child(values);
}

template <typename Metric>
template <typename Values>
Metric& Family<Metric>::Child(const Values& values) {
  assert(values.size() == label_names().size());
  // Hot paths call this per request: found under a shared lock without a
  // string allocated (the metrics cost of a request, route_bench).
  if (values.size() == label_names().size()) {
    std::shared_lock lock(mutex_);
    auto it = index_.find(values);
    if (it != index_.end()) return *it->second;
  }
  std::vector<std::string> key(values.begin(), values.end());
  key.resize(label_names().size());
  std::unique_lock lock(mutex_);
  auto [it, inserted] = children_.try_emplace(std::move(key));
  if (inserted) {
    it->second = NewChild();
    index_.emplace(&it->first, it->second.get());
  }
  return *it->second;
}

template <typename Metric>
void Family<Metric>::Render(std::string& out) const {
  RenderHeader(out);
  std::shared_lock lock(mutex_);
  for (const auto& [values, metric] : children_) RenderChild(out, values, *metric);
}

template <>
void Family<Counter>::RenderChild(std::string& out, const std::vector<std::string>& values,
                                  const Counter& metric) const {
  out += name() + RenderLabels(values) + " " + std::to_string(metric.value()) + "\n";
}

template <>
void Family<Gauge>::RenderChild(std::string& out, const std::vector<std::string>& values,
                                const Gauge& metric) const {
  out += name() + RenderLabels(values) + " " + FormatSampleValue(metric.value()) + "\n";
}

template <>
void Family<Histogram>::RenderChild(std::string& out, const std::vector<std::string>& values,
                                    const Histogram& metric) const {
  // Buckets are read one by one while requests go on, so a scrape may be a
  // few observations inconsistent; _count is the sum of the buckets read, so
  // that +Inf always equals _count as the format requires.
  uint64_t cumulative = 0;
  std::span<const double> bounds = metric.upper_bounds();
  for (size_t i = 0; i <= bounds.size(); ++i) {
    cumulative += metric.bucket_count(i);
    std::string le =
        "le=\"" + (i < bounds.size() ? FormatSampleValue(bounds[i]) : std::string("+Inf")) + "\"";
    out += name() + "_bucket" + RenderLabels(values, le) + " " + std::to_string(cumulative) + "\n";
  }
  out += name() + "_sum" + RenderLabels(values) + " " + FormatSampleValue(metric.sum()) + "\n";
  out += name() + "_count" + RenderLabels(values) + " " + std::to_string(cumulative) + "\n";
}

template <>
void Family<Counter>::Collect(const std::function<void(const MetricValue&)>& visit) const {
  std::shared_lock lock(mutex_);
  for (const auto& [values, metric] : children_) {
    visit({values, MetricValue::Part::kValue, 0, static_cast<double>(metric->value())});
  }
}

template <>
void Family<Gauge>::Collect(const std::function<void(const MetricValue&)>& visit) const {
  std::shared_lock lock(mutex_);
  for (const auto& [values, metric] : children_) {
    visit({values, MetricValue::Part::kValue, 0, metric->value()});
  }
}

template <>
void Family<Histogram>::Collect(const std::function<void(const MetricValue&)>& visit) const {
  std::shared_lock lock(mutex_);
  for (const auto& [values, metric] : children_) {
    for (size_t i = 0; i <= metric->upper_bounds().size(); ++i) {
      visit({values, MetricValue::Part::kBucket, i, static_cast<double>(metric->bucket_count(i))});
    }
    visit({values, MetricValue::Part::kSum, 0, metric->sum()});
  }
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricFamily* MetricsRegistry::FindRegistered(const std::string& name, MetricFamily::Kind kind,
                                              const std::vector<std::string>& label_names) {
  for (const auto& family : families_) {
    if (family->name() != name) continue;
    if (family->kind() != kind || family->label_names() != label_names) {
      DieBadRegistration("metric '" + name + "' registered twice with different kind or labels");
    }
    return family.get();
  }
  return nullptr;
}

template <typename FamilyType, typename... Extra>
FamilyType& MetricsRegistry::Register(MetricFamily::Kind kind, std::string name, std::string help,
                                      std::vector<std::string> label_names, Extra&&... extra) {
  CheckNames(name, label_names);
  std::lock_guard lock(mutex_);
  if (MetricFamily* found = FindRegistered(name, kind, label_names)) {
    return static_cast<FamilyType&>(*found);
  }
  auto family = std::make_unique<FamilyType>(std::move(name), std::move(help),
                                             std::move(label_names), std::forward<Extra>(extra)...);
  FamilyType& ref = *family;
  families_.push_back(std::move(family));
  return ref;
}

CounterFamily& MetricsRegistry::AddCounter(std::string name, std::string help,
                                           std::vector<std::string> label_names) {
  return Register<CounterFamily>(MetricFamily::Kind::kCounter, std::move(name), std::move(help),
                                 std::move(label_names));
}

GaugeFamily& MetricsRegistry::AddGauge(std::string name, std::string help,
                                       std::vector<std::string> label_names) {
  return Register<GaugeFamily>(MetricFamily::Kind::kGauge, std::move(name), std::move(help),
                               std::move(label_names));
}

HistogramFamily& MetricsRegistry::AddHistogram(std::string name, std::string help,
                                               std::vector<std::string> label_names,
                                               std::vector<double> upper_bounds) {
  if (!std::is_sorted(upper_bounds.begin(), upper_bounds.end()) ||
      std::any_of(upper_bounds.begin(), upper_bounds.end(),
                  [](double b) { return !std::isfinite(b); })) {
    DieBadRegistration("histogram '" + name + "' needs sorted finite bucket bounds");
  }
  return Register<HistogramFamily>(MetricFamily::Kind::kHistogram, std::move(name), std::move(help),
                                   std::move(label_names), std::move(upper_bounds));
}

std::string MetricsRegistry::RenderText() const {
  std::string out;
  std::lock_guard lock(mutex_);
  for (const auto& family : families_) family->Render(out);
  return out;
}

const MetricFamily* MetricsRegistry::Find(std::string_view name) const {
  std::lock_guard lock(mutex_);
  for (const auto& family : families_) {
    if (family->name() == name) return family.get();
  }
  return nullptr;
}

}  // namespace mg::http
