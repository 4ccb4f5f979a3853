#include "sandbox_test_fixture.h"

#include <sys/socket.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace mg::sandbox::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

struct HookReceiver::Impl {
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::mutex mu;
  std::condition_variable cv;
  std::vector<ReceivedHook> received;
  int to_refuse = 0;
  int refuse_status = 503;
  int refused = 0;
  std::atomic<bool> stopping{false};
  std::thread thread;

  void Run() {
    while (!stopping) {
      tcp::socket socket(ioc);
      beast::error_code ec;
      acceptor.accept(socket, ec);
      if (ec) continue;
      beast::flat_buffer buffer;
      http::request<http::string_body> req;
      http::read(socket, buffer, req, ec);
      if (ec) continue;
      ReceivedHook hook;
      hook.path = std::string(req.target());
      hook.body = req.body();
      hook.at = std::chrono::steady_clock::now();
      for (const auto& field : req) {
        std::string name(field.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        hook.headers[name] = std::string(field.value());
      }
      http::status status = http::status::ok;
      {
        std::lock_guard lock(mu);
        if (to_refuse > 0) {
          --to_refuse;
          ++refused;
          status = static_cast<http::status>(refuse_status);
        } else {
          received.push_back(std::move(hook));
        }
      }
      cv.notify_all();
      http::response<http::string_body> res(status, 11);
      res.keep_alive(false);
      res.prepare_payload();
      http::write(socket, res, ec);
    }
  }
};

HookReceiver::HookReceiver() : impl_(std::make_unique<Impl>()) {
  impl_->thread = std::thread([this] { impl_->Run(); });
}

HookReceiver::~HookReceiver() {
  impl_->stopping = true;
  ::shutdown(impl_->acceptor.native_handle(), SHUT_RDWR);
  impl_->thread.join();
}

std::string HookReceiver::url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port()) + "/hooks";
}

std::vector<ReceivedHook> HookReceiver::WaitUntil(
    const std::function<bool(const std::vector<ReceivedHook>&)>& done,
    std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mu);
  impl_->cv.wait_for(lock, timeout, [&] { return done(impl_->received); });
  return impl_->received;
}

void HookReceiver::Refuse(int count, int status) {
  std::lock_guard lock(impl_->mu);
  impl_->to_refuse = count;
  impl_->refuse_status = status;
}

int HookReceiver::refused() {
  std::lock_guard lock(impl_->mu);
  return impl_->refused;
}

std::vector<ReceivedHook> HookReceiver::All() {
  std::lock_guard lock(impl_->mu);
  return impl_->received;
}

json::object Parse(const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  return v.as_object();
}

std::vector<json::object> OfType(const std::vector<json::object>& events, const std::string& type) {
  std::vector<json::object> out;
  for (const json::object& e : events) {
    if (e.contains("type") && e.at("type").as_string() == type) out.push_back(e);
  }
  return out;
}

void SandboxTest::Start(const std::function<void(SandboxOptions&)>& tweak) {
  SandboxOptions options;
  options.webhook_url = hooks_.url();
  options.emulator.timeout_delay = 1500ms;
  options.emulator.pix_settle_after = 1s;
  options.emulator.stripe_webhook_secret = Secret(kStripeSecret);
  options.emulator.adyen_hmac_key = Secret(kAdyenHmacKey);
  options.emulator.pix_webhook_secret = Secret(kPixSecret);
  if (tweak) tweak(options);
  auto server = SandboxServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  server_ = std::move(server).value();
  auto http = outbound::HttpClient::Create({.read_timeout = 10s});
  ASSERT_TRUE(http.ok());
  http_ = *http;
}

outbound::HttpResult SandboxTest::Send(const std::string& method, const std::string& path,
                                       const std::string& body, outbound::HttpHeaders headers,
                                       const outbound::HttpClient* client) {
  outbound::HttpRequest req{method, server_->base_url() + path, std::move(headers), body};
  return (client ? client : http_.get())->Send(req);
}

outbound::HttpResult SandboxTest::Stripe(const std::string& method, const std::string& path,
                                         const std::string& form, const std::string& key) {
  outbound::HttpHeaders headers{{"Authorization", "Bearer sk_test_sandbox"}};
  if (method == "POST") {
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  }
  if (!key.empty()) headers.emplace_back("Idempotency-Key", key);
  return Send(method, "/stripe" + path, form, headers);
}

outbound::HttpResult SandboxTest::Adyen(const std::string& path, const json::value& body,
                                        const std::string& key) {
  outbound::HttpHeaders headers{{"X-API-Key", "sandbox"}, {"Content-Type", "application/json"}};
  if (!key.empty()) headers.emplace_back("Idempotency-Key", key);
  return Send("POST", "/adyen/v71" + path, json::serialize(body), headers);
}

