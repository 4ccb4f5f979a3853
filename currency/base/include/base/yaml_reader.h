// Strict, typed reading of yaml-cpp nodes with precise errors.
//
// A FieldReader wraps one mapping node. Each Required/Optional call marks the
// key as known; Finish() reports every key that was never asked for, so a typo
// in a market file is an error, never silently ignored. Errors go to an
// ErrorSink with file, line, column and field path; reading goes on, so that
// all errors in a file are found in one pass.
//
// yaml-cpp throws on type conversion; all of that is caught here.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/load_error.h"

namespace mg {

// Where a node came from: the file and its field path.
struct NodeContext {
  const std::string* file;
  std::string path;
  ErrorSink* sink;
  // `path` with list indices as [] and map-entry keys as {}
  // ("subdivisions.{}.classes.{}[]"). Built only while a FieldRecorder is
  // installed; empty otherwise, so that ordinary loading does no extra work.
  std::string shape = {};

  NodeContext Child(const std::string& key) const;
  NodeContext Index(size_t i) const;
  // The child at a key that is data, not a field name (an entry of a map
  // such as tax.classes or subdivisions). Same path as Child().
  NodeContext Entry(const std::string& key) const;
  // Records an error at `node`'s position (or the file when `node` is null).
  void Error(const YAML::Node& node, const std::string& message) const;
};

// Sees every key a FieldReader asks for (and so accepts), with the shape of
// the mapping it belongs to. For the tests that compare the loaders with the
// JSON Schemas (tests/regions/schema_fields.h); never installed in the
// gateway.
class FieldRecorder {
 public:
  virtual ~FieldRecorder() = default;
  // `file` is the reader's file (empty when it has none).
  virtual void Record(const std::string& file, const std::string& shape,
                      const std::string& key) = 0;
};

// Installs `recorder` for the whole process (nullptr: none) and returns the
// one it replaces. Install it before loading and remove it after: calls come
// from the loading thread, and contexts made before have no shape.
FieldRecorder* SetFieldRecorder(FieldRecorder* recorder);

class FieldReader {
 public:
  // Reports an error (and reads nothing) when `node` is not a mapping.
  FieldReader(const YAML::Node& node, NodeContext context);

  bool valid() const { return valid_; }
  const NodeContext& context() const { return context_; }
  const YAML::Node& node() const { return node_; }

  // Marks `key` as known and returns its node, or an undefined node.
  YAML::Node Get(const std::string& key);
  bool Has(const std::string& key) const;

  // Scalars. On a missing required key or a wrong type: error + nullopt.
  std::optional<std::string> RequiredString(const std::string& key);
  std::optional<std::string> OptionalString(const std::string& key);
  std::optional<int64_t> RequiredInt(const std::string& key);
  std::optional<int64_t> OptionalInt(const std::string& key);
  std::optional<bool> OptionalBool(const std::string& key);
  // One of `allowed`; the error lists them.
  std::optional<std::string> RequiredEnum(const std::string& key,
                                          const std::vector<std::string>& allowed);
  std::optional<std::string> OptionalEnum(const std::string& key,
                                          const std::vector<std::string>& allowed);
  // A sequence of strings (a single scalar is an error, not a one-item list).
  std::optional<std::vector<std::string>> OptionalStringList(const std::string& key);

  // Calls `each` for every item of a sequence under `key` (error if not a
  // sequence). Missing key: nothing happens (returns false).
  bool ForEachItem(const std::string& key,
                   const std::function<void(const YAML::Node&, NodeContext)>& each,
                   bool required = false);
  // Calls `each` for every entry of a mapping under `key`.
  bool ForEachEntry(
      const std::string& key,
      const std::function<void(const std::string&, const YAML::Node&, NodeContext)>& each,
      bool required = false);

  // Reports every key present in the node that was never asked for:
  // "unknown field 'pirce' (known: price, sku, ...)".
  void Finish();

 private:
  // Marks `key` as known (and tells the recorder, if any).
  void Know(const std::string& key);
  struct Field {
    std::string key;
    int line;  // of the key, 1-based
    YAML::Node value;
  };
  // The field `key`, or nullptr; the first of repeated keys, as yaml-cpp.
  const Field* Find(const std::string& key) const;

  YAML::Node node_;
  NodeContext context_;
  bool valid_ = false;
  std::set<std::string> known_;
  // The mapping's scalar keys and values, read once: yaml-cpp's operator[]
  // compares a copy of every key and formats a missing key through a
  // stringstream, which was a third of loading a market (docs/performance.md).
  std::vector<Field> fields_;
};

// Loads a YAML file. Parse errors are reported with yaml-cpp's mark.
std::optional<YAML::Node> LoadYamlFile(const std::string& file, ErrorSink& sink);
// The same for the text of `file` already in memory.
std::optional<YAML::Node> LoadYamlText(const std::string& file, const std::string& text,
                                       ErrorSink& sink);

}  // namespace mg
