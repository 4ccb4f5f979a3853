// Pix payouts (Efí's Envio de Pix) over HTTP: the favorecido key decides
// the outcome, the PUT answers EM_PROCESSAMENTO and the next GET the final
// status, by idEnvio or by end-to-end id; idempotency by idEnvio (replay,
// reuse with another body); amounts and keys checked; the timeout token.
#include "sandbox_test_fixture.h"

namespace mg::sandbox::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr char kEvp[] = "123e4567-e89b-12d3-a456-426614174000";

std::string Str(const json::object& o, const char* key) {
  return o.contains(key) && o.at(key).is_string() ? std::string(o.at(key).as_string()) : "";
}

std::string EnvioBody(const std::string& favorecido, const std::string& valor = "12.34") {
  return json::serialize(json::object{
      {"valor", valor},
      {"pagador", json::object{{"chave", "19974764017"}, {"infoPagador", "Creator earnings"}}},
      {"favorecido", json::object{{"chave", favorecido}}}});
}

class PixPayoutsSandboxTest : public SandboxTest {
 protected:
  outbound::HttpResult Put(const std::string& id, const std::string& body,
                           const outbound::HttpClient* client = nullptr) {
    return Send(
        "PUT", "/pix/v3/gn/pix/" + id, body,
        {{"Authorization", "Bearer sandbox-pix-token"}, {"Content-Type", "application/json"}},
        client);
  }
  json::object Get(const std::string& path, int expect_status = 200) {
    outbound::HttpResult r = Pix("GET", path);
    EXPECT_EQ(r.response.status, expect_status) << path << ": " << r.response.body;
    return Parse(r.response.body);
  }
};

TEST_F(PixPayoutsSandboxTest, AnyOtherKeyIsProcessingThenPaidByIdAndByEndToEndId) {
  Start();
  outbound::HttpResult r = Put("pyt1envio", EnvioBody(kEvp));
  ASSERT_EQ(r.response.status, 201) << r.response.body;
  json::object answer = Parse(r.response.body);
  EXPECT_EQ(Str(answer, "idEnvio"), "pyt1envio");
  EXPECT_EQ(Str(answer, "status"), "EM_PROCESSAMENTO");
  EXPECT_EQ(Str(answer, "valor"), "12.34");
  std::string e2e = Str(answer, "e2eId");
  EXPECT_EQ(e2e.size(), 32u);
  EXPECT_EQ(e2e.front(), 'E');
  EXPECT_FALSE(Str(answer.at("horario").as_object(), "solicitacao").empty());

  json::object by_id = Get("/v2/gn/pix/enviados/id-envio/pyt1envio");
  EXPECT_EQ(Str(by_id, "status"), "REALIZADO");
  EXPECT_EQ(Str(by_id, "endToEndId"), e2e);
  EXPECT_EQ(Str(by_id, "chave"), "19974764017");
  EXPECT_EQ(Str(by_id, "infoPagador"), "Creator earnings");
  EXPECT_EQ(Str(by_id.at("favorecido").as_object(), "chave"), kEvp);
  EXPECT_EQ(Str(Get("/v2/gn/pix/enviados/" + e2e), "idEnvio"), "pyt1envio");
  // pix_sandbox_ok names the default explicitly.
  ASSERT_EQ(Put("pyt2envio", EnvioBody("pix_sandbox_ok_2")).response.status, 201);
  EXPECT_EQ(Str(Get("/v2/gn/pix/enviados/id-envio/pyt2envio"), "status"), "REALIZADO");
}

TEST_F(PixPayoutsSandboxTest, FailsTokenIsNotSentWithAReasonAndDeniedIsRefusedAtOnce) {
  Start();
  ASSERT_EQ(Put("pytfails", EnvioBody("pix_sandbox_fails")).response.status, 201);
  json::object failed = Get("/v2/gn/pix/enviados/id-envio/pytfails");
  EXPECT_EQ(Str(failed, "status"), "NAO_REALIZADO");
  EXPECT_FALSE(Str(failed, "motivo").empty());
  outbound::HttpResult denied = Put("pytdenied", EnvioBody("pix_sandbox_denied_1"));
  EXPECT_EQ(denied.response.status, 422);
  EXPECT_EQ(Str(Parse(denied.response.body), "nome"), "pagamento_negado");
  Get("/v2/gn/pix/enviados/id-envio/pytdenied", 404);  // nothing was made
}

TEST_F(PixPayoutsSandboxTest, ReplayGetsTheSameAnswerAndAnotherBodyIsRefused) {
  Start();
  outbound::HttpResult first = Put("pytreplay", EnvioBody(kEvp));
  outbound::HttpResult again = Put("pytreplay", EnvioBody(kEvp));
  ASSERT_EQ(again.response.status, 201);
  EXPECT_EQ(again.response.body, first.response.body);
  outbound::HttpResult other = Put("pytreplay", EnvioBody(kEvp, "99.99"));
  EXPECT_EQ(other.response.status, 409);
  EXPECT_EQ(Str(Parse(other.response.body), "nome"), "id_envio_duplicado");
  EXPECT_EQ(Put("pytreplay", EnvioBody("pix_sandbox_ok")).response.status, 409);
  EXPECT_EQ(Str(Get("/v2/gn/pix/enviados/id-envio/pytreplay"), "valor"), "12.34");
}

TEST_F(PixPayoutsSandboxTest, ChecksIdAmountAndKeys) {
  Start();
  EXPECT_EQ(Put("pyt-bad", EnvioBody(kEvp)).response.status, 400);
  EXPECT_EQ(Put(std::string(36, 'a'), EnvioBody(kEvp)).response.status, 400);
  EXPECT_EQ(Put("pytzero", EnvioBody(kEvp, "0.00")).response.status, 400);
  EXPECT_EQ(Put("pytcomma", EnvioBody(kEvp, "12,34")).response.status, 400);
  EXPECT_EQ(Put("pytkey", EnvioBody("joao silva")).response.status, 400);
  EXPECT_EQ(Put("pytnobody", "{}").response.status, 400);
  outbound::HttpResult bad = Put("pytnobody", "{}");
  EXPECT_EQ(Str(Parse(bad.response.body), "nome"), "valor_invalido");
  // None of them was recorded.
  json::object missing = Get("/v2/gn/pix/enviados/id-envio/pytzero", 404);
  EXPECT_EQ(Str(missing, "type"), "https://pix.bcb.gov.br/api/v2/error/PixEnviadoNaoEncontrado");
  Get("/v2/gn/pix/enviados/E00000000202601010000000000000001", 404);
  // The bearer token is required, as for charges.
  EXPECT_EQ(Send("GET", "/pix/v2/gn/pix/enviados/id-envio/pytzero", "", {}).response.status, 401);
}

TEST_F(PixPayoutsSandboxTest, TimeoutTokenPaysButTheAnswerIsLate) {
  Start();
  auto impatient = outbound::HttpClient::Create({.read_timeout = 300ms});
  ASSERT_TRUE(impatient.ok());
  outbound::HttpResult lost = Put("pytlate", EnvioBody("pix_sandbox_timeout"), impatient->get());
  EXPECT_EQ(lost.kind, outbound::HttpResult::Kind::kAmbiguous);
  EXPECT_EQ(Str(Get("/v2/gn/pix/enviados/id-envio/pytlate"), "status"), "REALIZADO");
}

}  // namespace
}  // namespace mg::sandbox::testing
