// Small bar charts drawn as inline SVG on the server: the console loads no
// script and no image (its Content-Security-Policy allows neither), and a
// chart must read with JavaScript off. Colours come from console.css by
// class. Every bar carries a <title> with its figure, for a hover and for
// screen readers; the pages print the totals as text beside each chart.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace mg::console {

struct BarSeries {
  std::string name;            // in the legend
  std::string css_class;       // "bar-ok", "bar-failed", "bar"
  std::vector<double> values;  // one per slot, >= 0
};

using ValueText = std::function<std::string(double)>;

// One column per slot, the series stacked bottom up; `slot_labels` (one
// per slot) name the slots in the titles, and every `label_every`-th is
// written under the axis. Empty when there are no slots.
std::string StackedColumns(const std::vector<BarSeries>& series,
                           const std::vector<std::string>& slot_labels, size_t label_every,
                           const ValueText& value_text, const std::string& caption);

// One horizontal bar per row, longest first as given, its figure written
// after it.
std::string HorizontalBars(const std::vector<std::pair<std::string, double>>& rows,
                           const ValueText& value_text, const std::string& caption);

}  // namespace mg::console
