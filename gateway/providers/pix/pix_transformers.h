// API Pix (Banco Central do Brasil) wire mapping for immediate charges
// (cob): pure request building and response mapping, no I/O. Tested against
// recorded fixtures in tests/gateway/providers/pix/fixtures.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "currency/money.h"
#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"

namespace mg::providers::pix {

struct PixAccount {
  std::string base_url;  // the PSP's API Pix root, e.g. https://pix.example.com/api/v2
  std::string pix_key;   // "chave": the receiver's Pix key
  int expiration_seconds = 3600;
  // Efí's API root for Envio de Pix (pix_envio.h), e.g.
  // https://pix.api.efipay.com.br; empty: the instance does not pay out.
  std::string payout_base_url{};
};

// The txid for a charge: 32 lowercase hex chars of SHA-256(idempotency key).
// Deterministic, so a retry (or a GetStatus after a lost answer) addresses the
// same charge; within the BCB rule of 26-35 characters [a-zA-Z0-9].
std::string TxidFor(std::string_view idempotency_key);
bool IsValidTxid(std::string_view txid);

// BRL minor units -> "12.34". Other currencies are kInvalidArgument.
Result<std::string> FormatValor(const Money& amount);

// PUT /cob/{txid}: calendario.expiracao, devedor (when CPF/CNPJ and name
// given), valor.original, chave, solicitacaoPagador.
Result<outbound::HttpRequest> BuildCreateCob(const PixAccount& account,
                                             const AuthorizeRequest& request);
// GET /cob/{txid}.
Result<outbound::HttpRequest> BuildGetCob(const PixAccount& account, std::string_view txid);
// PATCH /cob/{txid} {"status":"REMOVIDA_PELO_USUARIO_RECEBEDOR"}.
Result<outbound::HttpRequest> BuildRemoveCob(const PixAccount& account, std::string_view txid);
// PUT /pix/{e2eid}/devolucao/{id} {"valor"}; id derived from the key.
// GET /pix/{e2eid}/devolucao/{id}.
Result<outbound::HttpRequest> BuildGetRefund(const PixAccount& account,
                                             std::string_view end_to_end_id,
                                             std::string_view refund_id);
Result<outbound::HttpRequest> BuildRefund(const PixAccount& account, std::string_view end_to_end_id,
                                          const RefundRequest& request);

// A cob object: ATIVA -> pending (copy-and-paste code, location, expiry);
// CONCLUIDA -> approved; REMOVIDA_PELO_USUARIO_RECEBEDOR and
// REMOVIDA_PELO_PSP -> declined; unknown -> pending. Errors are RFC 7807
// problem objects; 404 maps to kNotFound (the txid was never created).
PaymentResult MapCobResponse(std::string_view provider, const outbound::HttpResponse& response);
// The endToEndId of the first payment of a CONCLUIDA cob; "" if none.
std::string PaidEndToEndId(const outbound::HttpResponse& cob_response);
// A devolucao: DEVOLVIDO -> approved, EM_PROCESSAMENTO -> pending,
// NAO_REALIZADO -> declined.
PaymentResult MapRefundResponse(std::string_view provider, const outbound::HttpResponse& response);

// RFC 3339 timestamp ("2020-09-09T20:15:00.358Z", "...-03:00") to UTC.
std::optional<std::chrono::sys_seconds> ParseRfc3339(std::string_view text);

}  // namespace mg::providers::pix
