#include "pix/pix_transformers.h"

#include <gtest/gtest.h>

#include "fixture.h"
#include "gateway/providers/json_fields.h"

namespace mg::providers::pix {
namespace {

using testing::Recorded;
namespace jf = json_fields;

Money Brl(int64_t cents) { return Money(cents, *CurrencyCode::Parse("BRL")); }

const PixAccount kAccount{"https://pix.example.test/api/v2", "7d9f0335-8dcc-4054-9bf9-0dbd61d36906",
                          3600};

TEST(PixTxidTest, DeterministicAndValid) {
  std::string key = DeriveIdempotencyKey("pur_123", 0, Operation::kAuthorize);
  std::string txid = TxidFor(key);
  EXPECT_EQ(txid, TxidFor(key));
  EXPECT_NE(txid, TxidFor(DeriveIdempotencyKey("pur_123", 1, Operation::kAuthorize)));
  EXPECT_TRUE(IsValidTxid(txid));
  EXPECT_FALSE(IsValidTxid("short"));
  EXPECT_FALSE(IsValidTxid("7978c0c97ea847e78e8849634473c1f1-"));
  EXPECT_FALSE(IsValidTxid(std::string(36, 'a')));
}

TEST(PixRequestTest, PutCobWithValorString) {
  AuthorizeRequest r{.purchase_id = "pur_123", .amount = Brl(12345)};
  r.payment_method = "pix";
  r.description = "Coin pack 1000";
  r.payer.tax_id = "12345678909";
  r.payer.name = "Francisco da Silva";
  r.idempotency_key = DeriveIdempotencyKey("pur_123", 0, Operation::kAuthorize);
  auto req = BuildCreateCob(kAccount, r);
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(req->method, "PUT");
  EXPECT_EQ(req->url, "https://pix.example.test/api/v2/cob/" + TxidFor(r.idempotency_key));
  boost::json::object b = jf::Parse(req->body)->as_object();
  EXPECT_EQ(jf::String(*jf::Object(b, "valor"), "original"), "123.45");
  EXPECT_EQ(*jf::Int(*jf::Object(b, "calendario"), "expiracao"), 3600);
  EXPECT_EQ(jf::String(b, "chave"), kAccount.pix_key);
  EXPECT_EQ(jf::String(*jf::Object(b, "devedor"), "cpf"), "12345678909");
  EXPECT_EQ(jf::String(b, "solicitacaoPagador"), "Coin pack 1000");
  EXPECT_EQ(*FormatValor(Brl(5)), "0.05");
  EXPECT_FALSE(FormatValor(Money(100, *CurrencyCode::Parse("USD"))).ok());
}

TEST(PixResponseTest, AtivaIsPendingWithCopyPasteAndExpiry) {
  PaymentResult r = MapCobResponse("pix", Recorded("pix", "cob_ativa.json", 201));
  EXPECT_EQ(r.outcome, Outcome::kPending);
  EXPECT_EQ(r.provider_reference, "7978c0c97ea847e78e8849634473c1f1");
  ASSERT_TRUE(r.pending.has_value());
  EXPECT_EQ(r.pending->pix_copy_paste.rfind("000201", 0), 0u);
  EXPECT_EQ(r.pending->location, "pix.example.com/qr/v2/9d36b84fc70b478fb95c12729b90ca25");
  ASSERT_TRUE(r.pending->expires_at.has_value());
  EXPECT_EQ(*r.pending->expires_at, *ParseRfc3339("2026-11-25T13:00:00Z"));
}

TEST(PixResponseTest, Statuses) {
  EXPECT_EQ(MapCobResponse("pix", Recorded("pix", "cob_concluida.json", 200)).outcome,
            Outcome::kApproved);
  EXPECT_EQ(PaidEndToEndId(Recorded("pix", "cob_concluida.json", 200)),
            "E12345678202611251200abcdef12345");
  EXPECT_EQ(MapCobResponse("pix", Recorded("pix", "cob_removida_recebedor.json", 200)).outcome,
            Outcome::kDeclined);
  EXPECT_EQ(MapCobResponse("pix", Recorded("pix", "cob_removida_psp.json", 200)).outcome,
            Outcome::kDeclined);
  EXPECT_EQ(MapCobResponse("pix", Recorded("pix", "cob_unknown_status.json", 200)).outcome,
            Outcome::kPending);
  EXPECT_EQ(MapCobResponse("pix", Recorded("pix", "problem_not_found.json", 404)).outcome,
            Outcome::kNotFound);
  PaymentResult invalid = MapCobResponse("pix", Recorded("pix", "problem_invalid.json", 400));
  EXPECT_EQ(invalid.outcome, Outcome::kFatalError);
  EXPECT_EQ(invalid.provider_code, "CobOperacaoInvalida");
  PaymentResult unavailable =
      MapCobResponse("pix", Recorded("pix", "problem_unavailable.json", 503));
  EXPECT_EQ(unavailable.outcome, Outcome::kPending);  // may have created the cob
  EXPECT_TRUE(unavailable.ambiguous);
}

TEST(PixResponseTest, Refunds) {
  EXPECT_EQ(MapRefundResponse("pix", Recorded("pix", "devolucao_devolvido.json", 201)).outcome,
            Outcome::kApproved);
  EXPECT_EQ(
      MapRefundResponse("pix", Recorded("pix", "devolucao_em_processamento.json", 201)).outcome,
      Outcome::kPending);
  EXPECT_EQ(MapRefundResponse("pix", Recorded("pix", "devolucao_nao_realizado.json", 201)).outcome,
            Outcome::kDeclined);
}

TEST(PixTimeTest, Rfc3339Offsets) {
  EXPECT_EQ(*ParseRfc3339("2026-11-25T12:00:00-03:00"), *ParseRfc3339("2026-11-25T15:00:00Z"));
  EXPECT_EQ(*ParseRfc3339("2026-11-25T12:00:00.123Z"), *ParseRfc3339("2026-11-25T12:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-11-25 12:00").has_value());
  EXPECT_FALSE(ParseRfc3339("2026-13-01T00:00:00Z").has_value());
}

}  // namespace
}  // namespace mg::providers::pix
