// marketgate-sandbox: a local stand-in for Stripe, Adyen and API Pix with
// documented test tokens (docs/sandbox.md). Loopback only.
//
//   marketgate-sandbox [--address 127.0.0.1] [--port 0] [--tls-cert F --tls-key F]
//                      [--webhook-url URL] [--webhook-ca-file F]
//                      [--stripe-webhook-secret S] [--adyen-hmac-key HEX]
//                      [--pix-webhook-secret S] [--pix-settle-seconds N]
//                      [--pix-webhook-url URL --pix-webhook-cert F --pix-webhook-key F
//                       [--pix-webhook-ca-file F]]
//                      [--timeout-delay-ms N] [--max-charges N]
//
// Secrets may also come from the environment (MG_SANDBOX_STRIPE_WEBHOOK_SECRET,
// MG_SANDBOX_ADYEN_HMAC_KEY, MG_SANDBOX_PIX_WEBHOOK_SECRET), which keeps them
// out of process listings. With --pix-webhook-url, Pix webhooks go over mutual
// TLS to that URL + "/pix" (as API Pix PSPs send them), presenting the
// certificate and key given, to the gateway's webhook listener
// (docs/config.md, webhook_listen). Prints "listening on <base url>" once ready; stops
// on SIGINT/SIGTERM. Exit codes: 0 stopped, 2 bad usage, 1 could not start.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "gateway/sandbox/sandbox_server.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

int Usage(const std::string& why) {
  std::fprintf(stderr, "marketgate-sandbox: %s\n", why.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  mg::sandbox::SandboxOptions options;
  auto& emu = options.emulator;
  if (const char* s = std::getenv("MG_SANDBOX_STRIPE_WEBHOOK_SECRET")) {
    emu.stripe_webhook_secret = mg::Secret(s);
  }
  if (const char* s = std::getenv("MG_SANDBOX_ADYEN_HMAC_KEY")) emu.adyen_hmac_key = mg::Secret(s);
  if (const char* s = std::getenv("MG_SANDBOX_PIX_WEBHOOK_SECRET")) {
    emu.pix_webhook_secret = mg::Secret(s);
  }
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) return Usage("missing value for " + flag);
    std::string value = argv[++i];
    try {
      if (flag == "--address") {
        options.address = value;
      } else if (flag == "--port") {
        options.port = static_cast<unsigned short>(std::stoul(value));
      } else if (flag == "--tls-cert") {
        options.tls_cert_file = value;
      } else if (flag == "--tls-key") {
        options.tls_key_file = value;
      } else if (flag == "--webhook-url") {
        options.webhook_url = value;
      } else if (flag == "--webhook-ca-file") {
        options.webhook_ca_file = value;
      } else if (flag == "--pix-webhook-url") {
        options.pix_webhook_url = value;
      } else if (flag == "--pix-webhook-cert") {
        options.pix_webhook_cert_file = value;
      } else if (flag == "--pix-webhook-key") {
        options.pix_webhook_key_file = value;
      } else if (flag == "--pix-webhook-ca-file") {
        options.pix_webhook_ca_file = value;
      } else if (flag == "--stripe-webhook-secret") {
        emu.stripe_webhook_secret = mg::Secret(value);
      } else if (flag == "--adyen-hmac-key") {
        emu.adyen_hmac_key = mg::Secret(value);
      } else if (flag == "--pix-webhook-secret") {
        emu.pix_webhook_secret = mg::Secret(value);
      } else if (flag == "--pix-settle-seconds") {
        emu.pix_settle_after = std::chrono::seconds(std::stol(value));
      } else if (flag == "--timeout-delay-ms") {
        emu.timeout_delay = std::chrono::milliseconds(std::stol(value));
      } else if (flag == "--max-charges") {
        long n = std::stol(value);
        if (n < 1) return Usage("--max-charges must be at least 1");
        emu.max_charges = static_cast<std::size_t>(n);
      } else {
        return Usage("unknown flag " + flag);
      }
    } catch (const std::exception&) {  // std::stoul and friends on bad numbers
      return Usage("bad value for " + flag);
    }
  }
  auto server = mg::sandbox::SandboxServer::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "marketgate-sandbox: %s\n", server.status().ToString().c_str());
    return server.status().code() == mg::ErrorCode::kInvalidArgument ? 2 : 1;
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::printf("listening on %s\n", (*server)->base_url().c_str());
  std::fflush(stdout);
  while (!g_stop) {
    struct timespec ts {
      0, 100 * 1000 * 1000
    };
    nanosleep(&ts, nullptr);
  }
  (*server)->Stop();
  return 0;
}
