#include "session.h"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <deque>
#include <optional>
#include <type_traits>
#include <utility>

#include "base/log.h"

namespace mg::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using beast::error_code;
using boost::beast::http::status;

using PlainStream = beast::tcp_stream;

// How long closing a connection may take once its last response is written:
// the TLS close_notify exchange, or draining what a plain client still sends.
// The response is complete by then, so waiting longer gains nothing.
constexpr std::chrono::seconds kCloseTimeout{1};
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// A request read and not yet answered, or a ready response (a rejection).
struct Pending {
  std::optional<RawRequest> request;
  std::optional<RawResponse> response;
};

template <typename Stream>
class HttpSession final : public Connection {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  HttpSession(asio::ip::tcp::socket socket, const SessionContext& context) requires(!kTls)
      : context_(context), stream_(std::move(socket)), read_timer_(stream_.get_executor()) {}

  HttpSession(asio::ip::tcp::socket socket, asio::ssl::context& tls,
              const SessionContext& context) requires(kTls)
      : context_(context), stream_(std::move(socket), tls), read_timer_(stream_.get_executor()) {}

  ~HttpSession() override { context_.tracker->Remove(this); }

  void Start() override {
    asio::dispatch(stream_.get_executor(), [self = Self()] {
      if constexpr (kTls) {
        self->handshaking_ = true;
        beast::get_lowest_layer(self->stream_).expires_after(self->limits().request_timeout);
        self->stream_.async_handshake(asio::ssl::stream_base::server,
                                      beast::bind_front_handler(&HttpSession::OnHandshake, self));
      } else {
        self->DoRead();
      }
    });
  }

  void BeginShutdown() override {
    asio::post(stream_.get_executor(), [self = Self()] {
      self->shutting_down_ = true;
      self->no_more_reads_ = true;
      if (self->handshaking_) return self->Abort();
      // A pending read is abandoned; a response being written finishes first
      // (OnWrite closes), since cancelling the socket would cancel it too.
      if (self->reading_ && !self->writing_) self->CancelSocket();
      self->MaybeClose();
    });
  }

  void CloseNow() override {
    closed_ = true;
    error_code ignored;
    lowest().socket().close(ignored);
  }

 private:
  std::shared_ptr<HttpSession> Self() {
    return std::static_pointer_cast<HttpSession>(shared_from_this());
  }
  const HttpLimits& limits() const { return *context_.limits; }
  auto& lowest() { return beast::get_lowest_layer(stream_); }
  bool Idle() const { return pending_.empty() && !handling_ && !writing_; }

  void OnHandshake(error_code ec) {
    handshaking_ = false;
    if (ec) {
      Log(LogLevel::kDebug, "TLS handshake failed: " + ec.message());
      return Abort();
    }
    if (shutting_down_) return MaybeClose();
    DoRead();
  }

