// The console's reloads (gateway/console/src/reloads_page.h): the button
// reloads the market files with the session's token only; the history
// shows who asked, the result, the serving version and a rejected reload's
// errors with file, line and column, the newest first.
#include <filesystem>
#include <fstream>

#include "console_test_fixture.h"

namespace mg::console::testing {
namespace {

namespace fs = std::filesystem;

class ReloadsTest : public ConsoleTest {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/mg_console_reloads_XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    regions_ = dir;
    for (const char* folder : {"common", "markets"}) {
      fs::copy(fs::path(MG_SOURCE_DIR "/regions") / folder, regions_ / folder,
               fs::copy_options::recursive);
    }
    registry_holder_ = std::make_unique<regions::MarketRegistry>(regions_.string());
    registry_ = registry_holder_.get();
    ConsoleTest::SetUp();
  }
  void TearDown() override {
    ConsoleTest::TearDown();
    fs::remove_all(regions_);
  }

  fs::path regions_;
  std::unique_ptr<regions::MarketRegistry> registry_holder_;
};

TEST_F(ReloadsTest, TheButtonReloadsAndTheHistoryShowsWhoAskedAndWhatFailed) {
  Browser browser(*pipeline_);
  EXPECT_EQ(browser.Post("/console/reload", "csrf=x").result_int(), 303);  // no session
  EXPECT_TRUE(registry_->history().empty());
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  http::RawResponse empty = browser.Get("/console/reloads");
  ASSERT_EQ(empty.result_int(), 200);
  EXPECT_NE(empty.body().find("No reload yet."), std::string::npos);
  const std::string csrf = CsrfOf(empty.body());

  // Without the session's token, nothing reloads.
  EXPECT_EQ(browser.Post("/console/reload", "csrf=" + std::string(64, 'f')).result_int(), 403);
  EXPECT_TRUE(registry_->history().empty());

  http::RawResponse reloaded = browser.Post("/console/reload", "csrf=" + csrf);
  EXPECT_EQ(reloaded.result_int(), 303);
  EXPECT_EQ(reloaded[boost::beast::http::field::location], "/console/reloads");
  ASSERT_NE(registry_->Current(), nullptr);
  const size_t markets = registry_->Current()->markets().size();

  // A broken file: the reload is rejected, version 1 keeps serving.
  {
    std::ofstream out(regions_ / "markets" / "DE.yaml", std::ios::app);
    out << "not_a_market_field: 1\n";
  }
  ASSERT_EQ(browser.Post("/console/reload", "csrf=" + csrf).result_int(), 303);
  EXPECT_EQ(registry_->Current()->version(), 1u);

  const std::string page = browser.Get("/console/reloads").body();
  const std::string rejected =
      "<td>console (ops-admin)</td><td class=\"error\">rejected</td><td class=\"num\">1</td>";
  const std::string loaded =
      "<td>console (ops-admin)</td><td class=\"status-live\">loaded</td>"
      "<td class=\"num\">1</td><td class=\"num\">" +
      std::to_string(markets) + "</td>";
  ASSERT_NE(page.find(rejected), std::string::npos) << page;
  ASSERT_NE(page.find(loaded), std::string::npos) << page;
  EXPECT_LT(page.find(rejected), page.find(loaded));  // the newest first
  EXPECT_NE(page.find("markets/DE.yaml:"), std::string::npos);
  EXPECT_NE(page.find("unknown field &#39;not_a_market_field&#39;"), std::string::npos);
}

}  // namespace
}  // namespace mg::console::testing
