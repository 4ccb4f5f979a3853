// Form bodies and cookies as the console reads them (gateway/console/src/form.h).
#include "form.h"

#include <gtest/gtest.h>

namespace mg::console {
namespace {

TEST(ParseFormTest, DecodesEscapesAndPlusesAndKeepsTheFirstValue) {
  Result<std::map<std::string, std::string, std::less<>>> form =
      ParseForm("key=sk+a%2Bb%26c&csrf=0a1b&key=second&empty=");
  ASSERT_TRUE(form.ok()) << form.status().ToString();
  EXPECT_EQ(form->at("key"), "sk a+b&c");
  EXPECT_EQ(form->at("csrf"), "0a1b");
  EXPECT_EQ(form->at("empty"), "");
  EXPECT_EQ(form->size(), 3u);
}

TEST(ParseFormTest, RefusesABodyThatIsNotAForm) {
  EXPECT_EQ(ParseForm("key=%zz").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(ParseForm("").ok());
}

TEST(CookieValueTest, FindsTheNamedCookieOnly) {
  EXPECT_EQ(CookieValue("a=1; mg_console=abc; b=2", "mg_console"), "abc");
  EXPECT_EQ(CookieValue("mg_console_login=x; mg_console=y", "mg_console"), "y");
  EXPECT_EQ(CookieValue("mg_console=", "mg_console"), "");
  EXPECT_EQ(CookieValue("xmg_console=1", "mg_console"), std::nullopt);
  EXPECT_EQ(CookieValue("", "mg_console"), std::nullopt);
}

}  // namespace
}  // namespace mg::console