outbound::HttpResult SandboxTest::Pix(const std::string& method, const std::string& path,
                                      const std::string& body) {
  outbound::HttpHeaders headers{{"Authorization", "Bearer sandbox-pix-token"}};
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  return Send(method, "/pix" + path, body, headers);
}

outbound::HttpResult SandboxTest::Sandbox(const std::string& method, const std::string& path,
                                          const std::string& body) {
  outbound::HttpHeaders headers;
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  return Send(method, "/_sandbox" + path, body, headers);
}

json::object SandboxTest::StripeCharge(const std::string& token, const std::string& key,
                                       int64_t amount, const std::string& extra) {
  outbound::HttpResult r =
      Stripe("POST", "/v1/charges",
             "amount=" + std::to_string(amount) + "&currency=usd&source=" + token +
                 "&metadata%5Bmg_purchase_id%5D=pur_" + key + extra,
             key);
  EXPECT_TRUE(r.ok()) << r.error;
  return Parse(r.response.body);
}

json::object SandboxTest::AdyenPayment(const std::string& token, const std::string& reference,
                                       const std::string& key, int64_t value) {
  outbound::HttpResult r = Adyen(
      "/payments",
      json::object{
          {"merchantAccount", "MarketgateSandbox"},
          {"reference", reference},
          {"amount", json::object{{"currency", "EUR"}, {"value", value}}},
          {"paymentMethod", json::object{{"type", "scheme"}, {"storedPaymentMethodId", token}}}},
      key);
  EXPECT_TRUE(r.ok()) << r.error;
  return Parse(r.response.body);
}

json::object SandboxTest::PixCob(const std::string& txid, const std::string& description,
                                 const std::string& valor) {
  outbound::HttpResult r =
      Pix("PUT", "/cob/" + txid,
          json::serialize(json::object{{"calendario", json::object{{"expiracao", 3600}}},
                                       {"valor", json::object{{"original", valor}}},
                                       {"chave", "7d9f0335-8dcc-4054-9bf9-0dbd61d36906"},
                                       {"solicitacaoPagador", description}}));
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response.status, 201) << r.response.body;
  return Parse(r.response.body);
}

std::string SandboxTest::WaitPaid(const std::string& txid) {
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    json::object cob = Parse(Pix("GET", "/cob/" + txid).response.body);
    if (cob.contains("status") && cob.at("status").as_string() == "CONCLUIDA") {
      return std::string(cob.at("pix").as_array()[0].as_object().at("endToEndId").as_string());
    }
    std::this_thread::sleep_for(50ms);
  }
  ADD_FAILURE() << txid << " was not paid in time";
  return "";
}

json::object SandboxTest::Ledger() {
  outbound::HttpResult r = Sandbox("GET", "/ledger");
  EXPECT_TRUE(r.ok()) << r.error;
  return Parse(r.response.body);
}

json::object SandboxTest::LedgerCharge(const std::string& id) {
  json::object ledger = Ledger();
  for (const json::value& c : ledger.at("charges").as_array()) {
    if (c.as_object().at("id").as_string() == id) return c.as_object();
  }
  ADD_FAILURE() << "no charge " << id << " in the ledger";
  return {};
}

std::vector<json::object> SandboxTest::StripeEvents() {
  std::vector<json::object> out;
  for (const ReceivedHook& h : hooks_.All()) {
    if (h.path == "/hooks/stripe") out.push_back(Parse(h.body));
  }
  return out;
}

std::vector<json::object> SandboxTest::AdyenItems() {
  std::vector<json::object> out;
  for (const ReceivedHook& h : hooks_.All()) {
    if (h.path != "/hooks/adyen") continue;
    json::object body = Parse(h.body);
    for (const json::value& item : body.at("notificationItems").as_array()) {
      out.push_back(item.as_object().at("NotificationRequestItem").as_object());
    }
  }
  return out;
}

std::vector<json::object> SandboxTest::PixEntries() {
  std::vector<json::object> out;
  for (const ReceivedHook& h : hooks_.All()) {
    if (h.path != "/hooks/pix") continue;
    json::object body = Parse(h.body);
    for (const json::value& item : body.at("pix").as_array()) {
      out.push_back(item.as_object());
    }
  }
  return out;
}

bool SandboxTest::WaitForHooks(const std::string& provider,
                               const std::function<bool(const std::vector<json::object>&)>& done,
                               std::chrono::milliseconds timeout) {
  auto parsed = [&] {
    return provider == "stripe"  ? StripeEvents()
           : provider == "adyen" ? AdyenItems()
                                 : PixEntries();
  };
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done(parsed())) return true;
    hooks_.WaitUntil([](const auto&) { return false; }, 50ms);
  }
  return done(parsed());
}

}  // namespace mg::sandbox::testing
