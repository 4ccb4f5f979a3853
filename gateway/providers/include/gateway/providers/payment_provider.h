// PaymentProvider: the one interface every payment adapter (Stripe, Adyen,
// Pix, invoice, the in-process sandbox) implements, and the normalized
// request and result types the purchase code speaks.
//
// Contract for every adapter:
//  * It is built once from validated config (ProviderRegistry::Build) and
//    never changes afterwards. All calls are const and keep no per-call state,
//    so one instance serves every request thread concurrently.
//  * Amounts arrive as Money in ISO minor units. Conversion to the provider's
//    own unit (Stripe's zero-decimal list, Adyen's currency decimals, Pix's
//    "12.34" strings) happens only inside that adapter's transformers.
//  * Tokens only: a request whose payment token looks like a card number (a
//    Luhn-valid run of 12-19 digits starting with 2-6) is refused before anything is sent
//    (ValidateAuthorizeRequest), with kInvalidArgument.
//  * The returned Status is non-OK only when the *caller* erred (invalid
//    request, currency the adapter cannot express). Every answer from, or
//    failure to reach, the provider is a PaymentResult with an Outcome.
//  * Unknown provider statuses map to kPending, never to kApproved or
//    kDeclined: only an explicit provider answer decides.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "currency/money.h"
#include "gateway/providers/payout.h"

