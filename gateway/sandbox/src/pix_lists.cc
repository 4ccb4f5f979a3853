// API Pix listings for audits: GET /cob (charges created in [inicio, fim])
// and GET /pix (Pix received in [inicio, fim], with their devoluções), paged
// with paginacao.paginaAtual / paginacao.itensPorPagina, oldest first; and
// GET /pix/{e2eid}.
#include "emulator_util.h"
#include "pix_internal.h"

namespace mg::sandbox::pix_emulator {
namespace {

struct Window {
  std::string inicio, fim;  // as given, echoed in parametros
  int64_t from = 0, to = 0;
  int64_t page = 0, per_page = 100;
  std::map<std::string, std::string> form;
};

// nullopt and `error` set when the parameters do not respect the schema.
std::optional<Window> ParseWindow(const SandboxRequest& req, const std::string& problem,
                                  SandboxResponse* error) {
  Window w;
  w.form = ParseForm(req.query);
  w.inicio = w.form["inicio"];
  w.fim = w.form["fim"];
  std::optional<int64_t> from = ParseRfc3339(w.inicio);
  std::optional<int64_t> to = ParseRfc3339(w.fim);
  if (!from || !to || *to < *from) {
    *error = Problem(400, problem, "inicio and fim are required RFC 3339 times, fim >= inicio");
    return std::nullopt;
  }
  w.from = *from;
  w.to = *to;
  if (auto it = w.form.find("paginacao.paginaAtual"); it != w.form.end()) {
    std::optional<int64_t> page = ParseCount(it->second);
    if (!page) {
      *error = Problem(400, problem, "paginacao.paginaAtual must be an integer >= 0");
      return std::nullopt;
    }
    w.page = *page;
  }
  if (auto it = w.form.find("paginacao.itensPorPagina"); it != w.form.end()) {
    std::optional<int64_t> per_page = ParseCount(it->second);
    if (!per_page || *per_page < 1 || *per_page > 1000) {
      *error = Problem(400, problem, "paginacao.itensPorPagina must be within 1..1000");
      return std::nullopt;
    }
    w.per_page = *per_page;
  }
  return w;
}

// {"parametros": {inicio, fim, paginacao}, <field>: [the page of items]}.
SandboxResponse Page(const Window& w, const std::string& field, const json::array& items) {
  int64_t total = static_cast<int64_t>(items.size());
  int64_t pages = std::max<int64_t>(1, (total + w.per_page - 1) / w.per_page);
  json::array page;
  for (int64_t i = w.page * w.per_page; i < total && i < (w.page + 1) * w.per_page; ++i) {
    page.push_back(items[static_cast<std::size_t>(i)]);
  }
  json::object parametros{{"inicio", w.inicio},
                          {"fim", w.fim},
                          {"paginacao", json::object{{"paginaAtual", w.page},
                                                     {"itensPorPagina", w.per_page},
                                                     {"quantidadeDePaginas", pages},
                                                     {"quantidadeTotalDeItens", total}}}};
  return JsonResponse(
      200, json::serialize(json::object{{"parametros", parametros}, {field, std::move(page)}}));
}

}  // namespace

SandboxResponse ListCobs(const SandboxRequest& req, EmulatorContext& ctx) {
  SandboxResponse error;
  std::optional<Window> w = ParseWindow(req, "CobConsultaInvalida", &error);
  if (!w) return error;
  std::string status = w->form["status"];
  json::array cobs;
  ctx.ledger.Visit(false, [&](const Charge& c) {
    if (c.provider == "pix" && c.created >= w->from && c.created <= w->to &&
        (status.empty() || c.status == status)) {
      cobs.push_back(CobJson(c));
    }
    return true;
  });
  return Page(*w, "cobs", cobs);
}

SandboxResponse ListPix(const SandboxRequest& req, EmulatorContext& ctx) {
  SandboxResponse error;
  std::optional<Window> w = ParseWindow(req, "PixConsultaInvalida", &error);
  if (!w) return error;
  json::array pix;
  ctx.ledger.Visit(false, [&](const Charge& c) {
    auto paid = c.extra.find("paid_unix");
    if (c.provider != "pix" || paid == c.extra.end()) return true;
    int64_t at = std::stoll(paid->second);
    if (at >= w->from && at <= w->to) pix.push_back(PixJson(c));
    return true;
  });
  return Page(*w, "pix", pix);
}

SandboxResponse GetPix(const std::string& e2e, EmulatorContext& ctx) {
  std::optional<Charge> c = ctx.ledger.GetByAlias(e2e);
  if (!c) return Problem(404, "PixNaoEncontrado", "no Pix with that endToEndId");
  return JsonResponse(200, json::serialize(PixJson(*c)));
}

}  // namespace mg::sandbox::pix_emulator
