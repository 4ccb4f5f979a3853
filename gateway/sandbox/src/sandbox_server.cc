#include "gateway/sandbox/sandbox_server.h"

#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <condition_variable>
#include <deque>
#include <set>

#include "gateway/outbound/http_client.h"
#include "ledger_json.h"
#include "vat_registry_emulator.h"
#include "webhook_queue.h"

namespace mg::sandbox {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

bool IsLoopbackAddress(const std::string& address) {
  if (address == "localhost") return true;
  boost::system::error_code ec;
  asio::ip::address a = asio::ip::make_address(address, ec);
  return !ec && a.is_loopback();
}

struct SandboxServer::Impl {
  SandboxOptions options;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::optional<ssl::context> tls;
  Ledger ledger;
  FaultInjector faults;
  PayoutBook payouts;
  WebhookQueue webhooks;
  WebhookSink sink;
  std::shared_ptr<outbound::HttpClient> webhook_client;
  // Pix webhooks over mutual TLS (SandboxOptions::pix_webhook_url); null:
  // they go with the others.
  std::shared_ptr<outbound::HttpClient> pix_webhook_client;

  std::atomic<bool> stopping{false};
  std::mutex mu;
  std::condition_variable cv;
  std::set<int> open_fds;
  std::vector<std::thread> threads;  // connection threads
  std::thread accept_thread;
  std::thread background_thread;
  // Webhooks due, sent by several threads at once as providers do, so that
  // one slow answer does not hold up the rest (their order was never
  // promised: the reorder fault exists for that).
  static constexpr int kDeliveryThreads = 8;
  std::deque<Webhook> outbox;
  std::set<std::string> delivering_groups;  // payments with a delivery in progress
  std::vector<std::thread> delivery_threads;

  EmulatorContext Context() {
    return EmulatorContext{options.emulator, ledger, sink, faults, payouts};
  }

  SandboxResponse Dispatch(const SandboxRequest& raw) {
    EmulatorContext ctx = Context();
    SandboxRequest req = raw;
    auto strip = [&req](const std::string& prefix) {
      if (req.path.rfind(prefix + "/", 0) != 0) return false;
      req.path = req.path.substr(prefix.size());
      return true;
    };
    if (req.path.rfind("/_sandbox/", 0) == 0) return TestOnly(req);
    if (strip("/stripe")) return HandleStripe(req, ctx);
    if (strip("/adyen")) return HandleAdyen(req, ctx);
    if (strip("/pix")) return HandlePix(req, ctx);
    if (strip("/registries")) return HandleVatRegistries(req, ctx);
    return JsonResponse(404, R"({"error":"unknown sandbox path"})");
  }

  // The ledger and the fault switch: test-only, like the whole sandbox,
  // and kept under /_sandbox/ so that no provider path can reach them.
  SandboxResponse TestOnly(const SandboxRequest& req) {
    if (req.path == "/_sandbox/ledger" && req.method == "GET") {
      return JsonResponse(200, LedgerJson(ledger, options.emulator, webhooks.overflowed()));
    }
    if (req.path == "/_sandbox/faults") {
      if (req.method == "POST") {
        Result<FaultSettings> settings = ParseFaultSettings(req.body);
        if (!settings.ok()) {
          return JsonResponse(400, boost::json::serialize(
                                       boost::json::object{{"error", settings.status().message()},
                                                           {"param", settings.status().param()}}));
        }
        faults.Set(*settings);
        return JsonResponse(200, faults.StatusJson());
      }
      if (req.method == "DELETE") faults.Clear();
      if (req.method == "GET" || req.method == "DELETE") {
        return JsonResponse(200, faults.StatusJson());
      }
      return JsonResponse(405, R"({"error":"GET, POST or DELETE"})");
    }
    return JsonResponse(404, R"({"error":"unknown sandbox path"})");
  }

  // Sleeps up to `d`, waking early when the server stops.
  void Delay(std::chrono::milliseconds d) {
    std::unique_lock lock(mu);
    cv.wait_for(lock, d, [this] { return stopping.load(); });
  }

