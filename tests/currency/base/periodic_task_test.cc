// PeriodicTask runs its work repeatedly and stops promptly when destroyed,
// even with a long interval.
#include "base/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>

namespace mg {
namespace {

using namespace std::chrono_literals;

TEST(PeriodicTaskTest, RunsRepeatedly) {
  std::atomic<int> runs{0};
  {
    PeriodicTask task("count", 5ms, [&] { ++runs; });
    for (int i = 0; i < 400 && runs < 3; ++i) std::this_thread::sleep_for(5ms);
  }
  EXPECT_GE(runs, 3);
}

TEST(PeriodicTaskTest, DestructionDoesNotWaitForTheInterval) {
  std::atomic<int> runs{0};
  auto started = std::chrono::steady_clock::now();
  {
    PeriodicTask task("idle", std::chrono::hours(1), [&] { ++runs; });
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  EXPECT_EQ(runs, 0);  // never before the first interval
}

TEST(PeriodicTaskTest, AZeroFirstDelayRunsAtOnce) {
  std::atomic<int> runs{0};
  {
    PeriodicTask task("at start", 0ms, std::chrono::hours(1), [&] { ++runs; });
    for (int i = 0; i < 400 && runs < 1; ++i) std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(runs, 1);  // once at start; the next run is an hour away
}

}  // namespace
}  // namespace mg
