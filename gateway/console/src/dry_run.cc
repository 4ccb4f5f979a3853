#include "dry_run.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "html.h"
#include "regions/market_loader.h"

namespace mg::console {
namespace {

namespace fs = std::filesystem;

std::string MarketPath(const regions::MarketSnapshot& live, std::string_view code) {
  if (const regions::Market* market = live.Find(code)) return market->source_file();
  return (fs::path(live.source_dir()) / "markets" / (std::string(code) + ".yaml")).string();
}

// A scratch directory removed when it goes out of scope.
class ScratchDir {
 public:
  ScratchDir() {
    std::random_device random;
    path_ = fs::temp_directory_path() / ("mg_console_dry_run_" + std::to_string(random()));
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void Replace(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

Result<DryRun> TryMarketFile(const regions::MarketSnapshot& live, std::string_view code,
                             std::string_view yaml) {
  const fs::path source = live.source_dir();
  const fs::path file = MarketPath(live, code);
  std::error_code error;
  const fs::path relative = fs::relative(file, source, error);
  if (error || relative.empty() || *relative.begin() == "..") {
    return Status(ErrorCode::kInternal,
                  "market file " + file.string() + " is outside " + source.string());
  }
  ScratchDir scratch;
  // What the loader reads (market_loader.h): the market files and the shared ones.
  for (const char* folder : {"common", "markets"}) {
    if (!fs::exists(source / folder)) continue;
    fs::create_directories(scratch.path() / folder, error);
    if (!error)
      fs::copy(source / folder, scratch.path() / folder, fs::copy_options::recursive, error);
    if (error) return Status(ErrorCode::kInternal, "cannot copy the markets: " + error.message());
  }
  {
    std::ofstream out(scratch.path() / relative, std::ios::binary | std::ios::trunc);
    out << yaml;
    if (!out) return Status(ErrorCode::kInternal, "cannot write the changed market file");
  }
  regions::LoadResult loaded = regions::LoadMarkets(scratch.path().string());
  DryRun outcome;
  outcome.errors = std::move(loaded.errors);
  // The errors name the files where ops know them.
  for (LoadError& e : outcome.errors) Replace(e.file, scratch.path().string(), source.string());
  if (loaded.snapshot) outcome.diffs = regions::DiffSnapshots(live, *loaded.snapshot);
  return outcome;
}

std::string MarketFileText(const regions::MarketSnapshot& live, std::string_view code) {
  std::ifstream in(MarketPath(live, code), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return in ? text.str() : "";
}

namespace {

// The pasted text with line numbers; the lines of `errors` in the changed
// file marked, each with its messages under it.
std::string AnnotatedText(std::string_view yaml, const std::vector<LoadError>& errors,
                          std::string_view file) {
  std::map<int, std::vector<const LoadError*>> by_line;
  for (const LoadError& e : errors) {
    if (e.file == file) by_line[e.line].push_back(&e);
  }
  std::string html = "<ol class=\"source\">";
  int number = 0;
  size_t start = 0;
  while (start <= yaml.size()) {
    const size_t end = yaml.find('\n', start);
    const std::string_view line =
        yaml.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    ++number;
    auto marked = by_line.find(number);
    if (marked == by_line.end()) {
      html += "<li><code>" + Escape(line) + "</code></li>";
    } else {
      html += "<li id=\"line-" + std::to_string(number) + "\" class=\"error-line\"><code>" +
              Escape(line) + "</code>";
      for (const LoadError* e : marked->second) {
        html += "<div class=\"error\">column " + std::to_string(e->column) + ": " +
                Escape(e->path.empty() ? "" : e->path + ": ") + Escape(e->message) + "</div>";
      }
      html += "</li>";
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return html + "</ol>";
}

}  // namespace

std::string ChangeBody(std::string_view code, std::string_view yaml, std::string_view csrf,
                       const DryRun* outcome) {
  std::string body =
      "<p>Paste the changed market file: it is loaded with every other market as a reload would, "
      "and checked against the serving snapshot. <strong>Nothing is applied</strong>: ship the "
      "file the normal way, then reload.</p>"
      "<form method=\"post\" action=\"/console/markets/" +
      Escape(code) + "/change\"><input type=\"hidden\" name=\"csrf\" value=\"" + Escape(csrf) +
      "\"><textarea name=\"yaml\" rows=\"24\" cols=\"100\" spellcheck=\"false\">" + Escape(yaml) +
      "</textarea><br><button type=\"submit\">Check</button></form>";
  if (outcome == nullptr) return body;
  if (!outcome->errors.empty()) {
    std::string file;
    std::string list;
    for (const LoadError& e : outcome->errors) {
      if (file.empty() && e.file.ends_with("/" + std::string(code) + ".yaml")) file = e.file;
      std::string where =
          Escape(e.file) + ":" + std::to_string(e.line) + ":" + std::to_string(e.column);
      if (e.line > 0) where = "<a href=\"#line-" + std::to_string(e.line) + "\">" + where + "</a>";
      list += "<li>" + where + ": " + Escape(e.path.empty() ? "" : e.path + ": ") +
              Escape(e.message) + "</li>";
    }
    return body + "<h2 class=\"error\">" + std::to_string(outcome->errors.size()) +
           (outcome->errors.size() == 1 ? " error" : " errors") +
           "</h2><ul class=\"load-errors\">" + list + "</ul><h2>The file</h2>" +
           AnnotatedText(yaml, outcome->errors, file);
  }
  if (outcome->diffs.empty()) return body + "<h2>Valid, no change</h2>";
  std::string rows;
  for (const regions::MarketDiff& diff : outcome->diffs) {
    if (diff.changes.empty()) {
      rows += "<tr><td>" + Escape(diff.code) + "</td><td>" + regions::KindName(diff.kind) +
              "</td><td></td></tr>";
    }
    for (const regions::MarketChange& change : diff.changes) {
      rows += "<tr><td>" + Escape(diff.code) + "</td><td>" + Escape(change.section) + "</td><td>" +
              Escape(change.text) + "</td></tr>";
    }
  }
  return body +
         "<h2>Valid; against the serving snapshot</h2><table class=\"diff\"><thead><tr>"
         "<th>Market</th><th>Section</th><th>Change</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

}  // namespace mg::console
