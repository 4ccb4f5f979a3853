#include "wallet_routes.h"

#include <boost/json.hpp>
#include <charconv>
#include <string>

#include "api_errors.h"

namespace mg::api {
namespace {

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 100;

// A positive integer query parameter, or `fallback` when absent.
Result<int64_t> PositiveParam(const http::Request& request, std::string_view name, int64_t fallback,
                              int64_t max) {
  std::optional<std::string_view> text = request.QueryParam(name);
  if (!text) return fallback;
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 1 || value > max) {
    return InvalidArgument(std::string(name) + " must be an integer from 1 to " +
                               std::to_string(max) + ", not '" + std::string(*text) + "'",
                           std::string(name));
  }
  return value;
}

}  // namespace

Result<http::Response> HandleGetWallet(const RouteContext& context, const http::Request& request) {
  const std::string customer(request.PathParam("customer"));
  MG_ASSIGN_OR_RETURN(const int64_t limit,
                      PositiveParam(request, "limit", kDefaultLimit, kMaxLimit));
  std::optional<int64_t> before;
  if (request.QueryParam("before")) {
    MG_ASSIGN_OR_RETURN(before,
                        PositiveParam(request, "before", 0, std::numeric_limits<int64_t>::max()));
  }
  MG_ASSIGN_OR_RETURN(
      store::WalletPage page,
      context.store().GetWallet(OwnerOf(request), customer, before, static_cast<int>(limit)));
  boost::json::array history;
  for (const store::WalletMovement& movement : page.history) {
    history.push_back(boost::json::object{{"journal", movement.journal_id},
                                          {"type", store::Name(movement.kind)},
                                          {"reference", movement.reference},
                                          {"coins", movement.coins},
                                          {"created", movement.at_ms / 1000}});
  }
  boost::json::object body{{"object", "wallet"},
                           {"customer", customer},
                           {"balance", page.balance},
                           {"history", std::move(history)},
                           {"has_more", page.next_before_seq.has_value()}};
  body["next_page"] = page.next_before_seq
                          ? boost::json::value(std::to_string(*page.next_before_seq))
                          : boost::json::value(nullptr);
  body["request_id"] = request.request_id;
  return http::JsonResponse(body);
}

}  // namespace mg::api
