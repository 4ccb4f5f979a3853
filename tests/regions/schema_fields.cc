#include "schema_fields.h"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mg::testing {
namespace {

namespace json = boost::json;

std::string Join(const std::string& shape, const std::string& part) {
  return shape.empty() ? part : shape + "." + part;
}

class SchemaWalker {
 public:
  explicit SchemaWalker(const json::value& root) : root_(root) {}

  void Walk(const json::value& node, const std::string& shape) {
    const json::object* schema = node.if_object();
    if (schema == nullptr) return;  // `true` / `false` declare no fields
    if (const json::value* ref = schema->if_contains("$ref")) FollowRef(ref->as_string(), shape);
    // `if` only tests; `not` forbids: neither declares a field.
    for (const char* each : {"allOf", "anyOf", "oneOf"}) {
      if (const json::value* list = schema->if_contains(each)) {
        for (const json::value& branch : list->as_array()) Walk(branch, shape);
      }
    }
    for (const char* branch : {"then", "else"}) {
      if (const json::value* sub = schema->if_contains(branch)) Walk(*sub, shape);
    }
    if (const json::value* properties = schema->if_contains("properties")) {
      for (const auto& [key, sub] : properties->as_object()) {
        fields_.emplace(shape, std::string(key));
        Walk(sub, Join(shape, std::string(key)));
      }
    }
    if (const json::value* patterns = schema->if_contains("patternProperties")) {
      for (const auto& [pattern, sub] : patterns->as_object()) Walk(sub, Join(shape, "{}"));
    }
    if (const json::value* additional = schema->if_contains("additionalProperties")) {
      Walk(*additional, Join(shape, "{}"));
    }
    if (const json::value* items = schema->if_contains("items")) Walk(*items, shape + "[]");
  }

  FieldSet Take() { return std::move(fields_); }

 private:
  void FollowRef(json::string_view ref, const std::string& shape) {
    if (ref.empty() || ref[0] != '#') {
      throw std::runtime_error("only local $ref is supported: " + std::string(ref));
    }
    std::string pointer(ref.substr(1));
    if (!followed_.emplace(pointer, shape).second) return;  // a recursive schema
    Walk(root_.at_pointer(pointer), shape);
  }

  const json::value& root_;
  std::set<std::pair<std::string, std::string>> followed_;
  FieldSet fields_;
};

// The shape's first component after `prefix.` ("virtual_currency" in
// "tax.classes.virtual_currency[]"), or "" when `shape` is not below `prefix`.
std::string NextComponent(const std::string& shape, const std::string& prefix) {
  if (shape.size() <= prefix.size() + 1 || shape.compare(0, prefix.size(), prefix) != 0 ||
      shape[prefix.size()] != '.') {
    return "";
  }
  size_t begin = prefix.size() + 1;
  size_t end = shape.find_first_of(".[", begin);
  return shape.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace

json::value ReadJsonFile(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot open " + file);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

FieldSet SchemaFields(const json::value& schema, const std::string& pointer) {
  SchemaWalker walker(schema);
  walker.Walk(schema.at_pointer(pointer), "");
  return walker.Take();
}

RecordedFields::RecordedFields() : previous_(SetFieldRecorder(this)) {}

RecordedFields::~RecordedFields() { SetFieldRecorder(previous_); }

void RecordedFields::Record(const std::string& file, const std::string& shape,
                            const std::string& key) {
  by_file_[file].emplace(shape, key);
}

FieldSet RecordedFields::Of(const std::function<bool(const std::string&)>& which) const {
  FieldSet fields;
  for (const auto& [file, read] : by_file_) {
    if (which(file)) fields.insert(read.begin(), read.end());
  }
  return fields;
}

FoldedSchema FoldEntryMaps(const FieldSet& schema, const FieldSet& loader) {
  // Shapes the loader reads entry by entry, shortest first so that an outer
  // map is folded before the maps inside its entries.
  std::set<std::pair<size_t, std::string>> maps;
  for (const auto& [shape, key] : loader) {
    for (size_t at = shape.find("{}"); at != std::string::npos; at = shape.find("{}", at + 1)) {
      std::string map = shape.substr(0, at == 0 ? 0 : at - 1);
      maps.emplace(map.size(), map);
    }
  }
  FoldedSchema folded{schema, {}};
  for (const auto& [size, map] : maps) {
    FieldSet next;
    for (const auto& [shape, key] : folded.fields) {
      if (shape == map) {
        folded.entry_names[map].insert(key);
        continue;
      }
      std::string name = NextComponent(shape, map);
      if (name.empty() || name == "{}") {
        next.emplace(shape, key);
        continue;
      }
      next.emplace(Join(map, "{}") + shape.substr(map.size() + 1 + name.size()), key);
    }
    folded.fields = std::move(next);
  }
  return folded;
}

std::vector<std::string> Minus(const FieldSet& a, const FieldSet& b) {
  std::vector<std::string> lines;
  for (const auto& [shape, key] : a) {
    if (!b.count({shape, key})) lines.push_back((shape.empty() ? "(root)" : shape) + ": " + key);
  }
  return lines;
}

std::vector<std::string> SplitList(const std::string& list) {
  std::vector<std::string> items;
  for (size_t begin = 0; begin <= list.size();) {
    size_t end = list.find(", ", begin);
    items.push_back(list.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
    if (end == std::string::npos) break;
    begin = end + 2;
  }
  return items;
}

FieldSet AtShape(const FieldSet& fields, const std::string& shape) {
  FieldSet out;
  for (const auto& field : fields) {
    if (field.first == shape) out.insert(field);
  }
  return out;
}

FieldSet NotAtShape(const FieldSet& fields, const std::string& shape) {
  FieldSet out;
  for (const auto& field : fields) {
    if (field.first != shape) out.insert(field);
  }
  return out;
}

}  // namespace mg::testing
