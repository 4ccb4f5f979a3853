// Returning the memory of replaced market snapshots to the system.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

namespace mg::app {

// Hands the pages the allocator keeps for freed blocks back to the kernel,
// on a thread of its own, when asked: tcmalloc's ReleaseFreeMemory where the
// program runs on it (the gateway's executable, CMakeLists.txt), glibc's
// malloc_trim otherwise (sanitizer builds, the tests).
//
// Why: markets are parsed on several threads, so a snapshot's blocks live in
// several malloc arenas, and glibc returns freed memory to the system only
// from the top of an arena's heap. With 1,000 markets every reload kept
// another ~50 MiB resident after the old snapshot was freed (84 MiB at
// start, 397 MiB after 7 reloads; 86-91 MiB with a trim after each, measured
// with `marketgate serve` and SIGHUP). Its own thread because a trim takes
// 15-19 ms there, and the last reader of a snapshot may be an I/O thread.
class FreedMemoryReturner {
 public:
  FreedMemoryReturner();
  ~FreedMemoryReturner();  // finishes a trim under way, skips one asked for
  FreedMemoryReturner(const FreedMemoryReturner&) = delete;
  FreedMemoryReturner& operator=(const FreedMemoryReturner&) = delete;

  // Asks for a trim soon; several requests before it runs make one. Never
  // blocks on the trim.
  void Request();
  // Trims done so far (for tests).
  int trims() const;

 private:
  void Run();

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool requested_ = false;  // guarded by mu_
  bool stopping_ = false;   // guarded by mu_
  int trims_ = 0;           // guarded by mu_
  std::thread thread_;      // last: started once the fields above exist
};

}  // namespace mg::app
