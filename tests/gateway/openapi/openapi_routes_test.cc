// Keeps docs/openapi.yaml in step with the routes marketgate serve registers:
// every documented (method, path) is a registered route, every registered
// route is documented, and a route the pipeline authenticates documents the
// scope it requires.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/app/application.h"
#include "gateway/app/config.h"
#include "gateway/http/auth.h"
#include "gateway/http/router.h"

namespace mg::http {
namespace {

// ("GET", "/v1/markets/{code}").
using RouteKey = std::pair<std::string, std::string>;

constexpr Verb kVerbs[] = {Verb::get,     Verb::put,  Verb::post,  Verb::delete_,
                           Verb::options, Verb::head, Verb::patch, Verb::trace};

std::string VerbName(Verb verb) { return std::string(boost::beast::http::to_string(verb)); }

// A path the template matches: each "{name}" becomes a value no literal
// segment uses, so that Find() picks the template itself.
std::string SamplePath(std::string_view path_template) {
  std::string path;
  for (size_t i = 0; i < path_template.size(); ++i) {
    if (path_template[i] != '{') {
      path += path_template[i];
      continue;
    }
    path += "openapi-sample";
    i = path_template.find('}', i);
  }
  return path;
}

// Every (method, template) the router answers, with its route.
std::map<RouteKey, const Route*> RegisteredRoutes(const Router& router) {
  std::map<RouteKey, const Route*> routes;
  for (const std::string& path_template : router.Templates()) {
    for (Verb verb : kVerbs) {
      Router::Match match = router.Find(verb, SamplePath(path_template));
      if (match.kind == Router::Match::Kind::kFound && match.path_template == path_template) {
        routes[{VerbName(verb), path_template}] = match.route;
      }
    }
  }
  return routes;
}

// Every operation of an OpenAPI document, by (METHOD, path).
std::map<RouteKey, YAML::Node> DocumentedOperations(const YAML::Node& document) {
  static const std::map<std::string, std::string> kMethods = {
      {"get", "GET"},         {"put", "PUT"},   {"post", "POST"},   {"delete", "DELETE"},
      {"options", "OPTIONS"}, {"head", "HEAD"}, {"patch", "PATCH"}, {"trace", "TRACE"}};
  std::map<RouteKey, YAML::Node> operations;
  for (const auto& path : document["paths"]) {
    for (const auto& member : path.second) {
      auto method = kMethods.find(member.first.as<std::string>());
      if (method == kMethods.end()) continue;  // servers, parameters, summary, ...
      operations[{method->second, path.first.as<std::string>()}] = member.second;
    }
  }
  return operations;
}

template <typename A, typename B>
std::vector<std::string> KeysMissingFrom(const std::map<RouteKey, A>& from,
                                         const std::map<RouteKey, B>& in) {
  std::vector<std::string> missing;
  for (const auto& [key, value] : from) {
    if (!in.count(key)) missing.push_back(key.first + " " + key.second);
  }
  return missing;
}

// The scopes an operation's `security` names; nullopt when it has none.
std::optional<std::set<std::string>> DocumentedScopes(const YAML::Node& operation) {
  const YAML::Node security = operation["security"];
  if (!security) return std::nullopt;
  std::set<std::string> scopes;
  for (const auto& requirement : security) {
    for (const auto& scheme : requirement) {
      for (const auto& scope : scheme.second) scopes.insert(scope.as<std::string>());
    }
  }
  return scopes;
}

YAML::Node LoadOpenApi() {
  return YAML::LoadFile(std::string(MG_SOURCE_DIR) + "/docs/openapi.yaml");
}

// Every route marketgate serve registers: the application as it builds it
// with `admin_listen: public`, where one router holds them all, over a SQLite
// store in a temporary directory.
class ServedRoutes {
 public:
  ServedRoutes() {
    char dir[] = "/tmp/mg_openapi_test_XXXXXX";
    if (mkdtemp(dir) != nullptr) dir_ = dir;
  }
  ~ServedRoutes() {
    app_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  Result<const Router*> Build() {
    if (dir_.empty()) return Status(ErrorCode::kInternal, "no temporary directory");
    app::GatewayConfig config;
    config.source_file = dir_ + "/gateway.yaml";
    config.regions_dir = std::string(MG_SOURCE_DIR) + "/regions";
    config.store.path = dir_ + "/gateway.db";
    config.admin_listen = std::nullopt;
    MG_ASSIGN_OR_RETURN(app_, app::Application::Build(config));
    return &app_->public_router();
  }

 private:
  std::unique_ptr<app::Application> app_;
  std::string dir_;
};

class OpenApiRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<const Router*> built = served_.Build();
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    router_ = **built;  // a copy that a test may add to
    registered_ = RegisteredRoutes(router_);
    documented_ = DocumentedOperations(LoadOpenApi());
  }

