// The API Pix emulator's parts (pix_*.cc), shared among its files only.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "gateway/sandbox/emulator.h"

namespace mg::sandbox::pix_emulator {

namespace json = boost::json;

// RFC 7807 problem, with the type URI API Pix uses.
SandboxResponse Problem(int status, const std::string& type, const std::string& detail);

// "12.34" <-> 1234.
std::string Valor(int64_t cents);
std::optional<int64_t> ParseValor(const std::string& valor);
// A dynamic BR Code whose merchant account info points at `location`.
std::string CopyPaste(const std::string& location, const std::string& valor);
// End-to-end and return identifiers: 32 characters, the letter, the
// (sandbox's) ISPB, the time, then a unique serial.
std::string EndToEndId(char letter, int64_t serial);

json::object CobJson(const Charge& c);
// A received Pix with its devoluções, as GET /pix and the webhook show it.
json::object PixJson(const Charge& c);
json::object DevolucaoJson(const Refund& r);
// POSTs {"pix": [PixJson(c)]} to <webhook url>/pix.
void SendPixWebhook(EmulatorContext& ctx, const Charge& c, const std::string& what);

SandboxResponse CreateCob(const std::string& txid, const SandboxRequest& req, EmulatorContext& ctx);
SandboxResponse RemoveCob(const std::string& txid, const SandboxRequest& req, EmulatorContext& ctx);
SandboxResponse GetCob(const std::string& txid, EmulatorContext& ctx);
void SettlePayment(EmulatorContext& ctx, const std::string& txid);

SandboxResponse PutDevolucao(const std::string& e2e, const std::string& id,
                             const SandboxRequest& req, EmulatorContext& ctx);
SandboxResponse GetDevolucao(const std::string& e2e, const std::string& id, EmulatorContext& ctx);
void SettleDevolucao(EmulatorContext& ctx, const std::string& txid, const std::string& id);

SandboxResponse ListCobs(const SandboxRequest& req, EmulatorContext& ctx);
SandboxResponse ListPix(const SandboxRequest& req, EmulatorContext& ctx);
SandboxResponse GetPix(const std::string& e2e, EmulatorContext& ctx);

// Payouts: Efí's Envio de Pix (pix_payouts.cc).
bool IsEnvioPath(const std::string& path);
SandboxResponse Envios(const SandboxRequest& req, EmulatorContext& ctx);

}  // namespace mg::sandbox::pix_emulator
