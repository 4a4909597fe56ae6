#include "patchflow/check/terse.hpp"

#include "patchflow/core/text.hpp"

namespace patchflow::check {
namespace {

std::string terse_level(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "ERROR";
    case Severity::warning:
      return "WARNING";
    case Severity::check:
    case Severity::off:
      break;
  }
  return "CHECK";
}

// The message on one line: its lines trimmed and joined by a space, blank ones dropped.
std::string one_line(const std::string& message) {
  std::string out;
  for (const auto line : text::split_lines(message)) {
    const auto trimmed = text::trim(line);
    if (!trimmed.empty()) {
      out += (out.empty() ? "" : " ") + std::string(trimmed);
    }
  }
  return out;
}

std::string terse_line(const Finding& f) {
  std::string where = f.where.file.empty() ? f.where.ref : f.where.file;
  if (where.empty()) {
    where = f.commit;
  }
  if (!f.where.file.empty() && f.where.line > 0) {
    where += ":" + std::to_string(f.where.line);
  }
  return (where.empty() ? std::string() : where + ": ") + terse_level(f.severity) + ": " + f.id +
         ": " + one_line(f.message) + "\n";
}

}  // namespace

std::string format_terse(const Result& result) {
  std::string out;
  for (const auto& commit : result.commits) {
    for (const auto& f : commit.findings) {
      out += terse_line(f);
    }
  }
  for (const auto& f : result.series) {
    out += terse_line(f);
  }
  return out;
}

}  // namespace patchflow::check
