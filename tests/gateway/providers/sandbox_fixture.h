// Test helpers: a throwaway self-signed TLS certificate (made with OpenSSL's
// APIs, for "localhost" and 127.0.0.1), a temporary directory, and a tiny
// webhook receiver on loopback.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mg::providers::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Writes cert.pem and key.pem into `dir`; returns false on failure.
bool WriteSelfSignedCertificate(const std::filesystem::path& dir);

struct ReceivedWebhook {
  std::string path;
  std::string signature;  // Stripe-Signature or X-Sandbox-Signature
  std::string body;
};

// Accepts HTTP POSTs on 127.0.0.1:<port>, records them, answers 200.
class WebhookReceiver {
 public:
  WebhookReceiver();
  ~WebhookReceiver();
  std::string url() const;
  // Waits until at least `n` webhooks arrived or `timeout` passes.
  std::vector<ReceivedWebhook> WaitFor(std::size_t n, std::chrono::milliseconds timeout);

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace mg::providers::testing
