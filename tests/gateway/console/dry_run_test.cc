// The console's dry run of a changed market file (gateway/console/src/
// dry_run.h): the file in the form, a broken file's error at its line and
// column, a valid change's diff, nothing applied, no run without the token.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "console_test_fixture.h"

namespace mg::console::testing {
namespace {

std::string FileText(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The form body posting `yaml` with `csrf`, escaped as a browser does.
std::string ChangeForm(const std::string& yaml, const std::string& csrf) {
  std::string escaped;
  for (unsigned char c : yaml) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      escaped += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof(hex), "%%%02X", c);
      escaped += hex;
    }
  }
  return "csrf=" + csrf + "&yaml=" + escaped;
}

TEST_F(ConsoleTest, AChangedMarketFileIsTriedWithoutBeingApplied) {
  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  const std::string de_file = MG_SOURCE_DIR "/regions/markets/DE.yaml";
  const std::string de = FileText(de_file);
  http::RawResponse form = browser.Get("/console/markets/DE/change");
  ASSERT_EQ(form.result_int(), 200) << form.body();
  EXPECT_NE(form.body().find(Escape(de)), std::string::npos);  // the file, in the textarea
  const std::string csrf = CsrfOf(form.body());

  // A broken file: the error names the file, line and column, and the line is marked.
  const std::string broken = de + "not_a_market_field: 1\n";
  const int line = static_cast<int>(std::count(de.begin(), de.end(), '\n')) + 1;
  http::RawResponse errors = browser.Post("/console/markets/DE/change", ChangeForm(broken, csrf));
  ASSERT_EQ(errors.result_int(), 200) << errors.body();
  const std::string where = "/regions/markets/DE.yaml:" + std::to_string(line) + ":1";
  EXPECT_NE(errors.body().find(where), std::string::npos) << errors.body().substr(0, 3000);
  EXPECT_NE(errors.body().find("<li id=\"line-" + std::to_string(line) +
                               "\" class=\"error-line\">"
                               "<code>not_a_market_field: 1</code>"),
            std::string::npos);
  EXPECT_EQ(errors.body().find("mg_console_dry_run_"), std::string::npos);  // no scratch paths

  // A valid change: its diff against the serving snapshot.
  std::string dearer = de;
  const std::string price = R"({sku: coins_70, coins: 70, price: "0.99"})";
  ASSERT_NE(dearer.find(price), std::string::npos);
  dearer.replace(dearer.find(price), price.size(), R"({sku: coins_70, coins: 70, price: "1.09"})");
  http::RawResponse diff = browser.Post("/console/markets/DE/change", ChangeForm(dearer, csrf));
  ASSERT_EQ(diff.result_int(), 200) << diff.body();
  EXPECT_NE(diff.body().find("<td>DE</td><td>price</td><td>coins_70: 0,99\xC2\xA0€ -&gt; "
                             "1,09\xC2\xA0€</td>"),
            std::string::npos)
      << diff.body().substr(diff.body().find("<h2>"));
  http::RawResponse same = browser.Post("/console/markets/DE/change", ChangeForm(de, csrf));
  EXPECT_NE(same.body().find("Valid, no change"), std::string::npos);

  // Nothing was applied: the file and the serving snapshot are as they were.
  EXPECT_EQ(FileText(de_file), de);
  EXPECT_EQ(Markets()->Find("DE")->catalog().coin_packs[0].price.minor_units(), 99);
  // Without the session's token, nothing is tried.
  EXPECT_EQ(browser.Post("/console/markets/DE/change", ChangeForm(dearer, "0")).result_int(), 403);
  EXPECT_EQ(browser.Get("/console/markets/de/change").result_int(), 404);
}

}  // namespace
}  // namespace mg::console::testing
