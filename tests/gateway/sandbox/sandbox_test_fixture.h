// Shared by the marketgate-sandbox tests: a sandbox server on loopback with
// a webhook receiver, and helpers that speak each provider's wire format
// over real HTTP (mg::outbound::HttpClient).
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gateway/outbound/http_client.h"
#include "gateway/sandbox/sandbox_server.h"

namespace mg::sandbox::testing {

inline constexpr char kAdyenHmacKey[] = "00112233445566778899AABBCCDDEEFF";
inline constexpr char kStripeSecret[] = "whsec_sandbox_test";
inline constexpr char kPixSecret[] = "pix_sandbox_test";

struct ReceivedHook {
  std::string path;                            // "/hooks/stripe"
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::chrono::steady_clock::time_point at;
};

// Accepts HTTP POSTs on 127.0.0.1, records them in arrival order, answers
// 200 and closes (one request per connection).
class HookReceiver {
 public:
  HookReceiver();
  ~HookReceiver();
  HookReceiver(const HookReceiver&) = delete;
  HookReceiver& operator=(const HookReceiver&) = delete;

  std::string url() const;  // "http://127.0.0.1:PORT/hooks"
  // Waits until `done(received)` holds or `timeout` passes; returns all.
  std::vector<ReceivedHook> WaitUntil(
      const std::function<bool(const std::vector<ReceivedHook>&)>& done,
      std::chrono::milliseconds timeout);
  std::vector<ReceivedHook> All();
  // The next `count` requests are answered `status` and not recorded (a
  // gateway that is down or failing); the number so refused so far.
  void Refuse(int count, int status);
  int refused();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class SandboxTest : public ::testing::Test {
 protected:
  // Starts the sandbox with webhooks to hooks_, all three signing secrets,
  // Pix (and pending refunds) settling after 1 s, tok_timeout held 1.5 s.
  void Start(const std::function<void(SandboxOptions&)>& tweak = nullptr);

  outbound::HttpResult Send(const std::string& method, const std::string& path,
                            const std::string& body, outbound::HttpHeaders headers,
                            const outbound::HttpClient* client = nullptr);
  // Form-encoded Stripe request (POST bodies, GET queries in `path`).
  outbound::HttpResult Stripe(const std::string& method, const std::string& path,
                              const std::string& form = "", const std::string& key = "");
  outbound::HttpResult Adyen(const std::string& path, const boost::json::value& body,
                             const std::string& key = "");
  outbound::HttpResult Pix(const std::string& method, const std::string& path,
                           const std::string& body = "");
  outbound::HttpResult Sandbox(const std::string& method, const std::string& path,
                               const std::string& body = "");

  // POST /v1/charges with `token`; returns the parsed answer.
  boost::json::object StripeCharge(const std::string& token, const std::string& key,
                                   int64_t amount = 1000, const std::string& extra = "");
  // POST /v71/payments with a stored card token; returns the parsed answer.
  boost::json::object AdyenPayment(const std::string& token, const std::string& reference,
                                   const std::string& key, int64_t value = 1000);
  // PUT /cob/{txid}; the Pix is paid after `settle` seconds ("never" too).
  boost::json::object PixCob(const std::string& txid, const std::string& description,
                             const std::string& valor = "10.00");
  // Waits until the cob is paid and returns its endToEndId.
  std::string WaitPaid(const std::string& txid);

  boost::json::object Ledger();
  boost::json::object LedgerCharge(const std::string& id);

  // Webhooks received so far, parsed, by provider.
  std::vector<boost::json::object> StripeEvents();
  std::vector<boost::json::object> AdyenItems();  // NotificationRequestItem objects
  std::vector<boost::json::object> PixEntries();  // items of the "pix" array
  // Waits until `done` holds on the parsed webhooks of `provider`.
  bool WaitForHooks(const std::string& provider,
                    const std::function<bool(const std::vector<boost::json::object>&)>& done,
                    std::chrono::milliseconds timeout = std::chrono::seconds(5));

  HookReceiver hooks_;
  std::unique_ptr<SandboxServer> server_;
  std::shared_ptr<outbound::HttpClient> http_;
};

// Parses a JSON body; an empty object when it is not JSON.
boost::json::object Parse(const std::string& body);
// Events of one type, in arrival order.
std::vector<boost::json::object> OfType(const std::vector<boost::json::object>& events,
                                        const std::string& type);

}  // namespace mg::sandbox::testing
