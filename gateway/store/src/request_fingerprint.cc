#include "gateway/store/request_fingerprint.h"

#include <algorithm>
#include <boost/json.hpp>
#include <vector>

#include "base/crypto.h"

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
  Sha256Hasher hasher;
  hasher.Update(method).Update("\n").Update(path).Update("\n").Update(body);
  return HexEncode(hasher.Finish());
}

}  // namespace mg::store
