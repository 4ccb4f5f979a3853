// The console's figures (gateway/console/src/figures_page.h): charts of the
// money metrics as the gateway's MetricsHistory kept them, per market and
// window, in the operator's language.
#include <regex>

#include "console_test_fixture.h"

namespace mg::console::testing {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class FiguresPageTest : public ConsoleTest {
 protected:
  // The families as the API registers them (route_context.cc).
  http::CounterFamily& purchases_ = metrics_.AddCounter("purchases_total", "", {"market", "state"});
  http::CounterFamily& volume_ =
      metrics_.AddCounter("purchase_volume_minor_total", "", {"market", "currency"});
  http::CounterFamily& declines_ =
      metrics_.AddCounter("purchase_declines_total", "", {"market", "reason"});
  http::HistogramFamily& calls_ =
      metrics_.AddHistogram("provider_call_seconds", "", {"market", "provider", "operation"});

  void Sample() { history_.Sample(std::chrono::system_clock::time_point(now_.load())); }

  std::string Page(Browser& browser, const std::string& query) {
    http::RawResponse page = browser.Get("/console/figures" + query);
    EXPECT_EQ(page.result_int(), 200) << page.body();
    return page.body();
  }
};

TEST_F(FiguresPageTest, AMarketsLastHourDrawsVolumeSuccessDeclinesAndCallTimes) {
  Sample();  // the gateway samples once at start
  Advance(std::chrono::minutes(1));
  purchases_.WithLabels({"DE", "succeeded"}).Increment(2);
  purchases_.WithLabels({"DE", "failed"}).Increment();
  purchases_.WithLabels({"DE", "pending"}).Increment();
  volume_.WithLabels({"DE", "EUR"}).Increment(123456);
  declines_.WithLabels({"DE", "insufficient_funds"}).Increment();
  // 100 calls between 100 and 250 ms: p50 to p99 are at most 250 ms.
  for (int i = 0; i < 100; ++i) calls_.WithLabels({"DE", "adyen", "authorize"}).Observe(0.2);
  calls_.WithLabels({"DE", "stripe", "refund"}).Observe(0.0004);  // on a local network
  calls_.WithLabels({"DE", "pix", "status"}).Observe(20);         // past the last bucket
  purchases_.WithLabels({"JP", "succeeded"}).Increment(40);       // another market
  Sample();
  Advance(std::chrono::minutes(30));
  purchases_.WithLabels({"DE", "succeeded"}).Increment(1);
  Sample();

  Browser browser(*pipeline_);
  EXPECT_EQ(browser.Get("/console/figures").result_int(), 303);  // no session
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  const std::string page = Page(browser, "?market=DE&window=hour");
  EXPECT_NE(page.find("<option value=\"DE\" selected>DE</option>"), std::string::npos);
  EXPECT_NE(page.find("DE, last hour up to"), std::string::npos) << page;
  EXPECT_NE(page.find("<strong>4</strong> settled: 3 succeeded, 1 failed; success rate "
                      "<strong>75%</strong>. 1 went to pending"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("Taken: <strong>€1,234.56</strong>"), std::string::npos);
  // Two slots had settled purchases: two green columns, one red.
  EXPECT_EQ(Count(page, "<rect class=\"bar-ok\""), 2u);
  EXPECT_EQ(Count(page, "<rect class=\"bar-failed\""), 1u);
  EXPECT_NE(page.find("2 succeeded</title>"), std::string::npos);
  EXPECT_NE(page.find("insufficient_funds: 1</title>"), std::string::npos);
  EXPECT_NE(page.find("<td>adyen · authorize</td><td class=\"num\">100</td><td class=\"num\">"
                      "200 ms</td><td class=\"num\">≤ 250 ms</td><td class=\"num\">≤ 250 ms</td>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("<td>stripe · refund</td><td class=\"num\">1</td><td class=\"num\">"
                      "0.4 ms</td><td class=\"num\">≤ 1.0 ms</td>"),
            std::string::npos);
  EXPECT_NE(page.find("<td>pix · status</td><td class=\"num\">1</td><td class=\"num\">"
                      "20,000 ms</td><td class=\"num\">&gt; 10,000 ms</td>"),
            std::string::npos)
      << page;
  // JP's 40 purchases are not DE's.
  EXPECT_EQ(page.find("40 succeeded"), std::string::npos);
  EXPECT_NE(page.find("3 succeeded, 1 failed"), std::string::npos);

  // Every market: JP's count too.
  const std::string all = Page(browser, "");
  EXPECT_NE(all.find("<strong>44</strong> settled"), std::string::npos) << all;
}

TEST_F(FiguresPageTest, TheDayWindowHasHourlySlotsAndKeepsOlderSamples) {
  Sample();
  Advance(std::chrono::minutes(1));
  purchases_.WithLabels({"DE", "succeeded"}).Increment(5);
  Sample();
  Advance(std::chrono::hours(3));
  Sample();
  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  // Three hours ago: outside the last hour, inside the last day.
  EXPECT_NE(Page(browser, "?market=DE").find("<strong>0</strong> settled"), std::string::npos);
  const std::string day = Page(browser, "?market=DE&window=day");
  EXPECT_NE(day.find("last 24 hours"), std::string::npos);
  EXPECT_NE(day.find("<strong>5</strong> settled"), std::string::npos) << day;
  EXPECT_NE(day.find("<option value=\"day\" selected>"), std::string::npos);
  EXPECT_NE(day.find("No purchase failed in this window."), std::string::npos);
  EXPECT_NE(day.find("No provider call in this window."), std::string::npos);
}

TEST_F(FiguresPageTest, NumbersFollowTheBrowsersLanguage) {
  Sample();
  Advance(std::chrono::minutes(1));
  purchases_.WithLabels({"DE", "succeeded"}).Increment(1998);
  purchases_.WithLabels({"DE", "failed"}).Increment(2);
  volume_.WithLabels({"DE", "EUR"}).Increment(123456);
  Sample();
  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  browser.accept_language = "de-DE,de;q=0.9";
  const std::string page = Page(browser, "?market=DE");
  EXPECT_NE(page.find("<strong>2.000</strong> settled: 1.998 succeeded"), std::string::npos)
      << page;
  EXPECT_NE(page.find("<strong>99,9\u00a0%</strong>"), std::string::npos);
  EXPECT_NE(page.find("<strong>1.234,56\u00a0€</strong>"), std::string::npos);
  EXPECT_NE(page.find("Numbers in de-DE"), std::string::npos);
}

TEST_F(FiguresPageTest, ThePageSamplesBeforeItReadsAndABadWindowIs400) {
  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  EXPECT_NE(Page(browser, "").find("<strong>0</strong> settled"), std::string::npos);
  Advance(std::chrono::minutes(1));
  purchases_.WithLabels({"DE", "succeeded"}).Increment(7);  // after the last timer sample
  EXPECT_NE(Page(browser, "?market=DE").find("<strong>7</strong> settled"), std::string::npos);
  http::RawResponse bad = browser.Get("/console/figures?window=week");
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_NE(bad.body().find("The window is <code>hour</code> or <code>day</code>"),
            std::string::npos);
  // A market name is echoed escaped, never as markup.
  EXPECT_EQ(Page(browser, "?market=%3Cb%3E").find("<b>"), std::string::npos);
}

}  // namespace
}  // namespace mg::console::testing