  template <class Stream>
  void Serve(Stream& stream) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(1 << 20);
      beast::error_code ec;
      http::read(stream, buffer, parser, ec);
      if (ec) return;
      http::request<http::string_body> req = parser.release();
      SandboxRequest sreq;
      sreq.method = std::string(req.method_string());
      std::string target(req.target());
      std::size_t q = target.find('?');
      sreq.path = target.substr(0, q);
      if (q != std::string::npos) sreq.query = target.substr(q + 1);
      for (const auto& f : req) {
        std::string name(f.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        sreq.headers[name] = std::string(f.value());
      }
      sreq.body = req.body();
      SandboxResponse sres = Dispatch(sreq);
      if (sres.fault == SandboxResponse::Fault::kDrop) {
        // The provider acted; its answer is lost with the connection.
        beast::get_lowest_layer(stream).shutdown(tcp::socket::shutdown_both, ec);
        return;
      }
      if (sres.delay.count() > 0) {
        Delay(sres.delay);
        if (stopping) return;
      }
      http::response<http::string_body> res(static_cast<http::status>(sres.status), 11);
      res.set(http::field::content_type, sres.content_type);
      res.set(http::field::server, "marketgate-sandbox");
      for (const auto& [k, v] : sres.headers) res.set(k, v);
      res.body() = std::move(sres.body);
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      http::write(stream, res, ec);
      if (ec || !req.keep_alive()) return;
    }
  }

  void HandleConnection(tcp::socket socket) {
    int fd = socket.native_handle();
    {
      std::lock_guard lock(mu);
      open_fds.insert(fd);
    }
    if (tls) {
      beast::ssl_stream<tcp::socket> stream(std::move(socket), *tls);
      beast::error_code ec;
      stream.handshake(ssl::stream_base::server, ec);
      if (!ec) Serve(stream);
      std::lock_guard lock(mu);
      open_fds.erase(fd);
    } else {
      Serve(socket);
      std::lock_guard lock(mu);
      open_fds.erase(fd);
    }
  }

  void AcceptLoop() {
    while (!stopping) {
      beast::error_code ec;
      tcp::socket socket(ioc);
      acceptor.accept(socket, ec);
      if (ec || stopping) continue;
      std::lock_guard lock(mu);
      threads.emplace_back(
          [this, s = std::move(socket)]() mutable { HandleConnection(std::move(s)); });
    }
  }

  void BackgroundLoop() {
    while (!stopping) {
      EmulatorContext ctx = Context();
      SettleDue(ctx, std::chrono::steady_clock::now());
      {
        std::unique_lock lock(mu);
        cv.wait_for(lock, std::chrono::milliseconds(20), [this] { return stopping.load(); });
      }
      std::vector<Webhook> due = webhooks.TakeDue(std::chrono::steady_clock::now());
      if (due.empty()) continue;
      {
        std::lock_guard lock(mu);
        for (Webhook& hook : due) outbox.push_back(std::move(hook));
      }
      cv.notify_all();
    }
  }

  // The first queued webhook whose payment has no delivery in progress:
  // webhooks of one payment go out one after the other, in queue order (a
  // reordered one must arrive after the later event it was held behind),
  // while those of different payments go out in parallel. Under mu.
  std::deque<Webhook>::iterator NextDeliverable() {
    return std::find_if(outbox.begin(), outbox.end(), [this](const Webhook& hook) {
      return hook.group.empty() || delivering_groups.count(hook.group) == 0;
    });
  }

  void DeliveryLoop() {
    while (true) {
      Webhook hook;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [this] { return stopping.load() || NextDeliverable() != outbox.end(); });
        if (stopping) return;
        auto next = NextDeliverable();
        hook = std::move(*next);
        outbox.erase(next);
        if (!hook.group.empty()) delivering_groups.insert(hook.group);
      }
      const std::string group = hook.group;  // Deliver may hand the hook on
      Deliver(hook);
      if (!group.empty()) {
        std::lock_guard lock(mu);
        delivering_groups.erase(group);
      }
      cv.notify_all();
    }
  }

  void Deliver(const Webhook& hook) {
    const bool pix_mtls = pix_webhook_client && hook.path == "/pix";
    const std::shared_ptr<outbound::HttpClient>& client =
        pix_mtls ? pix_webhook_client : webhook_client;
    if (!client) return;
    outbound::HttpRequest req;
    req.method = "POST";
    req.url = (pix_mtls ? options.pix_webhook_url : options.webhook_url) + hook.path;
    req.headers = hook.headers;
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = hook.body;
    outbound::HttpResult r = client->Send(req);
    if (r.ok() && r.response.status < 300) return;
    // Like the providers (Stripe for up to three days, Adyen until
    // accepted), send it again later with a growing delay, here scaled down
    // to 0.25 s doubling up to 8 s, for about two minutes in all; the queue
    // goes on meanwhile.
    if (hook.deliveries >= kMaxDeliveries - 1) return;
    Webhook again = hook;
    ++again.deliveries;
    const auto backoff = std::chrono::milliseconds(250 << std::min(again.deliveries, 5));
    webhooks.Redeliver(std::move(again), std::chrono::steady_clock::now() + backoff);
  }
  static constexpr int kMaxDeliveries = 20;

  void StopAll() {
    if (stopping.exchange(true)) return;
    cv.notify_all();
    // shutdown() wakes threads blocked in accept() or read() on Linux.
    ::shutdown(acceptor.native_handle(), SHUT_RDWR);
    {
      std::lock_guard lock(mu);
      for (int fd : open_fds) ::shutdown(fd, SHUT_RDWR);
    }
    if (accept_thread.joinable()) accept_thread.join();
    beast::error_code ec;
    acceptor.close(ec);
    if (background_thread.joinable()) background_thread.join();
    for (std::thread& t : delivery_threads) t.join();
    std::vector<std::thread> conns;
    {
      std::lock_guard lock(mu);
      conns.swap(threads);
    }
    for (std::thread& t : conns) t.join();
  }
};

