#include "patchflow/core/finding.hpp"

#include <algorithm>

namespace patchflow {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::off:
      return "off";
    case Severity::check:
      return "check";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "off") {
    return Severity::off;
  }
  if (text == "check") {
    return Severity::check;
  }
  if (text == "warning" || text == "warn") {
    return Severity::warning;
  }
  if (text == "error") {
    return Severity::error;
  }
  return std::nullopt;
}

std::string Finding::format() const {
  std::string out = where.prefix();
  if (out.empty() && !where.ref.empty()) {
    out = where.ref;
  }
  if (!out.empty()) {
    out += ": ";
  }
  out += std::string(to_string(severity)) + ": [" + id + "] " + message;
  return out;
}

bool has_errors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::error; });
}

}  // namespace patchflow
