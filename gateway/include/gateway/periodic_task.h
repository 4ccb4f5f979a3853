// PeriodicTask: runs one job on a background thread now and then every
// `interval` until Stop(), for the gateway's housekeeping (event delivery,
// reconciliation). A run in progress finishes before Stop() returns.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace mg::gateway {

class PeriodicTask {
 public:
  PeriodicTask(std::chrono::milliseconds interval, std::function<void()> job)
      : interval_(interval), job_(std::move(job)) {}
  ~PeriodicTask() { Stop(); }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Starts the thread; a second Start() while running does nothing.
  void Start();
  void Stop();

 private:
  std::chrono::milliseconds interval_;
  std::function<void()> job_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace mg::gateway
