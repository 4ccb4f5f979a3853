// The real adapters against marketgate-sandbox's server over real HTTP and
// TLS on loopback: every normalized outcome, idempotency, ambiguity.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <set>
#include <set>
#include <thread>
#include <vector>

#include "gateway/providers/provider_registry.h"
#include "gateway/sandbox/sandbox_server.h"
#include "sandbox/sandbox_tokens.h"
#include "sandbox_fixture.h"
#include "sandbox_token_expectations.h"
#include "stripe/stripe_webhook.h"

namespace mg::providers {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;
using testing::WebhookReceiver;

Money M(int64_t minor, const char* c) { return Money(minor, *CurrencyCode::Parse(c)); }

class SandboxAdaptersTest : public ::testing::Test {
 protected:
  void StartSandbox(bool tls) {
    sandbox::SandboxOptions options;
    if (tls) {
      ASSERT_TRUE(testing::WriteSelfSignedCertificate(dir_.path()));
      options.tls_cert_file = (dir_.path() / "cert.pem").string();
      options.tls_key_file = (dir_.path() / "key.pem").string();
    }
    options.webhook_url = receiver_.url();
    options.emulator.timeout_delay = 1500ms;
    options.emulator.pix_settle_after = 1s;
    options.emulator.stripe_webhook_secret = Secret("whsec_sandbox");
    options.emulator.pix_webhook_secret = Secret("pix_sandbox");
    auto server = sandbox::SandboxServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }

  ProviderConfig Config(const std::string& kind, const std::string& prefix) {
    ProviderConfig c;
    c.id = kind;
    c.kind = kind;
    c.base_url = server_->base_url() + prefix;
    c.api_key = Secret(kind == "pix" ? "sandbox-pix-token" : "sk_test_sandbox");
    // Only the settings the kind reads: the registry refuses any other.
    if (kind == "adyen") c.settings["merchant_account"] = "MarketgateSandbox";
    if (kind == "pix") c.settings["pix_key"] = "7d9f0335-8dcc-4054-9bf9-0dbd61d36906";
    c.http.read_timeout = 700ms;
    c.http.connect_timeout = 2s;
    if (!server_->base_url().starts_with("http:")) {
      c.http.ca_file = (dir_.path() / "cert.pem").string();
    }
    return c;
  }

  // Builds the adapter through the registry, as the gateway does. The set
  // owns the adapter and lives as long as the test.
  const PaymentProvider& Provider(const ProviderConfig& config) {
    auto set = ProviderRegistry::WithBuiltins().Build({config});
    EXPECT_TRUE(set.ok()) << set.status().ToString();
    sets_.push_back(*set);
    return *sets_.back()->Find(config.id);
  }

  AuthorizeRequest Request(const std::string& purchase, const std::string& method,
                           const std::string& token, Money amount) {
    AuthorizeRequest r{.purchase_id = purchase, .amount = amount};
    r.payment_method = method;
    r.payment_token = token;
    r.description = "sandbox test";
    r.return_url = "https://shop.example/return";
    r.idempotency_key = DeriveIdempotencyKey(purchase, 0, Operation::kAuthorize);
    return r;
  }

  boost::json::array Ledger() {
    auto http = outbound::HttpClient::Create({.ca_file = Config("stripe", "").http.ca_file});
    outbound::HttpResult r =
        (*http)->Send({"GET", server_->base_url() + "/_sandbox/ledger", {}, ""});
    EXPECT_TRUE(r.ok()) << r.error;
    return boost::json::parse(r.response.body).at("charges").as_array();
  }

