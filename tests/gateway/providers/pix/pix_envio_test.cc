// Pix payouts on Efí's Envio de Pix: the wire mapping against recorded
// fixtures (shaped after Efí's documented examples), the adapter against a
// scripted client, and its payout setting.
#include "pix/pix_envio.h"

#include <gtest/gtest.h>

#include "fixture.h"
#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_registry.h"
#include "pix/pix_provider.h"
#include "scripted_http.h"

namespace mg::providers::pix {
namespace {

using outbound::HttpResult;
using testing::HeaderOf;
using testing::ReadFixture;
using testing::Recorded;
using testing::ScriptedHttp;
namespace jf = json_fields;

constexpr char kEvp[] = "123e4567-e89b-12d3-a456-426614174000";
constexpr char kE2e[] = "E09089356202612051226APIff82f2e5";

Money Brl(int64_t cents) { return Money(cents, *CurrencyCode::Parse("BRL")); }

PixAccount Account() {
  PixAccount a{"https://pix.efi.test/v2", "19974764017", 3600};
  a.payout_base_url = "https://pix.efi.test";
  return a;
}

PayoutRequest Request(Money amount = Brl(1234)) {
  PayoutRequest r{.payout_id = "pyt_123", .amount = amount};
  r.destination = kEvp;
  r.description = "  Creator earnings May \n";
  r.idempotency_key = DerivePayoutIdempotencyKey("pyt_123", 0);
  r.payee_name = "Francisco da Silva";
  r.payee_tax_id = "12345678909";
  return r;
}

PixAuth StaticToken(const char* token) {
  PixAuth auth;
  auth.static_token = Secret(token);
  return auth;
}

boost::json::object Body(const outbound::HttpRequest& request) {
  return jf::Parse(request.body)->as_object();
}

TEST(PixIdEnvioTest, DerivedFromTheKeyWithinEfisRule) {
  std::string key = DerivePayoutIdempotencyKey("pyt_123", 0);
  std::string id = IdEnvioFor(key);
  EXPECT_EQ(id, IdEnvioFor(key));
  EXPECT_NE(id, IdEnvioFor(DerivePayoutIdempotencyKey("pyt_123", 1)));
  EXPECT_EQ(id.size(), 32u);
  EXPECT_TRUE(IsValidIdEnvio(id));
  EXPECT_TRUE(IsValidIdEnvio("1"));
  EXPECT_FALSE(IsValidIdEnvio(""));
  EXPECT_FALSE(IsValidIdEnvio(std::string(36, 'a')));
  EXPECT_FALSE(IsValidIdEnvio("abc-123"));
  EXPECT_TRUE(LooksLikeEndToEndId(kE2e));
  EXPECT_FALSE(LooksLikeEndToEndId(id));
}

TEST(PixEnvioRequestTest, BodyFieldByField) {
  PayoutRequest request = Request();
  auto req = BuildEnvio(Account(), request);
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(req->method, "PUT");
  EXPECT_EQ(req->url, "https://pix.efi.test/v3/gn/pix/" + IdEnvioFor(request.idempotency_key));
  EXPECT_EQ(HeaderOf(*req, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(*req, "Authorization"), "");  // the provider adds the token
  boost::json::object body = Body(*req);
  EXPECT_EQ(body.size(), 3u);
  EXPECT_EQ(jf::String(body, "valor"), "12.34");
  const boost::json::object& pagador = *jf::Object(body, "pagador");
  EXPECT_EQ(pagador.size(), 2u);
  EXPECT_EQ(jf::String(pagador, "chave"), "19974764017");                 // our own key
  EXPECT_EQ(jf::String(pagador, "infoPagador"), "Creator earnings May");  // trimmed
  const boost::json::object& favorecido = *jf::Object(body, "favorecido");
  EXPECT_EQ(favorecido.size(), 2u);
  EXPECT_EQ(jf::String(favorecido, "chave"), kEvp);
  EXPECT_EQ(jf::String(favorecido, "cpf"), "12345678909");
}

TEST(PixEnvioRequestTest, OptionalFieldsAndKeyShapes) {
  PayoutRequest bare = Request(Brl(5));
  bare.description = "   ";
  bare.payee_tax_id.clear();
  bare.destination = "+5531999998888";  // a phone key
  boost::json::object body = Body(*BuildEnvio(Account(), bare));
  EXPECT_EQ(jf::String(body, "valor"), "0.05");
  EXPECT_FALSE(jf::Object(body, "pagador")->contains("infoPagador"));
  EXPECT_EQ(jf::Object(body, "favorecido")->size(), 1u);
  EXPECT_EQ(jf::String(*jf::Object(body, "favorecido"), "chave"), "+5531999998888");

  PayoutRequest company = Request();
  company.payee_tax_id = "12345678000195";
  company.destination = "financeiro@empresa.com.br";
  company.description = std::string(200, 'x');
  body = Body(*BuildEnvio(Account(), company));
  EXPECT_EQ(jf::String(*jf::Object(body, "favorecido"), "cnpj"), "12345678000195");
  EXPECT_FALSE(jf::Object(body, "favorecido")->contains("cpf"));
  EXPECT_EQ(jf::String(*jf::Object(body, "pagador"), "infoPagador").size(), 140u);
}

TEST(PixEnvioRequestTest, RefusesWhatIsNotAPixPayout) {
  auto code = [](PayoutRequest r) { return BuildEnvio(Account(), r).status().param(); };
  EXPECT_EQ(code(Request(Money(100, *CurrencyCode::Parse("USD")))), "amount");
  PayoutRequest path = Request();
  path.destination = "../v2/gn/saldo";
  EXPECT_EQ(code(path), "destination");
  PayoutRequest spaced = Request();
  spaced.destination = "joao silva";
  EXPECT_EQ(code(spaced), "destination");
  PayoutRequest longest = Request();
  longest.destination = std::string(78, 'a');
  EXPECT_EQ(code(longest), "destination");
  PayoutRequest pan = Request();
  pan.destination = "4111111111111111";
  EXPECT_EQ(code(pan), "destination");
  PayoutRequest tax = Request();
  tax.payee_tax_id = "123.456.789-09";
  EXPECT_EQ(code(tax), "payee_tax_id");
  EXPECT_FALSE(BuildGetEnvioById(Account(), "a/../b").ok());
  EXPECT_FALSE(BuildGetEnvioByEndToEndId(Account(), "E123").ok());
}

TEST(PixEnvioRequestTest, LookupByEndToEndIdByIdEnvioOrByTheKey) {
  PayoutStatusRequest s{
      .payout_id = "pyt_123", .idempotency_key = Request().idempotency_key, .amount = Brl(1234)};
  EXPECT_EQ(BuildGetEnvio(Account(), s)->url,
            "https://pix.efi.test/v2/gn/pix/enviados/id-envio/" + IdEnvioFor(s.idempotency_key));
  s.provider_reference = kE2e;
  EXPECT_EQ(BuildGetEnvio(Account(), s)->url,
            std::string("https://pix.efi.test/v2/gn/pix/enviados/") + kE2e);
  s.provider_reference = "abc123";
  EXPECT_EQ(BuildGetEnvio(Account(), s)->url,
            "https://pix.efi.test/v2/gn/pix/enviados/id-envio/abc123");
  EXPECT_EQ(BuildGetEnvio(Account(), s)->method, "GET");
  PayoutStatusRequest nothing{.payout_id = "pyt_123", .amount = Brl(1234)};
  EXPECT_FALSE(BuildGetEnvio(Account(), nothing).ok());
}

struct StatusCase {
  const char* fixture;
  Outcome outcome;
  const char* status;
};

class PixEnvioStatusTest : public ::testing::TestWithParam<StatusCase> {};

TEST_P(PixEnvioStatusTest, MapsEveryStatus) {
  PaymentResult r = MapEnvioResponse("pix", Recorded("pix", GetParam().fixture, 200));
  EXPECT_EQ(r.outcome, GetParam().outcome) << OutcomeName(r.outcome);
  EXPECT_EQ(r.provider_status, GetParam().status);
  EXPECT_EQ(r.provider_reference, kE2e);  // the end-to-end id, both spellings
  EXPECT_FALSE(r.ambiguous);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, PixEnvioStatusTest,
    ::testing::Values(
        StatusCase{"envio_em_processamento.json", Outcome::kPending, "EM_PROCESSAMENTO"},
        StatusCase{"enviado_em_processamento.json", Outcome::kPending, "EM_PROCESSAMENTO"},
        StatusCase{"enviado_realizado.json", Outcome::kApproved, "REALIZADO"},
        StatusCase{"enviado_nao_realizado.json", Outcome::kDeclined, "NAO_REALIZADO"},
        StatusCase{"enviado_unknown_status.json", Outcome::kPending, "AGENDADO"}));

TEST(PixEnvioResponseTest, DeclineCarriesTheReasonAndIdEnvioIsTheFallbackReference) {
  PaymentResult failed =
      MapEnvioResponse("pix", Recorded("pix", "enviado_nao_realizado.json", 200));
  EXPECT_EQ(failed.provider_code, "NAO_REALIZADO");
  EXPECT_EQ(failed.message, "Conta do favorecido encerrada");
  outbound::HttpResponse no_e2e{201, {}, R"({"idEnvio":"abc123","status":"EM_PROCESSAMENTO"})"};
  EXPECT_EQ(MapEnvioResponse("pix", no_e2e).provider_reference, "abc123");
  outbound::HttpResponse odd{201, {}, "<html>ok</html>"};
  EXPECT_EQ(MapEnvioResponse("pix", odd).outcome, Outcome::kPending);
}

TEST(PixEnvioResponseTest, Errors) {
  auto map = [](const char* fixture, int status) {
    return MapEnvioResponse("pix", Recorded("pix", fixture, status));
  };
  PaymentResult denied = map("envio_error_negado.json", 422);
  EXPECT_EQ(denied.outcome, Outcome::kDeclined);
  EXPECT_EQ(denied.provider_code, "pagamento_negado");
  EXPECT_EQ(denied.message, "Pagamento negado por análises");
  PaymentResult owner = map("envio_error_documento.json", 400);
  EXPECT_EQ(owner.outcome, Outcome::kDeclined);
  EXPECT_EQ(owner.provider_code, "chave_nao_pertence_ao_documento");
  PaymentResult invalid = map("envio_error_valor.json", 400);
  EXPECT_EQ(invalid.outcome, Outcome::kFatalError);
  EXPECT_EQ(invalid.provider_code, "valor_invalido");
  PaymentResult down = map("envio_error_aplicacao.json", 500);
  EXPECT_EQ(down.outcome, Outcome::kPending);
  EXPECT_TRUE(down.ambiguous);
  PaymentResult taken = map("envio_error_duplicado.json", 409);
  EXPECT_EQ(taken.outcome, Outcome::kPending);
  EXPECT_TRUE(taken.ambiguous);
  EXPECT_EQ(taken.provider_code, "id_envio_duplicado");
  PaymentResult missing = map("enviado_not_found.json", 404);
  EXPECT_EQ(missing.outcome, Outcome::kFatalError);  // kNotFound only for a lookup
  EXPECT_EQ(missing.provider_code, "PixEnviadoNaoEncontrado");
  outbound::HttpResponse busy{429, {{"Retry-After", "7"}}, ""};
  PaymentResult slow = MapEnvioResponse("pix", busy);
  EXPECT_EQ(slow.outcome, Outcome::kRetryableError);
  EXPECT_EQ(slow.retry_after, std::chrono::seconds(7));
}

class PixPayoutFlowTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedHttp> http = std::make_shared<ScriptedHttp>();
  PixProvider pix{"pix", Account(), StaticToken("tok"), http};
  PayoutStatusRequest Lookup(std::string reference) {
    return PayoutStatusRequest{.payout_id = "pyt_123",
                               .provider_reference = std::move(reference),
                               .destination = kEvp,
                               .idempotency_key = Request().idempotency_key,
                               .amount = Brl(1234)};
  }
  std::string IdEnvioUrl() const {
    return "https://pix.efi.test/v2/gn/pix/enviados/id-envio/" +
           IdEnvioFor(Request().idempotency_key);
  }
};

TEST_F(PixPayoutFlowTest, OnePutWithTheBearerToken) {
  http->Answer(201, ReadFixture("pix", "envio_em_processamento.json"));
  auto r = pix.Payout(Request());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kPending);
  EXPECT_FALSE(r->ambiguous);
  EXPECT_EQ(r->provider_reference, kE2e);
  ASSERT_EQ(http->sent().size(), 1u);
  EXPECT_EQ(http->sent()[0].method, "PUT");
  EXPECT_EQ(http->sent()[0].url,
            "https://pix.efi.test/v3/gn/pix/" + IdEnvioFor(Request().idempotency_key));
  EXPECT_EQ(HeaderOf(http->sent()[0], "Authorization"), "Bearer tok");
}

TEST_F(PixPayoutFlowTest, LostAnswerIsAmbiguousNamedByIdEnvioAndUnsentIsRetryable) {
  http->Fail(HttpResult::Kind::kAmbiguous, "read timeout");
  auto lost = pix.Payout(Request());
  EXPECT_EQ(lost->outcome, Outcome::kPending);
  EXPECT_TRUE(lost->ambiguous);
  EXPECT_EQ(lost->provider_reference, IdEnvioFor(Request().idempotency_key));
  http->Answer(503, ReadFixture("pix", "problem_unavailable.json"));
  auto unavailable = pix.Payout(Request());
  EXPECT_EQ(unavailable->outcome, Outcome::kPending);
  EXPECT_TRUE(unavailable->ambiguous);
  http->Fail(HttpResult::Kind::kNotSent, "connection refused");
  auto refused = pix.Payout(Request());
  EXPECT_EQ(refused->outcome, Outcome::kRetryableError);
  EXPECT_EQ(refused->provider_reference, "");
}

TEST_F(PixPayoutFlowTest, TakenIdEnvioIsOurReplayWhenTheEnvioMatches) {
  http->Answer(409, ReadFixture("pix", "envio_error_duplicado.json"));
  http->Answer(200, ReadFixture("pix", "enviado_realizado.json"));
  auto r = pix.Payout(Request());
  EXPECT_EQ(r->outcome, Outcome::kApproved);
  EXPECT_FALSE(r->ambiguous);
  EXPECT_EQ(r->provider_reference, kE2e);
  ASSERT_EQ(http->sent().size(), 2u);
  EXPECT_EQ(http->sent()[1].method, "GET");
  EXPECT_EQ(http->sent()[1].url, IdEnvioUrl());
}

TEST_F(PixPayoutFlowTest, TakenIdEnvioOfAnotherPayoutIsFatal) {
  http->Answer(409, ReadFixture("pix", "envio_error_duplicado.json"));
  http->Answer(200, ReadFixture("pix", "enviado_realizado.json"));  // valor 12.34
  auto r = pix.Payout(Request(Brl(9999)));
  EXPECT_EQ(r->outcome, Outcome::kFatalError);
  EXPECT_FALSE(r->ambiguous);
  EXPECT_NE(r->message.find("another payout"), std::string::npos);
  // The lookup itself lost: nothing proven either way.
  http->Answer(409, ReadFixture("pix", "envio_error_duplicado.json"));
  http->Fail(HttpResult::Kind::kAmbiguous, "read timeout");
  auto unsure = pix.Payout(Request());
  EXPECT_EQ(unsure->outcome, Outcome::kPending);
  EXPECT_TRUE(unsure->ambiguous);
}

TEST_F(PixPayoutFlowTest, LookupWithoutReferenceUsesOurIdEnvio) {
  http->Answer(200, ReadFixture("pix", "enviado_realizado.json"));
  auto r = pix.GetPayoutStatus(Lookup(""));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kApproved);
  EXPECT_EQ(r->provider_reference, kE2e);
  ASSERT_EQ(http->sent().size(), 1u);
  EXPECT_EQ(http->sent()[0].method, "GET");
  EXPECT_EQ(http->sent()[0].url, IdEnvioUrl());
  EXPECT_EQ(HeaderOf(http->sent()[0], "Authorization"), "Bearer tok");
  http->Answer(200, ReadFixture("pix", "enviado_nao_realizado.json"));
  auto failed = pix.GetPayoutStatus(Lookup(kE2e));
  EXPECT_EQ(failed->outcome, Outcome::kDeclined);
  EXPECT_EQ(http->sent()[1].url, std::string("https://pix.efi.test/v2/gn/pix/enviados/") + kE2e);
}

