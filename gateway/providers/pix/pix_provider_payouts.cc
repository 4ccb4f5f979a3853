// The pix adapter's payouts: Efí's Envio de Pix (pix_envio.h).
#include "gateway/providers/provider_http.h"
#include "pix/pix_provider.h"

namespace mg::providers {

Result<PaymentResult> PixProvider::Payout(const PayoutRequest& request) const {
  if (account_.payout_base_url.empty()) {
    return Status(ErrorCode::kFailedPrecondition,
                  "Pix instance '" + id_ +
                      "' has no payouts configured: set settings.payout_base_url (a PSP "
                      "speaking Efí's Envio de Pix)");
  }
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest put, pix::BuildEnvio(account_, request));
  outbound::HttpResult http = Send(std::move(put));
  PaymentResult r =
      http.ok() ? pix::MapEnvioResponse(id_, http.response) : MapTransportFailure(id_, http);
  const std::string id_envio = pix::IdEnvioFor(request.idempotency_key);
  if (http.ok() && http.response.status == 409) {
    // The idEnvio is taken: by our own earlier call whose answer was lost
    // (Efí may refuse the replay rather than repeat its answer), or by
    // another payout. The envio itself tells which.
    Result<outbound::HttpRequest> get = pix::BuildGetEnvioById(account_, id_envio);
    outbound::HttpResult found = Send(*get);
    if (found.ok() && pix::EnvioMatches(found.response, request)) {
      return pix::MapEnvioResponse(id_, found.response);
    }
    if (found.ok() && found.response.status == 200) {
      r.outcome = Outcome::kFatalError;
      r.ambiguous = false;
      r.message = "idEnvio " + id_envio + " is another payout's (other valor or favorecido)";
    }
    // Lookup failed: stays pending + ambiguous; GetPayoutStatus decides.
  }
  // Our own id names the envio even when the answer was lost.
  if (r.outcome == Outcome::kPending && r.provider_reference.empty()) {
    r.provider_reference = id_envio;
  }
  return r;
}

Result<PaymentResult> PixProvider::GetPayoutStatus(const PayoutStatusRequest& request) const {
  if (account_.payout_base_url.empty()) return PaymentProvider::GetPayoutStatus(request);
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest get, pix::BuildGetEnvio(account_, request));
  outbound::HttpResult http = Send(std::move(get));
  if (!http.ok()) return MapTransportFailure(id_, http);
  PaymentResult r = pix::MapEnvioResponse(id_, http.response);
  // Efí's own 404 (its body names the error), not a proxy's or a wrong
  // base URL's: proof that no envio has that id.
  if (http.response.status == 404 && !r.provider_code.empty()) r.outcome = Outcome::kNotFound;
  return r;
}

}  // namespace mg::providers
