// Internal to the server: accepts connections on one endpoint and starts a
// session for each, admitted or refused by the listener's ConnectionBudget.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "base/status.h"
#include "io_pool.h"
#include "session.h"

namespace mg::http {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens. Accepts on `io.first()`; each connection then lives
  // on the io_context io.Next() gives it. Errors: kUnavailable naming the
  // endpoint.
  static Result<std::shared_ptr<Listener>> Open(IoPool& io,
                                                const boost::asio::ip::tcp::endpoint& endpoint,
                                                std::string name, SessionContext context,
                                                std::shared_ptr<boost::asio::ssl::context> tls);

  Listener(IoPool& io, std::string name, SessionContext context,
           std::shared_ptr<boost::asio::ssl::context> tls);

  boost::asio::ip::tcp::endpoint local_endpoint() const { return endpoint_; }
  const std::string& name() const { return name_; }

  void Start();
  // Closes the acceptor: new connections are refused. Thread-safe.
  void Stop();

 private:
  void DoAccept();
  void OnAccept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  void LogRefusal(const SessionAdmission& admission);

  IoPool& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  boost::asio::ip::tcp::endpoint endpoint_;
  std::string name_;
  SessionContext context_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::shared_ptr<ConnectionBudget> budget_;
  // On the acceptor's thread only.
  size_t refused_since_log_ = 0;
  std::chrono::steady_clock::time_point last_refusal_log_{};
};

}  // namespace mg::http
