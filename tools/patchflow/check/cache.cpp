#include "patchflow/check/cache.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "patchflow/check/patch_checker.hpp"
#include "patchflow/core/aggregate.hpp"
#include "patchflow/core/build_id.hpp"
#include "patchflow/core/json.hpp"
#include "patchflow/core/version.hpp"
#include "patchflow/git/attributes.hpp"
#include "patchflow/git/libgit2.hpp"
#include "patchflow/git/tree_read.hpp"
#include "patchflow/patch/diff.hpp"

namespace patchflow::check {
namespace {

// A new field decides findings until it is described: these fail the build first, so a cached
// result can never ignore it (tree and lookups are the run's context: the tree is described
// below, the lookups kept with each entry).
static_assert(field_count<CheckpatchOptions>() == 10,
              "CheckpatchOptions changed: describe the new field in describe_checkpatch, then "
              "count it");
static_assert(field_count<Finding>() == 5 && field_count<CommitReport>() == 5,
              "Finding or CommitReport changed: keep it in to_entry/from_entry, then count it");

void describe_checkpatch(const CheckpatchOptions& options, const CheckpatchTree* tree,
                         Description& out) {
  out.add("checkpatch.max_line_length", options.max_line_length)
      .add("checkpatch.max_line_length_given", options.max_line_length_given)
      .add("checkpatch.strict", options.strict)
      .add("checkpatch.u_boot", options.u_boot)
      .add("checkpatch.no_tree", options.no_tree)
      .add("checkpatch.min_conf_desc_length", options.min_conf_desc_length)
      .add_all("checkpatch.ignore", options.ignore)
      .add_all("checkpatch.types", options.types);
  out.add("tree", tree != nullptr);
  if (tree == nullptr) {
    return;
  }
  std::vector<std::string> camelcase(tree->camelcase.begin(), tree->camelcase.end());
  std::sort(camelcase.begin(), camelcase.end());
  out.add_all("tree.camelcase", camelcase)
      .add("tree.camelcase_declared", static_cast<bool>(tree->camelcase_declared))
      .add("tree.find_commit", static_cast<bool>(tree->find_commit))
      .add_all("tree.const_structs", tree->const_structs);
  out.add("tree.spelling", static_cast<long long>(tree->spelling.size()));
  // by misspelling, whatever the hash's order: the same key as when the list was sorted
  std::vector<std::pair<std::string_view, std::string_view>> spelling(tree->spelling.begin(),
                                                                      tree->spelling.end());
  std::sort(spelling.begin(), spelling.end());
  for (const auto& [wrong, right] : spelling) {
    out.add("tree.spelling", std::string(wrong) + "||" + std::string(right));
  }
}

nlohmann::json findings_json(const std::vector<Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const Finding& f : findings) {
    out.push_back({f.where.file, f.where.line, f.where.column, f.where.ref,
                   std::string(to_string(f.severity)), f.id, f.message, f.commit});
  }
  return out;
}

// Throws (nlohmann's exceptions, or std::invalid_argument) for an entry of another shape.
std::vector<Finding> findings_from(const nlohmann::json& json) {
  std::vector<Finding> findings;
  for (const auto& f : json) {
    Finding finding;
    finding.where.file = f.at(0).get<std::string>();
    finding.where.line = f.at(1).get<int>();
    finding.where.column = f.at(2).get<int>();
    finding.where.ref = f.at(3).get<std::string>();
    const auto severity = parse_severity(f.at(4).get<std::string>());
    if (!severity) {
      throw std::invalid_argument("severity");
    }
    finding.severity = *severity;
    finding.id = f.at(5).get<std::string>();
    finding.message = f.at(6).get<std::string>();
    finding.commit = f.at(7).get<std::string>();
    findings.push_back(std::move(finding));
  }
  return findings;
}

nlohmann::json to_entry(const CommitReport& report, const Lookups& lookups) {
  nlohmann::json asked = nlohmann::json::array();
  for (const Lookup& lookup : lookups) {
    asked.push_back({lookup.kind, lookup.query, lookup.answer});
  }
  return {{"label", report.label},
          {"subject", report.subject},
          {"commit", report.commit},
          {"source", report.source},
          {"findings", findings_json(report.findings)},
          {"lookups", asked}};
}

CommitReport from_entry(const nlohmann::json& entry, Lookups& lookups) {
  CommitReport report;
  report.label = entry.at("label").get<std::string>();
  report.subject = entry.at("subject").get<std::string>();
  report.commit = entry.at("commit").get<std::string>();
  report.source = entry.at("source").get<std::string>();
  report.findings = findings_from(entry.at("findings"));
  for (const auto& l : entry.at("lookups")) {
    lookups.push_back(
        {l.at(0).get<std::string>(), l.at(1).get<std::string>(), l.at(2).get<std::string>()});
  }
  return report;
}

// A commit's rendered diff depends on the .gitattributes of its paths' directories in the work
// tree too, which no key holds: kept with the entry and compared before it is reused. A mail's
// text is given, whatever the attributes.
void keep_attributes(git_repository& repo, const std::vector<std::string>& paths,
                     nlohmann::json& entry) {
  entry["paths"] = paths;
  entry["attributes"] = git::describe_attribute_sources(repo, paths);
}

// Throws (nlohmann's exceptions) for an entry without them: another shape, not reused.
bool same_attributes(git_repository& repo, const nlohmann::json& entry) {
  return git::describe_attribute_sources(repo, entry.at("paths").get<std::vector<std::string>>()) ==
         entry.at("attributes").get<std::string>();
}

}  // namespace

