// Internal to the server: the I/O threads, one io_context each.
//
// A connection lives on one io_context for its whole life, so its handlers
// run on one thread, in order, without a strand; and the threads share no
// scheduler or reactor lock (each io_context has its own queue and epoll
// set). A single io_context run by every I/O thread, with a strand per
// connection, cost the stack most of its throughput: on 2 cores it served
// 31 % of what a bare Beast server with one io_context per thread did
// (perf: futex and strand dispatch among the top symbols; bench/run.sh).
// The listeners accept on the first io_context and hand each new socket to
// the next one in turn.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <memory>
#include <vector>

namespace mg::http {

class IoPool {
 public:
  // `threads` >= 1 (less is taken as 1).
  explicit IoPool(int threads);

  // Where listeners, signals and server-wide timers live.
  boost::asio::io_context& first() { return *contexts_.front(); }
  // The io_context for the next connection, round-robin. Thread-safe.
  boost::asio::io_context& Next();

  // Runs every io_context on its own thread, the first on the calling one,
  // until Stop(); returns once all have stopped.
  void Run();
  // Stops every io_context. Thread-safe.
  void Stop();

 private:
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::atomic<size_t> next_{0};
};

}  // namespace mg::http
