// TLS for the listeners: OpenSSL through asio::ssl::context.
//
// Policy: TLS 1.2 and 1.3 only (SSL_CTX_set_min_proto_version); for TLS 1.2
// only ECDHE key exchange with AEAD ciphers (AES-GCM, ChaCha20-Poly1305); TLS
// 1.3 uses OpenSSL's default suites, all AEAD; no compression, no
// renegotiation, the server's cipher preference. The certificate file may hold
// a chain (leaf first); the key must match the certificate.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "base/status.h"

namespace mg::http {

inline constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// Errors (kInvalidArgument): unreadable or malformed certificate or key, a key
// that does not match the certificate; the message names the file and
// OpenSSL's reason.
Result<std::shared_ptr<boost::asio::ssl::context>> MakeServerTlsContext(
    const std::string& cert_file, const std::string& key_file);

}  // namespace mg::http
