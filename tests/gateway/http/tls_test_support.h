// Test support for mutual TLS: a throwaway PKI made with OpenSSL's API in a
// temporary directory (CAs and the certificates they issue, EC P-256, valid
// for a day), and a blocking TLS client that may present a certificate.
// Nothing here is committed key material: every key is generated per test.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gateway/http/request.h"

namespace mg::http::testing {

// A temporary directory that holds a test's keys and certificates; removed
// with the object.
class TestPki {
 public:
  TestPki();
  ~TestPki();
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  struct Ca {
    std::string cert_file;  // the CA's certificate, PEM
    std::shared_ptr<EVP_PKEY> key;
    std::shared_ptr<X509> cert;
  };
  struct Issued {
    std::string cert_file;  // PEM, leaf only
    std::string key_file;   // PEM, unencrypted
  };

  // A self-signed CA named CN=`name`.
  Ca MakeCa(const std::string& name);
  // A certificate issued by `ca` with CN=`common_name` and the
  // subjectAltName `san` ("DNS:psp.example,IP:127.0.0.1"; "": none).
  // `valid_days` < 0 makes one that has already expired.
  Issued Issue(const Ca& ca, const std::string& common_name, const std::string& san,
               int valid_days = 1);

  const std::string& dir() const { return dir_; }
  // A path in the directory (no file is made).
  std::string PathOf(const std::string& name) const { return dir_ + "/" + name; }
  // Writes `text` to a file in the directory; returns its path.
  std::string WriteFile(const std::string& name, const std::string& text) const;

 private:
  std::string dir_;
  int serial_ = 1;
};

// One request over TLS to 127.0.0.1:`port`, trusting `server_ca` for the
// server's certificate and presenting `client` when given.
struct TlsExchange {
  bool handshake_ok = false;
  std::string error;  // the first failure: handshake, write or read
  std::optional<RawResponse> response;
};
TlsExchange ExchangeOverTls(unsigned short port, const std::string& server_ca,
                            const std::optional<TestPki::Issued>& client, RawRequest request,
                            int max_tls_version = 0);

}  // namespace mg::http::testing
