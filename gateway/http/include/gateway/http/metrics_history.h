// What some counters and histograms of a MetricsRegistry added over the
// last hours, for the ops console's charts: the gateway's own figures, with
// no Prometheus server needed to read them.
//
// Sample() is called on a timer (every minute in the gateway). Each call
// reads the families by name and keeps, per series (family, label values
// and, for a histogram, one bucket or the sum), what it added since the
// previous call; series that did not move cost nothing. Samples older than
// the retention are dropped. Read() sums them into slots ending at the last
// sample: Read(5min, 12) is the last hour in twelve bars.
//
// A series' first sample counts everything since the process started, so
// the timer should take its first sample at start. Samples closer than
// kMergeWithin to the one before are merged into it (a page that samples
// before it reads cannot grow the history faster than one entry per
// kMergeWithin, however often it is read). Gauges are skipped: what
// a gauge added is not a figure.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gateway/http/metrics.h"

namespace mg::http {

class MetricsHistory {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  struct Series {
    std::string family;
    std::vector<std::string> labels;  // in the family's label order
    MetricValue::Part part = MetricValue::Part::kValue;
    size_t bucket = 0;              // kBucket only
    std::vector<double> increases;  // one per slot, oldest first
  };

  struct Window {
    TimePoint end{};  // the last sample; the epoch when none was taken
    std::chrono::seconds slot{};
    std::vector<Series> series;  // those that moved in the window
    // Bucket upper bounds of each histogram family read.
    std::map<std::string, std::vector<double>> bounds;
    // The start of slot i.
    TimePoint SlotStart(size_t i, size_t slots) const {
      return end - slot * static_cast<int64_t>(slots - i);
    }
  };

  MetricsHistory(const MetricsRegistry& registry, std::vector<std::string> families,
                 std::chrono::seconds retention = std::chrono::hours(24));

  void Sample(TimePoint now);

  // What each series added in `slots` slots of `slot` each, the last ending
  // at the last sample. A sample counts in the slot its time falls in.
  Window Read(std::chrono::seconds slot, size_t slots) const;

  std::optional<TimePoint> last_sample() const;
  // Entries kept (for tests): at most retention / kMergeWithin.
  size_t entries() const;

  static constexpr std::chrono::seconds kMergeWithin{10};

 private:
  struct SeriesKey {
    std::string family;
    std::vector<std::string> labels;
    MetricValue::Part part;
    size_t bucket;
    auto operator<=>(const SeriesKey&) const = default;
  };
  struct Moved {
    TimePoint at;      // the last sample merged into it
    TimePoint opened;  // its first sample: later ones within kMergeWithin merge
    std::vector<std::pair<uint32_t, double>> increases;  // series index -> increase
  };

  uint32_t SeriesIndex(SeriesKey key);

  const MetricsRegistry& registry_;
  const std::vector<std::string> families_;
  const std::chrono::seconds retention_;

  mutable std::mutex mutex_;
  std::map<SeriesKey, uint32_t> index_;
  std::vector<SeriesKey> keys_;
  std::vector<double> last_;  // per series: its value at the last sample
  std::deque<Moved> samples_;
  std::optional<TimePoint> last_sample_;
};

}  // namespace mg::http
