#include "base/periodic_task.h"

namespace mg {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval,
                           std::function<void()> work)
    : PeriodicTask(std::move(name), interval, interval, std::move(work)) {}

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds first_delay,
                           std::chrono::milliseconds interval, std::function<void()> work)
    : name_(std::move(name)),
      first_delay_(first_delay),
      interval_(interval),
      work_(std::move(work)),
      thread_([this] { Loop(); }) {}

PeriodicTask::~PeriodicTask() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PeriodicTask::Loop() {
  std::unique_lock lock(mu_);
  std::chrono::milliseconds wait = first_delay_;
  while (!wake_.wait_for(lock, wait, [this] { return stopping_; })) {
    lock.unlock();
    work_();
    lock.lock();
    wait = interval_;
  }
}

}  // namespace mg
