#include "gateway/http/pipeline.h"

#include <array>
#include <atomic>
#include <boost/url/parse.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <string>

#include "base/log.h"
#include "gateway/http/error_mapping.h"
#include "gateway/http/json.h"
#include "gateway/http/request_id.h"
#include "plain_path.h"

namespace mg::http {
namespace {

using boost::beast::http::field;
using boost::beast::http::status;

bool IsJsonContentType(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return boost::beast::iequals(media, "application/json");
}

void ParseQuery(const boost::urls::url_view& url, Request& request) {
  for (const auto& param : url.params()) {
    request.query.emplace_back(param.key, param.has_value ? param.value : std::string());
  }
}

// `whose`: "for this API key", "from this address".
Response RateLimitedResponse(std::string_view whose, int64_t retry_after_seconds) {
  Response response = ErrorResponse(
      Status(ErrorCode::kRateLimited, "too many requests " + std::string(whose) + "; retry after " +
                                          std::to_string(retry_after_seconds) + " s"));
  // Replaces the table's default Retry-After of 1 s.
  std::erase_if(response.headers, [](const auto& header) {
    return boost::beast::iequals(header.first, "Retry-After");
  });
  return response.WithHeader("Retry-After", std::to_string(retry_after_seconds));
}

uint64_t NextHttpMetricsId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

// The metric children one thread recorded a request into lately, by route,
// method and status. Finding them in the families (hashing three labels
// under a shared lock, twice) cost ~950 instructions a request (callgrind
// of bench/ceiling_server); this ~100. Children are never removed from a
// family, so the pointers stay valid while their registry lives, and an
// entry is only used by the HttpMetrics (id) that filled it.
struct RecordedChildren {
  uint64_t metrics_id = 0;
  Verb method = Verb::unknown;
  unsigned status = 0;
  std::string route;
  Counter* requests = nullptr;
  Histogram* duration = nullptr;
};

RecordedChildren& RecordedSlot(std::string_view route, Verb method, unsigned status) {
  thread_local std::array<RecordedChildren, 64> recorded;
  // Route labels are views into the router (or kUnmatchedRoute): their
  // address tells routes apart cheaply; the entry still compares the text.
  size_t hash = reinterpret_cast<uintptr_t>(route.data()) >> 3;
  hash = (hash * 31 + status) * 31 + static_cast<size_t>(method);
  return recorded[hash % recorded.size()];
}

}  // namespace

HttpMetrics::HttpMetrics(MetricsRegistry& registry)
    : requests(registry.AddCounter("http_requests_total",
                                   "HTTP requests answered, by route template, method and status.",
                                   {"route", "method", "status"})),
      duration(registry.AddHistogram("http_request_duration_seconds",
                                     "Time from a parsed request to its response, by route.",
                                     {"route"})),
      id(NextHttpMetricsId()) {}

RequestPipeline::RequestPipeline(const Router& router, const ApiKeyAuthenticator& keys,
                                 HttpMetrics& metrics, PipelineLimiters limiters)
    : router_(router), keys_(keys), metrics_(metrics), limiters_(limiters) {}

RawResponse RequestPipeline::Handle(
    RawRequest raw, std::string_view client_address,
    std::shared_ptr<const ClientCertificate> client_certificate) const {
  Admission admission = Screen(raw, client_address, std::move(client_certificate));
  return Complete(std::move(admission), std::move(raw));
}

Admission RequestPipeline::Screen(const RawRequest& header, std::string_view client_address,
                                  std::shared_ptr<const ClientCertificate> client_certificate,
                                  AuthMemo* auth_memo) const {
  Admission admission;
  admission.request.client_certificate = std::move(client_certificate);
  admission.start = std::chrono::steady_clock::now();
  admission.request.method = header.method();
  admission.request.request_id = RequestIdFor(header[kRequestIdHeader]);
  admission.request.client_address = std::string(client_address);
  admission.keep_alive = header.keep_alive();
  admission.version = header.version();
  admission.method_name = std::string(header.method_string());
  admission.refusal = Admit(header, client_address, auth_memo, admission);
  return admission;
}

std::optional<Response> RequestPipeline::Admit(const RawRequest& header,
                                               std::string_view client_address, AuthMemo* auth_memo,
                                               Admission& admission) const {
  Request& request = admission.request;
  const std::string_view target = header.target();
  std::optional<boost::urls::url_view> url;
  if (IsPlainPath(target)) {
    request.path = std::string(target);
  } else if (auto parsed = boost::urls::parse_origin_form(target)) {
    url = *parsed;
    request.path = std::string(url->encoded_path());
  } else {
    request.path = "-";
    return ProtocolError(status::bad_request, "bad_request", "malformed request target");
  }
  Router::Match match = router_.Find(request.method, request.path);
  if (match.kind == Router::Match::Kind::kNotFound) {
    return ProtocolError(status::not_found, "route_not_found",
                         "no route for " + admission.method_name + " " + request.path);
  }
  admission.route_label = match.path_template;
  if (match.kind == Router::Match::Kind::kMethodNotAllowed) {
    return ProtocolError(status::method_not_allowed, "method_not_allowed",
                         admission.method_name + " is not allowed on " +
                             std::string(match.path_template) + "; allowed: " + match.allow)
        .WithHeader("Allow", match.allow);
  }
  const Route& route = *match.route;
  admission.route = &route;
  request.route = route.path_template;
  request.path_params = std::move(match.path_params);
  if (url) ParseQuery(*url, request);

  // What presents no valid key is limited by where it comes from.
  auto limit_address = [&]() -> std::optional<Response> {
    if (limiters_.per_address == nullptr || client_address.empty()) return std::nullopt;
    RateLimiter::Decision decision = limiters_.per_address->Admit(client_address);
    if (decision.allowed) return std::nullopt;
    return RateLimitedResponse("from this address", decision.retry_after_seconds);
  };
  if (!route.options.scope) return limit_address();
  Result<const ApiKey*> key = keys_.Authenticate(header[field::authorization], auth_memo);
  if (!key.ok()) {
    if (auto limited = limit_address()) return limited;
    return ErrorResponse(key.status());
  }
  request.api_key = *key;
  const bool either = route.options.or_scope && (*key)->scopes.Has(*route.options.or_scope);
  Status allowed =
      either ? Status::Ok() : ApiKeyAuthenticator::RequireScope(**key, *route.options.scope);
  if (!allowed.ok()) return ErrorResponse(allowed);
  if (limiters_.per_key != nullptr) {
    RateLimiter::Decision decision = limiters_.per_key->Admit((*key)->name);
    if (!decision.allowed) {
      return RateLimitedResponse("for this API key", decision.retry_after_seconds);
    }
  }
  return std::nullopt;
}

RawResponse RequestPipeline::Complete(Admission admission, RawRequest raw) const {
  Prepare(admission, raw);
  return Respond(admission);
}

void RequestPipeline::Prepare(Admission& admission, RawRequest& raw) const {
  if (admission.refused()) return;
  admission.refusal = ParseBody(*admission.route, raw, admission.request);
}

bool RequestPipeline::MayBlock(const Admission& admission) const {
  return !admission.refused() && admission.route->options.may_block(admission.request);
}

RawResponse RequestPipeline::Respond(Admission& admission) const {
  Request& request = admission.request;
  Response response =
      admission.refused() ? std::move(*admission.refusal) : Run(*admission.route, request);
  RawResponse out =
      Finish(std::move(response), request.request_id, admission.version, admission.keep_alive);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - admission.start).count();
  Record(admission.route_label, request.method, out, seconds);
  if (LogEnabled(LogLevel::kInfo)) {
    std::string line = "request_id=" + request.request_id + " method=" + admission.method_name +
                       " path=" + request.path + " route=" + std::string(admission.route_label) +
                       " status=" + std::to_string(out.result_int()) +
                       " ms=" + std::to_string(seconds * 1000);
    if (request.api_key != nullptr) line += " key=" + request.api_key->name;
    if (request.client_certificate) {
      line += " client_cert=" + request.client_certificate->common_name;
    }
    if (!request.client_address.empty()) line += " client=" + request.client_address;
    Log(LogLevel::kInfo, line);
  }
  return out;
}

