#include "patchflow/report/html.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::report {
namespace {

constexpr const char* k_style = R"(body { font-family: sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.5em; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.number { text-align: right; }
.good { color: #176b1d; } .bad { color: #b00020; font-weight: bold; } .muted { color: #777; }
.graph svg { max-width: 100%; height: auto; }
pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; }
)";

std::string list_cell(const std::vector<std::string>& items) {
  if (items.empty()) {
    return "<span class=\"muted\">none</span>";
  }
  std::string cell;
  for (const std::string& item : items) {
    cell += (cell.empty() ? "" : "<br>") + html_escape(item);
  }
  return cell;
}

std::string actual_depends_cell(const TopicRow& row) {
  if (!row.status.tip) {
    return "<span class=\"muted\">-</span>";
  }
  if (row.status.actual_depends.empty()) {
    return "<span class=\"muted\">none</span>";
  }
  std::string cell;
  for (const std::string& name : row.status.actual_depends) {
    const bool undeclared = std::find(row.undeclared_depends.begin(), row.undeclared_depends.end(),
                                      name) != row.undeclared_depends.end();
    cell += cell.empty() ? "" : "<br>";
    cell += undeclared ? "<span class=\"bad\" title=\"not declared\">" + html_escape(name) +
                             " (undeclared)</span>"
                       : html_escape(name);
  }
  return cell;
}

std::string check_cell(const TopicRow& row) {
  if (!row.check) {
    return "<span class=\"bad\">not run: " + html_escape(row.check_error) + "</span>";
  }
  const CheckSummary& c = *row.check;
  const std::string counts = std::to_string(c.errors) + " error(s), " + std::to_string(c.warnings) +
                             " warning(s), " + std::to_string(c.checks) + " check(s) in " +
                             std::to_string(c.patches) + " patch(es)";
  return c.is_clean() ? "<span class=\"good\">clean</span><br>" + counts
                      : "<span class=\"bad\">not clean</span><br>" + counts;
}

std::string route_cell(const TopicRow& row) {
  if (!row.route_error.empty()) {
    return "<span class=\"muted\">unknown: " + html_escape(row.route_error) + "</span>";
  }
  if (row.route.empty()) {
    return "<span class=\"muted\">nothing to route</span>";
  }
  return row.route == "split" ? "<span class=\"bad\">split</span>" : html_escape(row.route);
}

void write_row(std::ostream& out, const TopicRow& row) {
  const stack::TopicStatus& s = row.status;
  out << "<tr>\n<td class=\"topic\">" << html_escape(s.name) << "</td>\n";
  out << "<td>" << html_escape(s.component) << "</td>\n";
  out << "<td>" << html_escape(s.branch) << "</td>\n";
  if (!s.tip) {
    out << "<td class=\"bad\">no branch</td>\n<td class=\"number muted\">-</td>\n"
        << "<td class=\"number muted\">-</td>\n";
  } else {
    out << (s.based_on_mainline ? "<td class=\"good\">yes</td>\n" : "<td class=\"bad\">no</td>\n");
    out << "<td class=\"number\">" << s.ahead << "</td>\n";
    out << "<td class=\"number\">" << s.behind << "</td>\n";
  }
  out << "<td>" << list_cell(s.declared_depends) << "</td>\n";
  out << "<td>" << actual_depends_cell(row) << "</td>\n";
  out << "<td>" << list_cell(s.merge_branches) << "</td>\n";
  out << "<td>" << check_cell(row) << "</td>\n";
  out << "<td>" << route_cell(row) << "</td>\n";
  out << "<td class=\"sent\">"
      << (row.status.last_sent_version ? "v" + std::to_string(*row.status.last_sent_version)
                                       : std::string("<span class=\"muted\">never</span>"))
      << "</td>\n</tr>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string render_html(const Report& report) {
  std::ostringstream out;
  const std::string title = "patchflow report: " + report.stack_name;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>" << html_escape(title) << "</title>\n<style>\n"
      << k_style << "</style>\n</head>\n<body>\n";
  out << "<h1>" << html_escape(title) << "</h1>\n";
  if (!report.description.empty()) {
    out << "<p>" << html_escape(report.description) << "</p>\n";
  }
  out << "<h2>Topics</h2>\n<table id=\"topics\">\n<thead>\n<tr><th>Topic</th><th>Component</th>"
      << "<th>Branch</th><th>Based on mainline</th><th>Ahead</th><th>Behind</th>"
      << "<th>Declared deps</th><th>Actual deps</th><th>Merge branches</th><th>Check</th>"
      << "<th>Route</th><th>Last sent</th></tr>\n</thead>\n<tbody>\n";
  for (const TopicRow& row : report.topics) {
    write_row(out, row);
  }
  out << "</tbody>\n</table>\n<h2>Dependency graph</h2>\n";
  out << "<p class=\"muted\">Topics point at their mainline (dashed) and at the topics they "
         "declare (blue); red: a dependency the branch has but does not declare, or a topic not "
         "based on mainline; merge branches point at their base (bold) and their topics "
         "(dotted).</p>\n";
  if (!report.svg.empty()) {
    out << "<div class=\"graph\">\n" << report.svg << "\n</div>\n";
  } else {
    out << "<p class=\"note\">Graphviz <code>dot</code> was not found, so the graph is shown as "
           "DOT text; render it with <code>dot -Tsvg</code>.</p>\n<pre class=\"dot\">"
        << html_escape(report.dot) << "</pre>\n";
  }
  out << "</body>\n</html>\n";
  return out.str();
}

std::string write_html(const std::string& dir, const Report& report) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw_usage("cannot create directory '" + dir + "': " + ec.message(), Where{.file = dir});
  }
  const std::string path = (std::filesystem::path(dir) / "index.html").string();
  text::write_file_atomically(path, render_html(report));
  return path;
}

}  // namespace patchflow::report
