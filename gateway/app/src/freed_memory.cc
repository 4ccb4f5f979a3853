#include "freed_memory.h"

#include <malloc.h>

#include <chrono>
#include <string>

#include "base/log.h"

namespace mg::app {

FreedMemoryReturner::FreedMemoryReturner() : thread_([this] { Run(); }) {}

FreedMemoryReturner::~FreedMemoryReturner() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void FreedMemoryReturner::Request() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    requested_ = true;
  }
  wake_.notify_one();
}

int FreedMemoryReturner::trims() const {
  std::lock_guard<std::mutex> lock(mu_);
  return trims_;
}

void FreedMemoryReturner::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return requested_ || stopping_; });
    if (stopping_) return;
    requested_ = false;
    lock.unlock();
    const auto start = std::chrono::steady_clock::now();
    malloc_trim(0);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
    Log(LogLevel::kDebug,
        "returned freed memory to the system in " + std::to_string(micros) + " us");
    lock.lock();
    ++trims_;
  }
}

}  // namespace mg::app
