// Internal to the server: the clock of a session's reads.
//
// A request is read in three timed phases: the wait for its first byte
// (idle_timeout), its headers (header_timeout, within request_timeout) and
// its body (request_timeout from the request's first byte: the header
// phase's start). The clock runs only while nothing else is in flight on the
// connection, since a pipelined read waits on the server, not on the client;
// a read ahead starts its clock when the connection becomes idle (Restart).
// Expiry cancels the read so that a partial request can still be answered 408.
//
// Not thread-safe: used from the session's one I/O thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>

#include "gateway/http/limits.h"
#include "lazy_deadline.h"

namespace mg::http {

class ReadClock {
 public:
  enum class Phase { kIdle, kHeader, kBody };

  // `limits` must outlive the clock.
  ReadClock(const boost::asio::any_io_executor& executor, const HttpLimits& limits);

  // Called on the executor when an armed phase runs out of time.
  void OnExpired(std::function<void()> callback) { deadline_.OnExpired(std::move(callback)); }

  // The idle and header phases start now; the body keeps the header's start.
  void Enter(Phase phase);
  // Runs the clock of the current phase from its start.
  void Arm();
  // Runs the clock of the current phase from now.
  void Restart();
  void Disarm() { deadline_.Clear(); }

 private:
  const HttpLimits& limits_;
  LazyDeadline deadline_;
  Phase phase_ = Phase::kIdle;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace mg::http
