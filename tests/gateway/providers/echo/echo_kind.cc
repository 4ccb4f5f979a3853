#include "echo_kind.h"

#include <boost/json/parse.hpp>

#include "base/crypto.h"

namespace mg::providers::testing {
namespace {

class EchoProvider final : public PaymentProvider {
 public:
  explicit EchoProvider(std::string id) : id_(std::move(id)) {}

  std::string_view id() const override { return id_; }

  Result<PaymentResult> Authorize(const AuthorizeRequest& request) const override {
    return Answer(Outcome::kPending, "echo_" + request.purchase_id);
  }
  Result<PaymentResult> Capture(const CaptureRequest& request) const override {
    return Answer(Outcome::kApproved, request.provider_reference);
  }
  Result<PaymentResult> Void(const VoidRequest& request) const override {
    return Answer(Outcome::kApproved, request.provider_reference);
  }
  Result<PaymentResult> Refund(const RefundRequest& request) const override {
    return Answer(Outcome::kApproved, request.provider_reference + "_refund");
  }
  Result<PaymentResult> GetStatus(const StatusRequest& request) const override {
    return Answer(Outcome::kPending, "echo_" + request.purchase_id);
  }

 private:
  PaymentResult Answer(Outcome outcome, std::string reference) const {
    PaymentResult result;
    result.outcome = outcome;
    result.provider = id_;
    result.provider_reference = std::move(reference);
    return result;
  }

  std::string id_;
};

Result<std::unique_ptr<PaymentProvider>> MakeEchoProvider(const ProviderConfig& config) {
  return std::unique_ptr<PaymentProvider>(std::make_unique<EchoProvider>(config.id));
}

Result<std::vector<WebhookEvent>> VerifyEchoWebhook(const WebhookCall& call, const Secret& secret) {
  if (!ConstantTimeEquals(call.signature, EchoSignature(std::string(call.body), secret))) {
    return Status(ErrorCode::kUnauthenticated, "bad X-Echo-Signature", "X-Echo-Signature");
  }
  boost::system::error_code error;
  boost::json::value json = boost::json::parse(call.body, error);
  const boost::json::object* object = error ? nullptr : json.if_object();
  if (object == nullptr || !object->contains("id") || !object->contains("type") ||
      !object->contains("reference")) {
    return InvalidArgument("an echo event is {\"id\", \"type\", \"reference\"}");
  }
  WebhookEvent event;
  event.provider = "echo";
  event.event_id = std::string(object->at("id").as_string());
  event.event_type = std::string(object->at("type").as_string());
  event.provider_reference = std::string(object->at("reference").as_string());
  event.outcome = event.event_type == "echo.paid"     ? Outcome::kApproved
                  : event.event_type == "echo.failed" ? Outcome::kDeclined
                                                      : Outcome::kPending;
  return std::vector<WebhookEvent>{std::move(event)};
}

}  // namespace

std::string EchoSignature(const std::string& body, const Secret& secret) {
  return HexEncode(HmacSha256(secret.reveal(), body));
}

ProviderKind EchoKind() {
  ProviderKind kind;
  kind.name = "echo";
  kind.factory = &MakeEchoProvider;
  kind.settings = {"greeting"};
  kind.secrets = {"webhook_secret"};
  kind.verify_webhook = &VerifyEchoWebhook;
  kind.webhook_secret = "webhook_secret";
  kind.signature_header = "X-Echo-Signature";
  kind.payment_events = {"echo.paid", "echo.failed"};
  return kind;
}

}  // namespace mg::providers::testing
