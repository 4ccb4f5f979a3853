// Why MoneyFormatter is built once: formatting with a cached formatter versus
// building one (ICU locale data, currency unit, pattern) for every call.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "currency/money_format.h"

namespace mg {
namespace {

CurrencyCode Eur() {
  Result<CurrencyCode> code = CurrencyCode::Parse("EUR");
  if (!code.ok()) std::abort();
  return *code;
}

void BM_FormatCached(benchmark::State& state) {
  Result<MoneyFormatter> formatter = MoneyFormatter::Create("de-DE", Eur());
  if (!formatter.ok()) {
    state.SkipWithError(formatter.status().ToString().c_str());
    return;
  }
  const Money amount(123456789, Eur());
  for (auto _ : state) {
    Result<std::string> text = formatter->Format(amount);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_FormatCached);

void BM_FormatBuildPerCall(benchmark::State& state) {
  const Money amount(123456789, Eur());
  for (auto _ : state) {
    Result<MoneyFormatter> formatter = MoneyFormatter::Create("de-DE", Eur());
    Result<std::string> text = formatter->Format(amount);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_FormatBuildPerCall);

}  // namespace
}  // namespace mg

BENCHMARK_MAIN();