namespace mg::providers {

// The calls of the interface that move money or ask about it; part of the
// idempotency key derivation.
enum class Operation { kAuthorize, kCapture, kVoid, kRefund, kStatus, kCompleteAction };
const char* OperationName(Operation op);  // "authorize", ..., "complete_action"

// The idempotency key for one provider call (base/idempotency_key.h) from
// (purchase id, attempt number, operation). REQUIRES: !purchase_id.empty(),
// attempt >= 0.
std::string DeriveIdempotencyKey(std::string_view purchase_id, int attempt, Operation op);

// True when `token` contains a run of 12-19 digits (spaces and dashes between
// digits ignored) that starts with 2-6 (the major brands' IIN ranges) and
// passes Luhn: what a primary account number looks like.
bool LooksLikeCardNumber(std::string_view token);

// Optional payer details; only methods that need them read them (Pix CPF,
// Konbini/OXXO name and email). Never a card number.
struct Payer {
  std::string reference{};  // our stable customer id (Adyen shopperReference)
  std::string name{};
  std::string email{};
  std::string phone{};
  std::string tax_id{};   // CPF/CNPJ for Pix, digits only
  std::string country{};  // ISO 3166-1 alpha-2
};

// The shopper's browser, for 3-D Secure 2's browser flow (Adyen's
// `browserInfo`); empty fields are not sent. The app passes what its web
// view reports.
struct BrowserInfo {
  std::string user_agent{};
  std::string accept_header{};
  std::string language{};  // BCP 47, "de-DE"
  int color_depth = 0;
  int screen_height = 0;
  int screen_width = 0;
  int time_zone_offset = 0;  // minutes from UTC, as the browser reports it
  bool java_enabled = false;
  bool javascript_enabled = true;
};

// What the compliance decision asks of cardholder authentication for one
// payment (compliance::ScaRegimeOf and the market's sca rule).
enum class ScaAsk {
  kNone,          // no law requires it; the provider's and issuer's engines decide
  kAuthenticate,  // the law requires strong customer authentication: request 3-D Secure
  // The law requires it, but the decision granted the low-value exemption:
  // ask the provider to claim the exemption. An issuer may refuse it (soft
  // decline `authentication_required`); then the adapter authenticates.
  kLowValueExemption,
};
const char* ScaAskName(ScaAsk ask);  // "none", "authenticate", "low_value_exemption"

struct ScaRequest {
  ScaAsk ask = ScaAsk::kNone;
  std::string regime{};  // "psd2", "uk_rts", "rbi_afa", "scheme_3ds"; empty with kNone
  std::optional<BrowserInfo> browser{};
  std::string shopper_ip{};
  std::string origin{};  // the checkout page's origin (Adyen `origin`, web channel)
};

struct AuthorizeRequest {
  std::string purchase_id{};     // our id; echoed to the provider as its reference
  Money amount;                  // ISO minor units
  std::string payment_method{};  // "card", "ideal", "konbini", "pix", "invoice", ...
  std::string payment_token{};   // provider token ("tok_...", stored method id); never a PAN
  std::string description{};
  std::map<std::string, std::string> metadata{};  // sent to providers that accept it
  std::string return_url{};                       // where a redirect/challenge returns the shopper
  std::string idempotency_key{};  // DeriveIdempotencyKey(purchase_id, attempt, kAuthorize)
  bool capture = false;           // true: authorize and capture in one call
  Payer payer{};
  ScaRequest sca{};
  // invoice only: days until the receivable is due; default from the config.
  std::optional<int> invoice_terms_days{};
};

struct CaptureRequest {
  std::string purchase_id{};
  std::string provider_reference{};  // from the Authorize result
  Money amount;                      // may be less than authorized where the provider allows
  std::string idempotency_key{};
};

struct VoidRequest {
  std::string purchase_id{};
  std::string provider_reference{};
  std::string idempotency_key{};
};

struct RefundRequest {
  std::string purchase_id{};
  std::string provider_reference{};  // of the captured payment
  Money amount;
  std::string reason{};
  std::string idempotency_key{};
  // Our refund's id, sent as the provider's reference for the refund where it
  // takes one (Adyen `reference`, Stripe metadata), so that its webhook can be
  // matched even when its answer was lost. Empty: the purchase's id.
  std::string refund_id{};
};

// Finishes a payment that answered kRequiresAction, once the shopper has
// come back (or the app's SDK finished): `details` are what the return
// brought, e.g. the query parameters appended to the return_url (Adyen
// `redirectResult`, Stripe `payment_intent`) or an SDK result (Adyen
// `threeDSResult`). The adapter submits them (Adyen /payments/details) or
// looks the payment up (Stripe), and captures when `capture` and the
// payment is authorized. A payment still waiting for the shopper answers
// kRequiresAction again; failed authentication is kDeclined with
// kAuthenticationFailed.
struct CompleteActionRequest {
  std::string purchase_id{};
  std::string provider_reference{};  // from the kRequiresAction answer (may be empty: Adyen)
  std::map<std::string, std::string> details{};
  Money amount;  // the payment's amount, ISO minor units
  bool capture = true;
  std::string idempotency_key{};  // DeriveIdempotencyKey(purchase_id, attempt, kCompleteAction)
};

// Asks the provider what became of a payment. With a provider_reference, the
// answer is about that payment. Without one (an Authorize whose answer never
// arrived), adapters that can look a payment up by our own reference do so;
// only an answer that proves no payment exists yields Outcome::kNotFound.
struct StatusRequest {
  std::string purchase_id{};
  std::string provider_reference{};  // empty when the Authorize answer was lost
  std::string idempotency_key{};     // of the call in doubt
  std::optional<Money> amount{};
};

// Asks the provider what became of a refund: by its reference when the
// provider answered one, else by the payment and the refund call's key.
struct RefundStatusRequest {
  std::string purchase_id{};
  std::string refund_reference{};   // the provider's, empty when its answer was lost
  std::string payment_reference{};  // the refunded payment's
  std::string idempotency_key{};    // of the refund call
};

enum class Outcome {
  kApproved,        // authorized (or captured/refunded/voided: the call succeeded)
  kDeclined,        // the provider refused; see decline_reason
  kRequiresAction,  // shopper must act: redirect or 3DS challenge, see action
  kPending,         // accepted, result later (async methods, unknown statuses)
  kRetryableError,  // nothing happened at the provider: safe to retry or fail over
  kFatalError,      // our request or credentials are wrong; retrying will not help
  kNotFound,        // GetStatus only: the provider proves no such payment exists
};
const char* OutcomeName(Outcome outcome);  // "approved", "declined", ...

enum class DeclineReason {
  kNone,
  kInsufficientFunds,
  kCardDeclined,
  kExpiredCard,
  kIncorrectCvc,
  kFraudSuspected,
  kDoNotHonor,
  // Strong customer authentication: the cardholder failed or refused the
  // challenge (kAuthenticationFailed), or the issuer requires it and it
  // could not be done in this flow (kAuthenticationRequired).
  kAuthenticationFailed,
  kAuthenticationRequired,
  kOther,
};
const char* DeclineReasonName(DeclineReason reason);  // "insufficient_funds", ...

// What the provider says about cardholder authentication for a payment;
// only this decides whether its spend counts as authenticated.
enum class Authentication {
  kNone,           // not attempted, or the provider did not say
  kAuthenticated,  // 3-D Secure succeeded (challenge or frictionless)
  kExempted,       // an exemption was requested and the issuer accepted it
  kFailed,         // authentication was attempted and failed or was refused
};
const char* AuthenticationName(Authentication a);  // "none", "authenticated", ...

struct NextAction {
  enum class Kind { kRedirect, kChallenge };
  Kind kind = Kind::kRedirect;
  std::string url{};
  std::string method = "GET";  // "GET" or "POST"
  // Form fields to POST to `url` (Adyen 3DS1/iDEAL POST redirects).
  std::map<std::string, std::string> data{};
};

// What the shopper needs to finish an asynchronous payment.
struct PendingInstructions {
  std::string pix_copy_paste{};  // Pix "copia e cola" (EMV BR Code payload)
  std::string location{};        // payload location / voucher or QR URL
  std::optional<std::chrono::sys_seconds> expires_at{};
};

// invoice: what the buyer owes and when.
struct Receivable {
  std::string reference{};
  std::chrono::sys_days booking_date{};
  std::chrono::sys_days due_date{};
};

struct PaymentResult {
  Outcome outcome = Outcome::kPending;
  // True when the request was (or may have been) sent and no answer came
  // back (read timeout, EOF, reset after the write). The provider may have
  // charged: never fail over to another provider unless GetStatus proves
  // kNotFound; reuse the same idempotency key to retry here. An ambiguous
  // result always has outcome kPending, so code that ignores the flag waits
  // instead of failing over.
  bool ambiguous = false;
  std::string provider{};            // adapter id, "stripe"
  std::string provider_reference{};  // ch_..., pspReference, txid
  std::string provider_status{};     // the provider's own status word, for logs

