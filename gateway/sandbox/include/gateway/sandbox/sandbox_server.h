// SandboxServer: the marketgate-sandbox HTTP(S) server, also embeddable in
// tests. It binds loopback addresses only and answers, under path prefixes:
//   /stripe/...   Stripe Charges and Refunds API, Connect payouts   (stripe_*.cc)
//   /adyen/...    Adyen Checkout v71, Transfers API v4 payouts      (adyen_*.cc)
//   /pix/...      API Pix cob, pix, devolução       (pix_*.cc)
//   GET /_sandbox/ledger                 every charge, refund and technical cancel
//   GET|POST|DELETE /_sandbox/faults     random faults for soak tests
// and POSTs signed webhooks to `webhook_url` + "/stripe" | "/adyen" | "/pix"
// (Pix's over mutual TLS to `pix_webhook_url` + "/pix" when that is set).
//
// A test tool, kept simple: one thread accepts, one thread per connection
// serves it (keep-alive, synchronous Beast), one thread pays Pix charges,
// settles pending refunds and delivers webhooks. Stop() closes every socket
// and joins every thread.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/secret.h"
#include "base/status.h"
#include "gateway/sandbox/emulator.h"

namespace mg::sandbox {

struct SandboxOptions {
  std::string address = "127.0.0.1";  // must be a loopback address
  unsigned short port = 0;            // 0: any free port
  std::string tls_cert_file;          // PEM; with tls_key_file, serve HTTPS
  std::string tls_key_file;
  std::string webhook_url;      // "http://127.0.0.1:8080/webhooks"; empty: no webhooks
  std::string webhook_ca_file;  // CA for an https webhook_url
  // Pix webhooks as real API Pix PSPs send them: POSTed over mutual TLS to
  // the registered URL + "/pix", presenting pix_webhook_cert_file and
  // pix_webhook_key_file (both required with pix_webhook_url), trusting
  // pix_webhook_ca_file (empty: webhook_ca_file; both empty: the system's).
  // Empty pix_webhook_url: Pix webhooks go to webhook_url + "/pix".
  std::string pix_webhook_url;  // "https://127.0.0.1:8443/v1/webhooks/pix"
  std::string pix_webhook_cert_file;
  std::string pix_webhook_key_file;
  std::string pix_webhook_ca_file;
  EmulatorConfig emulator;
};

// True for 127.0.0.0/8 and ::1 (and "localhost").
bool IsLoopbackAddress(const std::string& address);

class SandboxServer {
 public:
  // Binds and starts serving. kInvalidArgument for a non-loopback address or
  // unreadable TLS files; kUnavailable when the port cannot be bound.
  static Result<std::unique_ptr<SandboxServer>> Start(SandboxOptions options);
  ~SandboxServer();

  unsigned short port() const;
  // "http://127.0.0.1:PORT" or "https://localhost:PORT" (TLS certificates
  // are usually issued for localhost).
  std::string base_url() const;
  void Stop();

  struct Impl;

 private:
  explicit SandboxServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mg::sandbox
