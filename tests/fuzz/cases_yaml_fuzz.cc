// Fuzzes the compliance case loader (regions/markets/XX.cases.yaml) on one
// file's text: YAML parsing, the strict reading of every case, its request
// (the YAML form of a QuoteRequest) and its expectations.
#include <cstdint>
#include <string>
#include <string_view>

#include "compliance/reporting/cases.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string kFile = std::string(MG_SOURCE_DIR) + "/regions/markets/DE.cases.yaml";
  mg::ErrorSink sink;
  (void)mg::compliance::ParseCaseFile(
      kFile, std::string_view(reinterpret_cast<const char*>(data), size), sink);
  return 0;
}
