#include "gateway/store/request_fingerprint.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <memory>
#include <vector>

#include "hex.h"

namespace mg::store {
namespace {

void AppendCanonical(const boost::json::value& value, std::string* out) {
  switch (value.kind()) {
    case boost::json::kind::object: {
      const boost::json::object& object = value.get_object();
      std::vector<const boost::json::key_value_pair*> members;
      members.reserve(object.size());
      for (const auto& member : object) members.push_back(&member);
      std::sort(members.begin(), members.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out->push_back('{');
      for (size_t i = 0; i < members.size(); ++i) {
        if (i > 0) out->push_back(',');
        out->append(boost::json::serialize(boost::json::string(members[i]->key())));
        out->push_back(':');
        AppendCanonical(members[i]->value(), out);
      }
      out->push_back('}');
      return;
    }
    case boost::json::kind::array: {
      out->push_back('[');
      bool first = true;
      for (const boost::json::value& element : value.get_array()) {
        if (!first) out->push_back(',');
        first = false;
        AppendCanonical(element, out);
      }
      out->push_back(']');
      return;
    }
    default:
      out->append(boost::json::serialize(value));
  }
}

}  // namespace

Result<std::string> CanonicalJson(std::string_view json) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(json, error);
  if (error) return InvalidArgument("request body is not JSON: " + error.message());
  std::string out;
  out.reserve(json.size());
  AppendCanonical(value, &out);
  return out;
}

Result<std::string> RequestFingerprint(std::string_view method, std::string_view path,
                                       std::string_view json_body) {
  std::string body;
  if (!json_body.empty()) {
    MG_ASSIGN_OR_RETURN(body, CanonicalJson(json_body));
  }
  // Method and path never contain a newline, so the separators keep the
  // three parts apart.
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest;
  unsigned int digest_size = 0;
  if (context == nullptr || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), method.data(), method.size()) != 1 ||
      EVP_DigestUpdate(context.get(), "\n", 1) != 1 ||
      EVP_DigestUpdate(context.get(), path.data(), path.size()) != 1 ||
      EVP_DigestUpdate(context.get(), "\n", 1) != 1 ||
      EVP_DigestUpdate(context.get(), body.data(), body.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest.data(), &digest_size) != 1) {
    return Status(ErrorCode::kInternal, "SHA-256 failed");
  }
  std::string hex;
  hex.reserve(2 * digest_size);
  AppendLowerHex(std::span<const unsigned char>(digest.data(), digest_size), &hex);
  return hex;
}

}  // namespace mg::store
