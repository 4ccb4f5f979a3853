#include "pix/pix_provider.h"

#include <openssl/evp.h>

#include <charconv>
#include <utility>

#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"
#include "gateway/providers/provider_registry.h"

namespace mg::providers {
namespace {

std::string Base64(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace

PixProvider::PixProvider(std::string id, pix::PixAccount account, PixAuth auth,
                         std::shared_ptr<outbound::HttpClient> http)
    : id_(std::move(id)),
      account_(std::move(account)),
      auth_(std::move(auth)),
      http_(std::move(http)) {}

outbound::HttpResult PixProvider::Send(outbound::HttpRequest request) const {
  std::string token;
  if (!auth_.static_token.empty()) {
    token = auth_.static_token.reveal();
  } else {
    std::lock_guard lock(token_mu_);
    if (token_.empty() || std::chrono::steady_clock::now() >= token_expiry_) {
      outbound::HttpRequest fetch;
      fetch.method = "POST";
      fetch.url = auth_.token_url;
      fetch.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      fetch.headers.emplace_back(
          "Authorization", "Basic " + Base64(auth_.client_id + ":" + auth_.client_secret.reveal()));
      fetch.body = FormEncode({{"grant_type", "client_credentials"}});
      outbound::HttpResult got = http_->Send(fetch);
      // A token call is harmless to repeat: any failure counts as not sent.
      if (!got.ok()) {
        got.kind = outbound::HttpResult::Kind::kNotSent;
        return got;
      }
      std::optional<boost::json::value> body = json_fields::Parse(got.response.body);
      const boost::json::object* obj = json_fields::Object(body ? &*body : nullptr);
      std::string access = obj ? json_fields::String(*obj, "access_token") : "";
      if (got.response.status != 200 || access.empty()) return got;  // mapped by the caller
      int64_t ttl = obj ? json_fields::Int(*obj, "expires_in").value_or(300) : 300;
      token_ = Secret(access);
      token_expiry_ = std::chrono::steady_clock::now() + std::chrono::seconds(ttl - 30);
    }
    token = token_.reveal();
  }
  request.headers.emplace_back("Authorization", "Bearer " + token);
  return http_->Send(request);
}

PaymentResult PixProvider::ReadCob(std::string_view txid) const {
  Result<outbound::HttpRequest> get = pix::BuildGetCob(account_, txid);
  outbound::HttpResult http = Send(*get);
  if (!http.ok()) return MapTransportFailure(id_, http);
  return pix::MapCobResponse(id_, http.response);
}

Result<PaymentResult> PixProvider::Authorize(const AuthorizeRequest& request) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest put, pix::BuildCreateCob(account_, request));
  outbound::HttpResult http = Send(std::move(put));
  if (!http.ok()) return MapTransportFailure(id_, http);
  PaymentResult r = pix::MapCobResponse(id_, http.response);
  if (r.outcome == Outcome::kFatalError && http.response.status == 400) {
    // A retry of a PUT whose answer was lost: the txid exists already.
    PaymentResult existing = ReadCob(pix::TxidFor(request.idempotency_key));
    if (existing.http_status == 200) return existing;
  }
  return r;
}

Result<PaymentResult> PixProvider::Capture(const CaptureRequest& request) const {
  if (!pix::IsValidTxid(request.provider_reference)) {
    return InvalidArgument("malformed txid", "provider_reference");
  }
  return ReadCob(request.provider_reference);
}

Result<PaymentResult> PixProvider::Void(const VoidRequest& request) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest patch,
                      pix::BuildRemoveCob(account_, request.provider_reference));
  outbound::HttpResult http = Send(std::move(patch));
  if (!http.ok()) return MapTransportFailure(id_, http);
  PaymentResult r = pix::MapCobResponse(id_, http.response);
  // For a void, the charge being removed is the success.
  if (r.provider_status == "REMOVIDA_PELO_USUARIO_RECEBEDOR") {
    r.outcome = Outcome::kApproved;
    r.decline_reason = DeclineReason::kNone;
    r.provider_code.clear();
  }
  return r;
}

