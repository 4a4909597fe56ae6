#include "patchflow/check/sarif.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "patchflow/core/version.hpp"

namespace patchflow::check {
namespace {

constexpr const char* k_schema = "https://json.schemastore.org/sarif-2.1.0.json";

std::string sarif_level(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::check:
    case Severity::off:
      break;
  }
  return "note";
}

// The rule's entry in driver.rules: patchflow's own rules carry their summary and default level;
// the checkpatch TYPEs (built in, or from a tree's checkpatch.pl) have no summary of their own.
nlohmann::json rule_json(const std::string& id) {
  for (const auto& rule : rules()) {
    if (rule.id == id) {
      return {{"id", id},
              {"shortDescription", {{"text", rule.summary}}},
              {"defaultConfiguration", {{"level", sarif_level(rule.severity)}}}};
    }
  }
  return {{"id", id}, {"shortDescription", {{"text", "checkpatch.pl rule " + id}}}};
}

bool is_commit_id(const std::string& s) {
  return s.size() == 40 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// The file a finding is about: its own file (the patched file, or the mbox/patch file); for a
// finding on a whole commit or mail (series and build rules), the file its report names.
std::string path_of(const Finding& f, const Result& result) {
  if (!f.where.file.empty()) {
    return f.where.file;
  }
  for (const auto& report : result.commits) {
    if (!f.commit.empty() && (report.commit == f.commit || report.label == f.commit)) {
      return report.source;
    }
  }
  // a series rule in shard 1 may name a commit another shard checks: the name load_range gives
  if (is_commit_id(f.commit)) {
    // appended, not `substr(...) + ".patch"`: with the headers from the precompiled header GCC 12
    // loses libstdc++'s pragmas that silence its false -Warray-bounds on that operator+ (PR 64117)
    std::string name = f.commit.substr(0, 12);
    name += ".patch";
    return name;
  }
  return !f.where.ref.empty() ? f.where.ref : f.commit;
}

// A relative URI reference for path: "./" dropped, bytes other than unreserved ones and '/'
// percent-encoded (a space, '#' or '%' in a file name would otherwise change its meaning).
std::string uri_of(std::string path) {
  while (path.rfind("./", 0) == 0) {
    path.erase(0, 2);
  }
  static const char* k_hex = "0123456789ABCDEF";
  std::string uri;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      uri += c;
    } else {
      uri += '%';
      uri += k_hex[byte >> 4];
      uri += k_hex[byte & 0xf];
    }
  }
  return uri.empty() ? "." : uri;
}

nlohmann::json location_of(const Finding& f, const Result& result) {
  nlohmann::json physical = {{"artifactLocation", {{"uri", uri_of(path_of(f, result))}}}};
  if (!f.where.file.empty() && f.where.line > 0) {
    physical["region"] = {{"startLine", f.where.line}};
    if (f.where.column > 0) {
      physical["region"]["startColumn"] = f.where.column;
    }
  }
  return {{"physicalLocation", physical}};
}

}  // namespace

nlohmann::json to_sarif(const Result& result, const std::string& category) {
  std::vector<const Finding*> findings;
  for (const auto& commit : result.commits) {
    for (const auto& f : commit.findings) {
      findings.push_back(&f);
    }
  }
  for (const auto& f : result.series) {
    findings.push_back(&f);
  }
  nlohmann::json rules = nlohmann::json::array();
  std::map<std::string, std::size_t> rule_index;
  nlohmann::json results = nlohmann::json::array();
  for (const Finding* f : findings) {
    const auto [it, is_new] = rule_index.emplace(f->id, rules.size());
    if (is_new) {
      rules.push_back(rule_json(f->id));
    }
    nlohmann::json r = {{"ruleId", f->id},
                        {"ruleIndex", it->second},
                        {"level", sarif_level(f->severity)},
                        {"message", {{"text", f->message}}},
                        {"locations", nlohmann::json::array({location_of(*f, result)})}};
    if (!f->commit.empty()) {
      r["properties"] = {{"commit", f->commit}};
    }
    results.push_back(std::move(r));
  }
  nlohmann::json run = {{"tool",
                         {{"driver",
                           {{"name", "patchflow"},
                            {"version", k_version},
                            {"semanticVersion", k_version},
                            {"informationUri", k_homepage_url},
                            {"rules", rules}}}}},
                        {"results", results}};
  if (!category.empty()) {
    // GitHub reads the text after the last '/' as a run id, the rest as the category
    run["automationDetails"] = {{"id", category.back() == '/' ? category : category + "/"}};
  }
  return {{"$schema", k_schema}, {"version", "2.1.0"}, {"runs", nlohmann::json::array({run})}};
}

}  // namespace patchflow::check
