#include "gateway/http/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace mg::http {
namespace {

bool Contains(const std::string& text, const std::string& line) {
  return text.find(line) != std::string::npos;
}

TEST(MetricsTest, CountersRenderWithHelpTypeAndLabels) {
  MetricsRegistry registry;
  CounterFamily& purchases =
      registry.AddCounter("purchases_total", "Purchases by market and state.", {"market", "state"});
  purchases.WithLabels({"DE", "captured"}).Increment();
  purchases.WithLabels({"DE", "captured"}).Increment(2);
  purchases.WithLabels({"JP", "failed"}).Increment();
  std::string text = registry.RenderText();
  EXPECT_TRUE(Contains(text, "# HELP purchases_total Purchases by market and state.\n"));
  EXPECT_TRUE(Contains(text, "# TYPE purchases_total counter\n"));
  EXPECT_TRUE(Contains(text, "purchases_total{market=\"DE\",state=\"captured\"} 3\n"));
  EXPECT_TRUE(Contains(text, "purchases_total{market=\"JP\",state=\"failed\"} 1\n"));
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  MetricsRegistry registry;
  registry.AddCounter("odd_total", "Odd labels.", {"value"}).WithLabels({"a\"b\\c\nd"}).Increment();
  EXPECT_TRUE(Contains(registry.RenderText(), "odd_total{value=\"a\\\"b\\\\c\\nd\"} 1\n"));
  EXPECT_EQ(EscapeLabelValue("plain"), "plain");
}

TEST(MetricsTest, GaugesAndUnlabelledMetrics) {
  MetricsRegistry registry;
  GaugeFamily& version = registry.AddGauge("market_snapshot_version", "Snapshot version.");
  version.WithLabels({}).Set(7);
  std::string text = registry.RenderText();
  EXPECT_TRUE(Contains(text, "# TYPE market_snapshot_version gauge\n"));
  EXPECT_TRUE(Contains(text, "market_snapshot_version 7\n"));
  version.WithLabels({}).Add(0.5);
  EXPECT_TRUE(Contains(registry.RenderText(), "market_snapshot_version 7.5\n"));
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  MetricsRegistry registry;
  HistogramFamily& latency =
      registry.AddHistogram("request_seconds", "Latency.", {"route"}, {0.5, 2});
  Histogram& route = latency.WithLabels({"/v1/markets"});
  route.Observe(0.25);
  route.Observe(0.5);  // upper bounds are inclusive
  route.Observe(1);
  route.Observe(4);
  std::string text = registry.RenderText();
  EXPECT_TRUE(Contains(text, "# TYPE request_seconds histogram\n"));
  EXPECT_TRUE(Contains(text, "request_seconds_bucket{route=\"/v1/markets\",le=\"0.5\"} 2\n"));
  EXPECT_TRUE(Contains(text, "request_seconds_bucket{route=\"/v1/markets\",le=\"2\"} 3\n"));
  EXPECT_TRUE(Contains(text, "request_seconds_bucket{route=\"/v1/markets\",le=\"+Inf\"} 4\n"));
  EXPECT_TRUE(Contains(text, "request_seconds_sum{route=\"/v1/markets\"} 5.75\n"));
  EXPECT_TRUE(Contains(text, "request_seconds_count{route=\"/v1/markets\"} 4\n"));
}

TEST(MetricsTest, RegisteringTwiceReturnsTheSameFamily) {
  MetricsRegistry registry;
  CounterFamily& a = registry.AddCounter("x_total", "X.", {"l"});
  CounterFamily& b = registry.AddCounter("x_total", "X.", {"l"});
  EXPECT_EQ(&a, &b);
}

TEST(MetricsDeathTest, BadRegistrationsAbort) {
  MetricsRegistry registry;
  registry.AddCounter("x_total", "X.", {"l"});
  EXPECT_DEATH(registry.AddGauge("x_total", "X.", {"l"}), "registered twice");
  EXPECT_DEATH(registry.AddCounter("bad-name", "X."), "bad metric name");
  EXPECT_DEATH(registry.AddCounter("y_total", "Y.", {"le"}), "bad label name");
}

TEST(MetricsTest, ConcurrentUpdatesAreNotLost) {
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounter("hits_total", "Hits.", {"worker"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&family] {
      for (int i = 0; i < 10000; ++i) family.WithLabels({"shared"}).Increment();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(family.WithLabels({"shared"}).value(), 40000u);
}

// Children are found by hash and rendered in label order; each combination,
// however it is spelled (views or strings), is one child.
TEST(MetricsTest, EachLabelCombinationIsOneChildRenderedInOrder) {
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounter("calls_total", "Calls.", {"route", "status"});
  for (int round = 0; round < 3; ++round) {
    for (int route = 9; route >= 0; --route) {
      for (int status = 0; status < 5; ++status) {
        family.WithLabels({"/r" + std::to_string(route), std::to_string(200 + status)})
            .Increment(route * 10 + status + 1);
      }
    }
  }
  // Values that only split differently are different children.
  family.WithLabels({"/r1", "2000"}).Increment();
  family.WithLabels({"/r12", "000"}).Increment();
  const std::vector<std::string> spelled = {"/r3", "204"};
  EXPECT_EQ(family.WithLabels(spelled).value(), 3u * 35);
  EXPECT_EQ(&family.WithLabels(spelled), &family.WithLabels({"/r3", "204"}));
  const std::string text = registry.RenderText();
  EXPECT_TRUE(Contains(text, "calls_total{route=\"/r1\",status=\"2000\"} 1\n"));
  EXPECT_TRUE(Contains(text, "calls_total{route=\"/r12\",status=\"000\"} 1\n"));
  size_t previous = 0;
  for (int route = 0; route < 10; ++route) {
    for (int status = 0; status < 5; ++status) {
      const std::string line = "calls_total{route=\"/r" + std::to_string(route) + "\",status=\"" +
                               std::to_string(200 + status) + "\"} " +
                               std::to_string(3 * (route * 10 + status + 1)) + "\n";
      const size_t at = text.find(line);
      ASSERT_NE(at, std::string::npos) << line;
      EXPECT_GT(at, previous) << line;
      previous = at;
    }
  }
}

TEST(MetricsTest, SampleValues) {
  EXPECT_EQ(FormatSampleValue(3), "3");
  EXPECT_EQ(FormatSampleValue(0.25), "0.25");
  EXPECT_EQ(FormatSampleValue(1.0 / 0.0), "+Inf");
}

}  // namespace
}  // namespace mg::http
