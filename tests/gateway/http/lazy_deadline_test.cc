// LazyDeadline (gateway/http/src): moving a deadline later never fires it
// early, moving it earlier does, clearing it stops it, and destroying it
// before it passes is safe.
#include "lazy_deadline.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <optional>

namespace mg::http {
namespace {

using Clock = LazyDeadline::Clock;
using std::chrono::milliseconds;

class LazyDeadlineTest : public ::testing::Test {
 protected:
  // Runs the io_context for `span` and returns when the callback ran, if it did.
  std::optional<milliseconds> RunFor(milliseconds span) {
    io_.run_for(span);
    if (!fired_at_) return std::nullopt;
    return std::chrono::duration_cast<milliseconds>(*fired_at_ - start_);
  }

  boost::asio::io_context io_;
  Clock::time_point start_ = Clock::now();
  std::optional<Clock::time_point> fired_at_;
  int fired_ = 0;
  std::function<void()> record_ = [this] {
    ++fired_;
    fired_at_ = Clock::now();
  };
};

TEST_F(LazyDeadlineTest, FiresOnceWhenTheDeadlinePasses) {
  LazyDeadline deadline(io_.get_executor());
  deadline.OnExpired(record_);
  deadline.Set(start_ + milliseconds(50));
  auto fired = RunFor(milliseconds(300));
  ASSERT_TRUE(fired);
  EXPECT_GE(*fired, milliseconds(50));
  EXPECT_EQ(fired_, 1);
}

TEST_F(LazyDeadlineTest, AMovedLaterDeadlineFiresAtItsNewTime) {
  LazyDeadline deadline(io_.get_executor());
  deadline.OnExpired(record_);
  deadline.Set(start_ + milliseconds(50));
  deadline.Set(start_ + milliseconds(250));
  auto fired = RunFor(milliseconds(600));
  ASSERT_TRUE(fired);
  EXPECT_GE(*fired, milliseconds(250));
  EXPECT_EQ(fired_, 1);
}

TEST_F(LazyDeadlineTest, AMovedEarlierDeadlineFiresAtItsNewTime) {
  LazyDeadline deadline(io_.get_executor());
  deadline.OnExpired(record_);
  deadline.Set(start_ + milliseconds(5000));
  deadline.Set(start_ + milliseconds(50));
  auto fired = RunFor(milliseconds(1000));
  ASSERT_TRUE(fired);
  EXPECT_GE(*fired, milliseconds(50));
  EXPECT_LT(*fired, milliseconds(1000));
}

TEST_F(LazyDeadlineTest, AClearedDeadlineNeverFiresAndCanBeSetAgain) {
  LazyDeadline deadline(io_.get_executor());
  deadline.OnExpired(record_);
  deadline.Set(start_ + milliseconds(30));
  deadline.Clear();
  EXPECT_FALSE(RunFor(milliseconds(150)));
  io_.restart();
  deadline.Set(Clock::now() + milliseconds(30));
  EXPECT_TRUE(RunFor(milliseconds(300)));
  EXPECT_EQ(fired_, 1);
}

TEST_F(LazyDeadlineTest, DestroyedBeforeItPassesItNeverFires) {
  {
    LazyDeadline deadline(io_.get_executor());
    deadline.OnExpired(record_);
    deadline.Set(start_ + milliseconds(30));
  }
  EXPECT_FALSE(RunFor(milliseconds(150)));
}

}  // namespace
}  // namespace mg::http