Result<PaymentResult> PixProvider::Refund(const RefundRequest& request) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest get,
                      pix::BuildGetCob(account_, request.provider_reference));
  outbound::HttpResult cob = Send(std::move(get));
  if (!cob.ok()) return MapTransportFailure(id_, cob);
  std::string e2e = pix::PaidEndToEndId(cob.response);
  if (e2e.empty()) {
    PaymentResult r = pix::MapCobResponse(id_, cob.response);
    if (r.outcome != Outcome::kRetryableError && !r.ambiguous) {
      r.outcome = Outcome::kFatalError;
      r.message = "charge has no payment to refund";
    }
    return r;
  }
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest put, pix::BuildRefund(account_, e2e, request));
  outbound::HttpResult http = Send(std::move(put));
  PaymentResult r =
      http.ok() ? pix::MapRefundResponse(id_, http.response) : MapTransportFailure(id_, http);
  // The devolução's id is ours (from the key): named even when the answer
  // was lost, so that the PSP's webhook about it finds the refund.
  if (r.provider_reference.empty()) r.provider_reference = pix::TxidFor(request.idempotency_key);
  return r;
}

Result<PaymentResult> PixProvider::GetStatus(const StatusRequest& request) const {
  std::string txid = request.provider_reference;
  if (txid.empty()) {
    MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
    txid = pix::TxidFor(request.idempotency_key);  // the txid the lost PUT used
  }
  if (!pix::IsValidTxid(txid)) return InvalidArgument("malformed txid", "provider_reference");
  return ReadCob(txid);
}

Result<PaymentResult> PixProvider::GetRefundStatus(const RefundStatusRequest& request) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest get,
                      pix::BuildGetCob(account_, request.payment_reference));
  outbound::HttpResult cob = Send(std::move(get));
  if (!cob.ok()) return MapTransportFailure(id_, cob);
  std::string e2e = pix::PaidEndToEndId(cob.response);
  if (e2e.empty()) return pix::MapCobResponse(id_, cob.response);
  // The devolução's id is marketgate's, derived from the refund call's key.
  const std::string refund_id = request.refund_reference.empty()
                                    ? pix::TxidFor(request.idempotency_key)
                                    : request.refund_reference;
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest read, pix::BuildGetRefund(account_, e2e, refund_id));
  outbound::HttpResult http = Send(std::move(read));
  if (!http.ok()) return MapTransportFailure(id_, http);
  PaymentResult r = pix::MapRefundResponse(id_, http.response);
  // GET of a devolução the PSP does not know: none was made.
  if (http.response.status == 404) r.outcome = Outcome::kNotFound;
  return r;
}

Result<std::unique_ptr<PaymentProvider>> MakePixProvider(const ProviderConfig& config) {
  pix::PixAccount account;
  account.base_url = config.base_url;
  if (account.base_url.empty()) return InvalidArgument("Pix needs base_url", "base_url");
  auto key = config.settings.find("pix_key");
  if (key == config.settings.end() || key->second.empty()) {
    return InvalidArgument("Pix needs settings.pix_key", "settings.pix_key");
  }
  account.pix_key = key->second;
  if (auto exp = config.settings.find("expiration_seconds"); exp != config.settings.end()) {
    const std::string& s = exp->second;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), account.expiration_seconds);
    if (ec != std::errc() || end != s.data() + s.size() || account.expiration_seconds <= 0) {
      return InvalidArgument("expiration_seconds must be a positive integer",
                             "settings.expiration_seconds");
    }
  }
  if (auto url = config.settings.find("payout_base_url"); url != config.settings.end()) {
    std::string& base = account.payout_base_url = url->second;
    if (base.rfind("https://", 0) != 0 && base.rfind("http://", 0) != 0) {
      return InvalidArgument(
          "payout_base_url must be the PSP's http(s) root for Efí's Envio de Pix, e.g. "
          "https://pix.api.efipay.com.br",
          "settings.payout_base_url");
    }
    if (base.back() == '/') base.pop_back();
  }
  PixAuth auth;
  auth.static_token = config.api_key;
  if (auth.static_token.empty()) {
    auto url = config.settings.find("oauth_token_url");
    auto client = config.settings.find("client_id");
    auto secret = config.secrets.find("client_secret");
    if (url == config.settings.end() || client == config.settings.end() ||
        secret == config.secrets.end()) {
      return InvalidArgument(
          "Pix needs api_key, or oauth_token_url + client_id + secrets.client_secret", "api_key");
    }
    auth.token_url = url->second;
    auth.client_id = client->second;
    auth.client_secret = secret->second;
  }
  MG_ASSIGN_OR_RETURN(std::shared_ptr<outbound::HttpClient> http,
                      outbound::HttpClient::Create(config.http));
  return std::unique_ptr<PaymentProvider>(std::make_unique<PixProvider>(
      config.id, std::move(account), std::move(auth), std::move(http)));
}

}  // namespace mg::providers
