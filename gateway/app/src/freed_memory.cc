#include "freed_memory.h"

#include <dlfcn.h>
#include <malloc.h>

#include <chrono>
#include <string>

#include "base/log.h"

namespace mg::app {
namespace {

// The allocator the program runs on decides how freed memory goes back:
// tcmalloc keeps it in its own page heap, where malloc_trim (glibc's, which
// then trims an arena nobody uses) does not reach. Looked up at run time, so
// that the library needs no allocator's headers and works under either.
const char* ReturnFreedMemory() {
  using Release = void (*)();
  static const auto release =
      reinterpret_cast<Release>(dlsym(RTLD_DEFAULT, "MallocExtension_ReleaseFreeMemory"));
  if (release != nullptr) {
    release();
    return "tcmalloc";
  }
  malloc_trim(0);
  return "glibc";
}

}  // namespace

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
    const char* allocator = ReturnFreedMemory();
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
    Log(LogLevel::kDebug, "returned freed memory to the system (" + std::string(allocator) +
                              ") in " + std::to_string(micros) + " us");
    lock.lock();
    ++trims_;
  }
}

}  // namespace mg::app
