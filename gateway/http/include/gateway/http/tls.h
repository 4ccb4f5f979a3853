// TLS for the listeners: OpenSSL through asio::ssl::context.
//
// Policy: TLS 1.2 and 1.3 only (SSL_CTX_set_min_proto_version); for TLS 1.2
// only ECDHE key exchange with AEAD ciphers (AES-GCM, ChaCha20-Poly1305); TLS
// 1.3 uses OpenSSL's default suites, all AEAD; no compression, no
// renegotiation, the server's cipher preference. The certificate file may hold
// a chain (leaf first); the key must match the certificate.
//
// Mutual TLS (the webhook listener, for API Pix PSPs): the same policy, and
// the handshake requires a client certificate that chains to the client CA
// (SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT). A client without one,
// or with one from another CA, an expired one or one not yet valid, is
// refused during the handshake: it never sends a request.
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "base/status.h"
#include "gateway/http/request.h"

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

// The server context above that also requires and verifies a client
// certificate against the PEM certificates in `client_ca_file` (one CA or a
// chain: every certificate in it is trusted as an issuer, and its subjects
// are the acceptable CA names sent to the client). Errors (kInvalidArgument):
// those of MakeServerTlsContext, and a client CA file that cannot be read or
// holds no certificate, naming the file.
Result<std::shared_ptr<boost::asio::ssl::context>> MakeMutualTlsServerContext(
    const std::string& cert_file, const std::string& key_file, const std::string& client_ca_file);

// The client certificate of a finished handshake, when the peer sent one and
// it verified; null otherwise (plain TLS listeners never ask for one).
std::shared_ptr<const ClientCertificate> VerifiedClientCertificate(const SSL* ssl);

}  // namespace mg::http
