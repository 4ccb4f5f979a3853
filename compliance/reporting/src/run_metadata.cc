#include "compliance/reporting/run_metadata.h"

#include <stdio.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <memory>

#include "base/crypto.h"

namespace mg::compliance {
namespace {

namespace fs = std::filesystem;

std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::vector<std::string> RulesetFiles(const std::string& regions_dir) {
  std::vector<std::string> files;
  for (const char* sub : {"common", "markets"}) {
    std::error_code ec;
    fs::path dir = fs::path(regions_dir) / sub;
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
        files.push_back(std::string(sub) + "/" + entry.path().filename().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<std::string> RulesetFingerprint(const std::string& regions_dir) {
  std::error_code ec;
  if (!fs::is_directory(regions_dir, ec)) {
    return Status(ErrorCode::kNotFound, "no regions directory '" + regions_dir + "'");
  }
  Sha256Hasher hasher;
  for (const std::string& name : RulesetFiles(regions_dir)) {
    std::ifstream in(fs::path(regions_dir) / name, std::ios::binary);
    if (!in) return Status(ErrorCode::kInternal, "cannot read " + name);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string header = name + '\0' + std::to_string(bytes.size()) + '\0';
    hasher.Update(header).Update(bytes);
  }
  return HexEncode(hasher.Finish());
}

std::string GitCommitOf(const std::string& dir) {
  std::string command = "git -C " + ShellQuote(dir) + " rev-parse HEAD 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "unknown";
  std::array<char, 128> buffer{};
  std::string out;
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) out += buffer.data();
  int status = pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  bool hex = out.size() == 40 && std::all_of(out.begin(), out.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c));
             });
  if (status != 0 || !hex) return "unknown";
  return out;
}

}  // namespace mg::compliance
