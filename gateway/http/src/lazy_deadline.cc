#include "lazy_deadline.h"

#include <utility>

namespace mg::http {

LazyDeadline::LazyDeadline(const boost::asio::any_io_executor& executor)
    : state_(std::make_shared<State>(executor)) {}

void LazyDeadline::OnExpired(std::function<void()> callback) {
  state_->callback = std::move(callback);
}

void LazyDeadline::Set(Clock::time_point deadline) {
  state_->deadline = deadline;
  if (state_->waiting && state_->wake_at <= deadline) return;  // it wakes first, then waits on
  Wait(state_, deadline);
}

void LazyDeadline::Clear() { state_->deadline = Clock::time_point::max(); }

void LazyDeadline::Wait(const std::shared_ptr<State>& state, Clock::time_point at) {
  state->wake_at = at;
  state->waiting = true;
  const uint64_t generation = ++state->generation;
  // Replacing the expiry cancels the wait before it: its handler finds a
  // newer generation and leaves the state alone.
  state->timer.expires_at(at);
  state->timer.async_wait(
      [weak = std::weak_ptr<State>(state), generation](boost::system::error_code ec) {
        std::shared_ptr<State> state = weak.lock();
        if (!state || generation != state->generation) return;
        state->waiting = false;
        if (ec || state->deadline == Clock::time_point::max()) return;
        if (Clock::now() < state->deadline) return Wait(state, state->deadline);
        state->deadline = Clock::time_point::max();
        if (state->callback) state->callback();
      });
}

}  // namespace mg::http