  void DoRead() {
    if (reading_ || no_more_reads_ || closed_) return;
    size_t in_flight = pending_.size() + (handling_ ? 1 : 0) + (writing_ ? 1 : 0);
    if (in_flight >= limits().max_pipelined) return;  // OnWrite resumes reading
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(limits().max_header_bytes));
    parser_->body_limit(limits().max_body_bytes);
    reading_ = true;
    // Reads are timed by read_timer_ (so that a partial request can still be
    // answered 408); the stream's own timer only guards writes.
    if (!writing_) lowest().expires_never();
    if (Idle()) ArmReadTimer();
    boost::beast::http::async_read(stream_, buffer_, *parser_,
                                   beast::bind_front_handler(&HttpSession::OnRead, Self()));
  }

  void ArmReadTimer() {
    uint64_t generation = ++read_timer_generation_;
    read_timer_.expires_after(limits().request_timeout);
    read_timer_.async_wait([self = Self(), generation](error_code ec) {
      if (ec || generation != self->read_timer_generation_ || !self->reading_) return;
      self->timed_out_ = true;
      self->CancelSocket();
    });
  }

  void DisarmReadTimer() {
    ++read_timer_generation_;
    read_timer_.cancel();
  }

  void OnRead(error_code ec, size_t /*bytes*/) {
    reading_ = false;
    DisarmReadTimer();
    const bool timed_out = std::exchange(timed_out_, false);
    if (closed_) return;
    if (ec == boost::beast::http::error::end_of_stream) {
      no_more_reads_ = true;  // the client closed its side; answer what was read
      return MaybeClose();
    }
    if (ec) return OnReadError(ec, timed_out);
    RawRequest request = parser_->release();
    if (!request.keep_alive()) no_more_reads_ = true;
    pending_.push_back(Pending{std::move(request), std::nullopt});
    HandleNext();
    DoRead();
  }

  void OnReadError(error_code ec, bool timed_out) {
    namespace http_error = boost::beast::http;
    const bool partial = buffer_.size() > 0 || (parser_ && parser_->got_some());
    if (timed_out) {
      if (partial)
        return Reject(status::request_timeout, "request_timeout",
                      "the request was not received in time");
      no_more_reads_ = true;  // an idle keep-alive connection
      return MaybeClose();
    }
    // Cancelled because the connection is closing (shutdown, Connection: close).
    if (ec == asio::error::operation_aborted && no_more_reads_) return MaybeClose();
    if (ec == http_error::error::body_limit) {
      return Reject(
          status::payload_too_large, "body_too_large",
          "the request body exceeds " + std::to_string(limits().max_body_bytes) + " bytes");
    }
    if (ec == http_error::error::header_limit) {
      return Reject(
          status::request_header_fields_too_large, "header_too_large",
          "the request headers exceed " + std::to_string(limits().max_header_bytes) + " bytes");
    }
    if (ec.category() == http_error::make_error_code(http_error::error::bad_target).category()) {
      return Reject(status::bad_request, "bad_request", "malformed HTTP request: " + ec.message());
    }
    Log(LogLevel::kDebug, "connection read error: " + ec.message());
    Abort();
  }

  // Answers a request that could not be read, then closes.
  void Reject(status http_status, std::string code, std::string message) {
    no_more_reads_ = true;
    drain_before_close_ = true;
    unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    pending_.push_back(Pending{
        std::nullopt,
        context_.pipeline->Reject(http_status, std::move(code), std::move(message), version)});
    HandleNext();
  }

  void HandleNext() {
    if (handling_ || writing_ || pending_.empty() || closed_) return;
    Pending next = std::move(pending_.front());
    pending_.pop_front();
    if (next.response) return Write(std::move(*next.response));
    handling_ = true;
    asio::post(*context_.workers, [self = Self(), request = std::move(*next.request)]() mutable {
      RawResponse response = self->context_.pipeline->Handle(std::move(request));
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->OnHandled(std::move(response));
      });
    });
  }

  void OnHandled(RawResponse response) {
    handling_ = false;
    if (closed_) return;
    if (shutting_down_ && pending_.empty()) response.keep_alive(false);
    Write(std::move(response));
  }

  void Write(RawResponse response) {
    writing_ = true;
    outgoing_ = std::move(response);
    lowest().expires_after(limits().request_timeout);
    boost::beast::http::async_write(stream_, *outgoing_,
                                    beast::bind_front_handler(&HttpSession::OnWrite, Self()));
  }

  void OnWrite(error_code ec, size_t /*bytes*/) {
    writing_ = false;
    if (closed_) return;
    if (ec) {
      Log(LogLevel::kDebug, "connection write error: " + ec.message());
      return Abort();
    }
    const bool close = outgoing_->need_eof();
    outgoing_.reset();
    if (close || (shutting_down_ && pending_.empty() && !handling_)) {
      no_more_reads_ = true;
      pending_.clear();
      if (reading_) CancelSocket();
      return MaybeClose();
    }
    HandleNext();
    if (reading_ && Idle()) ArmReadTimer();
    DoRead();
    MaybeClose();
  }

  // Closes once nothing is being read, handled or written.
  void MaybeClose() {
    if (closed_ || !no_more_reads_ || reading_ || !Idle() || handshaking_) return;
    closed_ = true;
    lowest().expires_after(kCloseTimeout);
    if constexpr (kTls) {
      if (drain_before_close_) return LingerTls();
      stream_.async_shutdown([self = Self()](error_code) { self->lowest().close(); });
    } else {
      error_code ignored;
      stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
      Linger();
    }
  }

  // Reads and drops what the client still sends (the rest of a refused body)
  // until it closes or kCloseTimeout passes: closing a socket with unread
  // data resets the connection, and a reset can destroy the response the
  // client has not read yet.
  void Linger() {
    stream_.async_read_some(asio::buffer(linger_buffer_),
                            [self = Self()](error_code ec, size_t /*bytes*/) {
                              if (!ec) return self->Linger();
                              self->lowest().close();
                            });
  }

  // TLS cannot half-close as TCP can: a close_notify followed by the client's
  // unread body ends in a reset that destroys our refusal. So a refused
  // request's rest is read and dropped first, then TLS is shut down.
  void LingerTls() {
    stream_.async_read_some(
        asio::buffer(linger_buffer_), [self = Self()](error_code ec, size_t /*bytes*/) {
          if (!ec) return self->LingerTls();
          self->lowest().expires_after(kCloseTimeout);
          self->stream_.async_shutdown([self](error_code) { self->lowest().close(); });
        });
  }

  void CancelSocket() {
    error_code ignored;
    lowest().socket().cancel(ignored);
  }

  void Abort() {
    closed_ = true;
    pending_.clear();
    lowest().close();
  }

  const SessionContext context_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::deque<Pending> pending_;
  std::optional<RawResponse> outgoing_;
  asio::steady_timer read_timer_;
  uint64_t read_timer_generation_ = 0;
  std::array<char, 1024> linger_buffer_;
  bool handshaking_ = false;
  bool reading_ = false;
  bool handling_ = false;
  bool writing_ = false;
  bool timed_out_ = false;
  bool no_more_reads_ = false;
  bool drain_before_close_ = false;  // the client may still be sending a refused request
  bool shutting_down_ = false;
  bool closed_ = false;
};

}  // namespace

std::shared_ptr<Connection> MakePlainSession(asio::ip::tcp::socket socket,
                                             const SessionContext& context) {
  return std::make_shared<HttpSession<PlainStream>>(std::move(socket), context);
}

std::shared_ptr<Connection> MakeTlsSession(asio::ip::tcp::socket socket, asio::ssl::context& tls,
                                           const SessionContext& context) {
  return std::make_shared<HttpSession<TlsStream>>(std::move(socket), tls, context);
}

}  // namespace mg::http
