#include "gateway/http/metrics_history.h"

#include <gtest/gtest.h>

namespace mg::http {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using TimePoint = MetricsHistory::TimePoint;

const TimePoint kStart = TimePoint(std::chrono::hours(24 * 20000));

const MetricsHistory::Series* Find(const MetricsHistory::Window& window,
                                   const std::vector<std::string>& labels,
                                   MetricValue::Part part = MetricValue::Part::kValue,
                                   size_t bucket = 0) {
  for (const MetricsHistory::Series& series : window.series) {
    if (series.labels == labels && series.part == part && series.bucket == bucket) return &series;
  }
  return nullptr;
}

class MetricsHistoryTest : public testing::Test {
 protected:
  MetricsRegistry registry_;
  CounterFamily& purchases_ =
      registry_.AddCounter("purchases_total", "Purchases.", {"market", "state"});
  HistogramFamily& latency_ =
      registry_.AddHistogram("call_seconds", "Calls.", {"provider"}, {0.1, 1});
  GaugeFamily& open_ = registry_.AddGauge("open", "Open.");
  MetricsHistory history_{registry_, {"purchases_total", "call_seconds", "open", "not_registered"}};
};

TEST_F(MetricsHistoryTest, IncreasesFallInTheSlotOfTheSampleThatSawThem) {
  history_.Sample(kStart);
  purchases_.WithLabels({"DE", "succeeded"}).Increment(3);
  history_.Sample(kStart + minutes(1));
  purchases_.WithLabels({"DE", "succeeded"}).Increment(2);
  purchases_.WithLabels({"DE", "failed"}).Increment();
  history_.Sample(kStart + minutes(2));
  history_.Sample(kStart + minutes(3));  // nothing moved

  MetricsHistory::Window window = history_.Read(minutes(1), 3);
  EXPECT_EQ(window.end, kStart + minutes(3));
  const MetricsHistory::Series* succeeded = Find(window, {"DE", "succeeded"});
  ASSERT_NE(succeeded, nullptr);
  EXPECT_EQ(succeeded->family, "purchases_total");
  EXPECT_EQ(succeeded->increases, (std::vector<double>{3, 2, 0}));
  const MetricsHistory::Series* failed = Find(window, {"DE", "failed"});
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->increases, (std::vector<double>{0, 1, 0}));
  EXPECT_EQ(window.SlotStart(0, 3), kStart);
}

TEST_F(MetricsHistoryTest, WiderSlotsSumTheSamplesInThem) {
  history_.Sample(kStart);
  for (int minute = 1; minute <= 10; ++minute) {
    purchases_.WithLabels({"JP", "succeeded"}).Increment(minute);
    history_.Sample(kStart + minutes(minute));
  }
  MetricsHistory::Window window = history_.Read(minutes(5), 2);
  const MetricsHistory::Series* series = Find(window, {"JP", "succeeded"});
  ASSERT_NE(series, nullptr);
  EXPECT_EQ(series->increases, (std::vector<double>{1 + 2 + 3 + 4 + 5, 6 + 7 + 8 + 9 + 10}));
  // Only what falls inside the window counts.
  window = history_.Read(minutes(1), 2);
  EXPECT_EQ(Find(window, {"JP", "succeeded"})->increases, (std::vector<double>{9, 10}));
}

TEST_F(MetricsHistoryTest, HistogramsKeepEachBucketAndTheSumGaugesAreSkipped) {
  history_.Sample(kStart);
  latency_.WithLabels({"stripe"}).Observe(0.05);
  latency_.WithLabels({"stripe"}).Observe(0.5);
  latency_.WithLabels({"stripe"}).Observe(0.7);
  open_.WithLabels(std::span<const std::string>()).Set(42);
  history_.Sample(kStart + minutes(1));
  MetricsHistory::Window window = history_.Read(minutes(1), 1);
  ASSERT_NE(Find(window, {"stripe"}, MetricValue::Part::kBucket, 0), nullptr);
  EXPECT_EQ(Find(window, {"stripe"}, MetricValue::Part::kBucket, 0)->increases[0], 1);
  EXPECT_EQ(Find(window, {"stripe"}, MetricValue::Part::kBucket, 1)->increases[0], 2);
  EXPECT_EQ(Find(window, {"stripe"}, MetricValue::Part::kBucket, 2), nullptr);  // +Inf: none
  EXPECT_DOUBLE_EQ(Find(window, {"stripe"}, MetricValue::Part::kSum)->increases[0], 1.25);
  EXPECT_EQ(window.bounds.at("call_seconds"), (std::vector<double>{0.1, 1}));
  for (const MetricsHistory::Series& series : window.series) EXPECT_NE(series.family, "open");
}

TEST_F(MetricsHistoryTest, SamplesOlderThanTheRetentionAreDropped) {
  MetricsHistory short_history(registry_, {"purchases_total"}, minutes(10));
  short_history.Sample(kStart);
  purchases_.WithLabels({"DE", "succeeded"}).Increment();
  short_history.Sample(kStart + minutes(1));
  short_history.Sample(kStart + minutes(20));
  EXPECT_TRUE(short_history.Read(minutes(30), 1).series.empty());
}

TEST_F(MetricsHistoryTest, SamplesCloserThanTheMergeSpacingShareOneEntry) {
  history_.Sample(kStart);
  // A page read every second for two minutes, something moving each time.
  for (int second = 1; second <= 120; ++second) {
    purchases_.WithLabels({"DE", "succeeded"}).Increment();
    purchases_.WithLabels({"DE", second % 2 ? "failed" : "pending"}).Increment();
    history_.Sample(kStart + seconds(second));
  }
  EXPECT_LE(history_.entries(), 120 / MetricsHistory::kMergeWithin.count() + 1);
  EXPECT_GE(history_.entries(), 120 / MetricsHistory::kMergeWithin.count());
  // Nothing is lost in the merging.
  MetricsHistory::Window window = history_.Read(minutes(5), 1);
  EXPECT_EQ(Find(window, {"DE", "succeeded"})->increases[0], 120);
  EXPECT_EQ(Find(window, {"DE", "failed"})->increases[0], 60);
  EXPECT_EQ(Find(window, {"DE", "pending"})->increases[0], 60);
}

TEST_F(MetricsHistoryTest, NothingToReadBeforeTheFirstSample) {
  EXPECT_FALSE(history_.last_sample().has_value());
  EXPECT_TRUE(history_.Read(minutes(1), 60).series.empty());
  history_.Sample(kStart);
  EXPECT_EQ(history_.last_sample(), kStart);
}

}  // namespace
}  // namespace mg::http
