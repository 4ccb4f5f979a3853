// Reads recorded wire fixtures from tests/gateway/providers/<name>/fixtures.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "gateway/outbound/http_client.h"

namespace mg::providers::testing {

inline std::string ReadFixture(const std::string& provider, const std::string& name) {
  const char* root = std::getenv("MG_SOURCE_DIR");
  std::string dir = root ? root : MG_SOURCE_DIR;
  std::ifstream in(dir + "/tests/gateway/providers/" + provider + "/fixtures/" + name);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline outbound::HttpResponse Recorded(const std::string& provider, const std::string& name,
                                       int status, outbound::HttpHeaders headers = {}) {
  outbound::HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = ReadFixture(provider, name);
  return r;
}

}  // namespace mg::providers::testing
