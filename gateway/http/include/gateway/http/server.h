// Server: the asynchronous HTTP/1.1 server (Boost.Beast), in the three roles
// of Beast's examples: a listener per port that only accepts, a session per
// connection that reads requests and writes responses, and the pure
// RequestPipeline that answers them without touching a socket.
//
//   Server server(options);
//   MG_ASSIGN_OR_RETURN(auto endpoint, server.AddListener({"public", "127.0.0.1", 8080,
//                                                         &pipeline, tls_context}));
//   server.Run();  // until SIGTERM/SIGINT or Shutdown()
//
// Threads: `io_threads`, each running its own io_context (sockets, parsing,
// TLS); a connection stays on one. A request whose route says it cannot
// block (RouteOptions::may_block: health, markets, catalogs, most quotes) is
// answered on that thread; the others run on a separate pool of
// `worker_threads`, so a handler that waits on the store or a payment
// provider never stalls other connections' I/O.
//
// Connections: HTTP/1.1 keep-alive; up to `max_pipelined` requests are read
// ahead and answered in order; header, body and time limits as in limits.h.
//
// Shutdown (SIGTERM, SIGINT, or Shutdown()): the listeners close at once, so
// new connections are refused; idle connections are closed; requests already
// received are answered, the last with "Connection: close"; after
// `shutdown_drain` the remaining connections are dropped. Run() then returns.
// SIGHUP calls `on_reload` on a worker thread.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <functional>
#include <memory>
#include <string>

#include "base/status.h"
#include "gateway/http/limits.h"
#include "gateway/http/pipeline.h"

namespace mg::http {

struct ServerOptions {
  int io_threads = 1;      // >= 1
  int worker_threads = 4;  // >= 1
  HttpLimits limits;
  // Install handlers for SIGTERM, SIGINT (shutdown) and SIGHUP (on_reload).
  // Tests that run a server in-process leave this off.
  bool handle_signals = false;
  std::function<void()> on_reload;
};

struct ListenerSpec {
  std::string name;                           // "public", "admin": for logs
  std::string host;                           // an IP address: "127.0.0.1", "::1", "0.0.0.0"
  unsigned short port = 0;                    // 0: an ephemeral port (see the returned endpoint)
  const RequestPipeline* pipeline = nullptr;  // must outlive the server
  // null: plain HTTP; from MakeMutualTlsServerContext (tls.h): only clients
  // with a verified certificate connect, and handlers see it
  // (Request::client_certificate).
  std::shared_ptr<boost::asio::ssl::context> tls = nullptr;
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens now, so that the bound port is known before Run().
  // Errors: kInvalidArgument (bad address), kUnavailable (bind failed).
  // REQUIRES: Run() has not started.
  Result<boost::asio::ip::tcp::endpoint> AddListener(ListenerSpec spec);

  // Serves until shutdown completes; the calling thread is one of the I/O
  // threads. Call at most once.
  void Run();

  // Starts the graceful shutdown described above. Thread-safe, idempotent;
  // returns at once.
  void Shutdown();

  // Connections open now (for tests and logs).
  size_t open_connections() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace mg::http
