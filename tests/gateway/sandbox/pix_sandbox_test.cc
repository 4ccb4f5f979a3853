// The API Pix emulator over HTTP: devoluções (PUT/GET, EM_PROCESSAMENTO ->
// DEVOLVIDO / NAO_REALIZADO, the webhook with devolucoes), the listings
// GET /cob and GET /pix, and the fault markers in solicitacaoPagador.
#include <thread>

#include "sandbox_test_fixture.h"

namespace mg::sandbox::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string Str(const json::object& o, const char* key) {
  return o.contains(key) && o.at(key).is_string() ? std::string(o.at(key).as_string()) : "";
}

std::string Txid(const std::string& tail) {  // 26..35 alphanumerics
  return "sbxtest" + std::string(26 - tail.size(), '0') + tail;
}

std::string Valor(const std::string& v) { return json::serialize(json::object{{"valor", v}}); }

// Waits for a Pix webhook entry whose devolução `id` has `status`.
auto DevolucaoIs(const std::string& id, const std::string& status) {
  return [id, status](const std::vector<json::object>& entries) {
    for (const json::object& e : entries) {
      if (!e.contains("devolucoes")) continue;
      for (const json::value& d : e.at("devolucoes").as_array()) {
        if (Str(d.as_object(), "id") == id && Str(d.as_object(), "status") == status) return true;
      }
    }
    return false;
  };
}

json::object DevolucaoIn(const std::vector<json::object>& entries, const std::string& id,
                         const std::string& status) {
  for (const json::object& e : entries) {
    if (!e.contains("devolucoes")) continue;
    for (const json::value& d : e.at("devolucoes").as_array()) {
      if (Str(d.as_object(), "id") == id && Str(d.as_object(), "status") == status) {
        return d.as_object();
      }
    }
  }
  return {};
}

class PixSandboxTest : public SandboxTest {};

TEST_F(PixSandboxTest, PendingDevolucaoIsDevolvidoLaterByLookupAndWebhook) {
  Start();
  std::string txid = Txid("pend");
  PixCob(txid, "order [tok_refund_pending] [settle=0]", "25.00");
  std::string e2e = WaitPaid(txid);
  ASSERT_EQ(e2e.size(), 32u);
  outbound::HttpResult put = Pix("PUT", "/pix/" + e2e + "/devolucao/dev1", Valor("10.00"));
  ASSERT_EQ(put.response.status, 201) << put.response.body;
  json::object dev = Parse(put.response.body);
  EXPECT_EQ(Str(dev, "id"), "dev1");
  EXPECT_EQ(Str(dev, "rtrId").size(), 32u);
  EXPECT_EQ(Str(dev, "rtrId")[0], 'D');
  EXPECT_EQ(Str(dev, "valor"), "10.00");
  EXPECT_EQ(Str(dev, "status"), "EM_PROCESSAMENTO");
  EXPECT_FALSE(Str(dev.at("horario").as_object(), "solicitacao").empty());
  EXPECT_EQ(Str(Parse(Pix("GET", "/pix/" + e2e + "/devolucao/dev1").response.body), "status"),
            "EM_PROCESSAMENTO");

  ASSERT_TRUE(WaitForHooks("pix", DevolucaoIs("dev1", "DEVOLVIDO")));
  json::object hooked = DevolucaoIn(PixEntries(), "dev1", "DEVOLVIDO");
  EXPECT_EQ(Str(hooked, "rtrId"), Str(dev, "rtrId"));
  EXPECT_EQ(Str(hooked, "valor"), "10.00");
  EXPECT_FALSE(Str(hooked.at("horario").as_object(), "liquidacao").empty());
  for (const json::object& entry : PixEntries()) {  // the original Pix's entry
    EXPECT_EQ(Str(entry, "txid"), txid);
    EXPECT_EQ(Str(entry, "endToEndId"), e2e);
    EXPECT_EQ(Str(entry, "valor"), "25.00");
  }
  json::object now = Parse(Pix("GET", "/pix/" + e2e + "/devolucao/dev1").response.body);
  EXPECT_EQ(Str(now, "status"), "DEVOLVIDO");
  EXPECT_FALSE(Str(now.at("horario").as_object(), "liquidacao").empty());
  json::object charge = LedgerCharge(txid);
  EXPECT_EQ(charge.at("amount_refunded").as_int64(), 1000);
  EXPECT_EQ(Str(charge, "merchant_reference"), txid);
  EXPECT_TRUE(charge.at("captured").as_bool());
  json::object refund = charge.at("refunds").as_array()[0].as_object();
  EXPECT_EQ(Str(refund, "status"), "succeeded");
  EXPECT_EQ(Str(refund, "provider_status"), "DEVOLVIDO");
}

