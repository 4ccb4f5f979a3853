#include "gateway/http/metrics_history.h"

#include <algorithm>

namespace mg::http {

MetricsHistory::MetricsHistory(const MetricsRegistry& registry, std::vector<std::string> families,
                               std::chrono::seconds retention)
    : registry_(registry), families_(std::move(families)), retention_(retention) {}

uint32_t MetricsHistory::SeriesIndex(SeriesKey key) {
  auto [it, inserted] = index_.try_emplace(std::move(key), static_cast<uint32_t>(keys_.size()));
  if (inserted) {
    keys_.push_back(it->first);
    last_.push_back(0);  // a child is created at zero
  }
  return it->second;
}

void MetricsHistory::Sample(TimePoint now) {
  // Read outside our lock: the families take their own.
  std::vector<std::pair<SeriesKey, double>> read;
  for (const std::string& name : families_) {
    const MetricFamily* family = registry_.Find(name);
    if (family == nullptr || family->kind() == MetricFamily::Kind::kGauge) continue;
    family->Collect([&](const MetricValue& value) {
      read.push_back({SeriesKey{name, value.labels, value.part, value.bucket}, value.value});
    });
  }
  std::lock_guard lock(mutex_);
  Moved moved{now, now, {}};
  for (auto& [key, value] : read) {
    uint32_t index = SeriesIndex(std::move(key));
    double increase = value - last_[index];
    last_[index] = value;
    if (increase != 0) moved.increases.push_back({index, increase});
  }
  if (!moved.increases.empty()) {
    if (!samples_.empty() && now - samples_.back().opened < kMergeWithin) {
      Moved& into = samples_.back();
      for (const std::pair<uint32_t, double>& added : moved.increases) {
        auto same = std::find_if(into.increases.begin(), into.increases.end(),
                                 [&added](const auto& kept) { return kept.first == added.first; });
        if (same != into.increases.end()) {
          same->second += added.second;
        } else {
          into.increases.push_back(added);
        }
      }
      into.at = std::max(into.at, now);
    } else {
      samples_.push_back(std::move(moved));
    }
  }
  while (!samples_.empty() && samples_.front().at <= now - retention_) samples_.pop_front();
  last_sample_ = now;
}

MetricsHistory::Window MetricsHistory::Read(std::chrono::seconds slot, size_t slots) const {
  Window window;
  window.slot = slot;
  std::map<uint32_t, size_t> position;  // series index -> window.series
  {
    std::lock_guard lock(mutex_);
    if (!last_sample_ || slots == 0) return window;
    window.end = *last_sample_;
    const TimePoint start = window.SlotStart(0, slots);
    for (const Moved& moved : samples_) {
      if (moved.at <= start) continue;
      // (start + i*slot, start + (i+1)*slot] is slot i.
      size_t i = static_cast<size_t>((moved.at - start - std::chrono::nanoseconds(1)) / slot);
      if (i >= slots) i = slots - 1;
      for (const auto& [index, increase] : moved.increases) {
        auto [it, inserted] = position.try_emplace(index, window.series.size());
        if (inserted) {
          const SeriesKey& key = keys_[index];
          window.series.push_back(
              Series{key.family, key.labels, key.part, key.bucket, std::vector<double>(slots, 0)});
        }
        window.series[it->second].increases[i] += increase;
      }
    }
  }
  for (const std::string& name : families_) {
    const MetricFamily* family = registry_.Find(name);
    if (family == nullptr || family->kind() != MetricFamily::Kind::kHistogram) continue;
    window.bounds[name] = static_cast<const HistogramFamily*>(family)->upper_bounds();
  }
  return window;
}

size_t MetricsHistory::entries() const {
  std::lock_guard lock(mutex_);
  return samples_.size();
}

std::optional<MetricsHistory::TimePoint> MetricsHistory::last_sample() const {
  std::lock_guard lock(mutex_);
  return last_sample_;
}

}  // namespace mg::http