TEST_F(PixPayoutFlowTest, EfisOwn404IsNotFoundAndAnythingElseProvesNothing) {
  http->Answer(404, ReadFixture("pix", "enviado_not_found.json"));
  EXPECT_EQ(pix.GetPayoutStatus(Lookup(""))->outcome, Outcome::kNotFound);
  http->Answer(404, "");  // a proxy or a wrong base URL, not Efí
  EXPECT_NE(pix.GetPayoutStatus(Lookup(""))->outcome, Outcome::kNotFound);
  http->Answer(500, ReadFixture("pix", "envio_error_aplicacao.json"));
  auto down = pix.GetPayoutStatus(Lookup(""));
  EXPECT_EQ(down->outcome, Outcome::kPending);
  EXPECT_TRUE(down->ambiguous);
  http->Fail(HttpResult::Kind::kAmbiguous, "read timeout");
  EXPECT_TRUE(pix.GetPayoutStatus(Lookup(""))->ambiguous);
}

ProviderConfig Config(std::map<std::string, std::string> settings) {
  ProviderConfig c;
  c.id = "pix";
  c.kind = "pix";
  c.base_url = "https://pix.efi.test/v2";
  c.api_key = Secret("tok");
  c.settings = std::move(settings);
  c.settings["pix_key"] = "19974764017";
  return c;
}

