// Pix payouts on Efí's "Envio de Pix" (API Pix has no standard payout call,
// so this is the PSP's own protocol): pure request building and response
// mapping, no I/O (pix_provider_payouts.cc does the HTTP, with the
// adapter's bearer token and mutual TLS).
//
// A payout is one PUT {payout_base_url}/v3/gn/pix/{idEnvio}, idEnvio chosen
// by us from the idempotency key, so that the payout can always be looked
// up by our own id: GET /v2/gn/pix/enviados/id-envio/{idEnvio}, or by the
// Pix's end-to-end id, GET /v2/gn/pix/enviados/{e2eId}. The answer is
// EM_PROCESSAMENTO; the Pix then becomes REALIZADO or NAO_REALIZADO.
#pragma once

#include <string>
#include <string_view>

#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"
#include "pix/pix_transformers.h"

namespace mg::providers::pix {

// The idEnvio of a payout call: TxidFor(key), 32 hex digits, within Efí's
// ^[a-zA-Z0-9]{1,35}$. A retry, or a lookup after a lost answer, names the
// same envio.
std::string IdEnvioFor(std::string_view idempotency_key);
bool IsValidIdEnvio(std::string_view id_envio);
// An end-to-end id as BCB forms them: 'E' then 31 letters and digits.
bool LooksLikeEndToEndId(std::string_view reference);

// PUT /v3/gn/pix/{idEnvio}: valor ("12.34", BRL only), pagador.chave (our
// key, account.pix_key), pagador.infoPagador (the description, trimmed, at
// most 140 characters; absent when empty), favorecido.chave (the creator's
// key, request.destination, at most 77 characters: DICT's longest key), and
// favorecido.cpf or .cnpj (payee_tax_id of 11 or 14 digits), which Efí
// checks against the key's owner. REQUIRES: account.payout_base_url set.
Result<outbound::HttpRequest> BuildEnvio(const PixAccount& account, const PayoutRequest& request);
// GET /v2/gn/pix/enviados/id-envio/{idEnvio}.
Result<outbound::HttpRequest> BuildGetEnvioById(const PixAccount& account,
                                                std::string_view id_envio);
// GET /v2/gn/pix/enviados/{e2eId}.
Result<outbound::HttpRequest> BuildGetEnvioByEndToEndId(const PixAccount& account,
                                                        std::string_view end_to_end_id);

// The lookup for GetPayoutStatus: by end-to-end id when the reference is
// one, by idEnvio when it is one, and without a reference by the idEnvio
// the call's idempotency key gives (the answer was lost: our own id finds it).
Result<outbound::HttpRequest> BuildGetEnvio(const PixAccount& account,
                                            const PayoutStatusRequest& request);

// An envio (the PUT's answer, or a lookup): REALIZADO -> approved;
// NAO_REALIZADO -> declined (provider_code NAO_REALIZADO, message the
// reason when Efí gives one); EM_PROCESSAMENTO and anything unknown ->
// pending. provider_reference is the end-to-end id ("e2eId" in the PUT's
// answer, "endToEndId" in lookups), else the idEnvio. Errors are Efí's
// {nome, mensagem} or an RFC 7807 problem: 422 pagamento_negado and 400
// chave_nao_pertence_ao_documento (the payee check failed) -> declined;
// 409 (idEnvio already used) -> pending + ambiguous, which the provider
// settles by a lookup; 404 -> fatal (the provider makes it kNotFound on a
// lookup); the rest as ApplyHttpStatus.
PaymentResult MapEnvioResponse(std::string_view provider, const outbound::HttpResponse& response);

// True when an envio's body (a lookup's answer) is the payout `request`
// would send: same valor and favorecido.chave. A 409 on the PUT is then a
// replay of our own call, not another payout's id.
bool EnvioMatches(const outbound::HttpResponse& lookup, const PayoutRequest& request);

}  // namespace mg::providers::pix
