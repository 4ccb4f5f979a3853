// Errors found while loading market files. Every error names the file, the
// line and column (1-based, from yaml-cpp's marks), the field path
// ("catalog.coin_packs[2].price") and what was expected.
#pragma once

#include <string>
#include <vector>

namespace mg {

// A position in a file (1-based; 0 when unknown), kept where an error may be
// found after the file was read.
struct SourceMark {
  int line = 0;
  int column = 0;
};

struct LoadError {
  std::string file;     // path as given to the loader
  int line = 0;         // 1-based; 0 when the error concerns the whole file
  int column = 0;       // 1-based
  std::string path;     // field path inside the document
  std::string message;  // what is wrong and what was expected

  // "regions/markets/DE.yaml:12:5: tax.classes.standard[0].rate: expected ...".
  std::string ToString() const;
};

// Collects errors instead of stopping at the first, so that `marketgate
// validate` reports every error in every file.
class ErrorSink {
 public:
  void Add(LoadError error) { errors_.push_back(std::move(error)); }
  bool empty() const { return errors_.empty(); }
  size_t size() const { return errors_.size(); }
  const std::vector<LoadError>& errors() const { return errors_; }
  std::vector<LoadError> TakeErrors() { return std::move(errors_); }

 private:
  std::vector<LoadError> errors_;
};

}  // namespace mg
