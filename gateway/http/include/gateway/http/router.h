// Router: method + path template -> handler.
//
// Adding a route is one call at startup:
//
//   router.Add(Verb::post, "/v1/purchases/{id}/refunds",
//              {.scope = Scope::kPurchases, .json_body = true},
//              [&deps](const Request& request) -> Result<Response> {
//                MG_ASSIGN_OR_RETURN(Refund refund, deps.refunds.Create(
//                    request.PathParam("id"), request.json));
//                return JsonResponse(RefundJson(refund), status::created);
//              });
//
// The RequestPipeline then does everything around the handler: the request
// id, 404/405, authentication (401) and the scope check (403), parsing the
// JSON body (400 invalid_json), mapping a returned non-OK Status through the
// error table (error_mapping.h) and metrics labelled by the template.
//
// Templates are absolute paths whose segments are literals or whole-segment
// parameters ("{code}"). When several templates match a path, the one with a
// literal at the first differing segment wins ("/v1/purchases/search" before
// "/v1/purchases/{id}"). A path that matches a template but not its method is
// answered 405 with an Allow header.
//
// Not thread-safe while routes are added; immutable and thread-safe once the
// server runs.
#pragma once

#include <boost/container/small_vector.hpp>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "gateway/http/auth.h"
#include "gateway/http/request.h"
#include "gateway/http/response.h"

namespace mg::http {

// RouteOptions::may_block for routes that always or never wait.
constexpr bool AlwaysMayBlock(const Request&) { return true; }
constexpr bool NeverBlocks(const Request&) { return false; }

struct RouteOptions {
  // The API-key scope the route requires; nullopt: an open route, no key
  // needed (health checks, metrics).
  std::optional<Scope> scope = std::nullopt;
  // A second scope that also admits a key here (the handler then requires
  // the one its request needs: a quote for an ad booking needs `ads`).
  // Authentication and the rate limit still run before the handler.
  std::optional<Scope> or_scope = std::nullopt;
  // Parse the body as JSON before the handler runs (Request::json); a
  // malformed body is answered 400 invalid_json with the parser's message.
  bool json_body = false;
  // Whether this request may wait (on the store, a provider, a registry, a
  // lock held across I/O). A request that may is handed to the worker pool;
  // one that cannot is answered on the I/O thread that read it, without a
  // thread hand-off. Asked after the JSON body is parsed. The default
  // assumes the worst.
  bool (*may_block)(const Request&) = &AlwaysMayBlock;
};

// Returns the response, or a non-OK Status that the error table maps.
using Handler = std::function<Result<Response>(const Request&)>;

struct Route {
  Verb method = Verb::get;
  std::string path_template;
  RouteOptions options;
  Handler handler;
};

class Router {
 public:
  Router() = default;
  // The index points into the entries: a copy builds its own.
  Router(const Router& other);
  Router& operator=(const Router& other);
  Router(Router&&) = default;
  Router& operator=(Router&&) = default;

  struct Match {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed };
    Kind kind = Kind::kNotFound;
    const Route* route = nullptr;                                 // kFound
    std::map<std::string, std::string, std::less<>> path_params;  // kFound, decoded
    // kFound and kMethodNotAllowed; points into the router.
    std::string_view path_template;
    std::string allow;  // kMethodNotAllowed: "GET, POST"
  };

  // Errors (kInvalidArgument): a template that is not absolute, an empty
  // segment, a malformed or repeated parameter, the same method and template
  // twice, a null handler.
  Status Add(Verb method, std::string_view path_template, RouteOptions options, Handler handler);

  // `path` is percent-encoded as received, without the query.
  Match Find(Verb method, std::string_view path) const;

  // A request path's decoded segments.
  using Segments = boost::container::small_vector<std::string, 8>;

  // Every registered template, for documentation and tests.
  std::vector<std::string> Templates() const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool is_param = false;
  };
  struct PathEntry {
    std::string path_template;
    std::vector<Segment> segments;
    std::map<Verb, Route> routes;
  };

  static Result<std::vector<Segment>> ParseTemplate(std::string_view path_template);
  static bool Matches(const PathEntry& entry, const Segments& segments);
  static bool MoreSpecific(const PathEntry& a, const PathEntry& b);
  void Index(const PathEntry& entry);

  // A deque: Match::path_template points into its entries, which adding
  // more must not move.
  std::deque<PathEntry> entries_;
  // entries_ by segment count: a path is only tried against templates of
  // its length (callgrind of route_bench: ~950 instructions a catalog
  // request went to comparing the other templates).
  std::vector<std::vector<const PathEntry*>> by_length_;
};

}  // namespace mg::http
