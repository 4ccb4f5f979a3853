#include "session.h"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <optional>
#include <type_traits>
#include <utility>

#include "base/log.h"
#include "buffered_parse.h"
#include "gateway/http/tls.h"
#include "lazy_deadline.h"
#include "pending_queue.h"
#include "read_clock.h"
#include "session_refusals.h"

namespace mg::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using beast::error_code;
using boost::beast::http::status;

// Plain sockets, not beast::tcp_stream: the session keeps its own deadlines
// (LazyDeadline), and tcp_stream's per-operation timers and rate policy cost
// a timer update per read and write (callgrind of bench/ceiling_server).
using PlainStream = asio::ip::tcp::socket;

// How long closing a connection may take once its last response is written:
// the TLS close_notify exchange, or draining what a plain client still sends.
// The response is complete by then, so waiting longer gains nothing.
constexpr std::chrono::seconds kCloseTimeout{1};
using TlsStream = beast::ssl_stream<asio::ip::tcp::socket>;

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
        read_clock_(stream_.get_executor(), *context.limits),
        guard_deadline_(stream_.get_executor()) {}

  HttpSession(asio::ip::tcp::socket socket, asio::ssl::context& tls, const SessionContext& context,
              SessionAdmission admission) requires(kTls)
      : context_(context),
        admission_(std::move(admission)),
        stream_(std::move(socket), tls),
        read_clock_(stream_.get_executor(), *context.limits),
        guard_deadline_(stream_.get_executor()) {}

  ~HttpSession() override { context_.tracker->Remove(this); }

  void Start() override {
    std::weak_ptr<HttpSession> weak = Self();
    read_clock_.OnExpired([weak] {
      if (auto self = weak.lock(); self && self->reading_) {
        self->timed_out_ = true;
        self->CancelSocket();
      }
    });
    guard_deadline_.OnExpired([weak] {
      if (auto self = weak.lock();
          self && (self->writing_ || self->handshaking_ || self->closed_)) {
        Log(LogLevel::kDebug, "connection timed out writing, in its TLS handshake or closing");
        self->Abort();
      }
    });
    asio::dispatch(stream_.get_executor(), [self = Self()] {
      if constexpr (kTls) {
        self->handshaking_ = true;
        self->guard_deadline_.Set(std::chrono::steady_clock::now() + self->limits().header_timeout);
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
    CloseSocket();
  }

 private:
  std::shared_ptr<HttpSession> Self() {
    return std::static_pointer_cast<HttpSession>(shared_from_this());
  }
  const HttpLimits& limits() const { return *context_.limits; }
  asio::ip::tcp::socket& socket() { return beast::get_lowest_layer(stream_); }
  bool Idle() const { return pending_.Empty() && !handling_ && !writing_; }

  void OnHandshake(error_code ec) {
    handshaking_ = false;
    guard_deadline_.Clear();
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
    if (admission_.refusal == ConnectionBudget::Refusal::kNone) return DoRead();
    Reject(RefusalForConnection(admission_.refusal));
  }

  // Reads the next request in three timed phases: the wait for its first
  // byte (idle_timeout), its headers (header_timeout), then, once Screen()
  // admits it and its body fits the memory budget, its body (request_timeout).
  void DoRead() {
    if (reading_ || no_more_reads_ || closed_) return;
    size_t in_flight = pending_.Size() + (handling_ ? 1 : 0) + (writing_ ? 1 : 0);
    // No read-ahead before a request on this connection has shown a valid key.
    const size_t read_ahead = authenticated_ ? limits().max_pipelined : 1;
    if (in_flight >= read_ahead) return;  // OnWrite resumes reading
    reading_ = true;
    // Reads are timed by read_clock_; guard_deadline_ times writes.
    if (buffer_.size() > 0) return ReadHeader();
    read_clock_.Enter(ReadClock::Phase::kIdle);
    if (Idle()) read_clock_.Arm();
    stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                            beast::bind_front_handler(&HttpSession::OnFirstBytes, Self()));
  }

  void OnFirstBytes(error_code ec, size_t bytes) {
    buffer_.commit(bytes);
    if (!ec) return ReadHeader();
    reading_ = false;
    read_clock_.Disarm();
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
    read_clock_.Enter(ReadClock::Phase::kHeader);
    if (Idle()) read_clock_.Arm();
    if (error_code e; ParseBuffered(*parser_, buffer_, ParseTo::kHeader, e)) return OnHeader(e, 0);
    boost::beast::http::async_read_header(
        stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::OnHeader, Self()));
  }

  void OnHeader(error_code ec, size_t /*bytes*/) {
    if (ec) return OnRead(ec, 0);
    if (closed_) return;
    Admission admission = context_.pipeline->Screen(parser_->get(), admission_.client_address,
                                                    client_certificate_, &auth_memo_);
    if (admission.authenticated()) authenticated_ = true;
    const bool has_body = !parser_->is_done();
    if (admission.refused() && has_body) {
      // Answered without reading the body; the connection cannot be reused.
      FinishRead();
      no_more_reads_ = true;
      drain_before_close_ = true;
      pending_.Push(parser_->release(), std::move(admission), {});
      return HandleNext();
    }
    BodyBudget::Reservation body;
    if (has_body && !admission.refused()) {
      const auto length = parser_->content_length();
      if (!context_.bodies->TryReserve(length ? *length : limits().max_body_bytes, body)) {
        FinishRead();
        return Reject({status::service_unavailable, "server_busy",
                       "the server is holding too many request bodies; retry later", "1"});
      }
    }
    if (!has_body) return OnRequest(std::move(admission), std::move(body));
    read_clock_.Enter(ReadClock::Phase::kBody);
    if (Idle()) read_clock_.Arm();
    if (error_code ec; ParseBuffered(*parser_, buffer_, ParseTo::kMessage, ec)) {
      return ec ? OnRead(ec, 0) : OnRequest(std::move(admission), std::move(body));
    }
    boost::beast::http::async_read(
        stream_, buffer_, *parser_,
        [self = Self(), admission = std::move(admission), body = std::move(body)](
            error_code read_ec, size_t bytes) mutable {
          if (read_ec) return self->OnRead(read_ec, bytes);
          self->OnRequest(std::move(admission), std::move(body));
        });
  }

  void OnRequest(Admission&& admission, BodyBudget::Reservation&& body) {
    FinishRead();
    if (closed_) return;
    if (!parser_->get().keep_alive()) no_more_reads_ = true;
    pending_.Push(parser_->release(), std::move(admission), std::move(body));
    HandleNext();
    DoRead();
  }

  // The end of a read, successful or not.
  void FinishRead() {
    reading_ = false;
    read_clock_.Disarm();
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
    // Cancelled because the connection is closing (shutdown, Connection: close).
    if (!timed_out && ec == asio::error::operation_aborted && no_more_reads_) return MaybeClose();
    if (auto refusal = RefusalForReadError(ec, timed_out, limits())) return Reject(*refusal);
    Log(LogLevel::kDebug, "connection read error: " + ec.message());
    Abort();
  }

  // Answers a request that could not be read (or a connection over the
  // limits), then closes.
  void Reject(SessionRefusal refusal) {
    no_more_reads_ = true;
    drain_before_close_ = true;
    unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    RawResponse response = context_.pipeline->Reject(refusal.status, std::move(refusal.code),
                                                     std::move(refusal.message), version);
    if (!refusal.retry_after.empty()) {
      response.set(boost::beast::http::field::retry_after, refusal.retry_after);
    }
    pending_.Push(std::move(response));
    HandleNext();
  }

  void HandleNext() {
    if (handling_ || writing_ || pending_.Empty() || closed_) return;
    // Handled where it is queued; popped before the write begins.
    Pending& next = pending_.Front();
    if (next.response) {
      RawResponse response = std::move(*next.response);
      pending_.Pop();
      return Write(std::move(response));
    }
    const RequestPipeline& pipeline = *context_.pipeline;
    // A refusal costs no handler: answered here, without a thread hand-off.
    if (next.admission->refused()) {
      RawResponse refusal = pipeline.Respond(*next.admission);
      pending_.Pop();
      if (drain_before_close_) refusal.keep_alive(false);
      return Write(std::move(refusal));
    }
    pipeline.Prepare(*next.admission, *next.request);
    // What cannot wait is answered here: a hand-off to a worker and back
    // would cost more than the request itself.
    if (!pipeline.MayBlock(*next.admission)) {
      RawResponse response = pipeline.Respond(*next.admission);
      pending_.Pop();  // frees the body's memory
      return OnHandled(std::move(response));
    }
    handling_ = true;
    Pending taken = std::move(next);
    pending_.Pop();
    asio::post(*context_.workers, [self = Self(), next = std::move(taken)]() mutable {
      RawResponse response = self->context_.pipeline->Respond(*next.admission);
      next.body = {};  // the body's memory is free once handled
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->OnHandled(std::move(response));
      });
    });
  }

  void OnHandled(RawResponse&& response) {
    handling_ = false;
    if (closed_) return;
    if (shutting_down_ && pending_.Empty()) response.keep_alive(false);
    Write(std::move(response));
  }

  void Write(RawResponse&& response) {
    writing_ = true;
    outgoing_ = std::move(response);
    guard_deadline_.Set(std::chrono::steady_clock::now() + limits().request_timeout);
    boost::beast::http::async_write(stream_, *outgoing_,
                                    beast::bind_front_handler(&HttpSession::OnWrite, Self()));
  }

  void OnWrite(error_code ec, size_t /*bytes*/) {
    writing_ = false;
    guard_deadline_.Clear();
    if (closed_) return;
    if (ec) {
      Log(LogLevel::kDebug, "connection write error: " + ec.message());
      return Abort();
    }
    // Every response the pipeline makes has its length (Finish() prepares the
    // payload; pipeline_test checks it), so the connection ends after one
    // exactly when it is not keep-alive. need_eof() would look the length up
    // again: ~870 instructions a request (callgrind of bench/ceiling_server).
    const bool close = !outgoing_->keep_alive();
    outgoing_.reset();
    if (close || (shutting_down_ && pending_.Empty() && !handling_)) {
      no_more_reads_ = true;
      pending_.Clear();
      if (reading_) CancelSocket();
      return MaybeClose();
    }
    HandleNext();
    if (reading_ && Idle()) read_clock_.Restart();
    DoRead();
    MaybeClose();
  }

  // Closes once nothing is being read, handled or written.
  void MaybeClose() {
    if (closed_ || !no_more_reads_ || reading_ || !Idle() || handshaking_) return;
    closed_ = true;
    guard_deadline_.Set(std::chrono::steady_clock::now() + kCloseTimeout);
    if constexpr (kTls) {
      if (drain_before_close_) return Linger();
      stream_.async_shutdown([self = Self()](error_code) { self->CloseSocket(); });
    } else {
      error_code ignored;
      socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
      Linger();
    }
  }

  // Reads and drops what the client still sends (the rest of a refused body)
  // until it closes or kCloseTimeout passes: closing a socket with unread
  // data resets the connection, and a reset can destroy the response the
  // client has not read yet. TLS cannot half-close as TCP can (a close_notify
  // followed by the client's unread body ends in that reset), so on TLS the
  // rest is read first and TLS shut down after.
  void Linger() {
    stream_.async_read_some(
        asio::buffer(linger_buffer_), [self = Self()](error_code ec, size_t /*bytes*/) {
          if (!ec) return self->Linger();
          if constexpr (kTls) {
            self->guard_deadline_.Set(std::chrono::steady_clock::now() + kCloseTimeout);
            return self->stream_.async_shutdown([self](error_code) { self->CloseSocket(); });
          }
          self->CloseSocket();
        });
  }

  void CancelSocket() {
    error_code ignored;
    socket().cancel(ignored);
  }

  void CloseSocket() {
    error_code ignored;
    socket().close(ignored);
  }

  void Abort() {
    closed_ = true;
    pending_.Clear();
    CloseSocket();
  }

  const SessionContext context_;
  const SessionAdmission admission_;
  Stream stream_;
  // Set once the TLS handshake verified one (mutual TLS listeners only).
  std::shared_ptr<const ClientCertificate> client_certificate_;
  // The key this connection last proved (see AuthMemo).
  AuthMemo auth_memo_;
  beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  PendingQueue pending_;
  std::optional<RawResponse> outgoing_;
  ReadClock read_clock_;
  // Bounds a response's write, the TLS handshake and the close.
  LazyDeadline guard_deadline_;
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
