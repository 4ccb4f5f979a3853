// bare_beast_server: the HTTP ceiling of bench/run.sh. A bare Boost.Beast
// server, none of the gateway's code: one io_context and one acceptor per
// thread on the same port (SO_REUSEPORT, so the kernel spreads connections
// over the threads and no connection ever changes thread), and sessions that
// read a request and answer a fixed small JSON body, with keep-alive. What the
// gateway's own stack (bench/ceiling_server) costs is measured against this.
//
//   bare_beast_server [--listen HOST:PORT] [--threads N]
//
// --threads 0 (the default) is one per core, as `marketgate serve`. Prints
// "listening on HOST:PORT" on stderr once every acceptor is bound; exits 0 on
// SIGTERM/SIGINT, 2 on bad usage.
#include <sys/socket.h>

#include <boost/asio/detail/socket_option.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gateway/app/config.h"
#include "server_flags.h"

namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using ReusePort = net::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

constexpr char kBody[] = R"({"ok":true,"server":"bare"})";

// One connection: read a request, write the fixed answer, again while the
// client keeps the connection alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : socket_(std::move(socket)) {
    response_.result(http::status::ok);
    response_.set(http::field::content_type, "application/json");
    response_.body() = kBody;
    response_.prepare_payload();
  }

  void Read() {
    request_ = {};
    http::async_read(socket_, buffer_, request_,
                     [self = shared_from_this()](boost::beast::error_code ec, std::size_t) {
                       if (!ec) self->Write();
                     });
  }

 private:
  void Write() {
    response_.version(request_.version());
    response_.keep_alive(request_.keep_alive());
    http::async_write(socket_, response_,
                      [self = shared_from_this()](boost::beast::error_code ec, std::size_t) {
                        if (ec) return;
                        if (self->response_.keep_alive()) {
                          self->Read();
                        } else {
                          boost::beast::error_code ignored;
                          self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                        }
                      });
  }

  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

// One thread's acceptor, on its own io_context.
class Listener {
 public:
  Listener(net::io_context& io, const tcp::endpoint& endpoint) : acceptor_(io) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.set_option(ReusePort(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  void Accept() {
    acceptor_.async_accept([this](boost::beast::error_code ec, tcp::socket socket) {
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket))->Read();
      }
      if (acceptor_.is_open()) Accept();
    });
  }

 private:
  tcp::acceptor acceptor_;
};

}  // namespace

int main(int argc, char** argv) {
  std::optional<mg::bench::ServerFlags> flags =
      mg::bench::ParseServerFlags(argc, argv, "bare_beast_server", {"--threads"});
  if (!flags) return 2;
  const mg::app::ListenAddress& listen = flags->listen;
  int threads = flags->counts["--threads"];
  mg::app::GatewayConfig defaults;  // the same default as `marketgate serve`
  defaults.threads = threads;
  threads = defaults.EffectiveIoThreads();

  std::vector<std::unique_ptr<net::io_context>> contexts;
  std::vector<std::unique_ptr<Listener>> listeners;
  tcp::endpoint endpoint(net::ip::make_address(listen.host), listen.port);
  try {
    for (int i = 0; i < threads; ++i) {
      contexts.push_back(std::make_unique<net::io_context>(1));
      listeners.push_back(std::make_unique<Listener>(*contexts.back(), endpoint));
      // Port 0: the first acceptor picks it, the others join the same one.
      endpoint.port(listeners.front()->port());
      listeners.back()->Accept();
    }
  } catch (const boost::system::system_error& error) {
    std::cerr << "bare_beast_server: " << error.what() << "\n";
    return 1;
  }
  std::cerr << "listening on "
            << mg::app::ListenAddress{endpoint.address().to_string(), endpoint.port()}.ToString()
            << std::endl;

  net::io_context signals_io(1);
  net::signal_set signals(signals_io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::beast::error_code, int) {
    for (auto& context : contexts) context->stop();
  });
  std::vector<std::thread> workers;
  for (auto& context : contexts) workers.emplace_back([&io = *context] { io.run(); });
  std::thread signal_thread([&] { signals_io.run(); });
  for (auto& worker : workers) worker.join();
  signals_io.stop();
  signal_thread.join();
  return 0;
}
