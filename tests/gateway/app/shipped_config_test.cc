// The configs the repository ships build a whole gateway: the README's first
// command (deploy/run.sh) serves deploy/marketgate.yaml and Compose serves
// deploy/compose/marketgate.yaml, so a provider setting or key they hold that
// `serve` would refuse must fail here, not on a new machine. (The image's
// default, deploy/docker/marketgate.yaml, names no provider on purpose and
// says it does not serve until a real config is mounted.) Only what belongs to the machine is
// moved: the store becomes a SQLite file in the test's directory and regions_dir the repository's
// regions/.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "gateway/app/application.h"
#include "gateway/app/config.h"

namespace mg::app {
namespace {

namespace fs = std::filesystem;

class ShippedConfigTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ShippedConfigTest, BuildsAGatewayThatLoadsEveryMarket) {
  Result<GatewayConfig> config = LoadGatewayConfig(std::string(MG_SOURCE_DIR) + "/" + GetParam());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const fs::path dir =
      fs::temp_directory_path() / ("mg_shipped_config_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  config->store.driver = StoreDriver::kSqlite;
  config->store.path = (dir / "marketgate.db").string();
  config->regions_dir = std::string(MG_SOURCE_DIR) + "/regions";

  Result<std::unique_ptr<Application>> app = Application::Build(*config);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  std::vector<LoadError> errors = (*app)->LoadMarkets();
  for (const LoadError& error : errors) ADD_FAILURE() << error.ToString();
  ASSERT_NE((*app)->markets().Current(), nullptr);
  EXPECT_NE((*app)->markets().Current()->Find("DE"), nullptr);
  EXPECT_NE((*app)->markets().Current()->Find("BR"), nullptr);
  app->reset();
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Deploy, ShippedConfigTest,
                         ::testing::Values("deploy/marketgate.yaml",
                                           "deploy/compose/marketgate.yaml"));

}  // namespace
}  // namespace mg::app
