// A function run on its own thread every `interval` until the task is
// destroyed, for housekeeping that must not wait for a request (purging
// expired idempotency keys). Destruction wakes the thread and joins it, so a
// task never outlives what its function uses: declare it after those.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace mg {

class PeriodicTask {
 public:
  // Runs `work` first after one `interval`, then every `interval`.
  PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> work);
  // Runs `work` first after `first_delay` (0: at once), then every `interval`.
  PeriodicTask(std::string name, std::chrono::milliseconds first_delay,
               std::chrono::milliseconds interval, std::function<void()> work);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  const std::string& name() const { return name_; }

 private:
  void Loop();

  std::string name_;
  std::chrono::milliseconds first_delay_;
  std::chrono::milliseconds interval_;
  std::function<void()> work_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: started after every member it reads
};

}  // namespace mg
