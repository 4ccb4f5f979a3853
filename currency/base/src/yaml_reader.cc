#include "base/yaml_reader.h"

#include <atomic>
#include <fstream>
#include <sstream>

namespace mg {
namespace {

// Atomic so that a test installing it never races a loader on another thread.
std::atomic<FieldRecorder*> g_recorder{nullptr};

bool Recording() { return g_recorder.load(std::memory_order_relaxed) != nullptr; }

std::string JoinShape(const std::string& shape, const std::string& part) {
  return shape.empty() ? part : shape + "." + part;
}

std::string JoinKnown(const std::set<std::string>& known) {
  std::string out;
  for (const auto& k : known) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

const char* NodeTypeName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Undefined:
      return "nothing";
  }
  return "nothing";
}

}  // namespace

FieldRecorder* SetFieldRecorder(FieldRecorder* recorder) { return g_recorder.exchange(recorder); }

NodeContext NodeContext::Child(const std::string& key) const {
  return NodeContext{file, path.empty() ? key : path + "." + key, sink,
                     Recording() ? JoinShape(shape, key) : std::string()};
}

NodeContext NodeContext::Index(size_t i) const {
  return NodeContext{file, path + "[" + std::to_string(i) + "]", sink,
                     Recording() ? shape + "[]" : std::string()};
}

NodeContext NodeContext::Entry(const std::string& key) const {
  return NodeContext{file, path.empty() ? key : path + "." + key, sink,
                     Recording() ? JoinShape(shape, "{}") : std::string()};
}

void NodeContext::Error(const YAML::Node& node, const std::string& message) const {
  LoadError error;
  error.file = *file;
  if (node.IsDefined() && node.Mark().line >= 0) {
    error.line = node.Mark().line + 1;
    error.column = node.Mark().column + 1;
  }
  error.path = path;
  error.message = message;
  sink->Add(std::move(error));
}

FieldReader::FieldReader(const YAML::Node& node, NodeContext context)
    : node_(node), context_(std::move(context)) {
  if (!node.IsMap()) {
    context_.Error(node, std::string("expected a mapping, found ") + NodeTypeName(node));
    return;
  }
  valid_ = true;
  // yaml-cpp keeps both entries of a repeated key and a lookup sees only one:
  // a second `rules:` pasted at the end of a market file would silently hide
  // the first. YAML forbids it (1.2, section 3.2.1.1); say where.
  fields_.reserve(node.size());
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) continue;
    const std::string& key = entry.first.Scalar();
    if (const Field* first = Find(key)) {
      context_.Child(key).Error(entry.first, "duplicate key '" + key + "' (first at line " +
                                                 std::to_string(first->line) + ")");
      continue;
    }
    fields_.push_back(Field{key, entry.first.Mark().line + 1, entry.second});
  }
}

