#include "gateway/http/router.h"

#include <boost/url/parse_path.hpp>
#include <boost/url/segments_view.hpp>
#include <set>

#include "plain_path.h"

namespace mg::http {
namespace {

bool IsParamName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

// Decoded segments of an encoded path; false when it is not a valid path.
// Every route has a handful of segments, each short enough for std::string's
// own buffer: decoding a path allocates nothing.
bool DecodeSegments(std::string_view path, Router::Segments& segments) {
  if (IsPlainPath(path)) {
    // As parse_path's segments: "/" has none, "/a/" has "a" and "".
    std::string_view rest = path.substr(1);
    if (rest.empty()) return true;
    for (size_t slash = rest.find('/'); slash != std::string_view::npos; slash = rest.find('/')) {
      segments.emplace_back(rest.substr(0, slash));
      rest.remove_prefix(slash + 1);
    }
    segments.emplace_back(rest);
    return true;
  }
  if (path.empty() || path.front() != '/') return false;
  auto parsed = boost::urls::parse_path(path);
  if (!parsed) return false;
  for (const std::string& segment : boost::urls::segments_view(*parsed)) {
    segments.push_back(segment);
  }
  return true;
}

}  // namespace

Router::Router(const Router& other) : entries_(other.entries_) {
  for (const PathEntry& entry : entries_) Index(entry);
}

Router& Router::operator=(const Router& other) {
  if (this == &other) return *this;
  entries_ = other.entries_;
  by_length_.clear();
  for (const PathEntry& entry : entries_) Index(entry);
  return *this;
}

void Router::Index(const PathEntry& entry) {
  if (by_length_.size() <= entry.segments.size()) by_length_.resize(entry.segments.size() + 1);
  by_length_[entry.segments.size()].push_back(&entry);
}

Result<std::vector<Router::Segment>> Router::ParseTemplate(std::string_view path_template) {
  if (path_template.empty() || path_template.front() != '/') {
    return InvalidArgument("route template must start with '/': " + std::string(path_template));
  }
  std::vector<Segment> segments;
  std::set<std::string, std::less<>> names;
  std::string_view rest = path_template.substr(1);
  if (rest.empty()) return segments;  // "/"
  while (true) {
    size_t slash = rest.find('/');
    std::string_view text = rest.substr(0, slash);
    if (text.empty()) {
      return InvalidArgument("empty segment in route template " + std::string(path_template));
    }
    Segment segment;
    if (text.front() == '{') {
      std::string_view name = text.substr(1);
      if (name.empty() || name.back() != '}' || !IsParamName(name.substr(0, name.size() - 1))) {
        return InvalidArgument("malformed parameter '" + std::string(text) + "' in " +
                               std::string(path_template));
      }
      segment.text = name.substr(0, name.size() - 1);
      segment.is_param = true;
      if (!names.insert(segment.text).second) {
        return InvalidArgument("repeated parameter '" + segment.text + "' in " +
                               std::string(path_template));
      }
    } else if (text.find_first_of("{}") != std::string_view::npos) {
      return InvalidArgument("a parameter must be a whole segment: " + std::string(path_template));
    } else {
      segment.text = text;
    }
    segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return segments;
}

Status Router::Add(Verb method, std::string_view path_template, RouteOptions options,
                   Handler handler) {
  if (!handler) return InvalidArgument("null handler for " + std::string(path_template));
  MG_ASSIGN_OR_RETURN(std::vector<Segment> segments, ParseTemplate(path_template));
  PathEntry* entry = nullptr;
  for (PathEntry& existing : entries_) {
    if (existing.path_template == path_template) entry = &existing;
  }
  if (entry == nullptr) {
    entry = &entries_.emplace_back();
    entry->path_template = std::string(path_template);
    entry->segments = std::move(segments);
    Index(*entry);
  }
  Route route{method, std::string(path_template), std::move(options), std::move(handler)};
  if (!entry->routes.emplace(method, std::move(route)).second) {
    return InvalidArgument(
        "route registered twice: " + std::string(boost::beast::http::to_string(method)) + " " +
        std::string(path_template));
  }
  return Status::Ok();
}

bool Router::Matches(const PathEntry& entry, const Segments& segments) {
  if (entry.segments.size() != segments.size()) return false;
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& expected = entry.segments[i];
    if (expected.is_param ? segments[i].empty() : expected.text != segments[i]) return false;
  }
  return true;
}

bool Router::MoreSpecific(const PathEntry& a, const PathEntry& b) {
  for (size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
    if (a.segments[i].is_param != b.segments[i].is_param) return !a.segments[i].is_param;
  }
  return false;
}

Router::Match Router::Find(Verb method, std::string_view path) const {
  Match match;
  Segments segments;
  if (!DecodeSegments(path, segments)) return match;
  if (segments.size() >= by_length_.size()) return match;
  const PathEntry* best = nullptr;
  for (const PathEntry* entry : by_length_[segments.size()]) {
    if (Matches(*entry, segments) && (best == nullptr || MoreSpecific(*entry, *best))) {
      best = entry;
    }
  }
  if (best == nullptr) return match;
  match.path_template = best->path_template;
  auto it = best->routes.find(method);
  if (it == best->routes.end()) {
    match.kind = Match::Kind::kMethodNotAllowed;
    for (const auto& [allowed, route] : best->routes) {
      if (!match.allow.empty()) match.allow += ", ";
      match.allow += boost::beast::http::to_string(allowed);
    }
    return match;
  }
  match.kind = Match::Kind::kFound;
  match.route = &it->second;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (best->segments[i].is_param) match.path_params[best->segments[i].text] = segments[i];
  }
  return match;
}

std::vector<std::string> Router::Templates() const {
  std::vector<std::string> templates;
  for (const PathEntry& entry : entries_) templates.push_back(entry.path_template);
  return templates;
}

}  // namespace mg::http