std::string describe_run_inputs(const Options& options, git_repository* repo) {
  Description out;
  out.add("patchflow", std::string(k_version) + " " + program_build_id());
  config::describe(options.policy, out);
  describe_checkpatch(options.checkpatch, options.checkpatch_tree.get(), out);
  out.add("maintainers", options.maintainers != nullptr);
  if (options.maintainers != nullptr) {
    out.add("maintainers.database", options.maintainers->identity_digest());
  }
  out.add("committer_email", options.committer_email);
  out.add("checkpatch_pl", options.checkpatch_pl);
  out.add("repository", repo != nullptr);
  if (repo != nullptr) {
    // What shapes the diff of a commit as check_patches renders it (format_commit_as_patch).
    out.add("diff", git::describe_diff_settings(*repo));
  }
  return std::move(out).text();
}

CheckCache::CheckCache(git::ResultCache store, const Options& options, git_repository* repo)
    : m_store(std::move(store)),
      m_options(options),
      m_repo(repo),
      m_run_key(git::digest(describe_run_inputs(options, repo))) {}

std::string CheckCache::key(const PatchInput& patch) const {
  Description out;
  out.add("run", m_run_key).add("label", patch.label).add("source", patch.source);
  if (!patch.commit.empty()) {
    // The commit id stands for its text: load_commits renders it from the commit alone (and the
    // settings the run key holds). committer_email and message come from the commit too.
    out.add("commit", patch.commit);
  } else {
    out.add("text", git::digest(patch.text))
        .add("committer_email", patch.committer_email)
        .add("message", patch.message);
  }
  return git::digest(std::move(out).text());
}

std::string CheckCache::answer(const Lookup& lookup) const {
  const CheckpatchTree* tree = m_options.checkpatch_tree.get();
  if (lookup.kind == "commit" && tree != nullptr) {
    return commit_answer(*tree, lookup.query);
  }
  if (lookup.kind == "camelcase" && tree != nullptr) {
    return camelcase_answer(*tree, lookup.query);
  }
  if (lookup.kind == "fixes" && m_repo != nullptr) {
    return fixes_answer(*m_repo, lookup.query);
  }
  throw std::invalid_argument("lookup");  // a question this run cannot ask: not the same inputs
}

