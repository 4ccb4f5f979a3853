#include "gateway/http/request.h"

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>

#include "gateway/http/response.h"

namespace mg::http {

std::string_view Request::Header(beast_http::field name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string_view() : std::string_view(it->value());
}

std::string_view Request::Header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string_view() : std::string_view(it->value());
}

std::optional<std::string_view> Request::QueryParam(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view Request::PathParam(std::string_view name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view Response::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (boost::beast::iequals(key, name)) return value;
  }
  return {};
}

Response JsonResponse(const boost::json::value& body, boost::beast::http::status status) {
  Response response;
  response.status = status;
  response.body = boost::json::serialize(body);
  return response;
}

Response TextResponse(std::string body, std::string content_type,
                      boost::beast::http::status status) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace mg::http