  TempDir dir_;
  WebhookReceiver receiver_;
  std::unique_ptr<sandbox::SandboxServer> server_;
  std::vector<std::shared_ptr<const ProviderSet>> sets_;
};

void ExpectOutcomes(
    const PaymentProvider& provider,
    const std::function<AuthorizeRequest(const std::string&, const std::string&)>& make) {
  for (const testing::TokenExpectation& e : testing::kCardTokenExpectations) {
    std::string purchase = std::string(provider.id()) + "_" + e.token;
    auto r = provider.Authorize(make(purchase, e.token));
    ASSERT_TRUE(r.ok()) << e.token << ": " << r.status().ToString();
    EXPECT_EQ(r->outcome, e.outcome) << provider.id() << " " << e.token << " " << r->message;
    EXPECT_EQ(r->decline_reason, e.reason) << provider.id() << " " << e.token;
    EXPECT_EQ(r->ambiguous, e.ambiguous) << provider.id() << " " << e.token;
    if (e.outcome == Outcome::kRequiresAction) {
      ASSERT_TRUE(r->action.has_value()) << e.token;
      EXPECT_FALSE(r->action->url.empty()) << e.token;
    }
  }
}

TEST_F(SandboxAdaptersTest, StripeOverTlsEveryOutcome) {
  StartSandbox(/*tls=*/true);
  const PaymentProvider& stripe = Provider(Config("stripe", "/stripe"));
  ExpectOutcomes(stripe, [&](const std::string& p, const std::string& t) {
    return Request(p, "card", t, M(1000, "JPY"));
  });
}

TEST_F(SandboxAdaptersTest, StripeLifecycleAndIdempotency) {
  StartSandbox(/*tls=*/true);
  const PaymentProvider& stripe = Provider(Config("stripe", "/stripe"));
  AuthorizeRequest req = Request("pur_life", "card", "tok_success", M(1099, "USD"));
  auto first = stripe.Authorize(req);
  auto again = stripe.Authorize(req);  // a retry after a crash: same key
  ASSERT_EQ(first->outcome, Outcome::kApproved);
  EXPECT_EQ(first->provider_reference, again->provider_reference);
  int charges = 0;
  for (const auto& c : Ledger()) {
    if (c.at("idempotency_key").as_string() == req.idempotency_key) ++charges;
  }
  EXPECT_EQ(charges, 1);

  CaptureRequest capture{"pur_life", first->provider_reference, M(1099, "USD"),
                         DeriveIdempotencyKey("pur_life", 0, Operation::kCapture)};
  EXPECT_EQ(stripe.Capture(capture)->outcome, Outcome::kApproved);
  RefundRequest refund{"pur_life", first->provider_reference, M(500, "USD"),
                       "requested_by_customer",
                       DeriveIdempotencyKey("pur_life", 0, Operation::kRefund)};
  EXPECT_EQ(stripe.Refund(refund)->outcome, Outcome::kApproved);
  StatusRequest status{.purchase_id = "pur_life", .provider_reference = first->provider_reference};
  EXPECT_EQ(stripe.GetStatus(status)->outcome, Outcome::kApproved);
  StatusRequest missing{.purchase_id = "x", .provider_reference = "pi_sbx_999999"};
  EXPECT_EQ(stripe.GetStatus(missing)->outcome, Outcome::kNotFound);

  AuthorizeRequest hold = Request("pur_void", "card", "tok_success", M(700, "USD"));
  auto held = stripe.Authorize(hold);
  VoidRequest v{"pur_void", held->provider_reference,
                DeriveIdempotencyKey("pur_void", 0, Operation::kVoid)};
  EXPECT_EQ(stripe.Void(v)->outcome, Outcome::kApproved);
}

TEST_F(SandboxAdaptersTest, StripeTimeoutIsAmbiguousAndResolvable) {
  StartSandbox(/*tls=*/true);
  const PaymentProvider& stripe = Provider(Config("stripe", "/stripe"));
  AuthorizeRequest req = Request("pur_timeout", "card", "tok_timeout", M(1000, "EUR"));
  auto lost = stripe.Authorize(req);
  EXPECT_TRUE(lost->ambiguous);
  EXPECT_EQ(lost->outcome, Outcome::kPending);
  // The payment exists although the answer was lost: Status finds it, held
  // and not captured (this request did not capture), which is not money
  // taken: pending, not in doubt...
  auto status =
      stripe.GetStatus({.purchase_id = "pur_timeout", .idempotency_key = req.idempotency_key});
  EXPECT_EQ(status->outcome, Outcome::kPending);
  EXPECT_FALSE(status->ambiguous);
  EXPECT_EQ(status->provider_status, "requires_capture");
  // ...and a retry with the same key gets the first answer, no second charge.
  auto replay = stripe.Authorize(req);
  EXPECT_EQ(replay->outcome, Outcome::kApproved);
  EXPECT_EQ(replay->provider_reference, status->provider_reference);
  int charges = 0;
  for (const auto& c : Ledger()) {
    if (c.at("reference").as_string() == "pur_timeout") ++charges;
  }
  EXPECT_EQ(charges, 1);
}

TEST_F(SandboxAdaptersTest, TlsVerificationRejectsUntrustedCertificate) {
  StartSandbox(/*tls=*/true);
  ProviderConfig config = Config("stripe", "/stripe");
  config.http.ca_file.clear();  // system trust store: our self-signed cert is unknown
  const PaymentProvider& stripe = Provider(config);
  auto r = stripe.Authorize(Request("pur_tls", "card", "tok_success", M(100, "USD")));
  EXPECT_EQ(r->outcome, Outcome::kRetryableError);  // failed before sending
  EXPECT_FALSE(r->ambiguous);
  EXPECT_NE(r->message.find("TLS"), std::string::npos) << r->message;
}

TEST_F(SandboxAdaptersTest, AdyenEveryOutcomeAndModifications) {
  StartSandbox(/*tls=*/false);
  const PaymentProvider& adyen = Provider(Config("adyen", "/adyen"));
  ExpectOutcomes(adyen, [&](const std::string& p, const std::string& t) {
    return Request(p, "card", t, M(12340, "KWD"));
  });
  auto ok = adyen.Authorize(Request("pur_adyen_mod", "card", "tok_success", M(1000, "EUR")));
  ASSERT_EQ(ok->outcome, Outcome::kApproved);
  CaptureRequest capture{"pur_adyen_mod", ok->provider_reference, M(1000, "EUR"),
                         DeriveIdempotencyKey("pur_adyen_mod", 0, Operation::kCapture)};
  auto captured = adyen.Capture(capture);
  EXPECT_EQ(captured->outcome, Outcome::kPending);  // outcome arrives by webhook
  EXPECT_EQ(captured->provider_status, "received");
  auto ideal = adyen.Authorize(Request("pur_ideal", "ideal", "", M(1000, "EUR")));
  EXPECT_EQ(ideal->outcome, Outcome::kRequiresAction);
  auto konbini = adyen.Authorize(Request("pur_konbini", "konbini", "", M(1000, "JPY")));
  EXPECT_EQ(konbini->outcome, Outcome::kPending);
  ASSERT_TRUE(konbini->pending.has_value());
}

TEST_F(SandboxAdaptersTest, PixPendingThenPaidWithSignedWebhook) {
  StartSandbox(/*tls=*/false);
  const PaymentProvider& pix = Provider(Config("pix", "/pix"));
  AuthorizeRequest req = Request("pur_pix", "pix", "", M(12345, "BRL"));
  auto created = pix.Authorize(req);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_EQ(created->outcome, Outcome::kPending) << created->message;
  ASSERT_TRUE(created->pending.has_value());
  EXPECT_EQ(created->pending->pix_copy_paste.rfind("000201", 0), 0u);
  EXPECT_TRUE(created->pending->expires_at.has_value());
  // A retried PUT (same key, same txid) reads the existing charge back.
  auto retried = pix.Authorize(req);
  EXPECT_EQ(retried->provider_reference, created->provider_reference);

  auto hooks = receiver_.WaitFor(1, 5s);
  ASSERT_FALSE(hooks.empty());
  EXPECT_EQ(hooks.back().path, "/hooks/pix");
  EXPECT_TRUE(stripe::VerifySignature(hooks.back().body, hooks.back().signature,
                                      Secret("pix_sandbox"), std::chrono::system_clock::now())
                  .ok());
  StatusRequest status{.purchase_id = "pur_pix", .provider_reference = created->provider_reference};
  EXPECT_EQ(pix.GetStatus(status)->outcome, Outcome::kApproved);
  RefundRequest refund{"pur_pix", created->provider_reference, M(12345, "BRL"), "",
                       DeriveIdempotencyKey("pur_pix", 0, Operation::kRefund)};
  EXPECT_EQ(pix.Refund(refund)->outcome, Outcome::kApproved);

  // Status without a reference, for a PUT that never happened: proven absent.
  StatusRequest never{
      .purchase_id = "pur_never",
      .idempotency_key = DeriveIdempotencyKey("pur_never", 0, Operation::kAuthorize)};
  EXPECT_EQ(pix.GetStatus(never)->outcome, Outcome::kNotFound);

  AuthorizeRequest unpaid = Request("pur_pix_void", "pix", "", M(500, "BRL"));
  unpaid.description = "stays unpaid [settle=never]";
  auto open = pix.Authorize(unpaid);
  VoidRequest v{"pur_pix_void", open->provider_reference,
                DeriveIdempotencyKey("pur_pix_void", 0, Operation::kVoid)};
  EXPECT_EQ(pix.Void(v)->outcome, Outcome::kApproved);
}

TEST_F(SandboxAdaptersTest, StripeWebhookDeliveredSigned) {
  StartSandbox(/*tls=*/false);
  const PaymentProvider& stripe = Provider(Config("stripe", "/stripe"));
  AuthorizeRequest request = Request("pur_hook", "card", "tok_success", M(100, "USD"));
  request.capture = true;
  ASSERT_EQ(stripe.Authorize(request)->outcome, Outcome::kApproved);
  // Authorized (charge.succeeded, captured: false; amount_capturable_updated),
  // then captured (charge.captured, payment_intent.succeeded): only a capture
  // approves.
  auto hooks = receiver_.WaitFor(4, 5s);
  ASSERT_EQ(hooks.size(), 4u);
  std::set<std::string> approving;
  for (const auto& hook : hooks) {
    EXPECT_EQ(hook.path, "/hooks/stripe");
    auto event = stripe::VerifyAndParse(hook.body, hook.signature, Secret("whsec_sandbox"),
                                        std::chrono::system_clock::now());
    ASSERT_TRUE(event.ok()) << event.status().ToString();
    EXPECT_EQ(event->merchant_reference, "pur_hook");
    if (event->outcome == Outcome::kApproved) approving.insert(event->event_type);
  }
  EXPECT_EQ(approving, (std::set<std::string>{"charge.captured", "payment_intent.succeeded"}));
}

TEST_F(SandboxAdaptersTest, HttpClientReusesConnections) {
  StartSandbox(/*tls=*/true);
  auto http = outbound::HttpClient::Create({.ca_file = (dir_.path() / "cert.pem").string()});
  for (int i = 0; i < 3; ++i) {
    outbound::HttpResult r =
        (*http)->Send({"GET", server_->base_url() + "/_sandbox/ledger", {}, ""});
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.response.status, 200);
  }
  EXPECT_EQ((*http)->ConnectionsOpened(), 1u);
  EXPECT_EQ((*http)->IdleConnections(), 1u);
}

