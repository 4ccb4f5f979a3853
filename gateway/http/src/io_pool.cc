#include "io_pool.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <thread>

namespace mg::http {

namespace asio = boost::asio;

IoPool::IoPool(int threads) {
  const size_t count = static_cast<size_t>(std::max(1, threads));
  contexts_.reserve(count);
  // Hint 1: one thread runs each io_context (others may still post to it).
  for (size_t i = 0; i < count; ++i) contexts_.push_back(std::make_unique<asio::io_context>(1));
}

asio::io_context& IoPool::Next() {
  return *contexts_[next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

void IoPool::Run() {
  // Each keeps running while it has nothing to do; Stop() ends them.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  for (auto& context : contexts_) guards.push_back(asio::make_work_guard(*context));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < contexts_.size(); ++i) {
    threads.emplace_back([context = contexts_[i].get()] { context->run(); });
  }
  contexts_.front()->run();
  for (auto& thread : threads) thread.join();
}

void IoPool::Stop() {
  for (auto& context : contexts_) context->stop();
}

}  // namespace mg::http
