// A small metrics registry rendered in the Prometheus text exposition format
// (version 0.0.4) at GET /metrics.
//
// Families are registered once at startup:
//
//   CounterFamily& purchases = registry.AddCounter(
//       "purchases_total", "Purchases by market and final state.", {"market", "state"});
//
// and updated on the request path:
//
//   purchases.WithLabels({market.code(), "captured"}).Increment();
//
// Updating a metric is one relaxed atomic operation. WithLabels() takes a
// shared lock to find the child (an exclusive one only the first time a label
// combination is seen); hot paths may keep the returned reference, which stays
// valid as long as the registry. Label values are escaped on output (\\, \",
// \n), so any string is safe as a value.
//
// Registering a name twice with the same kind and label names returns the
// existing family; anything else (a bad name, another kind) is a programming
// error and aborts at startup.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mg::http {

class Counter {
 public:
  void Increment(uint64_t amount = 1) { value_.fetch_add(amount, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double amount) { value_.fetch_add(amount, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // `upper_bounds` are sorted and finite; the +Inf bucket is implicit.
  explicit Histogram(std::span<const double> upper_bounds);

  void Observe(double value);

  std::span<const double> upper_bounds() const { return upper_bounds_; }
  // Non-cumulative count of bucket i; i == upper_bounds().size() is +Inf.
  uint64_t bucket_count(size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::span<const double> upper_bounds_;  // owned by the family
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

// Default buckets for request durations in seconds.
std::vector<double> DefaultLatencyBuckets();

// One value read back from a family (MetricFamily::Collect): a counter's or
// gauge's value, or a histogram's sum or one of its buckets, not cumulative
// (bucket == upper_bounds().size() is +Inf).
struct MetricValue {
  enum class Part { kValue, kBucket, kSum };
  const std::vector<std::string>& labels;
  Part part;
  size_t bucket;  // kBucket only
  double value;
};

class MetricFamily {
 public:
  enum class Kind { kCounter, kGauge, kHistogram };

  virtual ~MetricFamily() = default;
  const std::string& name() const { return name_; }
  Kind kind() const { return kind_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

  // Appends "# HELP", "# TYPE" and one line per child (per bucket for histograms).
  virtual void Render(std::string& out) const = 0;
  // Calls `visit` with every value of every child, under the family's lock.
  virtual void Collect(const std::function<void(const MetricValue&)>& visit) const = 0;

 protected:
  MetricFamily(std::string name, std::string help, Kind kind, std::vector<std::string> label_names)
      : name_(std::move(name)),
        help_(std::move(help)),
        kind_(kind),
        label_names_(std::move(label_names)) {}
  void RenderHeader(std::string& out) const;
  // `{a="x",b="y"}` (with `extra` appended, e.g. le="0.5"); "" without labels.
  std::string RenderLabels(const std::vector<std::string>& values,
                           std::string_view extra = {}) const;

 private:
  std::string name_;
  std::string help_;
  Kind kind_;
  std::vector<std::string> label_names_;
};

// A family of metrics of one kind, one child per combination of label values.
template <typename Metric>
class Family : public MetricFamily {
 public:
  // One value per label name, in order. A wrong count is a programming error
  // (asserted; in release builds missing values are empty and extra ones
  // are dropped).
  Metric& WithLabels(std::initializer_list<std::string_view> values);
  Metric& WithLabels(std::span<const std::string> values);

  void Render(std::string& out) const override;
  void Collect(const std::function<void(const MetricValue&)>& visit) const override;

 protected:
  using MetricFamily::MetricFamily;
  virtual std::unique_ptr<Metric> NewChild() const = 0;

 private:
  // `values` (strings or views): found without building a key; a key is
  // built only the first time a combination is seen.
  template <typename Values>
  Metric& Child(const Values& values);
  void RenderChild(std::string& out, const std::vector<std::string>& values,
                   const Metric& metric) const;

  // Orders stored label values against looked-up ones of any string type.
  struct LabelsLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::lexicographical_compare(
          a.begin(), a.end(), b.begin(), b.end(),
          [](std::string_view x, std::string_view y) { return x < y; });
    }
  };

  // Hashes label values of any string type the same way.
  struct LabelsHash {
    using is_transparent = void;
    template <typename Values>
    size_t operator()(const Values& values) const {
      size_t hash = 0;
      for (std::string_view value : values) {
        hash = hash * 1000003 ^ std::hash<std::string_view>{}(value);
      }
      return hash;
    }
    size_t operator()(const std::vector<std::string>* values) const { return (*this)(*values); }
  };
  struct LabelsEqual {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::equal(Deref(a).begin(), Deref(a).end(), Deref(b).begin(), Deref(b).end(),
                        [](std::string_view x, std::string_view y) { return x == y; });
    }
    template <typename T>
    static const T& Deref(const T& values) {
      return values;
    }
    static const std::vector<std::string>& Deref(const std::vector<std::string>* values) {
      return *values;
    }
  };

  mutable std::shared_mutex mutex_;
  // Ordered, for exposition; owns the children.
  std::map<std::vector<std::string>, std::unique_ptr<Metric>, LabelsLess> children_;
  // The same children by hash, keyed by children_'s keys: what a request's
  // lookup uses (the map's ordered search cost ~700 instructions a request
  // for http_requests_total, callgrind of bench/ceiling_server).
  std::unordered_map<const std::vector<std::string>*, Metric*, LabelsHash, LabelsEqual> index_;
};

class CounterFamily;
class GaugeFamily;
class HistogramFamily;

// Thread-safe.
class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Names match [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]*
  // and may not be "le" (reserved for histogram buckets).
  CounterFamily& AddCounter(std::string name, std::string help,
                            std::vector<std::string> label_names = {});
  GaugeFamily& AddGauge(std::string name, std::string help,
                        std::vector<std::string> label_names = {});
  // `upper_bounds` sorted ascending and finite.
  HistogramFamily& AddHistogram(std::string name, std::string help,
                                std::vector<std::string> label_names,
                                std::vector<double> upper_bounds = DefaultLatencyBuckets());

  // The exposition text of every family, in registration order.
  std::string RenderText() const;

  // The family registered as `name`, or nullptr. Families live as long as
  // the registry.
  const MetricFamily* Find(std::string_view name) const;

 private:
  MetricFamily* FindRegistered(const std::string& name, MetricFamily::Kind kind,
                               const std::vector<std::string>& label_names);
  template <typename FamilyType, typename... Extra>
  FamilyType& Register(MetricFamily::Kind kind, std::string name, std::string help,
                       std::vector<std::string> label_names, Extra&&... extra);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<MetricFamily>> families_;
};

class CounterFamily final : public Family<Counter> {
 public:
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names)
      : Family(std::move(name), std::move(help), Kind::kCounter, std::move(label_names)) {}

 private:
  std::unique_ptr<Counter> NewChild() const override { return std::make_unique<Counter>(); }
};

class GaugeFamily final : public Family<Gauge> {
 public:
  GaugeFamily(std::string name, std::string help, std::vector<std::string> label_names)
      : Family(std::move(name), std::move(help), Kind::kGauge, std::move(label_names)) {}

 private:
  std::unique_ptr<Gauge> NewChild() const override { return std::make_unique<Gauge>(); }
};

class HistogramFamily final : public Family<Histogram> {
 public:
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> upper_bounds)
      : Family(std::move(name), std::move(help), Kind::kHistogram, std::move(label_names)),
        upper_bounds_(std::move(upper_bounds)) {}

  const std::vector<double>& upper_bounds() const { return upper_bounds_; }

 private:
  std::unique_ptr<Histogram> NewChild() const override {
    return std::make_unique<Histogram>(upper_bounds_);
  }
  std::vector<double> upper_bounds_;
};

// Exposition-format escaping of a label value: \ -> \\, " -> \", newline -> \n.
std::string EscapeLabelValue(std::string_view value);
// A sample value: integers without a fraction, "+Inf", "-Inf", "NaN".
std::string FormatSampleValue(double value);

}  // namespace mg::http
