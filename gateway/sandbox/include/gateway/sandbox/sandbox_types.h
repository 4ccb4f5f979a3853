// Plain records the sandbox ledger keeps.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mg::sandbox {

// A refund (Stripe Refund, Adyen refund modification, Pix devolução).
struct Refund {
  std::string id{};  // re_sbx_7, the modification's pspReference, the devolução id
  int64_t amount = 0;
  // The ledger's word, the same at every provider: "pending", "succeeded",
  // "failed". The provider's own word is `provider_status`.
  std::string status{};
  std::string provider_status{};  // pending/succeeded/failed, received, EM_PROCESSAMENTO, ...
  bool will_fail = false;         // a pending refund that fails when it settles
  std::string reference{};        // Adyen: the refund request's `reference`
  std::string idempotency_key{};
  std::string failure_reason{};
  int64_t created = 0;                         // unix seconds
  std::map<std::string, std::string> extra{};  // rtrId, solicitacao, liquidacao, metadata.*
};

// An Adyen technical cancel (POST /cancels by merchant reference).
struct TechnicalCancel {
  std::string psp_reference;           // of the cancel request
  std::string payment_reference;       // the payment's merchant reference
  std::string reference;               // the cancel request's own reference
  std::vector<std::string> cancelled;  // pspReferences of the payments it voided
  bool success = true;
  int64_t created = 0;
};

struct Charge {
  std::string id;               // ch_sbx_1, 8815000000000001, txid
  std::string provider;         // "stripe", "adyen", "pix"
  std::string idempotency_key;  // the key that created it (Pix: the txid)
  std::string reference;        // our purchase id (metadata / reference); Pix: the description
  // What the charge was made with, for audits: Stripe metadata.mg_purchase_id,
  // Adyen `reference`, Pix the txid.
  std::string merchant_reference;
  std::string token;
  int64_t amount = 0;    // in the provider's unit
  std::string currency;  // upper case
  std::string status;    // provider's word: succeeded, Authorised, ATIVA, ...
  bool captured = false;
  bool voided = false;  // authorisation released (Stripe refund before capture, Adyen cancel)
  int64_t amount_captured = 0;
  // Pending and succeeded refunds (Stripe's amount_refunded counts pending
  // ones too); a refund that fails is taken off again.
  int64_t amount_refunded = 0;
  int64_t created = 0;                                // unix seconds
  std::vector<Refund> refunds;                        // oldest first
  std::map<std::string, std::string> extra;           // e2eid, location, settle_at, ...
  std::chrono::steady_clock::time_point settle_at{};  // Pix only
  bool settles = false;                               // Pix only
};

struct StoredAnswer {
  int status = 200;
  std::string body;
};

// Something the background thread does later: pay a Pix charge, settle a
// pending refund.
struct DueTask {
  enum class Kind { kPixPayment, kRefund };
  Kind kind = Kind::kPixPayment;
  std::string charge_id;
  std::string refund_id;
};

}  // namespace mg::sandbox
