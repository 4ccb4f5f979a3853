// Internal to the server: a deadline that moves on every request at no cost.
//
// A session's read and write deadlines move later with each request. On an
// asio timer every move is a cancel and a new wait: a timer-queue update and
// often a timerfd_settime() system call, per request (`strace -c` of
// bench/ceiling_server counted one per four requests). A LazyDeadline only
// records a later deadline; its timer wakes at the earliest time it was armed
// for and, if the deadline has moved on meanwhile, sleeps again until then.
// Only a deadline moved earlier than the pending wake-up touches the timer.
//
// Not thread-safe: used from the session's one I/O thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace mg::http {

class LazyDeadline {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LazyDeadline(const boost::asio::any_io_executor& executor);

  // Called on the executor when a deadline passes (once per deadline set).
  // It must not own the deadline's owner: capture a weak_ptr.
  void OnExpired(std::function<void()> callback);

  void Set(Clock::time_point deadline);
  // No deadline until the next Set(); the pending wake-up, if any, is left
  // to lapse.
  void Clear();

 private:
  struct State {
    explicit State(const boost::asio::any_io_executor& executor) : timer(executor) {}
    boost::asio::steady_timer timer;
    std::function<void()> callback;
    Clock::time_point deadline = Clock::time_point::max();  // max: none
    Clock::time_point wake_at;
    bool waiting = false;
    uint64_t generation = 0;  // of the wait whose handler counts
  };
  static void Wait(const std::shared_ptr<State>& state, Clock::time_point at);

  // Shared with the timer's handler (weakly), which may run after this
  // object is gone.
  std::shared_ptr<State> state_;
};

}  // namespace mg::http
