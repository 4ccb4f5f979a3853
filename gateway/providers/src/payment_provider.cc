#include "gateway/providers/payment_provider.h"

#include <array>
#include <cctype>
#include <span>
#include <string>

#include "base/idempotency_key.h"

namespace mg::providers {

const char* OperationName(Operation op) {
  switch (op) {
    case Operation::kAuthorize:
      return "authorize";
    case Operation::kCapture:
      return "capture";
    case Operation::kVoid:
      return "void";
    case Operation::kRefund:
      return "refund";
    case Operation::kStatus:
      return "status";
    case Operation::kCompleteAction:
      return "complete_action";
  }
  return "unknown";
}

const char* ScaAskName(ScaAsk ask) {
  switch (ask) {
    case ScaAsk::kNone:
      return "none";
    case ScaAsk::kAuthenticate:
      return "authenticate";
    case ScaAsk::kLowValueExemption:
      return "low_value_exemption";
  }
  return "none";
}

const char* AuthenticationName(Authentication a) {
  switch (a) {
    case Authentication::kNone:
      return "none";
    case Authentication::kAuthenticated:
      return "authenticated";
    case Authentication::kExempted:
      return "exempted";
    case Authentication::kFailed:
      return "failed";
  }
  return "none";
}

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kApproved:
      return "approved";
    case Outcome::kDeclined:
      return "declined";
    case Outcome::kRequiresAction:
      return "requires_action";
    case Outcome::kPending:
      return "pending";
    case Outcome::kRetryableError:
      return "retryable_error";
    case Outcome::kFatalError:
      return "fatal_error";
    case Outcome::kNotFound:
      return "not_found";
  }
  return "unknown";
}

const char* DeclineReasonName(DeclineReason reason) {
  switch (reason) {
    case DeclineReason::kNone:
      return "none";
    case DeclineReason::kInsufficientFunds:
      return "insufficient_funds";
    case DeclineReason::kCardDeclined:
      return "card_declined";
    case DeclineReason::kExpiredCard:
      return "expired_card";
    case DeclineReason::kIncorrectCvc:
      return "incorrect_cvc";
    case DeclineReason::kFraudSuspected:
      return "fraud_suspected";
    case DeclineReason::kDoNotHonor:
      return "do_not_honor";
    case DeclineReason::kAuthenticationFailed:
      return "authentication_failed";
    case DeclineReason::kAuthenticationRequired:
      return "authentication_required";
    case DeclineReason::kOther:
      return "other";
  }
  return "other";
}

std::string DeriveIdempotencyKey(std::string_view purchase_id, int attempt, Operation op) {
  return mg::DeriveIdempotencyKey(purchase_id, attempt, OperationName(op));
}

namespace {

bool LuhnValid(const std::string& digits) {
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

// A whole run of digits is a card number when it has a PAN's length, starts
// like the major brands' IIN ranges (2-6) and passes Luhn. Whole runs only:
// provider references such as Adyen's 16-digit ids start with 8 or 9.
bool RunIsCardNumber(const std::string& digits) {
  return digits.size() >= 12 && digits.size() <= 19 && digits[0] >= '2' && digits[0] <= '6' &&
         LuhnValid(digits);
}

}  // namespace

bool LooksLikeCardNumber(std::string_view token) {
  std::string run;
  auto flush = [&run]() {
    bool found = RunIsCardNumber(run);
    run.clear();
    return found;
  };
  for (std::size_t i = 0; i < token.size(); ++i) {
    char c = token[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      run += c;
    } else if ((c == ' ' || c == '-') && !run.empty() && i + 1 < token.size() &&
               std::isdigit(static_cast<unsigned char>(token[i + 1]))) {
      continue;  // "4242 4242 ..." and "4242-4242-..." are still one number
    } else if (flush()) {
      return true;
    }
  }
  return flush();
}

mg::Status ValidateIdempotencyKey(std::string_view key) {
  if (key.empty()) return InvalidArgument("idempotency key is required", "idempotency_key");
  if (key.size() > 64) return InvalidArgument("idempotency key over 64 chars", "idempotency_key");
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return InvalidArgument("idempotency key must be [A-Za-z0-9_-]", "idempotency_key");
    }
  }
  return mg::Status::Ok();
}

mg::Status ValidateAuthorizeRequest(const AuthorizeRequest& request) {
  if (request.purchase_id.empty()) return InvalidArgument("purchase id is required", "purchase_id");
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  if (request.amount.minor_units() <= 0)
    return InvalidArgument("amount must be positive", "amount");
  if (request.payment_method.empty()) {
    return InvalidArgument("payment method is required", "payment_method");
  }
  // Card numbers never enter marketgate: only provider tokens do.
  if (LooksLikeCardNumber(request.payment_token)) {
    return InvalidArgument("payment token looks like a card number; send a token", "payment_token");
  }
  if (LooksLikeCardNumber(request.description)) {
    return InvalidArgument("description contains a card number", "description");
  }
  for (const auto& [key, value] : request.metadata) {
    if (LooksLikeCardNumber(value)) {
      return InvalidArgument("metadata contains a card number", "metadata." + key);
    }
  }
  return mg::Status::Ok();
}

Result<std::vector<ListedCharge>> PaymentProvider::ListCharges(const ChargeListRequest&) const {
  return Status(ErrorCode::kFailedPrecondition,
                "provider '" + std::string(id()) + "' offers no list of its payments");
}

const char* ListedStateName(ListedCharge::State state) {
  switch (state) {
    case ListedCharge::State::kPending:
      return "pending";
    case ListedCharge::State::kAuthorized:
      return "authorized";
    case ListedCharge::State::kCaptured:
      return "captured";
    case ListedCharge::State::kVoided:
      return "voided";
    case ListedCharge::State::kFailed:
      return "failed";
  }
  return "pending";
}

const char* ListedStateName(ListedRefund::State state) {
  switch (state) {
    case ListedRefund::State::kPending:
      return "pending";
    case ListedRefund::State::kSucceeded:
      return "succeeded";
    case ListedRefund::State::kFailed:
      return "failed";
  }
  return "pending";
}

Result<PaymentResult> PaymentProvider::CompleteAction(const CompleteActionRequest&) const {
  return Status(ErrorCode::kFailedPrecondition,
                "provider " + std::string(id()) + " has no payment that waits for the shopper");
}

Result<PaymentResult> PaymentProvider::GetRefundStatus(const RefundStatusRequest& request) const {
  PaymentResult r;
  r.provider = std::string(id());
  r.provider_reference = request.refund_reference;
  r.outcome = Outcome::kPending;
  r.ambiguous = true;
  r.message = "no refund lookup: the outcome arrives by webhook";
  return r;
}

}  // namespace mg::providers
