#include "request_body.h"

#include <algorithm>
#include <cstdint>

#include "compliance/request_parser.h"
#include "gateway/providers/payment_provider.h"
#include "sca_input.h"

namespace mg::api {
namespace {

// Adyen's redirectResult and threeDSResult are a few KiB at most.
constexpr std::size_t kMaxDetails = 16;
constexpr std::size_t kMaxDetailKey = 64;
constexpr std::size_t kMaxDetailValue = 16 * 1024;

constexpr std::string_view kPaymentMembers[] = {"method",  "token", "return_url",
                                                "browser", "ip",    "origin"};

}  // namespace

Result<const boost::json::object*> BodyObject(const boost::json::value& body) {
  const boost::json::object* object = body.if_object();
  if (object == nullptr) return InvalidArgument("the request body must be a JSON object");
  return object;
}

Result<std::optional<std::string>> OptionalString(const boost::json::object& object,
                                                  std::string_view key, std::string_view param) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) {
    return InvalidArgument(std::string(param) + " must be a string", std::string(param));
  }
  return std::optional<std::string>(std::string(value->get_string()));
}

Status OnlyMembers(const boost::json::object& object, std::initializer_list<std::string_view> known,
                   std::string_view prefix) {
  for (const auto& member : object) {
    if (std::find(known.begin(), known.end(), member.key()) == known.end()) {
      const std::string param = std::string(prefix) + std::string(member.key());
      return InvalidArgument("unknown parameter '" + param + "'", param);
    }
  }
  return Status::Ok();
}

Result<std::string> RequiredString(const boost::json::object& object, std::string_view key,
                                   std::string_view param) {
  MG_ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(object, key, param));
  if (!value || value->empty()) {
    return InvalidArgument("missing required parameter '" + std::string(param) + "'",
                           std::string(param));
  }
  return std::move(*value);
}

Result<std::optional<int64_t>> OptionalInt(const boost::json::object& object, std::string_view key,
                                           std::string_view param) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::optional<int64_t>();
  if (value->is_int64()) return std::optional<int64_t>(value->get_int64());
  if (value->is_uint64() && value->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return std::optional<int64_t>(static_cast<int64_t>(value->get_uint64()));
  }
  return InvalidArgument(std::string(param) + " must be an integer", std::string(param));
}

Result<const boost::json::object*> OptionalObject(const boost::json::object& object,
                                                  std::string_view key, std::string_view param) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return static_cast<const boost::json::object*>(nullptr);
  if (!value->is_object()) {
    return InvalidArgument(std::string(param) + " must be an object", std::string(param));
  }
  return &value->get_object();
}

Result<compliance::QuoteRequest> ParseQuotePart(
    const boost::json::value& body, std::initializer_list<std::string_view> route_members,
    compliance::RequestKind kind, bool exact) {
  // Read in place: a copy of the body without the route's members cost a
  // tenth of a quote's instructions (route_bench, callgrind).
  compliance::QuoteParseOptions options;
  options.route_members =
      std::span<const std::string_view>(route_members.begin(), route_members.size());
  options.kind = kind;
  options.exact_kind = exact;
  MG_ASSIGN_OR_RETURN(compliance::QuoteRequest request,
                      compliance::ParseQuoteRequest(body, options));
  if (request.customer.spend) {
    // Spend figures come from the store: a client cannot declare its way
    // past a spending limit or into the SCA low-value exemption.
    return InvalidArgument("the API reads spend from its records; customer.spend is not accepted",
                           "customer.spend");
  }
  return request;
}

Result<PaymentInput> ParsePayment(const boost::json::object& body) {
  const boost::json::value* value = body.if_contains("payment");
  if (value == nullptr || value->is_null()) {
    return InvalidArgument("missing required parameter 'payment'", "payment");
  }
  const boost::json::object* payment = value->if_object();
  if (payment == nullptr) return InvalidArgument("payment must be an object", "payment");
  for (const auto& member : *payment) {
    bool known = false;
    for (std::string_view name : kPaymentMembers) known = known || member.key() == name;
    if (!known) {
      return InvalidArgument("unknown parameter '" + std::string(member.key()) + "'",
                             "payment." + std::string(member.key()));
    }
  }
  PaymentInput input;
  MG_ASSIGN_OR_RETURN(std::optional<std::string> method,
                      OptionalString(*payment, "method", "payment.method"));
  MG_ASSIGN_OR_RETURN(std::optional<std::string> token,
                      OptionalString(*payment, "token", "payment.token"));
  MG_ASSIGN_OR_RETURN(std::optional<std::string> return_url,
                      OptionalString(*payment, "return_url", "payment.return_url"));
  input.method = method.value_or("");
  if (!token || token->empty()) {
    return InvalidArgument("missing required parameter 'payment.token'", "payment.token");
  }
  if (providers::LooksLikeCardNumber(*token)) {
    // Never echo it: the message must not carry a card number either.
    return InvalidArgument(
        "payment.token looks like a card number; send the provider's token (tok_...), never "
        "card data",
        "payment.token");
  }
  input.token = std::move(*token);
  input.return_url = return_url.value_or("");
  MG_RETURN_IF_ERROR(ParseShopperDevice(*payment, input.shopper));
  return input;
}

Status AgreePaymentMethod(compliance::QuoteRequest& request, PaymentInput& payment,
                          std::string_view default_method) {
  std::string& declared = request.customer.payment_method;
  if (payment.method.empty()) {
    payment.method = declared.empty() ? std::string(default_method) : declared;
  }
  if (!declared.empty() && declared != payment.method) {
    return InvalidArgument("customer.payment_method '" + declared +
                               "' differs from payment.method '" + payment.method + "'",
                           "payment.method");
  }
  declared = payment.method;
  return Status::Ok();
}

Status RenameMethodParam(const Status& status) {
  if (status.param() != "customer.payment_method") return status;
  return Status(status.code(), status.message(), "payment.method");
}

void NegotiateLocale(const regions::Market& market, std::string_view accept_language,
                     compliance::QuoteRequest& request) {
  if (!request.locale.empty() || accept_language.empty()) return;
  request.locale = market.negotiator().Negotiate(accept_language);
}

Result<std::map<std::string, std::string>> ParseReturnDetails(const boost::json::value& json) {
  std::map<std::string, std::string> out;
  if (json.is_null()) return out;  // no body: ask the provider as it is
  MG_ASSIGN_OR_RETURN(const boost::json::object* body, BodyObject(json));
  MG_RETURN_IF_ERROR(OnlyMembers(*body, {"details"}));
  MG_ASSIGN_OR_RETURN(const boost::json::object* details,
                      OptionalObject(*body, "details", "details"));
  if (details == nullptr) return out;
  if (details->size() > kMaxDetails) {
    return InvalidArgument("details has more than 16 members", "details");
  }
  for (const auto& [key, value] : *details) {
    const std::string param = "details." + std::string(key);
    if (key.empty() || key.size() > kMaxDetailKey) {
      return InvalidArgument("a details member name must have 1 to 64 characters", "details");
    }
    if (!value.is_string()) return InvalidArgument(param + " must be a string", param);
    if (value.get_string().size() > kMaxDetailValue) {
      return InvalidArgument(param + " is longer than 16384 characters", param);
    }
    out.emplace(std::string(key), std::string(value.get_string()));
  }
  return out;
}

}  // namespace mg::api