TEST_F(PixSandboxTest, FailingDevolucaoIsNaoRealizadoAndGivesTheAmountBack) {
  Start();
  std::string txid = Txid("fail");
  PixCob(txid, "[tok_refund_fails][settle=0]", "25.00");
  std::string e2e = WaitPaid(txid);
  json::object dev =
      Parse(Pix("PUT", "/pix/" + e2e + "/devolucao/dev2", Valor("25.00")).response.body);
  ASSERT_EQ(Str(dev, "status"), "EM_PROCESSAMENTO");
  EXPECT_EQ(LedgerCharge(txid).at("amount_refunded").as_int64(), 2500);
  ASSERT_TRUE(WaitForHooks("pix", DevolucaoIs("dev2", "NAO_REALIZADO")));
  EXPECT_FALSE(Str(DevolucaoIn(PixEntries(), "dev2", "NAO_REALIZADO"), "motivo").empty());
  EXPECT_EQ(Str(Parse(Pix("GET", "/pix/" + e2e + "/devolucao/dev2").response.body), "status"),
            "NAO_REALIZADO");
  json::object charge = LedgerCharge(txid);
  EXPECT_EQ(charge.at("amount_refunded").as_int64(), 0);
  EXPECT_EQ(Str(charge.at("refunds").as_array()[0].as_object(), "status"), "failed");
}

TEST_F(PixSandboxTest, PlainDevolucaoIsDevolvidoAtOnceAndItsIdMakesItIdempotent) {
  Start();
  std::string txid = Txid("plain");
  PixCob(txid, "[settle=0]", "30.00");
  std::string e2e = WaitPaid(txid);
  std::string path = "/pix/" + e2e + "/devolucao/dev3";
  json::object dev = Parse(Pix("PUT", path, Valor("12.00")).response.body);
  EXPECT_EQ(Str(dev, "status"), "DEVOLVIDO");
  json::object again = Parse(Pix("PUT", path, Valor("12.00")).response.body);
  EXPECT_EQ(again, dev);  // a retry gets the same devolução back
  EXPECT_EQ(LedgerCharge(txid).at("amount_refunded").as_int64(), 1200);
  outbound::HttpResult other = Pix("PUT", path, Valor("1.00"));
  EXPECT_EQ(other.response.status, 400);
  EXPECT_NE(Str(Parse(other.response.body), "type").find("PixDevolucaoInvalida"),
            std::string::npos);
  EXPECT_EQ(Pix("PUT", "/pix/" + e2e + "/devolucao/dev4", Valor("18.01")).response.status, 400);
  EXPECT_EQ(Pix("PUT", "/pix/" + e2e + "/devolucao/dev4", Valor("18.00")).response.status, 201);
  outbound::HttpResult missing = Pix("GET", "/pix/" + e2e + "/devolucao/nope");
  EXPECT_EQ(missing.response.status, 404);
  EXPECT_NE(Str(Parse(missing.response.body), "type").find("PixDevolucaoNaoEncontrada"),
            std::string::npos);
  EXPECT_EQ(Pix("PUT", "/pix/E00000000000000000000000000000000/devolucao/x", Valor("1.00"))
                .response.status,
            404);
  ASSERT_TRUE(WaitForHooks("pix", DevolucaoIs("dev4", "DEVOLVIDO")));
}

