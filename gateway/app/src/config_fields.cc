#include "config_fields.h"

namespace mg::app {
namespace {

constexpr int64_t kMaxInt = 1'000'000'000;

}  // namespace

std::optional<FieldReader> OptionalSection(FieldReader& parent, const std::string& key) {
  YAML::Node node = parent.Get(key);
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  FieldReader reader(node, parent.context().Child(key));
  if (!reader.valid()) return std::nullopt;
  return reader;
}

int ReadIntInRange(FieldReader& reader, const std::string& key, int fallback, int64_t min,
                   int64_t max) {
  std::optional<int64_t> value = reader.OptionalInt(key);
  if (!value) return fallback;
  if (*value < min || *value > max) {
    reader.context().Child(key).Error(
        reader.Get(key), "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return fallback;
  }
  return static_cast<int>(*value);
}

void ReadMillis(FieldReader& reader, const std::string& key, std::chrono::milliseconds& field,
                int64_t min) {
  field = std::chrono::milliseconds(
      ReadIntInRange(reader, key, static_cast<int>(field.count()), min, kMaxInt));
}

void ReadSize(FieldReader& reader, const std::string& key, size_t& field, int64_t min) {
  field = static_cast<size_t>(ReadIntInRange(reader, key, static_cast<int>(field), min, kMaxInt));
}

}  // namespace mg::app