std::optional<CommitReport> CheckCache::find(const PatchInput& patch) const {
  const auto value = m_store.find(key(patch));
  if (!value) {
    return std::nullopt;
  }
  try {
    Lookups lookups;
    const nlohmann::json entry = parse_json(*value);
    CommitReport report = from_entry(entry, lookups);
    for (const Lookup& lookup : lookups) {
      if (answer(lookup) != lookup.answer) {
        return std::nullopt;
      }
    }
    if (!patch.commit.empty() && m_repo != nullptr && !same_attributes(*m_repo, entry)) {
      return std::nullopt;
    }
    return report;
  } catch (const Error&) {
    throw;  // the repository failed: not the cache's business to hide
  } catch (const std::exception&) {
    return std::nullopt;  // an entry of another shape: checked again, and replaced
  }
}

void CheckCache::store(const PatchInput& patch, const CommitReport& report,
                       const Lookups& lookups) const {
  nlohmann::json entry = to_entry(report, lookups);
  if (!patch.commit.empty() && m_repo != nullptr) {
    std::vector<std::string> paths;
    try {
      paths = patch::touched_paths(patch::parse_patch_diff(patch.text, patch.source));
    } catch (const Error&) {
      return;  // a diff the checks could not read either: checked again next time
    }
    keep_attributes(*m_repo, paths, entry);
  }
  std::string text;
  try {
    text = dump_json(entry);
  } catch (const nlohmann::json::type_error&) {
    return;  // text that is not UTF-8 (a Latin-1 file name) has no JSON form: checked again
  }
  m_store.store(key(patch), text);
}

std::string CheckCache::series_key(const std::string& mainline, const git::Oid& tip,
                                   const std::vector<PatchInput>& patches,
                                   const std::vector<git::Oid>& prerequisites) const {
  Description out;
  out.add("run", m_run_key).add("mainline", mainline).add("series on", tip.hex());
  out.add("prerequisites", static_cast<long long>(prerequisites.size()));
  for (const git::Oid& commit : prerequisites) {
    out.add("prerequisite", commit.hex());
  }
  out.add("commits", static_cast<long long>(patches.size()));
  for (const PatchInput& patch : patches) {
    out.add("commit", patch.commit);
  }
  return git::digest(std::move(out).text());
}

std::optional<std::vector<Finding>> CheckCache::find_series(
    const std::string& mainline, const git::Oid& tip, const std::vector<PatchInput>& patches,
    const std::vector<git::Oid>& prerequisites) const {
  const auto value = m_store.find(series_key(mainline, tip, patches, prerequisites));
  if (!value) {
    return std::nullopt;
  }
  try {
    const nlohmann::json entry = parse_json(*value);
    if (m_repo != nullptr && entry.contains("paths") && !same_attributes(*m_repo, entry)) {
      return std::nullopt;
    }
    return findings_from(entry.at("series"));
  } catch (const Error&) {
    throw;  // the repository failed, as in find
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void CheckCache::store_series(const std::string& mainline, const git::Oid& tip,
                              const std::vector<PatchInput>& patches,
                              const std::vector<git::Oid>& prerequisites,
                              const std::vector<Finding>& findings) const {
  nlohmann::json entry = nlohmann::json::object();
  entry["series"] = findings_json(findings);
  if (m_repo != nullptr) {
    // The series rules diff the commits (patch ids): their paths' attributes decide them too.
    std::vector<std::string> paths;
    for (const PatchInput& patch : patches) {
      if (!patch.commit.empty()) {
        const auto changed = git::commit_changed_paths(*m_repo, git::Oid::from_hex(patch.commit));
        paths.insert(paths.end(), changed.begin(), changed.end());
      }
    }
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    keep_attributes(*m_repo, paths, entry);
  }
  std::string text;
  try {
    text = dump_json(entry);
  } catch (const nlohmann::json::type_error&) {
    return;  // not UTF-8, as in store: checked again next time
  }
  m_store.store(series_key(mainline, tip, patches, prerequisites), text);
}

std::string build_key(const git::Oid& tree, const std::string& command) {
  Description out;
  out.add("build tree", tree.hex()).add("command", command);
  return git::digest(std::move(out).text());
}

}  // namespace patchflow::check