  DeclineReason decline_reason = DeclineReason::kNone;
  std::string provider_code{};  // decline_code / refusalReasonCode / HTTP error code
  std::string message{};        // provider's human text, never shown raw to payers

  Authentication authentication = Authentication::kNone;
  std::string exemption{};  // with kExempted: "low_value"
  // GetStatus, with kPending: the provider holds an authorization that was
  // never captured (a crash between the two calls; a challenge passed and
  // never confirmed). Capture settles it; it is not money taken until then.
  bool capturable = false;

  std::optional<NextAction> action{};                 // kRequiresAction
  std::optional<PendingInstructions> pending{};       // kPending with instructions
  std::optional<Receivable> receivable{};             // invoice
  int http_status = 0;                                // 0 when no HTTP answer
  std::optional<std::chrono::seconds> retry_after{};  // 429 Retry-After
};

// One payment as the provider's own records show it, for `marketgate audit`.
struct ListedRefund {
  std::string id{};
  int64_t amount_minor = 0;  // ISO minor units of the charge's currency
  enum class State { kPending, kSucceeded, kFailed } state = State::kPending;
};

struct ListedCharge {
  std::string provider{};            // the configured id, or the sandbox's kind
  std::string id{};                  // ch_..., pspReference, txid
  std::string merchant_reference{};  // our purchase (or booking) id, as we sent it
  std::string currency{};            // ISO 4217, upper case
  int64_t amount_minor = 0;          // ISO minor units
  // kCaptured: money moved; kAuthorized: held, not captured; kVoided: the
  // authorization was released; kFailed: declined; kPending: not decided.
  enum class State { kPending, kAuthorized, kCaptured, kVoided, kFailed } state = State::kPending;
  std::vector<ListedRefund> refunds{};
  int64_t created_unix = 0;
};
const char* ListedStateName(ListedCharge::State state);  // "captured", ...
const char* ListedStateName(ListedRefund::State state);  // "succeeded", ...

// The payments created in [from, to), by the provider's creation time.
struct ChargeListRequest {
  std::chrono::sys_seconds from{};
  std::chrono::sys_seconds to{};
};

// Checks what every adapter requires of an Authorize request before sending:
// purchase id, idempotency key, positive amount, no card number in the token,
// description or metadata. Adapters call it first.
mg::Status ValidateAuthorizeRequest(const AuthorizeRequest& request);
mg::Status ValidateIdempotencyKey(std::string_view key);

class PaymentProvider {
 public:
  virtual ~PaymentProvider() = default;

  // The configured id ("stripe", "stripe_eu"); equals PaymentResult::provider.
  virtual std::string_view id() const = 0;

  virtual Result<PaymentResult> Authorize(const AuthorizeRequest& request) const = 0;
  virtual Result<PaymentResult> Capture(const CaptureRequest& request) const = 0;
  virtual Result<PaymentResult> Void(const VoidRequest& request) const = 0;
  virtual Result<PaymentResult> Refund(const RefundRequest& request) const = 0;
  // Finishes a payment that required the shopper's action (see
  // CompleteActionRequest). Default: kFailedPrecondition, for a provider
  // whose payments never require one.
  virtual Result<PaymentResult> CompleteAction(const CompleteActionRequest& request) const;
  // The "Status" call (named GetStatus so that it does not hide mg::Status).
  virtual Result<PaymentResult> GetStatus(const StatusRequest& request) const = 0;
  // What became of a refund: approved (refunded), declined (failed),
  // pending, kNotFound (the provider proves there is none), or pending +
  // ambiguous when the provider cannot tell. Default: a provider without a
  // refund lookup, whose refunds are decided by webhooks.
  virtual Result<PaymentResult> GetRefundStatus(const RefundStatusRequest& request) const;
  // Every payment the provider created in the range, with its refunds (for
  // `marketgate audit`). Default: kFailedPrecondition, for a provider that
  // offers no list of payments (Adyen reports settlements in files instead).
  // kUnavailable when the provider could not be read completely.
  virtual Result<std::vector<ListedCharge>> ListCharges(const ChargeListRequest& request) const;

  // Sends a payout to a creator (payout.h). Default: kFailedPrecondition,
  // for a provider that only takes payments.
  virtual Result<PaymentResult> Payout(const PayoutRequest& request) const;
  // What became of a payout: approved (paid), declined (failed), pending,
  // kNotFound (the provider proves there is none), or pending + ambiguous.
  virtual Result<PaymentResult> GetPayoutStatus(const PayoutStatusRequest& request) const;
};

}  // namespace mg::providers
