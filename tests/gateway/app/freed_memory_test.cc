// Covers gateway/app/src/freed_memory.cc: trims asked for from any thread
// run on the returner's own thread.
#include "freed_memory.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace mg::app {
namespace {

bool WaitForTrims(const FreedMemoryReturner& returner, int at_least) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (returner.trims() < at_least) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

TEST(FreedMemoryReturnerTest, TrimsOnlyWhenAsked) {
  FreedMemoryReturner returner;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(returner.trims(), 0);
  returner.Request();
  ASSERT_TRUE(WaitForTrims(returner, 1));
  std::thread other([&] { returner.Request(); });
  other.join();
  ASSERT_TRUE(WaitForTrims(returner, 2));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(returner.trims(), 2);
}

TEST(FreedMemoryReturnerTest, StopsWithARequestPending) {
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    FreedMemoryReturner returner;
    returner.Request();
  }  // each destructor returns at once or after the one trim under way
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace mg::app