std::optional<Response> RequestPipeline::ParseBody(const Route& route, RawRequest& raw,
                                                   Request& request) {
  request.body = std::move(raw.body());
  if (route.options.json_body) {
    std::string_view content_type = raw[field::content_type];
    if (!content_type.empty() && !IsJsonContentType(content_type)) {
      return ProtocolError(status::unsupported_media_type, "unsupported_media_type",
                           "the body must be application/json");
    }
    Result<boost::json::value> json = ParseJson(request.body);
    if (!json.ok()) {
      return ProtocolError(status::bad_request, "invalid_json", json.status().message());
    }
    request.json = std::move(json).value();
  }
  request.headers = std::move(static_cast<beast_http::fields&>(raw));
  return std::nullopt;
}

Response RequestPipeline::Run(const Route& route, const Request& request) {
  try {
    Result<Response> result = route.handler(request);
    if (!result.ok()) return ErrorResponse(result.status());
    return std::move(result).value();
  } catch (const std::exception& e) {
    // Exceptions never cross the request path by design; reaching here is a bug.
    return ErrorResponse(
        Status(ErrorCode::kInternal, std::string("uncaught exception: ") + e.what()));
  } catch (...) {
    return ErrorResponse(Status(ErrorCode::kInternal, "uncaught non-standard exception"));
  }
}

