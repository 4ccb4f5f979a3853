// The stylesheet of the HTML audit report: inline, print-friendly.
#include "html_sections.h"

namespace mg::compliance {

const char* ReportCss() {
  return R"css(
body { font: 14px/1.45 "DejaVu Serif", Georgia, serif; color: #1b1b1b; max-width: 1180px;
       margin: 24px auto; padding: 0 24px; background: #fff; }
h1 { font-size: 24px; margin: 4px 0 14px; }
h2 { font-size: 19px; border-bottom: 2px solid #1b1b1b; padding-bottom: 3px; margin-top: 34px; }
h3 { font-size: 15px; margin: 20px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: #333; }
h4 { font-size: 14px; margin: 0 0 4px; }
code { font: 12.5px "DejaVu Sans Mono", monospace; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { text-align: left; vertical-align: top; padding: 4px 7px; }
.grid th, .grid td { border: 1px solid #b9b9b9; }
.grid thead th { background: #ececec; font-family: "DejaVu Sans", sans-serif; font-size: 12px; }
.grid tfoot th, .grid tfoot td { background: #f4f4f4; font-weight: bold; }
.meta th, .facts th { width: 240px; color: #444; font-weight: normal; border-bottom: 1px solid #ddd; }
.meta td, .facts td { border-bottom: 1px solid #ddd; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.doc-kind { font: 12px "DejaVu Sans", sans-serif; text-transform: uppercase; letter-spacing: .12em;
            color: #555; margin: 0; }
.badge { font: bold 11px "DejaVu Sans", sans-serif; padding: 1px 7px; border-radius: 3px;
         text-transform: uppercase; letter-spacing: .05em; vertical-align: 2px; }
.badge.pass, .badge.live { background: #1d6b33; color: #fff; }
.badge.fail, .badge.suspended { background: #a4161a; color: #fff; }
.badge.planned { background: #6c757d; color: #fff; }
.outcome { font: 12px "DejaVu Sans", sans-serif; font-weight: bold; }
.outcome.pass { color: #1d6b33; } .outcome.fail { color: #a4161a; } .outcome.requirement { color: #8a5a00; }
.fail-text { color: #a4161a; font-weight: bold; } .warn-text { color: #8a5a00; font-weight: bold; }
.row-fail td { background: #fbeaea; }
tr.open-item td { background: #fff4d6; }
tr.disabled td { color: #777; background: #f6f6f6; }
.unverified { font: bold 11px "DejaVu Sans", sans-serif; color: #8a5a00; background: #ffe8a8;
              padding: 0 4px; border-radius: 2px; white-space: nowrap; }
.verified { font: 11px "DejaVu Sans", sans-serif; color: #1d6b33; }
.kind { font: 11px "DejaVu Sans", sans-serif; color: #666; }
.source { font-size: 12px; color: #555; word-break: break-word; }
.source a, .files a { color: #1f4e8c; }
.cases { font: 11.5px "DejaVu Sans Mono", monospace; word-break: break-word; }
.note { font-size: 12px; color: #666; margin: 2px 0; }
.notice { border: 2px solid #a4161a; background: #fbeaea; padding: 8px 12px; margin: 8px 0; }
.alert { border: 2px solid #a4161a; padding: 0 14px 8px; }
.case { border-left: 5px solid #1d6b33; padding: 6px 0 2px 12px; margin: 14px 0; }
.case-fail { border-left-color: #a4161a; background: #fdf5f5; }
.case .line { font: 11px "DejaVu Sans", sans-serif; color: #888; }
.description { margin: 2px 0 4px; font-style: italic; }
.expected { font-size: 12.5px; color: #444; margin: 0 0 4px; }
.facts-grid td:first-child { width: 230px; } .facts-grid td:last-child { width: 160px; }
.decision { margin: 2px 0 4px; }
.mismatches { color: #a4161a; margin: 4px 0; }
.checks { table-layout: fixed; }
.checks td code, .rules td code { overflow-wrap: anywhere; }
.checks th:first-child { width: 250px; } .checks th:nth-child(2) { width: 95px; }
.checks th:last-child { width: 270px; }
.rules td:first-child { width: 230px; } .rules td:nth-child(4) { width: 90px; }
.rules td:last-child { width: 170px; }
.files { font-size: 12px; }
section.market { page-break-before: always; }
footer { margin: 40px 0 20px; padding-top: 8px; border-top: 1px solid #bbb; font-size: 12px; color: #666; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
)css";
}

}  // namespace mg::compliance