const FieldReader::Field* FieldReader::Find(const std::string& key) const {
  for (const Field& field : fields_) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

void FieldReader::Know(const std::string& key) {
  known_.insert(key);
  if (FieldRecorder* recorder = g_recorder.load(std::memory_order_relaxed)) [[unlikely]] {
    static const std::string kNoFile;
    recorder->Record(context_.file ? *context_.file : kNoFile, context_.shape, key);
  }
}

YAML::Node FieldReader::Get(const std::string& key) {
  Know(key);
  const Field* field = Find(key);
  return field != nullptr ? field->value : YAML::Node(YAML::NodeType::Undefined);
}

bool FieldReader::Has(const std::string& key) const {
  const Field* field = Find(key);
  return field != nullptr && field->value.IsDefined();
}

std::optional<std::string> FieldReader::OptionalString(const std::string& key) {
  YAML::Node value = Get(key);
  if (!value.IsDefined()) return std::nullopt;
  if (!value.IsScalar()) {
    context_.Child(key).Error(value,
                              std::string("expected a string, found ") + NodeTypeName(value));
    return std::nullopt;
  }
  return value.Scalar();
}

std::optional<std::string> FieldReader::RequiredString(const std::string& key) {
  if (valid_ && !Has(key)) {
    Know(key);
    context_.Child(key).Error(node_, "required field '" + key + "' is missing");
    return std::nullopt;
  }
  return OptionalString(key);
}

std::optional<int64_t> FieldReader::OptionalInt(const std::string& key) {
  YAML::Node value = Get(key);
  if (!value.IsDefined()) return std::nullopt;
  if (value.IsScalar()) {
    const std::string& text = value.Scalar();
    size_t i = (!text.empty() && text[0] == '-') ? 1 : 0;
    bool digits = i < text.size() && text.size() - i <= 18;
    for (size_t j = i; j < text.size() && digits; ++j) digits = text[j] >= '0' && text[j] <= '9';
    if (digits) return std::stoll(text);
  }
  context_.Child(key).Error(value, "expected an integer, found '" +
                                       (value.IsScalar() ? value.Scalar() : NodeTypeName(value)) +
                                       "'");
  return std::nullopt;
}

std::optional<int64_t> FieldReader::RequiredInt(const std::string& key) {
  if (valid_ && !Has(key)) {
    Know(key);
    context_.Child(key).Error(node_, "required field '" + key + "' is missing");
    return std::nullopt;
  }
  return OptionalInt(key);
}

std::optional<bool> FieldReader::OptionalBool(const std::string& key) {
  YAML::Node value = Get(key);
  if (!value.IsDefined()) return std::nullopt;
  if (value.IsScalar()) {
    const std::string& text = value.Scalar();
    if (text == "true") return true;
    if (text == "false") return false;
  }
  context_.Child(key).Error(value, "expected true or false");
  return std::nullopt;
}

std::optional<std::string> FieldReader::OptionalEnum(const std::string& key,
                                                     const std::vector<std::string>& allowed) {
  std::optional<std::string> value = OptionalString(key);
  if (!value) return std::nullopt;
  for (const auto& a : allowed) {
    if (*value == a) return value;
  }
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  context_.Child(key).Error(Get(key), "unknown value '" + *value + "'; expected one of: " + list);
  return std::nullopt;
}

std::optional<std::string> FieldReader::RequiredEnum(const std::string& key,
                                                     const std::vector<std::string>& allowed) {
  if (valid_ && !Has(key)) {
    Know(key);
    context_.Child(key).Error(node_, "required field '" + key + "' is missing");
    return std::nullopt;
  }
  return OptionalEnum(key, allowed);
}

std::optional<std::vector<std::string>> FieldReader::OptionalStringList(const std::string& key) {
  YAML::Node value = Get(key);
  if (!value.IsDefined()) return std::nullopt;
  if (!value.IsSequence()) {
    context_.Child(key).Error(value, std::string("expected a list, found ") + NodeTypeName(value));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (size_t i = 0; i < value.size(); ++i) {
    if (!value[i].IsScalar()) {
      context_.Child(key).Index(i).Error(value[i], "expected a string");
      ok = false;
      continue;
    }
    out.push_back(value[i].Scalar());
  }
  if (!ok) return std::nullopt;
  return out;
}

bool FieldReader::ForEachItem(const std::string& key,
                              const std::function<void(const YAML::Node&, NodeContext)>& each,
                              bool required) {
  YAML::Node value = Get(key);
  if (!value.IsDefined()) {
    if (required && valid_)
      context_.Child(key).Error(node_, "required field '" + key + "' is missing");
    return false;
  }
  if (!value.IsSequence()) {
    context_.Child(key).Error(value, std::string("expected a list, found ") + NodeTypeName(value));
    return false;
  }
  NodeContext list_context = context_.Child(key);
  for (size_t i = 0; i < value.size(); ++i) each(value[i], list_context.Index(i));
  return true;
}

bool FieldReader::ForEachEntry(
    const std::string& key,
    const std::function<void(const std::string&, const YAML::Node&, NodeContext)>& each,
    bool required) {
  YAML::Node value = Get(key);
  if (!value.IsDefined()) {
    if (required && valid_)
      context_.Child(key).Error(node_, "required field '" + key + "' is missing");
    return false;
  }
  if (!value.IsMap()) {
    context_.Child(key).Error(value,
                              std::string("expected a mapping, found ") + NodeTypeName(value));
    return false;
  }
  NodeContext map_context = context_.Child(key);
  for (const auto& entry : value) {
    std::string name = entry.first.Scalar();
    each(name, entry.second, map_context.Entry(name));
  }
  return true;
}

void FieldReader::Finish() {
  if (!valid_) return;
  for (const auto& entry : node_) {
    std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "?";
    if (known_.count(key)) continue;
    context_.Child(key).Error(
        entry.first, "unknown field '" + key + "' (known fields: " + JoinKnown(known_) + ")");
  }
}

std::optional<YAML::Node> LoadYamlFile(const std::string& file, ErrorSink& sink) {
  std::ifstream in(file);
  if (!in) {
    sink.Add(LoadError{file, 0, 0, "", "cannot open file"});
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return LoadYamlText(file, text.str(), sink);
}

std::optional<YAML::Node> LoadYamlText(const std::string& file, const std::string& text,
                                       ErrorSink& sink) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    sink.Add(LoadError{file, e.mark.line + 1, e.mark.column + 1, "", e.msg});
    return std::nullopt;
  }
}

}  // namespace mg
