#include "svg_chart.h"

#include <algorithm>
#include <cstdio>

#include "html.h"

namespace mg::console {
namespace {

constexpr double kColumnsWidth = 720;
constexpr double kColumnsHeight = 140;
constexpr double kAxisRoom = 18;  // under the columns, for the slot labels
constexpr double kRowHeight = 22;
constexpr double kLabelWidth = 190;
constexpr double kBarsWidth = 420;

// SVG coordinates with one decimal: no locale, no exponent.
std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f", value);
  return buffer;
}

std::string Rect(double x, double y, double width, double height, const std::string& css_class,
                 const std::string& title) {
  return "<rect class=\"" + css_class + "\" x=\"" + Number(x) + "\" y=\"" + Number(y) +
         "\" width=\"" + Number(width) + "\" height=\"" + Number(height) + "\"><title>" +
         Escape(title) + "</title></rect>";
}

std::string Text(double x, double y, const std::string& text, const std::string& anchor) {
  return "<text x=\"" + Number(x) + "\" y=\"" + Number(y) + "\" text-anchor=\"" + anchor + "\">" +
         Escape(text) + "</text>";
}

std::string Figure(const std::string& svg, const std::string& caption) {
  return "<figure class=\"chart\">" + svg + "<figcaption>" + Escape(caption) +
         "</figcaption></figure>";
}

}  // namespace

std::string StackedColumns(const std::vector<BarSeries>& series,
                           const std::vector<std::string>& slot_labels, size_t label_every,
                           const ValueText& value_text, const std::string& caption) {
  const size_t slots = slot_labels.size();
  if (slots == 0) return "";
  std::vector<double> totals(slots, 0);
  for (const BarSeries& s : series) {
    for (size_t i = 0; i < slots && i < s.values.size(); ++i) totals[i] += s.values[i];
  }
  const double top = std::max(1.0, *std::max_element(totals.begin(), totals.end()));
  const double column = kColumnsWidth / static_cast<double>(slots);
  std::string svg = "<svg class=\"columns\" viewBox=\"0 0 " + Number(kColumnsWidth) + " " +
                    Number(kColumnsHeight + kAxisRoom) + "\" role=\"img\" aria-label=\"" +
                    Escape(caption) + "\">";
  svg += Text(0, 11, "max " + value_text(top), "start");
  for (size_t i = 0; i < slots; ++i) {
    double base = kColumnsHeight;
    for (const BarSeries& s : series) {
      const double value = i < s.values.size() ? s.values[i] : 0;
      if (value <= 0) continue;
      const double height = value / top * (kColumnsHeight - 14);
      base -= height;
      svg += Rect(static_cast<double>(i) * column + 1, base, column - 2, height, s.css_class,
                  slot_labels[i] + ": " + value_text(value) + " " + s.name);
    }
    if (label_every > 0 && i % label_every == 0) {
      svg += Text(static_cast<double>(i) * column + 1, kColumnsHeight + kAxisRoom - 4,
                  slot_labels[i], "start");
    }
  }
  svg += "<line class=\"axis\" x1=\"0\" y1=\"" + Number(kColumnsHeight) + "\" x2=\"" +
         Number(kColumnsWidth) + "\" y2=\"" + Number(kColumnsHeight) + "\"/></svg>";
  std::string legend;
  for (const BarSeries& s : series) {
    legend += "<span class=\"legend " + s.css_class + "\">" + Escape(s.name) + "</span> ";
  }
  return Figure(svg, caption) + (series.size() > 1 ? "<p class=\"legend\">" + legend + "</p>" : "");
}

std::string HorizontalBars(const std::vector<std::pair<std::string, double>>& rows,
                           const ValueText& value_text, const std::string& caption) {
  if (rows.empty()) return "";
  double top = 0;
  for (const auto& row : rows) top = std::max(top, row.second);
  top = std::max(top, 1e-12);
  const double height = kRowHeight * static_cast<double>(rows.size());
  std::string svg = "<svg class=\"bars\" viewBox=\"0 0 " + Number(kLabelWidth + kBarsWidth + 110) +
                    " " + Number(height) + "\" role=\"img\" aria-label=\"" + Escape(caption) +
                    "\">";
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& [label, value] = rows[i];
    const double y = kRowHeight * static_cast<double>(i);
    const double width = std::max(1.0, value / top * kBarsWidth);
    svg += Text(kLabelWidth - 6, y + 15, label, "end");
    svg += Rect(kLabelWidth, y + 3, width, kRowHeight - 6, "bar", label + ": " + value_text(value));
    svg += Text(kLabelWidth + width + 6, y + 15, value_text(value), "start");
  }
  return Figure(svg + "</svg>", caption);
}

}  // namespace mg::console
