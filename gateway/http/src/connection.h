// Internal to the server: the interface the listener and the shutdown logic
// see of a session, and the set of open connections.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace mg::http {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  virtual ~Connection() = default;
  // Starts the TLS handshake or the first read. Called once.
  virtual void Start() = 0;
  // Stops reading new requests, answers the ones already received and closes.
  // Thread-safe: posts to the connection's io_context.
  virtual void BeginShutdown() = 0;
  // Closes the socket at once. REQUIRES: the I/O threads have stopped.
  virtual void CloseNow() = 0;
};

// The open connections. Thread-safe.
class ConnectionTracker {
 public:
  // False once shutdown has begun: the caller drops the connection.
  bool Add(const std::shared_ptr<Connection>& connection);
  // From the connection's destructor.
  void Remove(Connection* connection);
  // Stops admitting connections and calls BeginShutdown() on every open one;
  // `on_empty` runs (on whichever thread closes the last one, or at once) when
  // none is left.
  void ShutdownAll(std::function<void()> on_empty);
  // After the I/O threads stop: no more on_empty calls, and every connection
  // still open is closed (CloseNow), so that clients see the end at once.
  void CloseAll();
  size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> open_;
  bool shutting_down_ = false;
  std::function<void()> on_empty_;
};

}  // namespace mg::http
