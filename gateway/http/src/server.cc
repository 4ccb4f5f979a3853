#include "gateway/http/server.h"

#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <csignal>
#include <deque>
#include <optional>
#include <vector>

#include "base/log.h"
#include "connection.h"
#include "io_pool.h"
#include "listener.h"

namespace mg::http {
namespace {

namespace asio = boost::asio;

}  // namespace

struct Server::State {
  explicit State(ServerOptions server_options)
      : options(std::move(server_options)),
        bodies(options.limits.max_buffered_body_bytes),
        io(options.io_threads),
        workers(static_cast<size_t>(std::max(1, options.worker_threads))),
        drain_timer(io.first()) {}

  void InstallSignals();
  void OnSignal(boost::system::error_code ec, int signal);
  void BeginShutdown();

  ServerOptions options;
  // Before io and workers: requests still queued there release into it.
  BodyBudget bodies;
  // Declared before io and workers: sessions deregister while those are torn down.
  ConnectionTracker tracker;
  IoPool io;
  asio::thread_pool workers;
  std::deque<SessionContext> contexts;  // stable addresses
  std::vector<std::shared_ptr<Listener>> listeners;
  std::optional<asio::signal_set> signals;
  asio::steady_timer drain_timer;
  std::atomic<bool> shutdown_started{false};
  bool running = false;
};

void Server::State::InstallSignals() {
  signals.emplace(io.first(), SIGINT, SIGTERM, SIGHUP);
  signals->async_wait([this](boost::system::error_code ec, int signal) { OnSignal(ec, signal); });
}

void Server::State::OnSignal(boost::system::error_code ec, int signal) {
  if (ec) return;
  if (signal == SIGHUP) {
    Log(LogLevel::kInfo, "SIGHUP: reloading");
    if (options.on_reload) asio::post(workers, options.on_reload);
  } else if (shutdown_started.load()) {
    Log(LogLevel::kWarning, "second shutdown signal: stopping without waiting");
    io.Stop();
    return;
  } else {
    Log(LogLevel::kInfo, signal == SIGTERM ? "SIGTERM: shutting down" : "SIGINT: shutting down");
    shutdown_started.store(true);
    BeginShutdown();
  }
  signals->async_wait([this](boost::system::error_code next_ec, int next_signal) {
    OnSignal(next_ec, next_signal);
  });
}

// Runs on an I/O thread.
void Server::State::BeginShutdown() {
  for (auto& listener : listeners) listener->Stop();
  Log(LogLevel::kInfo, "draining " + std::to_string(tracker.size()) + " connection(s)");
  drain_timer.expires_after(options.limits.shutdown_drain);
  drain_timer.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    Log(LogLevel::kWarning,
        "drain deadline passed; dropping " + std::to_string(tracker.size()) + " connection(s)");
    io.Stop();
  });
  tracker.ShutdownAll([this] { io.Stop(); });
}

Server::Server(ServerOptions options) : state_(std::make_unique<State>(std::move(options))) {}

Server::~Server() {
  state_->tracker.CloseAll();
  state_->workers.stop();
  state_->workers.join();
}

Result<asio::ip::tcp::endpoint> Server::AddListener(ListenerSpec spec) {
  if (spec.pipeline == nullptr)
    return InvalidArgument("listener '" + spec.name + "' has no pipeline");
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(spec.host, ec);
  if (ec) {
    return InvalidArgument("listener '" + spec.name + "': '" + spec.host +
                           "' is not an IP address");
  }
  SessionContext& context = state_->contexts.emplace_back(SessionContext{
      spec.pipeline, &state_->options.limits, &state_->workers, &state_->tracker, &state_->bodies});
  MG_ASSIGN_OR_RETURN(std::shared_ptr<Listener> listener,
                      Listener::Open(state_->io, asio::ip::tcp::endpoint(address, spec.port),
                                     spec.name, context, std::move(spec.tls)));
  state_->listeners.push_back(listener);
  return listener->local_endpoint();
}

void Server::Run() {
  State& state = *state_;
  state.running = true;
  if (state.options.handle_signals) state.InstallSignals();
  for (auto& listener : state.listeners) listener->Start();
  state.io.Run();  // until shutdown stops it
  state.tracker.CloseAll();
  // Handlers still running finish; their responses have nowhere to go.
  state.workers.stop();
  state.workers.join();
  Log(LogLevel::kInfo, "stopped");
}

void Server::Shutdown() {
  if (state_->shutdown_started.exchange(true)) return;
  asio::post(state_->io.first(), [state = state_.get()] { state->BeginShutdown(); });
}

size_t Server::open_connections() const { return state_->tracker.size(); }

}  // namespace mg::http
