#pragma once
// The report as one static HTML page: inline CSS, inline SVG, no script, no external asset.
#include <string>
#include <string_view>

#include "patchflow/report/report.hpp"

namespace patchflow::report {

// text with &, <, >, " and ' replaced by entities: safe in element content and in attributes.
std::string html_escape(std::string_view text);

// The whole page. Every name and message is escaped; report.svg (Graphviz output) is inlined
// as markup, or, when empty, report.dot is shown as text with a note that dot was not run.
std::string render_html(const Report& report);

// Writes render_html(report) to <dir>/index.html, creating dir, through a temporary file and a
// rename so a reader never sees half a page. Returns the page's path. Throws Error{usage}
// naming the path when it cannot be written.
std::string write_html(const std::string& dir, const Report& report);

}  // namespace patchflow::report
