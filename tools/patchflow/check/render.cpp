// A check result as text and JSON.

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "patchflow/check/check.hpp"

namespace patchflow::check {

bool has_errors(const Result& result) {
  for (const auto& c : result.commits) {
    if (patchflow::has_errors(c.findings)) {
      return true;
    }
  }
  return patchflow::has_errors(result.series);
}

namespace {

// "1 patch", "2 patches", "0 errors"
std::string count_of(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// A patch is clean when no finding names it: its own, and the series findings about it (a
// patch that does not apply, is already merged or breaks the build).
bool is_clean(const CommitReport& c, const std::vector<Finding>& series) {
  return c.findings.empty() && std::none_of(series.begin(), series.end(), [&](const Finding& f) {
           return !f.commit.empty() && (f.commit == c.commit || f.commit == c.label);
         });
}

}  // namespace

std::string format_text(const Result& result) {
  std::string out;
  std::size_t errors = 0, warnings = 0, checks = 0, clean = 0;
  auto count = [&](const Finding& f) {
    errors += f.severity == Severity::error;
    warnings += f.severity == Severity::warning;
    checks += f.severity == Severity::check;
  };
  for (const auto& c : result.commits) {
    out += c.label + " " + c.subject + "\n";
    for (const auto& f : c.findings) {
      out += "  " + f.format() + "\n";
      count(f);
    }
    clean += is_clean(c, result.series);
  }
  if (!result.series.empty()) {
    out += "series\n";
    for (const auto& f : result.series) {
      out += "  " + f.format() + "\n";
      count(f);
    }
  }
  out += count_of(result.commits.size(), "patch", "patches") + ", " + std::to_string(clean) +
         " clean; " + count_of(errors, "error", "errors") + ", " +
         count_of(warnings, "warning", "warnings") + ", " + count_of(checks, "check", "checks") +
         "\n";
  if (!result.maintainers_origin.empty()) {
    // As route and series say it: which revision MULTIPLE_SUBSYSTEMS read MAINTAINERS from.
    out += "checked with " + result.maintainers_origin + "\n";
  }
  return out;
}

nlohmann::json to_json(const Result& result) {
  auto finding_json = [](const Finding& f) {
    return nlohmann::json{
        {"file", f.where.file.empty() ? nlohmann::json() : nlohmann::json(f.where.file)},
        {"line", f.where.line},
        {"ref", f.where.ref},
        {"level", std::string(to_string(f.severity))},
        {"id", f.id},
        {"message", f.message}};
  };
  nlohmann::json commits = nlohmann::json::array();
  for (const auto& c : result.commits) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : c.findings) {
      findings.push_back(finding_json(f));
    }
    // moved, not named: a braced list copies every json it is given as an lvalue, which was a
    // second copy of each finding (and a third of all of them below)
    commits.push_back({{"label", c.label},
                       {"subject", c.subject},
                       {"commit", c.commit},
                       {"findings", std::move(findings)}});
  }
  nlohmann::json series = nlohmann::json::array();
  for (const auto& f : result.series) {
    series.push_back(finding_json(f));
  }
  nlohmann::json out = {{"commits", std::move(commits)},
                        {"series", std::move(series)},
                        {"has_errors", has_errors(result)}};
  if (!result.maintainers_origin.empty()) {
    out["maintainers"] = {{"origin", result.maintainers_origin},
                          {"revision", result.maintainers_revision}};
  }
  return out;
}

}  // namespace patchflow::check