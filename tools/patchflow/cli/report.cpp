#include <unistd.h>

#include <cstdlib>

#include "patchflow/cli/commands.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/report/html.hpp"

namespace patchflow::cli {
namespace {

// Where `dot` is on PATH, or "": the page then shows the DOT text instead of a picture.
std::string find_dot() {
  const char* path = std::getenv("PATH");
  for (const std::string& dir : text::split(path != nullptr ? path : "", ':')) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/dot";
    if (access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return {};
}

}  // namespace

void add_report_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<report::Options>();
  auto html_dir = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "report", "Every topic's state (check, route, last sent) as a static HTML page or JSON");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo report --html demo/report\n  patchflow --repo "
      "demo/repo --json report --html demo/report");
  cmd->add_option("--html", *html_dir, "Write DIR/index.html (DIR is created)");
  cmd->add_option("--dot", options->dot_executable, "Graphviz dot to render with (default: PATH)");
  cmd->add_option("-j,--jobs", options->jobs, "Topics checked and routed at once")->default_val(2);
  cmd->add_flag_callback(
      "--no-cache", [options] { options->cache = false; },
      "Check and route every patch again: neither read nor write the results kept in the "
      "repository (.git/patchflow/cache/)");
  cmd->callback([&session, options, html_dir] {
    if (html_dir->empty() && !session.json) {
      throw_usage("report needs --html DIR, or --json");
    }
    if (options->dot_executable.empty()) {
      options->dot_executable = find_dot();
    }
    const report::Report result = report::build_report(session.repo(), session.stack(), *options);
    std::string text;
    if (!html_dir->empty()) {
      text = "wrote " + report::write_html(*html_dir, result) + " (" +
             std::to_string(result.topics.size()) + " topics" +
             (result.svg.empty() ? ", graph as DOT text: no Graphviz dot" : "") + ")\n";
    }
    session.emit(text, report::to_json(result), result.has_check_errors());
  });
}

}  // namespace patchflow::cli
