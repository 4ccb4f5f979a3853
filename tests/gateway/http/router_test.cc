#include "gateway/http/router.h"

#include <gtest/gtest.h>

#include <memory>

namespace mg::http {
namespace {

Handler Named(std::string name) {
  return [name](const Request&) -> Result<Response> { return TextResponse(name, "text/plain"); };
}

std::string Call(const Router::Match& match) {
  Request request;
  return match.route->handler(request)->body;
}

TEST(RouterTest, MatchesLiteralsAndDecodesParameters) {
  Router router;
  ASSERT_TRUE(router.Add(Verb::get, "/v1/markets", {}, Named("list")).ok());
  ASSERT_TRUE(router.Add(Verb::get, "/v1/markets/{code}", {}, Named("one")).ok());
  ASSERT_TRUE(router.Add(Verb::get, "/v1/markets/{code}/catalog", {}, Named("catalog")).ok());

  Router::Match list = router.Find(Verb::get, "/v1/markets");
  ASSERT_EQ(list.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(Call(list), "list");
  EXPECT_EQ(list.path_template, "/v1/markets");

  Router::Match one = router.Find(Verb::get, "/v1/markets/D%45");
  ASSERT_EQ(one.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(Call(one), "one");
  EXPECT_EQ(one.path_params.at("code"), "DE");
  EXPECT_EQ(one.path_template, "/v1/markets/{code}");

  Router::Match catalog = router.Find(Verb::get, "/v1/markets/JP/catalog");
  ASSERT_EQ(catalog.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(catalog.path_params.at("code"), "JP");
}

TEST(RouterTest, UnknownPathsAreNotFound) {
  Router router;
  ASSERT_TRUE(router.Add(Verb::get, "/v1/markets/{code}", {}, Named("one")).ok());
  EXPECT_EQ(router.Find(Verb::get, "/v1/markets").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find(Verb::get, "/v1/markets/").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find(Verb::get, "/v1/markets/DE/x").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find(Verb::get, "v1/markets/DE").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find(Verb::get, "").kind, Router::Match::Kind::kNotFound);
}

TEST(RouterTest, WrongMethodListsTheAllowedOnes) {
  Router router;
  ASSERT_TRUE(router.Add(Verb::post, "/admin/reload", {}, Named("reload")).ok());
  ASSERT_TRUE(router.Add(Verb::get, "/admin/reload", {}, Named("status")).ok());
  Router::Match match = router.Find(Verb::delete_, "/admin/reload");
  EXPECT_EQ(match.kind, Router::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(match.allow, "GET, POST");
  EXPECT_EQ(match.path_template, "/admin/reload");
  EXPECT_EQ(match.route, nullptr);
}

TEST(RouterTest, LiteralSegmentsWinOverParameters) {
  Router router;
  ASSERT_TRUE(router.Add(Verb::get, "/v1/purchases/{id}", {}, Named("by-id")).ok());
  ASSERT_TRUE(router.Add(Verb::get, "/v1/purchases/search", {}, Named("search")).ok());
  ASSERT_TRUE(router.Add(Verb::get, "/{a}/purchases/{id}", {}, Named("generic")).ok());
  EXPECT_EQ(Call(router.Find(Verb::get, "/v1/purchases/search")), "search");
  EXPECT_EQ(Call(router.Find(Verb::get, "/v1/purchases/p_1")), "by-id");
  EXPECT_EQ(Call(router.Find(Verb::get, "/v2/purchases/p_1")), "generic");
}

// Plain paths (no percent-escapes) are split without the URL parser; they
// must split as the parser splits the same path written with escapes.
TEST(RouterTest, PlainAndEscapedPathsSplitAlike) {
  Router router;
  ASSERT_TRUE(router.Add(Verb::get, "/v1/{a}/{b}", {}, Named("two")).ok());
  ASSERT_TRUE(router.Add(Verb::get, "/v1/{a}", {}, Named("one")).ok());
  for (std::string_view path : {"/v1/x/y", "/v1/%78/y"}) {
    Router::Match match = router.Find(Verb::get, path);
    ASSERT_EQ(match.kind, Router::Match::Kind::kFound) << path;
    EXPECT_EQ(Call(match), "two") << path;
    EXPECT_EQ(match.path_params.at("a"), "x") << path;
    EXPECT_EQ(match.path_params.at("b"), "y") << path;
  }
  // A trailing slash is an empty last segment; a parameter never matches one.
  for (std::string_view path : {"/v1/x/", "/v1/%78/", "/v1//y", "//x", "/v1/x/y/"}) {
    EXPECT_EQ(router.Find(Verb::get, path).kind, Router::Match::Kind::kNotFound) << path;
  }
  EXPECT_EQ(Call(router.Find(Verb::get, "/v1/x.y-z_~")), "one");
  EXPECT_EQ(router.Find(Verb::get, "/v1/x.y-z_~").path_params.at("a"), "x.y-z_~");
}

TEST(RouterTest, ACopyOutlivesItsOriginal) {
  auto original = std::make_unique<Router>();
  ASSERT_TRUE(original->Add(Verb::get, "/v1/markets/{code}", {}, Named("one")).ok());
  ASSERT_TRUE(original->Add(Verb::get, "/v1", {}, Named("root")).ok());
  Router copy = *original;
  original.reset();
  ASSERT_TRUE(copy.Add(Verb::get, "/v1/markets/{code}/gifts", {}, Named("gifts")).ok());
  Router::Match one = copy.Find(Verb::get, "/v1/markets/DE");
  ASSERT_EQ(one.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(Call(one), "one");
  EXPECT_EQ(one.path_template, "/v1/markets/{code}");
  EXPECT_EQ(Call(copy.Find(Verb::get, "/v1/markets/DE/gifts")), "gifts");
  EXPECT_EQ(Call(copy.Find(Verb::get, "/v1")), "root");
  EXPECT_EQ(copy.Find(Verb::get, "/v1/markets/DE/gifts/x").kind, Router::Match::Kind::kNotFound);
}

TEST(RouterTest, RootRoute) {
  Router router;
  ASSERT_TRUE(router.Add(Verb::get, "/", {}, Named("root")).ok());
  EXPECT_EQ(Call(router.Find(Verb::get, "/")), "root");
}

TEST(RouterTest, RejectsBadTemplatesAndDuplicates) {
  Router router;
  EXPECT_FALSE(router.Add(Verb::get, "v1/markets", {}, Named("x")).ok());
  EXPECT_FALSE(router.Add(Verb::get, "/v1//markets", {}, Named("x")).ok());
  EXPECT_FALSE(router.Add(Verb::get, "/v1/markets/{code", {}, Named("x")).ok());
  EXPECT_FALSE(router.Add(Verb::get, "/v1/markets/x{code}", {}, Named("x")).ok());
  EXPECT_FALSE(router.Add(Verb::get, "/v1/{id}/x/{id}", {}, Named("x")).ok());
  EXPECT_FALSE(router.Add(Verb::get, "/v1/markets", {}, nullptr).ok());
  ASSERT_TRUE(router.Add(Verb::get, "/v1/markets", {}, Named("x")).ok());
  Status duplicate = router.Add(Verb::get, "/v1/markets", {}, Named("y"));
  EXPECT_EQ(duplicate.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(duplicate.message().find("GET /v1/markets"), std::string::npos);
  EXPECT_EQ(router.Templates(), std::vector<std::string>{"/v1/markets"});
}

}  // namespace
}  // namespace mg::http