// Many threads sending at once keep every connection they opened: the pool
// holds as many as were ever in use together, so a steady load opens no new
// ones (a pool of 4 under 16 threads reconnected for most calls).
TEST_F(SandboxAdaptersTest, HttpClientKeepsAConnectionPerConcurrentCaller) {
  StartSandbox(/*tls=*/false);
  auto http = outbound::HttpClient::Create({});
  ASSERT_TRUE(http.ok());
  constexpr int kThreads = 16;
  constexpr int kSendsEach = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kSendsEach; ++i) {
        outbound::HttpResult r =
            (*http)->Send({"GET", server_->base_url() + "/_sandbox/ledger", {}, ""});
        if (!r.ok() || r.response.status != 200) failures.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GE((*http)->ConnectionsOpened(), 1u);
  EXPECT_LE((*http)->ConnectionsOpened(), static_cast<std::size_t>(kThreads));
  EXPECT_EQ((*http)->IdleConnections(), (*http)->ConnectionsOpened());
}

TEST(HttpClientTest, ConnectionRefusedIsNotSent) {
  auto http = outbound::HttpClient::Create({.connect_timeout = 500ms});
  // Port 1 on loopback: nothing listens there.
  outbound::HttpResult r = (*http)->Send({"POST", "http://127.0.0.1:1/v1/charges", {}, "x=1"});
  EXPECT_EQ(r.kind, outbound::HttpResult::Kind::kNotSent);
  EXPECT_EQ((*http)->Send({"GET", "not a url", {}, ""}).kind, outbound::HttpResult::Kind::kNotSent);
}

TEST(SandboxServerTest, RefusesNonLoopbackAddresses) {
  EXPECT_TRUE(sandbox::IsLoopbackAddress("127.0.0.1"));
  EXPECT_TRUE(sandbox::IsLoopbackAddress("127.1.2.3"));
  EXPECT_TRUE(sandbox::IsLoopbackAddress("::1"));
  EXPECT_FALSE(sandbox::IsLoopbackAddress("0.0.0.0"));
  EXPECT_FALSE(sandbox::IsLoopbackAddress("192.168.1.10"));
  sandbox::SandboxOptions options;
  options.address = "0.0.0.0";
  EXPECT_EQ(sandbox::SandboxServer::Start(options).status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace mg::providers
