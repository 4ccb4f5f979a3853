// API Pix (BCB) shapes as the sandbox writes them (bacen/pix-api
// openapi.yaml: CobCompleta, Pix, Devolucao, Problema, the webhook body).
#include <cstdio>
#include <regex>

#include "emulator_util.h"
#include "pix_internal.h"

namespace mg::sandbox::pix_emulator {
namespace {

std::string Tlv(const std::string& id, const std::string& value) {
  char len[3];
  std::snprintf(len, sizeof len, "%02zu", value.size() % 100);
  return id + len + value;
}

uint16_t Crc16(const std::string& data) {  // CRC-16/CCITT-FALSE, as EMV QR uses
  uint16_t crc = 0xFFFF;
  for (unsigned char c : data) {
    crc ^= static_cast<uint16_t>(c << 8);
    for (int i = 0; i < 8; ++i) crc = (crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1;
  }
  return crc;
}

std::string Extra(const std::map<std::string, std::string>& extra, const std::string& key) {
  auto it = extra.find(key);
  return it == extra.end() ? "" : it->second;
}

}  // namespace

SandboxResponse Problem(int status, const std::string& type, const std::string& detail) {
  SandboxResponse r = JsonResponse(
      status, json::serialize(json::object{{"type", "https://pix.bcb.gov.br/api/v2/error/" + type},
                                           {"title", type},
                                           {"status", status},
                                           {"detail", detail}}));
  r.content_type = "application/problem+json";
  return r;
}

std::string Valor(int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return buf;
}

std::optional<int64_t> ParseValor(const std::string& valor) {
  static const std::regex kValor(R"(^\d{1,10}\.\d{2}$)");
  if (!std::regex_match(valor, kValor)) return std::nullopt;
  return std::stoll(valor.substr(0, valor.size() - 3)) * 100 +
         std::stoll(valor.substr(valor.size() - 2));
}

std::string CopyPaste(const std::string& location, const std::string& valor) {
  std::string payload = Tlv("00", "01") + Tlv("01", "12") +
                        Tlv("26", Tlv("00", "br.gov.bcb.pix") + Tlv("25", location)) +
                        Tlv("52", "0000") + Tlv("53", "986") + Tlv("54", valor) + Tlv("58", "BR") +
                        Tlv("59", "MARKETGATE SANDBOX") + Tlv("60", "SAO PAULO") +
                        Tlv("62", Tlv("05", "***")) + "6304";
  char crc[5];
  std::snprintf(crc, sizeof crc, "%04X", Crc16(payload));
  return payload + crc;
}

std::string EndToEndId(char letter, int64_t serial) {
  std::string when = Rfc3339(UnixNow());  // 2024-05-01T12:34:56Z -> 202405011234
  std::string stamp = when.substr(0, 4) + when.substr(5, 2) + when.substr(8, 2) +
                      when.substr(11, 2) + when.substr(14, 2);
  std::string tail = std::to_string(serial % 100000000000LL);  // 11 digits at most
  return std::string(1, letter) + "00000000" + stamp + std::string(11 - tail.size(), '0') + tail;
}

json::object DevolucaoJson(const Refund& r) {
  json::object horario{{"solicitacao", Extra(r.extra, "solicitacao")}};
  if (r.provider_status == "DEVOLVIDO") horario["liquidacao"] = Extra(r.extra, "liquidacao");
  json::object o{{"id", r.id},
                 {"rtrId", Extra(r.extra, "rtrId")},
                 {"valor", Valor(r.amount)},
                 {"horario", horario},
                 {"status", r.provider_status}};
  if (!r.failure_reason.empty()) o["motivo"] = r.failure_reason;
  return o;
}

json::object PixJson(const Charge& c) {
  json::object o{{"endToEndId", Extra(c.extra, "e2eid")},
                 {"txid", c.id},
                 {"valor", Valor(c.amount)},
                 {"horario", Extra(c.extra, "paid_at")}};
  if (!c.refunds.empty()) {
    json::array devolucoes;
    for (const Refund& r : c.refunds) devolucoes.push_back(DevolucaoJson(r));
    o["devolucoes"] = std::move(devolucoes);
  }
  return o;
}

json::object CobJson(const Charge& c) {
  json::object o{{"calendario", json::object{{"criacao", c.extra.at("criacao")},
                                             {"expiracao", std::stoll(c.extra.at("expiracao"))}}},
                 {"txid", c.id},
                 {"revisao", 0},
                 {"location", c.extra.at("location")},
                 {"status", c.status},
                 {"valor", json::object{{"original", Valor(c.amount)}}},
                 {"chave", c.extra.at("chave")},
                 {"pixCopiaECola", c.extra.at("copia_e_cola")}};
  if (c.status == "CONCLUIDA") o["pix"] = json::array{PixJson(c)};
  return o;
}

void SendPixWebhook(EmulatorContext& ctx, const Charge& c, const std::string& what) {
  if (!ctx.send_webhook) return;
  Webhook hook;
  hook.due = std::chrono::steady_clock::now();
  hook.path = "/pix";
  hook.group = c.id;
  hook.label = "pix " + what + " " + c.id;
  hook.body = json::serialize(json::object{{"pix", json::array{PixJson(c)}}});
  SignLikeStripe(hook, "X-Sandbox-Signature", ctx.config.pix_webhook_secret);
  ctx.send_webhook(std::move(hook));
}

}  // namespace mg::sandbox::pix_emulator