TEST(PixPayoutSettingsTest, WithoutPayoutBaseUrlPayoutsRefuseClearly) {
  auto pix = MakePixProvider(Config({}));
  ASSERT_TRUE(pix.ok()) << pix.status().ToString();
  auto r = (*pix)->Payout(Request());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.status().ToString().find("payout_base_url"), std::string::npos);
  EXPECT_EQ((*pix)
                ->GetPayoutStatus(PayoutStatusRequest{.payout_id = "pyt_123", .amount = Brl(1)})
                .status()
                .code(),
            ErrorCode::kFailedPrecondition);
}

TEST(PixPayoutSettingsTest, PayoutBaseUrlIsCheckedAndAdmittedByTheKind) {
  EXPECT_EQ(
      MakePixProvider(Config({{"payout_base_url", "pix.api.efipay.com.br"}})).status().param(),
      "settings.payout_base_url");
  EXPECT_TRUE(
      MakePixProvider(Config({{"payout_base_url", "https://pix.api.efipay.com.br/"}})).ok());
  ProviderRegistry registry = ProviderRegistry::WithBuiltins();
  EXPECT_TRUE(registry.CheckConfig(Config({{"payout_base_url", "https://pix.efi.test"}})).ok());
  EXPECT_FALSE(registry.CheckConfig(Config({{"payouts_base_url", "https://pix.efi.test"}})).ok());
}

}  // namespace
}  // namespace mg::providers::pix
