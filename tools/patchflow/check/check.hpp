#pragma once
// `patchflow check`: everything a maintainer would bounce a series for, before it is mailed.
// Input is a list of patches (from mbox files or from commits); every check has a stable ID and
// a default severity that a policy may change (error, warning, check, off).
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/check/checkpatch.hpp"
#include "patchflow/config/model.hpp"
#include "patchflow/core/finding.hpp"
#include "patchflow/core/progress.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/git/result_cache.hpp"
#include "patchflow/maintainers/database.hpp"

namespace patchflow::check {

struct Rule {
  std::string id;
  Severity severity;
  std::string summary;
};
// patchflow's own rules (the checkpatch TYPEs keep checkpatch's levels as defaults).
const std::vector<Rule>& rules();

// One patch to check: its format-patch text and where it came from.
struct PatchInput {
  std::string label;            // "0001-foo.patch" or a short commit id
  std::string source;           // file the diagnostics name (patch file, or "<sha12>.patch")
  std::string text;             // one mail, as format-patch writes it; empty for a commit whose
                                // text is rendered only when it is checked (load_commits)
  std::string commit;           // full commit id when it came from a repository
  std::string message;          // the raw commit message (commits only)
  std::string committer_email;  // commits applied by someone else than the author: the
                                // committer, whose sign-off must come last; else empty
};

class CheckCache;

struct Options {
  config::Policy policy;
  int jobs = 2;                 // threads checking commits in parallel
  std::string checkpatch_pl;    // path of a checkpatch.pl to run as well; empty: none
  std::string committer_email;  // mails: whose Signed-off-by must come last (--sender);
                                // empty: the mail's From
  // MAINTAINERS, parsed once and shared by every commit (MULTIPLE_SUBSYSTEMS); null: not checked.
  const maintainers::Database* maintainers = nullptr;
  ProgressFn progress;  // one step per patch checked, then per commit built; may be empty
  // The built-in checkpatch's options (.checkpatch.conf, --strict, --ignore ...) and the tree's
  // context; its max_line_length yields to the policy's unless an option gave it.
  CheckpatchOptions checkpatch;
  std::shared_ptr<const CheckpatchTree> checkpatch_tree;
  // Per-patch results kept between runs (check/cache.hpp); null: every patch is checked.
  std::shared_ptr<const CheckCache> cache;
  // --build results kept between runs, per tree and build command; off by default.
  git::ResultCache build_cache;
};

struct CommitReport {
  std::string label;
  std::string subject;
  std::string commit;
  std::string source;  // the file its diagnostics name (PatchInput::source)
  std::vector<Finding> findings;
};

struct Result {
  std::vector<CommitReport> commits;
  std::vector<Finding> series;  // findings about the series as a whole
  // The MAINTAINERS MULTIPLE_SUBSYSTEMS read ("MAINTAINERS at 1a2b3c4d5e6f") and that commit's
  // hex (stack::routing_commit: the series' base); empty when none was read.
  std::string maintainers_origin, maintainers_revision;
};

// Splits mbox/.patch files into single-patch inputs. Throws Error{usage} naming the file for
// unreadable files; a file with no mail at all becomes an input that reports NO_DIFF.
std::vector<PatchInput> load_patch_files(const std::vector<std::string>& paths);
// commits (oldest first; merges are skipped) as format-patch text, rendered in-process; with
// render false the text is left empty, for check_patches to render when it checks the commit
// (a cached result needs none).
std::vector<PatchInput> load_commits(git_repository& repo, const std::vector<git::Oid>& commits,
                                     bool render = true);
// The commits of "A..B" as stack::resolve_target lists them, through load_commits.
std::vector<PatchInput> load_range(git_repository& repo, const std::string& range);

// Checks every patch (in parallel) and returns findings grouped per patch; repo (may be null)
// lets Fixes: tags be resolved and renders the commits load_commits left without text. With
// options.cache, a patch whose result is kept is not checked again, and new results are kept.
Result check_patches(const std::vector<PatchInput>& patches, const Options& options,
                     git_repository* repo);

// Series rules on a range: base on mainline, applies to the mainline tip, not already merged
// (patch-id), no duplicate inside the series. prerequisites (the commits of the topics a topic
// depends on, oldest first) are applied before the series and may be its base; no finding is
// about them, except that the series cannot be applied when they do not apply.
std::vector<Finding> check_series(git_repository& repo, const std::string& mainline,
                                  const std::vector<PatchInput>& patches, const Options& options,
                                  const std::vector<git::Oid>& prerequisites = {});

// Where mails are checked as a series: the mainline tip they must apply to, and the commit their
// "base-commit:" line names when the repository has it.
struct MailSeriesTarget {
  std::string mainline;  // the ref the report names
  git::Oid tip;
  std::optional<git::Oid> base;
};

// Series rules on mails: the first that does not apply to the tip (applied in memory through a
// private handle; nothing is written to repo), two mails with one patch-id, and mails whose
// patch-id a non-merge mainline commit since the base already has (without a base: among the
// latest 1000 commits of the mainline).
std::vector<Finding> check_mail_series(git_repository& repo, const MailSeriesTarget& target,
                                       const std::vector<PatchInput>& patches,
                                       const Options& options);

// One state of the series to build: a commit's tree, or the tree a mail gives once applied.
struct BuildTarget {
  std::string label;   // what the report names: a short commit id or the patch label
  std::string commit;  // full commit id; empty for a mail
  git::Oid tree;
};

// Mails have no commits: applies them, in order, to base's tree in memory (nothing is written
// but unreferenced objects). Returns the tree after each mail that applied; the first that does
// not apply stops the series and becomes a SERIES_APPLY finding in `findings`.
std::vector<BuildTarget> apply_mails(git_repository& repo, const git::Oid& base,
                                     const std::string& base_name,
                                     const std::vector<PatchInput>& patches, const Options& options,
                                     std::vector<Finding>& findings);

// Runs the policy's build command on every target (written below work_dir, one directory each)
// with `jobs` threads; reports the first target whose build fails, with the tail of its log.
std::vector<Finding> build_targets(git_repository& repo, const std::vector<BuildTarget>& targets,
                                   const Options& options, const std::string& work_dir);

// build_targets on the commits of a range.
std::vector<Finding> check_builds(git_repository& repo, const std::vector<PatchInput>& patches,
                                  const Options& options, const std::string& work_dir);

// Severity of rule id under policy: the policy's override, else the given default.
Severity severity_for(const config::Policy& policy, const std::string& id, Severity fallback);

bool has_errors(const Result& result);
std::string format_text(const Result& result);
nlohmann::json to_json(const Result& result);

}  // namespace patchflow::check