TEST_F(PixSandboxTest, ListsCobsAndReceivedPixByTimeWithPages) {
  Start();
  std::string from = "2000-01-01T00:00:00Z";
  std::string to = "2100-01-01T00:00:00Z";
  PixCob(Txid("l1"), "[settle=0]");
  PixCob(Txid("l2"), "[settle=0]");
  PixCob(Txid("l3"), "[settle=never]");
  std::string e2e = WaitPaid(Txid("l1"));
  WaitPaid(Txid("l2"));
  ASSERT_EQ(Pix("PUT", "/pix/" + e2e + "/devolucao/dl1", Valor("1.00")).response.status, 201);

  std::string window = "?inicio=" + from + "&fim=" + to;
  json::object page =
      Parse(Pix("GET", "/cob" + window + "&paginacao.itensPorPagina=2").response.body);
  const json::object& paginacao = page.at("parametros").as_object().at("paginacao").as_object();
  EXPECT_EQ(Str(page.at("parametros").as_object(), "inicio"), from);
  EXPECT_EQ(paginacao.at("paginaAtual").as_int64(), 0);
  EXPECT_EQ(paginacao.at("itensPorPagina").as_int64(), 2);
  EXPECT_EQ(paginacao.at("quantidadeDePaginas").as_int64(), 2);
  EXPECT_EQ(paginacao.at("quantidadeTotalDeItens").as_int64(), 3);
  ASSERT_EQ(page.at("cobs").as_array().size(), 2u);
  EXPECT_EQ(Str(page.at("cobs").as_array()[0].as_object(), "txid"), Txid("l1"));
  json::object second =
      Parse(Pix("GET", "/cob" + window + "&paginacao.itensPorPagina=2&paginacao.paginaAtual=1")
                .response.body);
  ASSERT_EQ(second.at("cobs").as_array().size(), 1u);
  EXPECT_EQ(Str(second.at("cobs").as_array()[0].as_object(), "status"), "ATIVA");

  json::object pix = Parse(Pix("GET", "/pix" + window).response.body);
  ASSERT_EQ(pix.at("pix").as_array().size(), 2u);  // received only
  const json::object& first = pix.at("pix").as_array()[0].as_object();
  EXPECT_EQ(Str(first, "endToEndId"), e2e);
  ASSERT_EQ(first.at("devolucoes").as_array().size(), 1u);
  EXPECT_EQ(Str(first.at("devolucoes").as_array()[0].as_object(), "id"), "dl1");
  EXPECT_EQ(Str(Parse(Pix("GET", "/pix/" + e2e).response.body), "txid"), Txid("l1"));

  json::object past =
      Parse(Pix("GET", "/cob?inicio=2001-01-01T00:00:00Z&fim=2001-01-02T00:00:00Z").response.body);
  EXPECT_TRUE(past.at("cobs").as_array().empty());
  outbound::HttpResult bad = Pix("GET", "/cob?inicio=yesterday&fim=" + to);
  EXPECT_EQ(bad.response.status, 400);
  EXPECT_NE(Str(Parse(bad.response.body), "type").find("CobConsultaInvalida"), std::string::npos);
  outbound::HttpResult backwards = Pix("GET", "/pix?inicio=" + to + "&fim=" + from);
  EXPECT_EQ(backwards.response.status, 400);
  EXPECT_NE(Str(Parse(backwards.response.body), "type").find("PixConsultaInvalida"),
            std::string::npos);
  EXPECT_EQ(Pix("GET", "/pix" + window + "&paginacao.itensPorPagina=0").response.status, 400);
}

TEST_F(PixSandboxTest, FaultMarkersInTheDescriptionLoseTheAnswerNotTheCob) {
  Start();
  std::string txid = Txid("f502");
  std::string body =
      json::serialize(json::object{{"valor", json::object{{"original", "5.00"}}},
                                   {"chave", "k"},
                                   {"solicitacaoPagador", "[tok_fault_charge_then_502]"}});
  outbound::HttpResult bad = Pix("PUT", "/cob/" + txid, body);
  EXPECT_EQ(bad.response.status, 502);
  EXPECT_EQ(Pix("GET", "/cob/" + txid).response.status, 200);  // the cob exists
  outbound::HttpResult again = Pix("PUT", "/cob/" + txid, body);
  EXPECT_EQ(again.response.status, 400);  // CobOperacaoInvalida: read it back instead
  std::string drop_txid = Txid("fdrop");
  body = json::serialize(json::object{{"valor", json::object{{"original", "5.00"}}},
                                      {"chave", "k"},
                                      {"solicitacaoPagador", "[tok_fault_charge_then_drop]"}});
  EXPECT_EQ(Pix("PUT", "/cob/" + drop_txid, body).kind, outbound::HttpResult::Kind::kAmbiguous);
  EXPECT_EQ(Pix("GET", "/cob/" + drop_txid).response.status, 200);
}

}  // namespace
}  // namespace mg::sandbox::testing
