// The admin routes and the reloader through the admin listener's pipeline,
// on a copy of the repository's market files that the tests break and repair.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>

#include "api_test_support.h"

namespace mg::api::testing {
namespace {

namespace fs = std::filesystem;
using boost::beast::http::field;
using boost::beast::http::status;
using http::RawRequest;
using http::RawResponse;
using http::Verb;

class AdminRoutesTest : public ApiTest {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mg_admin_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy(fs::path(MG_SOURCE_DIR) / "regions" / "markets", dir_ / "markets",
             fs::copy_options::recursive);
    fs::copy(fs::path(MG_SOURCE_DIR) / "regions" / "common", dir_ / "common",
             fs::copy_options::recursive);
    regions_dir_ = dir_.string();
    load_markets_ = false;  // the first POST /admin/reload publishes version 1
    ApiTest::SetUp();
  }
  void TearDown() override {
    ApiTest::TearDown();
    fs::remove_all(dir_);
  }

  RawResponse Call(Verb verb, const std::string& target, const char* key = kAdminKey) {
    RawRequest request{verb, target, 11};
    request.set(field::authorization, std::string("Bearer ") + key);
    return app_->admin_pipeline().Handle(std::move(request));
  }

  static boost::json::object Json(const RawResponse& response) {
    return boost::json::parse(response.body()).as_object();
  }

  fs::path dir_;
};

TEST_F(AdminRoutesTest, ReloadPublishesANewVersion) {
  RawResponse first = Call(Verb::post, "/admin/reload");
  ASSERT_EQ(first.result(), status::ok) << first.body();
  EXPECT_EQ(Json(first).at("version"), 1);
  EXPECT_EQ(Json(first).at("reloaded"), true);
  RawResponse second = Call(Verb::post, "/admin/reload");
  EXPECT_EQ(Json(second).at("version"), 2);
  EXPECT_GT(Json(second).at("markets").as_int64(), 10);
  std::string metrics = metrics_->RenderText();
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
  EXPECT_EQ(markets_->Current()->version(), 1u);

  auto config = Json(Call(Verb::get, "/admin/config"));
  EXPECT_EQ(config.at("snapshot").at("version"), 1);
  EXPECT_FALSE(config.at("last_errors").as_array().empty());
  EXPECT_EQ(config.at("reloads").at("failed"), 1);
  EXPECT_NE(metrics_->RenderText().find("market_reloads_total{result=\"error\"} 1"),
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
}  // namespace mg::api::testing
