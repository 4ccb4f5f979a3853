// EventDispatcher against a real SQLite store and a subscriber served by the
// gateway's own HTTP server on a loopback port: delivery with a verifiable
// signature, retry with backoff after a 500, and events kept across a restart.
#include "gateway/events/event_dispatcher.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/json/parse.hpp>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include "gateway/http/pipeline.h"
#include "gateway/http/server.h"
#include "gateway/store/open_store.h"
#include "stripe/stripe_webhook.h"

namespace mg::events {
namespace {

using namespace std::chrono_literals;

const Secret kSecret("whsec_subscriber");

struct Delivery {
  std::string event_id;
  std::string signature;
  std::string body;
};

// A subscriber on 127.0.0.1:<port>/events that answers with the statuses it
// is given, in order (then 200), and records what it received.
class Subscriber {
 public:
  Subscriber() : http_metrics_(metrics_), keys_(std::vector<http::ApiKey>{}) {
    Status added = router_.Add(http::Verb::post, "/events", {}, [this](const http::Request& r) {
      std::lock_guard lock(mu_);
      received_.push_back({std::string(r.Header("Marketgate-Event-Id")),
                           std::string(r.Header("Marketgate-Signature")), r.body});
      http::Response response;
      if (!statuses_.empty()) {
        response.status = static_cast<boost::beast::http::status>(statuses_.front());
        statuses_.pop_front();
      }
      response.body = "{}";
      return Result<http::Response>(response);
    });
    EXPECT_TRUE(added.ok());
    pipeline_ = std::make_unique<http::RequestPipeline>(router_, keys_, http_metrics_);
    http::ServerOptions options;
    options.io_threads = 1;
    options.worker_threads = 1;
    server_ = std::make_unique<http::Server>(options);
    auto bound = server_->AddListener({"events", "127.0.0.1", 0, pipeline_.get(), nullptr});
    EXPECT_TRUE(bound.ok());
    if (bound.ok()) port_ = bound->port();
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~Subscriber() {
    server_->Shutdown();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/events"; }
  void AnswerNext(int status) {
    std::lock_guard lock(mu_);
    statuses_.push_back(status);
  }
  std::vector<Delivery> received() const {
    std::lock_guard lock(mu_);
    return received_;
  }

 private:
  http::MetricsRegistry metrics_;
  http::HttpMetrics http_metrics_;
  http::ApiKeyAuthenticator keys_;
  http::Router router_;
  std::unique_ptr<http::RequestPipeline> pipeline_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  unsigned short port_ = 0;
  mutable std::mutex mu_;
  std::deque<int> statuses_;
  std::vector<Delivery> received_;
};

class EventDispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = (std::filesystem::temp_directory_path() / "mg-events-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    dir_ = dir;
    OpenStore();
    auto http = outbound::HttpClient::Create({});
    ASSERT_TRUE(http.ok());
    http_ = *http;
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void OpenStore() {
    store::StoreConfig config;
    config.sqlite.path = dir_ + "/store.db";
    auto opened = store::OpenStore(config);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  std::unique_ptr<EventDispatcher> Dispatcher(const std::string& url) {
    DispatcherOptions options;
    options.subscribers.push_back({url, kSecret});
    options.initial_backoff = 2s;
    return std::make_unique<EventDispatcher>(*store_, http_, options, [this] { return now_; });
  }

  store::UnixMillis NowMillis() const { return now_.time_since_epoch() / 1ms; }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::shared_ptr<outbound::HttpClient> http_;
  std::chrono::system_clock::time_point now_{std::chrono::seconds(1'780'308'000)};
};

TEST_F(EventDispatcherTest, DeliversOnceWithASignatureTheSubscriberCanVerify) {
  Subscriber subscriber;
  std::string id =
      store_->EnqueueEvent({"purchase.succeeded", R"({"id":"pur_1"})"}, NowMillis()).value();
  auto dispatcher = Dispatcher(subscriber.url());
  Result<int> delivered = dispatcher->DeliverDue();
  ASSERT_TRUE(delivered.ok()) << delivered.status().ToString();
  EXPECT_EQ(*delivered, 1);

  std::vector<Delivery> received = subscriber.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].event_id, id);
  // The same scheme as Stripe's: its independent verifier accepts it.
  EXPECT_TRUE(
      providers::stripe::VerifySignature(received[0].body, received[0].signature, kSecret, now_)
          .ok());
  EXPECT_FALSE(providers::stripe::VerifySignature(received[0].body, received[0].signature,
                                                  Secret("other"), now_)
                   .ok());
  boost::json::value body = boost::json::parse(received[0].body);
  EXPECT_EQ(body.at("id").as_string(), id);
  EXPECT_EQ(body.at("type"), "purchase.succeeded");
  EXPECT_EQ(body.at("data").at("id"), "pur_1");

  // Delivered events are never sent again, even after the claim lease.
  now_ += 2h;
  EXPECT_EQ(dispatcher->DeliverDue().value(), 0);
  EXPECT_EQ(subscriber.received().size(), 1u);
}

TEST_F(EventDispatcherTest, A500IsRetriedAfterTheBackoff) {
  Subscriber subscriber;
  subscriber.AnswerNext(500);
  std::string id = store_->EnqueueEvent({"purchase.failed", "{}"}, NowMillis()).value();
  auto dispatcher = Dispatcher(subscriber.url());
  EXPECT_EQ(dispatcher->DeliverDue().value(), 0);
  ASSERT_EQ(subscriber.received().size(), 1u);

  now_ += 1999ms;  // the first backoff is 2 s
  EXPECT_EQ(dispatcher->DeliverDue().value(), 0);
  EXPECT_EQ(subscriber.received().size(), 1u);

  now_ += 1ms;
  EXPECT_EQ(dispatcher->DeliverDue().value(), 1);
  std::vector<Delivery> received = subscriber.received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[1].event_id, id);
}

TEST_F(EventDispatcherTest, UndeliveredEventsSurviveARestart) {
  std::string id;
  {
    // The subscriber is down: it answers 503.
    Subscriber gone;
    std::string url = gone.url();
    id = store_->EnqueueEvent({"purchase.succeeded", "{}"}, NowMillis()).value();
    gone.AnswerNext(503);
    auto dispatcher = Dispatcher(url);
    EXPECT_EQ(dispatcher->DeliverDue().value(), 0);
  }
  store_.reset();  // the process stops
  OpenStore();
  Subscriber subscriber;
  auto dispatcher = Dispatcher(subscriber.url());
  now_ += 2s;
  EXPECT_EQ(dispatcher->DeliverDue().value(), 1);
  std::vector<Delivery> received = subscriber.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].event_id, id);
}

TEST_F(EventDispatcherTest, BackoffDoublesUpToTheCap) {
  DispatcherOptions options;
  options.initial_backoff = 1s;
  options.max_backoff = 5s;
  EXPECT_EQ(Backoff(options, 1), 1s);
  EXPECT_EQ(Backoff(options, 2), 2s);
  EXPECT_EQ(Backoff(options, 3), 4s);
  EXPECT_EQ(Backoff(options, 4), 5s);
  EXPECT_EQ(Backoff(options, 60), 5s);
}

TEST_F(EventDispatcherTest, BackgroundThreadDeliversWithoutBeingAsked) {
  Subscriber subscriber;
  store_->EnqueueEvent({"purchase.succeeded", "{}"}, NowMillis()).value();
  DispatcherOptions options;
  options.subscribers.push_back({subscriber.url(), kSecret});
  options.poll_interval = 20ms;
  EventDispatcher dispatcher(*store_, http_, options, [this] { return now_; });
  dispatcher.Start();
  for (int i = 0; i < 250 && subscriber.received().empty(); ++i) std::this_thread::sleep_for(20ms);
  dispatcher.Stop();
  EXPECT_EQ(subscriber.received().size(), 1u);
}

}  // namespace
}  // namespace mg::events