RawResponse RequestPipeline::Finish(Response response, const std::string& request_id,
                                    unsigned version, bool keep_alive) const {
  RawResponse out{response.status, version};
  // insert, not set: the message is new, so there is nothing to replace. No
  // Server header: it would tell a scanner what to try, and costs a field.
  // X-Request-Id has no field code; naming it unknown skips Beast's lookup.
  out.insert(field::unknown, kRequestIdHeader, request_id);
  out.insert(field::cache_control, "no-store");
  if (response.error) {
    if (!response.error->log_message.empty()) {
      Log(LogLevel::kError, "request_id=" + request_id + " " + response.error->log_message);
    }
    response.body = RenderErrorBody(*response.error, request_id);
    response.content_type = kJsonContentType;
  }
  out.insert(field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) {
    // A response may set several cookies, one header each (RFC 6265 s.3).
    if (boost::beast::iequals(name, "Set-Cookie")) {
      out.insert(name, value);
    } else {
      out.set(name, value);
    }
  }
  out.body() = std::move(response.body);
  // HTTP/1.1 is persistent unless a Connection header says otherwise, and a
  // new message has none (no handler sets one): keep_alive(true) would only
  // look for it.
  if (!keep_alive || version != 11) out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

RawResponse RequestPipeline::Reject(status http_status, std::string code, std::string message,
                                    unsigned http_version) const {
  const std::string request_id = NewRequestId();
  RawResponse out = Finish(ProtocolError(http_status, std::move(code), std::move(message)),
                           request_id, http_version, /*keep_alive=*/false);
  Record(kUnmatchedRoute, Verb::unknown, out, 0);
  Log(LogLevel::kInfo,
      "request_id=" + request_id + " rejected status=" + std::to_string(out.result_int()));
  return out;
}

void RequestPipeline::Record(std::string_view route, Verb method, const RawResponse& response,
                             double seconds) const {
  const unsigned status = response.result_int();
  RecordedChildren& slot = RecordedSlot(route, method, status);
  if (slot.metrics_id != metrics_.id || slot.method != method || slot.status != status ||
      slot.route != route) {
    std::string_view method_name = "unknown";
    if (method != Verb::unknown) method_name = boost::beast::http::to_string(method);
    slot.metrics_id = metrics_.id;
    slot.method = method;
    slot.status = status;
    slot.route = std::string(route);
    slot.requests = &metrics_.requests.WithLabels({route, method_name, std::to_string(status)});
    slot.duration = &metrics_.duration.WithLabels({route});
  }
  slot.requests->Increment();
  slot.duration->Observe(seconds);
}

}  // namespace mg::http
