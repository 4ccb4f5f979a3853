#include "tls_test_support.h"

#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace mg::http::testing {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;

void WritePem(const std::string& file, X509* cert) {
  FILE* out = std::fopen(file.c_str(), "w");
  PEM_write_X509(out, cert);
  std::fclose(out);
}

void WriteKey(const std::string& file, EVP_PKEY* key) {
  FILE* out = std::fopen(file.c_str(), "w");
  PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(out);
}

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

X509* NewCertificate(EVP_PKEY* key, const std::string& common_name, int serial, int valid_days) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  const long day = 24 * 3600;
  if (valid_days < 0) {
    X509_gmtime_adj(X509_getm_notBefore(cert), 2 * valid_days * day);
    X509_gmtime_adj(X509_getm_notAfter(cert), valid_days * day);
  } else {
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), valid_days * day);
  }
  X509_set_pubkey(cert, key);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("marketgate tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  return cert;
}

}  // namespace

TestPki::TestPki() {
  std::string dir = (std::filesystem::temp_directory_path() / "mg-pki-XXXXXX").string();
  if (mkdtemp(dir.data()) != nullptr) dir_ = dir;
}

TestPki::~TestPki() {
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
}

TestPki::Ca TestPki::MakeCa(const std::string& name) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = NewCertificate(key, name, serial_++, 1);
  X509_set_issuer_name(cert, X509_get_subject_name(cert));
  AddExtension(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  X509_sign(cert, key, EVP_sha256());
  Ca ca;
  ca.cert_file = PathOf(name + "-ca.pem");
  WritePem(ca.cert_file, cert);
  ca.key.reset(key, EVP_PKEY_free);
  ca.cert.reset(cert, X509_free);
  return ca;
}

TestPki::Issued TestPki::Issue(const Ca& ca, const std::string& common_name, const std::string& san,
                               int valid_days) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  const int serial = serial_++;
  X509* cert = NewCertificate(key, common_name, serial, valid_days);
  X509_set_issuer_name(cert, X509_get_subject_name(ca.cert.get()));
  AddExtension(cert, ca.cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  if (!san.empty()) AddExtension(cert, ca.cert.get(), NID_subject_alt_name, san.c_str());
  X509_sign(cert, ca.key.get(), EVP_sha256());
  Issued issued;
  const std::string stem = PathOf("leaf" + std::to_string(serial));
  issued.cert_file = stem + ".pem";
  issued.key_file = stem + "-key.pem";
  WritePem(issued.cert_file, cert);
  WriteKey(issued.key_file, key);
  X509_free(cert);
  EVP_PKEY_free(key);
  return issued;
}

std::string TestPki::WriteFile(const std::string& name, const std::string& text) const {
  std::string path = PathOf(name);
  std::ofstream(path) << text;
  return path;
}

TlsExchange ExchangeOverTls(unsigned short port, const std::string& server_ca,
                            const std::optional<TestPki::Issued>& client, RawRequest request,
                            int max_tls_version) {
  TlsExchange result;
  asio::io_context io;
  ssl::context context(ssl::context::tls_client);
  boost::system::error_code ec;
  context.load_verify_file(server_ca, ec);
  if (ec) {
    result.error = "server CA: " + ec.message();
    return result;
  }
  context.set_verify_mode(ssl::verify_peer);
  if (max_tls_version != 0) SSL_CTX_set_max_proto_version(context.native_handle(), max_tls_version);
  if (client) {
    context.use_certificate_chain_file(client->cert_file, ec);
    if (!ec) context.use_private_key_file(client->key_file, ssl::context::pem, ec);
    if (ec) {
      result.error = "client certificate: " + ec.message();
      return result;
    }
  }
  ssl::stream<tcp::socket> stream(io, context);
  stream.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) {
    result.error = "connect: " + ec.message();
    return result;
  }
  // A server that neither answers nor closes must not hang the test.
  timeval timeout{10, 0};
  setsockopt(stream.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout,
             sizeof(timeout));
  stream.handshake(ssl::stream_base::client, ec);
  if (ec) {
    result.error = "handshake: " + ec.message();
    return result;
  }
  result.handshake_ok = true;
  request.set(boost::beast::http::field::host, "127.0.0.1");
  request.prepare_payload();
  boost::beast::http::write(stream, request, ec);
  if (ec) {
    result.error = "write: " + ec.message();
    return result;
  }
  boost::beast::flat_buffer buffer;
  RawResponse response;
  boost::beast::http::read(stream, buffer, response, ec);
  if (ec) {
    result.error = "read: " + ec.message();
    return result;
  }
  result.response = std::move(response);
  return result;
}

}  // namespace mg::http::testing
