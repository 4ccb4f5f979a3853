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
#include "gateway/http/tls.h"

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

// A request read and not yet answered (with what Screen() decided and the
// memory its body holds), or a ready response (a rejection).
struct Pending {
  std::optional<RawRequest> request;
  std::optional<Admission> admission;
  BodyBudget::Reservation body;
  std::optional<RawResponse> response;
};

// The first read of a request on an idle connection: enough for most
// requests' headers in one go.
constexpr size_t kFirstReadBytes = 4096;

template <typename Stream>
class HttpSession final : public Connection {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  HttpSession(asio::ip::tcp::socket socket, const SessionContext& context,
              SessionAdmission admission) requires(!kTls)
      : context_(context),
        admission_(std::move(admission)),
        stream_(std::move(socket)),
        read_timer_(stream_.get_executor()) {}

  HttpSession(asio::ip::tcp::socket socket, asio::ssl::context& tls, const SessionContext& context,
              SessionAdmission admission) requires(kTls)
      : context_(context),
        admission_(std::move(admission)),
        stream_(std::move(socket), tls),
        read_timer_(stream_.get_executor()) {}

  ~HttpSession() override { context_.tracker->Remove(this); }

  void Start() override {
    asio::dispatch(stream_.get_executor(), [self = Self()] {
      if constexpr (kTls) {
        self->handshaking_ = true;
        beast::get_lowest_layer(self->stream_).expires_after(self->limits().header_timeout);
        self->stream_.async_handshake(asio::ssl::stream_base::server,
                                      beast::bind_front_handler(&HttpSession::OnHandshake, self));
      } else {
        self->Begin();
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
    if constexpr (kTls) client_certificate_ = VerifiedClientCertificate(stream_.native_handle());
    if (shutting_down_) return MaybeClose();
    Begin();
  }

  // A connection over the listener's limits is answered at once and closed.
  void Begin() {
    switch (admission_.refusal) {
      case ConnectionBudget::Refusal::kNone:
        return DoRead();
      case ConnectionBudget::Refusal::kListenerFull:
        return Reject(status::service_unavailable, "too_many_connections",
                      "the server has too many open connections; retry later", "1");
      case ConnectionBudget::Refusal::kAddressFull:
        return Reject(status::too_many_requests, "too_many_connections",
                      "too many open connections from this address; close some or retry later",
                      "1");
    }
  }

  // Reads the next request in three timed phases: the wait for its first
  // byte (idle_timeout), its headers (header_timeout), then, once Screen()
  // admits it and its body fits the memory budget, its body (request_timeout).
  void DoRead() {
    if (reading_ || no_more_reads_ || closed_) return;
    size_t in_flight = pending_.size() + (handling_ ? 1 : 0) + (writing_ ? 1 : 0);
    // No read-ahead before a request on this connection has shown a valid key.
    const size_t read_ahead = authenticated_ ? limits().max_pipelined : 1;
    if (in_flight >= read_ahead) return;  // OnWrite resumes reading
    reading_ = true;
    // Reads are timed by read_timer_ (so that a partial request can still be
    // answered 408); the stream's own timer only guards writes.
    if (!writing_) lowest().expires_never();
    if (buffer_.size() > 0) return ReadHeader();
    phase_ = Phase::kIdle;
    phase_start_ = std::chrono::steady_clock::now();
    if (Idle()) ArmReadTimer();
    stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                            beast::bind_front_handler(&HttpSession::OnFirstBytes, Self()));
  }

  void OnFirstBytes(error_code ec, size_t bytes) {
    buffer_.commit(bytes);
    if (!ec) return ReadHeader();
    reading_ = false;
    DisarmReadTimer();
    const bool timed_out = std::exchange(timed_out_, false);
    if (closed_) return;
    // An idle keep-alive connection that ended or timed out owes no answer.
    if (ec == asio::error::eof || timed_out || ec == asio::error::operation_aborted) {
      no_more_reads_ = true;
      return MaybeClose();
    }
    Log(LogLevel::kDebug, "connection read error: " + ec.message());
    Abort();
  }

  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(limits().max_header_bytes));
    parser_->body_limit(limits().max_body_bytes);
    phase_ = Phase::kHeader;
    phase_start_ = std::chrono::steady_clock::now();
    if (Idle()) ArmReadTimer();
    boost::beast::http::async_read_header(
        stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::OnHeader, Self()));
  }

  void OnHeader(error_code ec, size_t /*bytes*/) {
    if (ec) return OnRead(ec, 0);
    if (closed_) return;
    Admission admission =
        context_.pipeline->Screen(parser_->get(), admission_.client_address, client_certificate_);
    if (admission.authenticated()) authenticated_ = true;
    const bool has_body = !parser_->is_done();
    if (admission.refused() && has_body) {
      // Answered without reading the body; the connection cannot be reused.
      FinishRead();
      no_more_reads_ = true;
      drain_before_close_ = true;
      return Queue(Pending{parser_->release(), std::move(admission), {}, std::nullopt});
    }
    BodyBudget::Reservation body;
    if (has_body && !admission.refused()) {
      const auto length = parser_->content_length();
      if (!context_.bodies->TryReserve(length ? *length : limits().max_body_bytes, body)) {
        FinishRead();
        return Reject(status::service_unavailable, "server_busy",
                      "the server is holding too many request bodies; retry later", "1");
      }
    }
    if (!has_body) return OnRequest(std::move(admission), std::move(body));
    phase_ = Phase::kBody;
    if (Idle()) ArmReadTimer();
    boost::beast::http::async_read(
        stream_, buffer_, *parser_,
        [self = Self(), admission = std::move(admission), body = std::move(body)](
            error_code read_ec, size_t bytes) mutable {
          if (read_ec) return self->OnRead(read_ec, bytes);
          self->OnRequest(std::move(admission), std::move(body));
        });
  }

  void OnRequest(Admission admission, BodyBudget::Reservation body) {
    FinishRead();
    if (closed_) return;
    RawRequest request = parser_->release();
    if (!request.keep_alive()) no_more_reads_ = true;
    Queue(Pending{std::move(request), std::move(admission), std::move(body), std::nullopt});
    DoRead();
  }

  void Queue(Pending pending) {
    pending_.push_back(std::move(pending));
    HandleNext();
  }

  // The end of a read, successful or not.
  void FinishRead() {
    reading_ = false;
    DisarmReadTimer();
  }

  // The read timer runs only while nothing else is in flight (a pipelined
  // read waits on us, not on the client). The idle and header phases count
  // from their start, the body from the request's first byte (the header
  // phase's start); a read ahead starts its clock when the connection
  // becomes idle (OnWrite).
  void ArmReadTimer() {
    std::chrono::milliseconds allowed =
        phase_ == Phase::kIdle     ? limits().idle_timeout
        : phase_ == Phase::kHeader ? std::min(limits().header_timeout, limits().request_timeout)
                                   : limits().request_timeout;
    uint64_t generation = ++read_timer_generation_;
    read_timer_.expires_at(phase_start_ + allowed);
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
    FinishRead();
    const bool timed_out = std::exchange(timed_out_, false);
    if (closed_) return;
    if (ec == boost::beast::http::error::end_of_stream) {
      no_more_reads_ = true;  // the client closed its side; answer what was read
      return MaybeClose();
    }
    OnReadError(ec, timed_out);
  }

  void OnReadError(error_code ec, bool timed_out) {
    namespace http_error = boost::beast::http;
    if (timed_out) {
      return Reject(status::request_timeout, "request_timeout",
                    "the request was not received in time");
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

  // Answers a request that could not be read (or a connection over the
  // limits), then closes.
  void Reject(status http_status, std::string code, std::string message,
              std::string_view retry_after = {}) {
    no_more_reads_ = true;
    drain_before_close_ = true;
    unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    RawResponse response =
        context_.pipeline->Reject(http_status, std::move(code), std::move(message), version);
    if (!retry_after.empty()) response.set(boost::beast::http::field::retry_after, retry_after);
    Queue(Pending{std::nullopt, std::nullopt, {}, std::move(response)});
  }

  void HandleNext() {
    if (handling_ || writing_ || pending_.empty() || closed_) return;
    Pending next = std::move(pending_.front());
    pending_.pop_front();
    if (next.response) return Write(std::move(*next.response));
    // A refusal costs no handler: answered here, without a thread hand-off.
    if (next.admission->refused()) {
      RawResponse refusal = context_.pipeline->Complete(std::move(*next.admission), {});
      if (drain_before_close_) refusal.keep_alive(false);
      return Write(std::move(refusal));
    }
    handling_ = true;
    asio::post(*context_.workers, [self = Self(), next = std::move(next)]() mutable {
      RawResponse response =
          self->context_.pipeline->Complete(std::move(*next.admission), std::move(*next.request));
      next.body = {};  // the body's memory is free once handled
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
    if (reading_ && Idle()) {
      phase_start_ = std::chrono::steady_clock::now();
      ArmReadTimer();
    }
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

  enum class Phase { kIdle, kHeader, kBody };

  const SessionContext context_;
  const SessionAdmission admission_;
  Stream stream_;
  // Set once the TLS handshake verified one (mutual TLS listeners only).
  std::shared_ptr<const ClientCertificate> client_certificate_;
  beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::deque<Pending> pending_;
  std::optional<RawResponse> outgoing_;
  asio::steady_timer read_timer_;
  uint64_t read_timer_generation_ = 0;
  Phase phase_ = Phase::kIdle;
  std::chrono::steady_clock::time_point phase_start_;
  std::array<char, 1024> linger_buffer_;
  bool handshaking_ = false;
  bool reading_ = false;
  bool handling_ = false;
  bool writing_ = false;
  bool timed_out_ = false;
  bool no_more_reads_ = false;
  bool drain_before_close_ = false;  // the client may still be sending a refused request
  bool authenticated_ = false;       // a request on it presented a valid API key
  bool shutting_down_ = false;
  bool closed_ = false;
};

}  // namespace

std::shared_ptr<Connection> MakePlainSession(asio::ip::tcp::socket socket,
                                             const SessionContext& context,
                                             SessionAdmission admission) {
  return std::make_shared<HttpSession<PlainStream>>(std::move(socket), context,
                                                    std::move(admission));
}

std::shared_ptr<Connection> MakeTlsSession(asio::ip::tcp::socket socket, asio::ssl::context& tls,
                                           const SessionContext& context,
                                           SessionAdmission admission) {
  return std::make_shared<HttpSession<TlsStream>>(std::move(socket), tls, context,
                                                  std::move(admission));
}

}  // namespace mg::http
