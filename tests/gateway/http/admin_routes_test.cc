// The admin routes and the reloader as pure handlers, on a copy of the
// repository's market files that the tests break and repair.
#include "gateway/http/admin_routes.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>

#include "gateway/http/pipeline.h"

namespace mg::http {
namespace {

namespace fs = std::filesystem;
using boost::beast::http::field;
using boost::beast::http::status;

constexpr const char* kAdminKey = "sk_admin_test";
constexpr const char* kReadKey = "sk_read_test";

class AdminRoutesTest : public ::testing::Test {
 protected:
  AdminRoutesTest()
      : dir_(fs::temp_directory_path() /
             ("mg_admin_test_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        registry_((fs::remove_all(dir_), CopyRegions(dir_))),
        reloader_(registry_, metrics_),
        keys_({ApiKey{"ops", Sha256(kAdminKey), {Scope::kAdmin}},
               ApiKey{"reader", Sha256(kReadKey), {Scope::kRead}}}),
        http_metrics_(metrics_),
        pipeline_(router_, keys_, http_metrics_) {
    Status added = AddAdminRoutes(router_, reloader_, {{"listen", "127.0.0.1:8080"}});
    EXPECT_TRUE(added.ok()) << added.ToString();
  }
  ~AdminRoutesTest() override { fs::remove_all(dir_); }

  static std::string CopyRegions(const fs::path& dir) {
    fs::create_directories(dir);
    fs::copy(fs::path(MG_SOURCE_DIR) / "regions" / "markets", dir / "markets",
             fs::copy_options::recursive);
    fs::copy(fs::path(MG_SOURCE_DIR) / "regions" / "common", dir / "common",
             fs::copy_options::recursive);
    return dir.string();
  }

  RawResponse Call(Verb verb, const std::string& target, const char* key = kAdminKey) {
    RawRequest request{verb, target, 11};
    request.set(field::authorization, std::string("Bearer ") + key);
    return pipeline_.Handle(std::move(request));
  }

  static boost::json::object Json(const RawResponse& response) {
    return boost::json::parse(response.body()).as_object();
  }

  fs::path dir_;
  MetricsRegistry metrics_;
  regions::MarketRegistry registry_;
  MarketReloader reloader_;
  ApiKeyAuthenticator keys_;
  HttpMetrics http_metrics_;
  Router router_;
  RequestPipeline pipeline_;
};

TEST_F(AdminRoutesTest, ReloadPublishesANewVersion) {
  RawResponse first = Call(Verb::post, "/admin/reload");
  ASSERT_EQ(first.result(), status::ok) << first.body();
  EXPECT_EQ(Json(first).at("version"), 1);
  EXPECT_EQ(Json(first).at("reloaded"), true);
  RawResponse second = Call(Verb::post, "/admin/reload");
  EXPECT_EQ(Json(second).at("version"), 2);
  EXPECT_GT(Json(second).at("markets").as_int64(), 10);
  std::string metrics = metrics_.RenderText();
  EXPECT_NE(metrics.find("market_reloads_total{result=\"ok\"} 2"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("market_snapshot_version 2"), std::string::npos);
}

TEST_F(AdminRoutesTest, ABrokenFileIsRejectedAndTheOldVersionServes) {
  ASSERT_EQ(Call(Verb::post, "/admin/reload").result(), status::ok);
  std::ofstream(dir_ / "markets" / "DE.yaml", std::ios::app) << "\nsurprise_field: 1\n";
  RawResponse response = Call(Verb::post, "/admin/reload");
  ASSERT_EQ(response.result(), status::unprocessable_entity) << response.body();
  auto error = Json(response).at("error").as_object();
  EXPECT_EQ(error.at("code"), "reload_failed");
  EXPECT_EQ(error.at("version"), 1);
  const auto& first = error.at("errors").as_array().at(0).as_object();
  EXPECT_NE(std::string(first.at("file").as_string()).find("DE.yaml"), std::string::npos);
  EXPECT_GT(first.at("line").as_int64(), 0);
  EXPECT_GT(first.at("column").as_int64(), 0);
  EXPECT_EQ(registry_.Current()->version(), 1u);

  auto config = Json(Call(Verb::get, "/admin/config"));
  EXPECT_EQ(config.at("snapshot").at("version"), 1);
  EXPECT_FALSE(config.at("last_errors").as_array().empty());
  EXPECT_EQ(config.at("reloads").at("failed"), 1);
  EXPECT_NE(metrics_.RenderText().find("market_reloads_total{result=\"error\"} 1"),
            std::string::npos);
}

TEST_F(AdminRoutesTest, ConfigShowsTheSnapshotAndTheSummary) {
  ASSERT_EQ(Call(Verb::post, "/admin/reload").result(), status::ok);
  RawResponse response = Call(Verb::get, "/admin/config");
  ASSERT_EQ(response.result(), status::ok);
  auto body = Json(response);
  EXPECT_EQ(body.at("regions_dir").as_string(), dir_.string().c_str());
  EXPECT_EQ(body.at("config").at("listen"), "127.0.0.1:8080");
  const auto& snapshot = body.at("snapshot").as_object();
  EXPECT_EQ(snapshot.at("version"), 1);
  EXPECT_FALSE(std::string(snapshot.at("loaded_at").as_string()).empty());
  bool found = false;
  for (const auto& market : snapshot.at("markets").as_array()) {
    found = found || market.at("code") == "JP";
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(body.at("last_errors").as_array().empty());
}

TEST_F(AdminRoutesTest, NeedsTheAdminScope) {
  EXPECT_EQ(Call(Verb::post, "/admin/reload", kReadKey).result(), status::forbidden);
  EXPECT_EQ(Call(Verb::get, "/admin/config", "nope").result(), status::unauthorized);
  EXPECT_EQ(Call(Verb::get, "/admin/reload").result(), status::method_not_allowed);
}

}  // namespace
}  // namespace mg::http