  ServedRoutes served_;
  Router router_;
  std::map<RouteKey, const Route*> registered_;
  std::map<RouteKey, YAML::Node> documented_;
};

TEST_F(OpenApiRoutesTest, FindsRoutesOnBothSides) {
  EXPECT_GE(registered_.size(), 15u);
  EXPECT_GE(documented_.size(), 15u);
  for (const RouteKey& key :
       {RouteKey{"GET", "/v1/markets/{code}/catalog"}, RouteKey{"POST", "/v1/purchases"},
        RouteKey{"POST", "/admin/reload"}}) {
    EXPECT_TRUE(registered_.count(key)) << key.second;
    EXPECT_TRUE(documented_.count(key)) << key.second;
  }
}

TEST_F(OpenApiRoutesTest, EveryDocumentedRouteIsRegistered) {
  EXPECT_EQ(KeysMissingFrom(documented_, registered_), std::vector<std::string>{})
      << "documented in docs/openapi.yaml but not registered by the server";
}

TEST_F(OpenApiRoutesTest, EveryRegisteredRouteIsDocumented) {
  EXPECT_EQ(KeysMissingFrom(registered_, documented_), std::vector<std::string>{})
      << "registered by the server but not documented in docs/openapi.yaml";
}

TEST_F(OpenApiRoutesTest, DocumentedScopesAreTheRoutesScopes) {
  for (const auto& [key, route] : registered_) {
    auto operation = documented_.find(key);
    if (operation == documented_.end()) continue;  // reported above
    std::optional<std::set<std::string>> scopes = DocumentedScopes(operation->second);
    SCOPED_TRACE(key.first + " " + key.second);
    ASSERT_TRUE(scopes.has_value()) << "no `security` (use `security: []` for an open route)";
    // The scopes the pipeline admits (POST /v1/quotes admits either of two;
    // its handler then requires the one the body's kind needs). The router
    // is built with `admin_listen: public`, where /metrics needs the admin
    // key: its documentation names that alternative beside the open one.
    std::set<std::string> admitted;
    if (route->options.scope) admitted.insert(ScopeName(*route->options.scope));
    if (route->options.or_scope) admitted.insert(ScopeName(*route->options.or_scope));
    EXPECT_EQ(*scopes, admitted);
  }
}

// The comparison itself catches drift in either direction.
TEST_F(OpenApiRoutesTest, AnUndocumentedRouteIsReported) {
  ASSERT_TRUE(router_
                  .Add(Verb::post, "/v1/undocumented/{id}", {},
                       [](const Request&) -> Result<Response> { return Response{}; })
                  .ok());
  EXPECT_EQ(KeysMissingFrom(RegisteredRoutes(router_), documented_),
            std::vector<std::string>{"POST /v1/undocumented/{id}"});
}

TEST_F(OpenApiRoutesTest, ADocumentedRouteThatDoesNotExistIsReported) {
  YAML::Node document = LoadOpenApi();
  document["paths"]["/v1/markets/{code}"]["delete"]["summary"] = "not a route";
  EXPECT_EQ(KeysMissingFrom(DocumentedOperations(document), registered_),
            std::vector<std::string>{"DELETE /v1/markets/{code}"});
}

TEST(OpenApiSamplePathTest, ParametersBecomeOneSegmentEach) {
  EXPECT_EQ(SamplePath("/v1/markets"), "/v1/markets");
  EXPECT_EQ(SamplePath("/v1/markets/{code}/catalog"), "/v1/markets/openapi-sample/catalog");
  EXPECT_EQ(SamplePath("/a/{x}/{y}"), "/a/openapi-sample/openapi-sample");
}

}  // namespace
}  // namespace mg::http
