#include "gateway/http/tls.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <fstream>

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

// Resumed sessions keep the client certificate they were verified with; the
// context needs an id for them (OpenSSL refuses to resume without one).
constexpr unsigned char kSessionIdContext[] = "marketgate-mtls";

std::string SubjectOf(const X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr) return "";
  X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string out(data, size > 0 ? static_cast<size_t>(size) : 0);
  BIO_free(bio);
  return out;
}

std::string CommonNameOf(const X509* cert) {
  const X509_NAME* name = X509_get_subject_name(cert);
  int index = -1;
  for (int next = -1; (next = X509_NAME_get_index_by_NID(name, NID_commonName, next)) >= 0;) {
    index = next;
  }
  if (index < 0) return "";
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)),
                     static_cast<size_t>(ASN1_STRING_length(data)));
}

std::vector<std::string> DnsNamesOf(const X509* cert) {
  std::vector<std::string> out;
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type != GEN_DNS) continue;
    const ASN1_STRING* dns = name->d.dNSName;
    out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                     static_cast<size_t>(ASN1_STRING_length(dns)));
  }
  GENERAL_NAMES_free(names);
  return out;
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

Result<std::shared_ptr<ssl::context>> MakeMutualTlsServerContext(
    const std::string& cert_file, const std::string& key_file, const std::string& client_ca_file) {
  MG_ASSIGN_OR_RETURN(std::shared_ptr<ssl::context> context,
                      MakeServerTlsContext(cert_file, key_file));
  SSL_CTX* native = context->native_handle();
  if (!std::ifstream(client_ca_file)) {
    return TlsError("cannot read client CA file " + client_ca_file, "no such readable file");
  }
  if (SSL_CTX_load_verify_locations(native, client_ca_file.c_str(), nullptr) != 1) {
    return TlsError("cannot load client CA file " + client_ca_file, OpenSslReason());
  }
  // The CA names the server asks for, so that a client holding several
  // certificates picks the right one.
  STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(client_ca_file.c_str());
  if (names == nullptr || sk_X509_NAME_num(names) == 0) {
    if (names != nullptr) sk_X509_NAME_pop_free(names, X509_NAME_free);
    return TlsError("client CA file " + client_ca_file + " holds no certificate", OpenSslReason());
  }
  SSL_CTX_set_client_CA_list(native, names);  // takes ownership
  SSL_CTX_set_verify(native, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  if (SSL_CTX_set_session_id_context(native, kSessionIdContext, sizeof(kSessionIdContext) - 1) !=
      1) {
    return TlsError("cannot set the session id context", OpenSslReason());
  }
  ERR_clear_error();
  return context;
}

std::shared_ptr<const ClientCertificate> VerifiedClientCertificate(const SSL* ssl) {
  if (ssl == nullptr) return nullptr;
  const X509* cert = SSL_get0_peer_certificate(ssl);
  if (cert == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return nullptr;
  auto out = std::make_shared<ClientCertificate>();
  out->subject = SubjectOf(cert);
  out->common_name = CommonNameOf(cert);
  out->dns_names = DnsNamesOf(cert);
  return out;
}

}  // namespace mg::http