Result<std::unique_ptr<SandboxServer>> SandboxServer::Start(SandboxOptions options) {
  if (!IsLoopbackAddress(options.address)) {
    return InvalidArgument("the sandbox binds loopback addresses only, not " + options.address,
                           "address");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  SandboxOptions& o = impl->options;
  impl->ledger.SetLimits(LedgerLimits{o.emulator.max_charges, o.emulator.max_charges});
  impl->payouts.SetLimit(o.emulator.max_charges);
  if (!o.tls_cert_file.empty()) {
    impl->tls.emplace(ssl::context::tls_server);
    beast::error_code ec;
    impl->tls->use_certificate_chain_file(o.tls_cert_file, ec);
    if (!ec) impl->tls->use_private_key_file(o.tls_key_file, ssl::context::pem, ec);
    if (ec) return InvalidArgument("TLS certificate/key: " + ec.message(), "tls_cert_file");
  }
  std::string addr = o.address == "localhost" ? "127.0.0.1" : o.address;
  beast::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address(addr, ec), o.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status(ErrorCode::kUnavailable, "cannot listen: " + ec.message());
  unsigned short port = impl->acceptor.local_endpoint().port();
  if (o.emulator.public_base_url.empty()) {
    o.emulator.public_base_url =
        std::string(impl->tls ? "https://localhost:" : "http://127.0.0.1:") + std::to_string(port);
  }
  outbound::HttpClientOptions http;
  http.ca_file = o.webhook_ca_file;
  http.connect_timeout = std::chrono::seconds(2);
  http.read_timeout = std::chrono::seconds(5);
  if (!o.webhook_url.empty()) {
    Result<std::shared_ptr<outbound::HttpClient>> client = outbound::HttpClient::Create(http);
    if (!client.ok()) return client.status();
    impl->webhook_client = *client;
  }
  if (!o.pix_webhook_url.empty()) {
    if (o.pix_webhook_cert_file.empty() || o.pix_webhook_key_file.empty()) {
      return InvalidArgument(
          "pix_webhook_url needs pix_webhook_cert_file and pix_webhook_key_file: API Pix PSPs "
          "send webhooks over mutual TLS",
          "pix_webhook_cert_file");
    }
    outbound::HttpClientOptions pix = http;
    if (!o.pix_webhook_ca_file.empty()) pix.ca_file = o.pix_webhook_ca_file;
    pix.client_cert_file = o.pix_webhook_cert_file;
    pix.client_key_file = o.pix_webhook_key_file;
    Result<std::shared_ptr<outbound::HttpClient>> client = outbound::HttpClient::Create(pix);
    if (!client.ok()) return client.status();
    impl->pix_webhook_client = *client;
  }
  if (impl->webhook_client || impl->pix_webhook_client) {
    Impl* raw = impl.get();
    impl->sink = [raw](Webhook hook) {
      WebhookFault fault = raw->faults.DrawWebhook(hook.label);
      raw->webhooks.Push(std::move(hook), fault, raw->faults.ReorderHold());
    };
  }
  Impl* raw = impl.get();
  impl->accept_thread = std::thread([raw] { raw->AcceptLoop(); });
  impl->background_thread = std::thread([raw] { raw->BackgroundLoop(); });
  for (int i = 0; i < Impl::kDeliveryThreads; ++i) {
    impl->delivery_threads.emplace_back([raw] { raw->DeliveryLoop(); });
  }
  return std::unique_ptr<SandboxServer>(new SandboxServer(std::move(impl)));
}

SandboxServer::SandboxServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SandboxServer::~SandboxServer() { Stop(); }

unsigned short SandboxServer::port() const {
  beast::error_code ec;
  return impl_->acceptor.is_open() ? impl_->acceptor.local_endpoint(ec).port() : 0;
}

std::string SandboxServer::base_url() const { return impl_->options.emulator.public_base_url; }

void SandboxServer::Stop() { impl_->StopAll(); }

}  // namespace mg::sandbox
