#include "gateway/http/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace mg::http {
namespace {

namespace ssl = boost::asio::ssl;

// OpenSSL's most recent error for this thread, then clears the queue.
std::string OpenSslReason() {
  unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof(buffer));
  return buffer;
}

Status TlsError(const std::string& what, const std::string& reason) {
  return InvalidArgument("TLS: " + what + ": " + reason);
}

}  // namespace

Result<std::shared_ptr<ssl::context>> MakeServerTlsContext(const std::string& cert_file,
                                                           const std::string& key_file) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(native, TLS1_3_VERSION) != 1) {
    return TlsError("cannot restrict protocol versions", OpenSslReason());
  }
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                  SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_SINGLE_ECDH_USE);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    return TlsError("cannot set the TLS 1.2 cipher list", OpenSslReason());
  }
  boost::system::error_code ec;
  context->use_certificate_chain_file(cert_file, ec);
  if (ec) return TlsError("cannot load certificate " + cert_file, ec.message());
  context->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) return TlsError("cannot load private key " + key_file, ec.message());
  if (SSL_CTX_check_private_key(native) != 1) {
    return TlsError("private key " + key_file + " does not match certificate " + cert_file,
                    OpenSslReason());
  }
  return context;
}

}  // namespace mg::http
