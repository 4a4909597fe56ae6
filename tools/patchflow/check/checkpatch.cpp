#include "patchflow/check/checkpatch.hpp"

#include "patchflow/core/check_ids.hpp"

#include <cstdlib>

#include "patchflow/check/checkpatch/engine.hpp"

namespace patchflow::check {

using style::ends_with;
using style::Engine;
using style::starts_with;
using style::trim;

std::string commit_answer(const CheckpatchTree& tree, std::string_view id) {
  if (!tree.find_commit) {
    return std::string();
  }
  const auto found = tree.find_commit(id);
  return found ? found->id + " " + found->title : std::string();
}

std::string camelcase_answer(const CheckpatchTree& tree, const std::string& name) {
  const bool declared = tree.camelcase.count(name) != 0 ||
                        (tree.camelcase_declared && tree.camelcase_declared(name));
  return declared ? "1" : "0";
}

std::vector<StyleFinding> run_checkpatch(std::string_view patch_text,
                                         const CheckpatchOptions& options) {
  Engine engine(patch_text, options);
  return engine.run();
}

CheckpatchRun run_checkpatch_full(std::string_view patch_text, const CheckpatchOptions& options) {
  Engine engine(patch_text, options);
  CheckpatchRun run;
  run.findings = engine.run();
  run.lines_checked = engine.lines_checked();
  run.checks_shown = engine.checks_on();
  return run;
}

std::string format_checkpatch_terse(const std::string& patch_name, const CheckpatchRun& run) {
  if (run.findings.empty()) {
    return "";
  }
  std::string out;
  int errors = 0;
  int warnings = 0;
  int checks = 0;
  for (const auto& f : run.findings) {
    std::string_view level = "CHECK";
    if (f.level == Severity::error) {
      level = "ERROR";
      ++errors;
    } else if (f.level == Severity::warning) {
      level = "WARNING";
      ++warnings;
    } else {
      ++checks;
    }
    std::string_view message = f.message;
    message = message.substr(0, message.find('\n'));
    out += patch_name + ":" + std::to_string(f.terse_line) + ": " + std::string(level) + ":" +
           f.type + ": " + std::string(message) + "\n";
  }
  out += "total: " + std::to_string(errors) + " errors, " + std::to_string(warnings) +
         " warnings, " + (run.checks_shown ? std::to_string(checks) + " checks, " : std::string()) +
         std::to_string(run.lines_checked) + " lines checked\n";
  return out;
}

const std::vector<std::string>& checkpatch_types() {
  static const std::vector<std::string> k_types(checkpatch_type_ids().begin(),
                                                checkpatch_type_ids().end());
  return k_types;
}

std::vector<StyleFinding> parse_checkpatch_output(std::string_view output) {
  std::vector<StyleFinding> findings;
  std::size_t start = 0;
  std::vector<std::string_view> lines;
  while (start < output.size()) {
    const auto nl = output.find('\n', start);
    const auto end = nl == std::string_view::npos ? output.size() : nl;
    lines.push_back(output.substr(start, end - start));
    start = end + 1;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view l = lines[i];
    Severity level;
    std::string_view rest;
    if (starts_with(l, "ERROR:")) {
      level = Severity::error;
      rest = l.substr(6);
    } else if (starts_with(l, "WARNING:")) {
      level = Severity::warning;
      rest = l.substr(8);
    } else if (starts_with(l, "CHECK:")) {
      level = Severity::check;
      rest = l.substr(6);
    } else {
      continue;
    }
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    StyleFinding f;
    f.level = level;
    f.type = std::string(rest.substr(0, colon));
    f.message = std::string(trim(rest.substr(colon + 1)));
    // "#12: FILE: path:34:" on the next line
    if (i + 1 < lines.size() && starts_with(lines[i + 1], "#")) {
      const std::string_view where = lines[i + 1];
      const auto colon1 = where.find(':');
      f.patch_line = std::atoi(std::string(where.substr(1, colon1 - 1)).c_str());
      const auto file_pos = where.find("FILE: ");
      if (file_pos != std::string_view::npos) {
        auto spec = where.substr(file_pos + 6);
        if (ends_with(spec, ":")) {
          spec.remove_suffix(1);
        }
        const auto last = spec.rfind(':');
        if (last != std::string_view::npos) {
          f.file = std::string(spec.substr(0, last));
          f.line = std::atoi(std::string(spec.substr(last + 1)).c_str());
        }
      }
    }
    findings.push_back(std::move(f));
  }
  return findings;
}

}  // namespace patchflow::check
