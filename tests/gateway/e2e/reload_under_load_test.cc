// SIGHUP while clients keep quoting: every request answers 200, and the
// quotes show the price of the file as it was at each reload. A broken file
// in between keeps the last good markets serving.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "gateway_under_test.h"

namespace mg::e2e {
namespace {

namespace fs = std::filesystem;
using http::Verb;

const std::string kQuote =
    R"({"market": "DE", "customer": {"id": "c_reload", "age": 30,)"
    R"( "consent_immediate_delivery": true}, "items": [{"sku": "coins_70", "quantity": 1}]})";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  fs::path temporary = path.string() + ".tmp";
  std::ofstream(temporary) << text;
  fs::rename(temporary, path);  // readers never see half a file
}

// Reloads finished so far, ok or refused, from the admin listener's metrics.
int ReloadsDone(WireClient& admin) {
  std::optional<WireResponse> metrics = admin.Exchange(Verb::get, "/metrics", "");
  if (!metrics) return -1;
  int done = 0;
  const std::regex counter("market_reloads_total\\{result=\"(ok|error)\"\\} ([0-9]+)");
  for (std::sregex_iterator it(metrics->body.begin(), metrics->body.end(), counter), end; it != end;
       ++it) {
    done += std::stoi((*it)[2]);
  }
  return done;
}

// Waits until a reload after `before` has finished: a reload takes longer
// than a fixed pause in a sanitizer build or on a loaded machine.
void AwaitReload(WireClient& admin, int before) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (ReloadsDone(admin) <= before && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

TEST(ReloadUnderLoadTest, SighupWhileQuotingFailsNoRequest) {
  fs::path regions = fs::temp_directory_path() / ("mg-reload-" + std::to_string(::getpid()));
  fs::remove_all(regions);
  fs::copy(MG_SOURCE_DIR "/regions", regions, fs::copy_options::recursive);
  const fs::path germany = regions / "markets" / "DE.yaml";
  const std::string original = ReadFile(germany);
  const std::string cheap_line = R"({sku: coins_70, coins: 70, price: "0.99"})";
  ASSERT_NE(original.find(cheap_line), std::string::npos);
  std::string dearer = original;
  dearer.replace(dearer.find(cheap_line), cheap_line.size(),
                 R"({sku: coins_70, coins: 70, price: "1.99"})");

  GatewayUnderTest gateway(GatewayOptions{.regions_dir = regions.string()});
  ASSERT_TRUE(gateway.Start()) << gateway.failure();

  std::atomic<bool> stop{false};
  std::atomic<long> requests{0};
  std::atomic<long> failures{0};
  std::mutex mu;
  std::set<int64_t> totals_seen;
  std::string first_failure;
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&] {
      WireClient client = gateway.PublicClient();
      while (!stop) {
        std::optional<WireResponse> response =
            client.Exchange(Verb::post, "/v1/quotes", kPurchasesKey, kQuote);
        ++requests;
        int64_t total = -1;
        if (response && response->status == 200) {
          boost::system::error_code ec;
          boost::json::value body = boost::json::parse(response->body, ec);
          const boost::json::value* amount = ec ? nullptr : body.find_pointer("/total/amount", ec);
          if (amount != nullptr && amount->is_int64()) total = amount->get_int64();
        }
        std::lock_guard lock(mu);
        if (total < 0) {
          ++failures;
          if (first_failure.empty()) {
            first_failure =
                response ? std::to_string(response->status) + " " + response->body : client.error();
          }
        } else {
          totals_seen.insert(total);
        }
      }
    });
  }

  constexpr int kReloads = 40;
  WireClient reloads = gateway.AdminClient();
  for (int i = 0; i < kReloads; ++i) {
    const int before = ReloadsDone(reloads);
    if (i == kReloads / 2) {
      WriteFile(germany, original + "\nnot: [valid yaml\n");  // refused; the old one serves
    } else {
      WriteFile(germany, i % 2 == 0 ? dearer : original);
    }
    gateway.process().Signal(SIGHUP);
    AwaitReload(reloads, before);
    std::this_thread::sleep_for(std::chrono::milliseconds(75));
  }
  stop = true;
  for (std::thread& client : clients) client.join();

  std::cout << "[ reload ] " << requests << " quotes during " << kReloads << " SIGHUP reloads, "
            << failures << " failed\n";
  EXPECT_EQ(failures, 0) << first_failure;
  EXPECT_GT(requests, kReloads);
  // 0.99 and 1.99 EUR, tax included: both versions of the file were served.
  EXPECT_EQ(totals_seen, (std::set<int64_t>{99, 199}));

  WireClient admin = gateway.AdminClient();
  std::optional<WireResponse> metrics = admin.Exchange(Verb::get, "/metrics", "");
  ASSERT_TRUE(metrics) << admin.error();
  // The broken file was refused once; signals that arrive during a reload
  // coalesce, so the successful reloads are counted as "many", not exactly.
  EXPECT_NE(metrics->body.find("market_reloads_total{result=\"error\"} 1\n"), std::string::npos)
      << metrics->body;
  std::smatch ok;
  ASSERT_TRUE(std::regex_search(metrics->body, ok,
                                std::regex("market_reloads_total\\{result=\"ok\"\\} ([0-9]+)")));
  EXPECT_GE(std::stoi(ok[1]), kReloads / 2);
  fs::remove_all(regions);
}

}  // namespace
}  // namespace mg::e2e
