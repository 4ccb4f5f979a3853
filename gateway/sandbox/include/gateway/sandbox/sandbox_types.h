// Plain records the sandbox ledger keeps.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace mg::sandbox {

struct Charge {
  std::string id;               // ch_sbx_1, 8815000000000001, txid
  std::string provider;         // "stripe", "adyen", "pix"
  std::string idempotency_key;  // the key that created it (Pix: the txid)
  std::string reference;        // our purchase id (metadata / reference)
  std::string token;
  int64_t amount = 0;    // in the provider's unit
  std::string currency;  // upper case
  std::string status;    // provider's word: succeeded, Authorised, ATIVA, ...
  bool captured = false;
  int64_t amount_refunded = 0;
  std::map<std::string, std::string> extra;           // e2eid, location, settle_at, ...
  std::chrono::steady_clock::time_point settle_at{};  // Pix only
  bool settles = false;                               // Pix only
};

struct StoredAnswer {
  int status = 200;
  std::string body;
};

}  // namespace mg::sandbox
