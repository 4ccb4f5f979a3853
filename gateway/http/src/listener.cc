#include "listener.h"

#include <boost/asio/dispatch.hpp>
#include <chrono>

#include "base/log.h"

namespace mg::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// After an accept error such as EMFILE, wait before retrying so that the
// listener does not spin while the process is out of descriptors.
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};
constexpr std::chrono::seconds kRefusalLogInterval{10};

}  // namespace

Listener::Listener(IoPool& io, std::string name, SessionContext context,
                   std::shared_ptr<asio::ssl::context> tls)
    : io_(io),
      acceptor_(io.first()),
      retry_timer_(acceptor_.get_executor()),
      name_(std::move(name)),
      context_(context),
      tls_(std::move(tls)),
      budget_(std::make_shared<ConnectionBudget>(context.limits->max_connections,
                                                 context.limits->max_connections_per_address)) {}

Result<std::shared_ptr<Listener>> Listener::Open(IoPool& io, const tcp::endpoint& endpoint,
                                                 std::string name, SessionContext context,
                                                 std::shared_ptr<asio::ssl::context> tls) {
  auto listener = std::make_shared<Listener>(io, std::move(name), context, std::move(tls));
  boost::system::error_code ec;
  auto fail = [&](const char* what) {
    std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    return Status(ErrorCode::kUnavailable,
                  "cannot " + std::string(what) + " " + where + ": " + ec.message());
  };
  tcp::acceptor& acceptor = listener->acceptor_;
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("open a socket for");
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("configure");
  acceptor.bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen on");
  listener->endpoint_ = acceptor.local_endpoint(ec);
  if (ec) return fail("read the address of");
  return listener;
}

void Listener::Start() {
  asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->DoAccept(); });
}

void Listener::Stop() {
  asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->retry_timer_.cancel();
    self->acceptor_.close(ignored);
  });
}

void Listener::DoAccept() {
  if (!acceptor_.is_open()) return;
  // The connection lives on one single-threaded io_context: its handlers
  // never run concurrently, with no strand to pay for.
  acceptor_.async_accept(
      io_.Next(), [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
        self->OnAccept(ec, std::move(socket));
      });
}

void Listener::OnAccept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    Log(LogLevel::kWarning, name_ + " listener: accept failed: " + ec.message());
    retry_timer_.expires_after(kAcceptRetryDelay);
    retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
      if (!wait_ec) self->DoAccept();
    });
    return;
  }
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) {  // the client is already gone
    DoAccept();
    return;
  }
  SessionAdmission admission;
  admission.client_address = AddressKey(peer.address());
  ConnectionBudget::Admission decision = budget_->Admit(admission.client_address);
  admission.refusal = decision.refusal;
  admission.slot = std::move(decision.slot);
  if (admission.refusal != ConnectionBudget::Refusal::kNone) LogRefusal(admission);
  std::shared_ptr<Connection> connection =
      tls_ ? MakeTlsSession(std::move(socket), *tls_, context_, std::move(admission))
           : MakePlainSession(std::move(socket), context_, std::move(admission));
  if (context_.tracker->Add(connection)) connection->Start();
  DoAccept();
}

// One line per kRefusalLogInterval at most: a flood must not flood the log.
void Listener::LogRefusal(const SessionAdmission& admission) {
  ++refused_since_log_;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_refusal_log_ < kRefusalLogInterval) return;
  last_refusal_log_ = now;
  const char* limit = admission.refusal == ConnectionBudget::Refusal::kListenerFull
                          ? "max_connections"
                          : "max_connections_per_address";
  Log(LogLevel::kWarning, name_ + " listener: refused " + std::to_string(refused_since_log_) +
                              " connection(s); the last from " + admission.client_address + " (" +
                              limit + " reached)");
  refused_since_log_ = 0;
}

}  // namespace mg::http
