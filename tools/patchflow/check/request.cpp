#include "patchflow/check/request.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "patchflow/check/cache.hpp"
#include "patchflow/check/checkpatch_context.hpp"
#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/attributes.hpp"
#include "patchflow/git/history_walk.hpp"
#include "patchflow/git/object_batch.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_read.hpp"
#include "patchflow/maintainers/lookup.hpp"
#include "patchflow/maintainers/source.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::check {

namespace {

// Parsed once for the whole run; null when there is nothing to read (no --maintainers and no
// MAINTAINERS in the tree checked). The tree's .get_maintainer.conf and the policy's
// maintainers-options apply as for route.
std::unique_ptr<maintainers::Routing> maintainers_of(const Request& request,
                                                     const config::Policy& policy,
                                                     git_repository* repo,
                                                     const std::optional<git::Oid>& tip) {
  maintainers::SourceRequest source = maintainers::source_request(policy, request.rules);
  source.maintainers = request.maintainers;
  if (!request.maintainers.empty()) {
    return std::make_unique<maintainers::Routing>(maintainers::load_routing(nullptr, tip, source));
  }
  if (repo == nullptr || !tip || policy.maintainers.empty()) {
    return nullptr;
  }
  maintainers::Arguments arguments = maintainers::routing_arguments(repo, tip, source);
  if (!git::is_file_at(*repo, *tip,
                       maintainers::maintainers_path_in_tree(arguments, policy.maintainers))) {
    return nullptr;
  }
  return std::make_unique<maintainers::Routing>(
      maintainers::load_routing(repo, tip, source, std::move(arguments)));
}

// The work tree's scripts/checkpatch.pl, for --checkpatch-pl; a usage error naming what is
// missing otherwise (asking for the script and silently not running it would hide findings).
std::string checkpatch_pl_of(git_repository* repo) {
  if (repo == nullptr || git_repository_workdir(repo) == nullptr) {
    throw_usage(
        "--checkpatch-pl needs a repository with a work tree holding scripts/checkpatch.pl");
  }
  std::string top = git_repository_workdir(repo);
  if (top.size() > 1 && top.back() == '/') {
    top.pop_back();
  }
  const std::string script = top + "/scripts/checkpatch.pl";
  if (!std::filesystem::is_regular_file(script)) {
    throw_usage("--checkpatch-pl: no 'scripts/checkpatch.pl' in the work tree '" + top + "'");
  }
  return script;
}

// The mainline mails must apply to: --mainline, else the mainline of their component when the
// repository has it (the target's tip); nullopt (no series rules, no error) when neither is known.
std::optional<MailSeriesTarget> mail_series_target(const stack::Target& target,
                                                   git_repository* repo) {
  if (repo == nullptr || target.mainline.empty() || target.tip.is_zero()) {
    return std::nullopt;
  }
  return MailSeriesTarget{.mainline = target.mainline,
                          .tip = target.tip,
                          .base = target.base_commit.is_zero()
                                      ? std::nullopt
                                      : std::optional<git::Oid>(target.base_commit)};
}

struct MailBase {
  git::Oid commit;
  std::string name;  // what the report calls it: the ref, or "base-commit <sha12>"
};

// Where mails apply for --build: --mainline when given, else the series' "base-commit:" line
// (format-patch --base) when the repository has that commit, else the tip of the mainline of
// the component the mails belong to.
MailBase mail_base_of(const Request& request, const stack::Target& target, git_repository* repo) {
  if (repo == nullptr) {
    throw_usage("--build on mails needs a repository to apply them to");
  }
  if (!request.mainline.empty()) {
    return {target.tip, request.mainline};
  }
  if (!target.base_commit.is_zero()) {
    return {target.base_commit, "base-commit " + target.base_commit.short_hex()};
  }
  if (!target.tip.is_zero()) {
    return {target.tip, target.mainline};
  }
  throw_usage(
      "--build on mails needs their base: name it with --mainline <ref>, or send a series made "
      "with 'format-patch --base', or check them in a stack whose component they belong to");
}

// The patches of the series that belong to shard, in series order.
std::vector<PatchInput> patches_in(const Shard& shard, const std::vector<PatchInput>& patches) {
  std::vector<PatchInput> mine;
  for (std::size_t i = 0; i < patches.size(); ++i) {
    if (shard.contains(i)) {
      mine.push_back(patches[i]);
    }
  }
  return mine;
}

// check_series on the range, or what a run with the same inputs found (options.cache).
std::vector<Finding> series_findings(git_repository& repo, const stack::Target& target,
                                     const std::vector<PatchInput>& patches,
                                     const Options& options) {
  if (!options.cache) {
    return check_series(repo, target.mainline, patches, options, target.prerequisites);
  }
  const git::Oid tip = git::resolve_commit(repo, target.mainline);
  if (auto kept = options.cache->find_series(target.mainline, tip, patches, target.prerequisites)) {
    return std::move(*kept);
  }
  std::vector<Finding> found =
      check_series(repo, target.mainline, patches, options, target.prerequisites);
  options.cache->store_series(target.mainline, tip, patches, target.prerequisites, found);
  return found;
}

}  // namespace

InputKind input_kind(const Request& request) {
  if (request.inputs.empty()) {
    throw_usage("check needs mbox/.patch files, a range A..B or a topic name");
  }
  const std::string& first = request.inputs.front();
  if (request.inputs.size() > 1 || stack::names_patch_file(first)) {
    return InputKind::files;
  }
  return first.find("..") != std::string::npos ? InputKind::range : InputKind::topic;
}

Result run(const Request& request, const Context& context) {
  const InputKind kind = !request.target                                    ? input_kind(request)
                         : request.target->kind == stack::TargetKind::files ? InputKind::files
                                                                            : InputKind::topic;
  git_repository* repo = context.repo(kind != InputKind::files);
  const stack::Target target =
      request.target
          ? *request.target
          : stack::resolve_target(repo, context.stack(false), request.inputs,
                                  {.component = request.component, .mainline = request.mainline});
  // Every diff this check renders on repo (the commits, the series rules' patch ids) reads
  // attributes from the small index (AttributeIndexScope).
  std::optional<git::AttributeIndexScope> attributes;
  if (repo != nullptr) {
    attributes.emplace(*repo);
  }
  Options options;
  options.jobs = request.jobs;
  options.progress = request.progress;
  options.policy = target.policy;
  std::vector<PatchInput> patches;
  if (kind == InputKind::files) {
    patches = load_patch_files(target.files);
    options.committer_email = request.sender;
  } else {
    // check_patches renders each commit's text on its threads, and only when no kept result
    // answers it: rendered here, the 26 diffs of a U-Boot topic took half of `check --no-cache`
    // on this one thread.
    // Unless the handle holds objects no other handle can read (am's trial of a series before
    // anything is written): those commits are rendered here, on the caller's handle.
    patches = load_commits(*repo, target.commits,
                           /*render=*/git::has_objects_in_memory(*repo));
  }
  // MAINTAINERS comes from the tree every command routes with: the series' base.
  const std::optional<git::Oid> routing_at = stack::routing_commit(target);
  // checkpatch.pl reads .checkpatch.conf at the top of the tree it runs in: the work tree for
  // mails, the tip's tree for a range or topic
  CheckpatchSetup checkpatch = checkpatch_setup(repo,
                                                kind == InputKind::files || target.tip.is_zero()
                                                    ? std::nullopt
                                                    : std::optional<git::Oid>(target.tip),
                                                request.checkpatch_args);
  options.checkpatch = checkpatch.options;
  options.checkpatch_tree = checkpatch.tree;
  const auto routing = maintainers_of(request, options.policy, repo, routing_at);
  options.maintainers = routing ? routing->source.database.get() : nullptr;
  if (request.checkpatch_pl) {
    options.checkpatch_pl = checkpatch_pl_of(repo);
  }
  // checkpatch.pl is a program of the tree, outside what a key can hold: never cached with it.
  if (request.cache && repo != nullptr && options.checkpatch_pl.empty()) {
    options.cache =
        std::make_shared<const CheckCache>(git::ResultCache::of(*repo, "check"), options, repo);
  }
  if (request.cache && repo != nullptr) {
    options.build_cache = git::ResultCache::of(*repo, "build");
  }
  if (request.build && request.build_dir.empty()) {
    throw_usage("--build needs a scratch directory");
  }
  // Mails are built on their base: applied in memory first, so that base must be known now.
  std::optional<MailBase> mail_base;
  if (request.build && kind == InputKind::files) {
    mail_base = mail_base_of(request, target, repo);
  }
  if (request.build && options.policy.build.empty()) {
    throw_usage("--build: the policy" +
                (target.component.empty() ? std::string() : " of '" + target.component + "'") +
                " has no build command (policy key 'build')");
  }
  // A shard checks and builds its own patches; the series rules see every patch, in shard 1.
  const std::vector<PatchInput> mine = patches_in(request.shard, patches);
  const bool series_rules = request.shard.has_series_rules();
  Result result = check_patches(mine, options, repo);
  if (routing) {
    result.maintainers_origin = routing->source.origin;
    result.maintainers_revision = routing->revision ? routing->revision->hex() : "";
  }
  std::vector<Finding> builds;
  if (kind != InputKind::files) {
    // Prerequisites (the commits of the topics a topic depends on) are applied first, never
    // checked: they are their own topics' business.
    if (series_rules && !target.mainline.empty()) {
      result.series = series_findings(*repo, target, patches, options);
    }
    if (request.build) {
      builds = check_builds(*repo, mine, options, request.build_dir);
    }
  } else if (series_rules) {
    if (const auto mails = mail_series_target(target, repo)) {
      result.series = check_mail_series(*repo, *mails, patches, options);
      if (mail_base && mail_base->commit == mails->tip) {
        // --build applies to the same commit below and reports the mail that does not apply
        std::erase_if(result.series, [](const Finding& f) { return f.id == "SERIES_APPLY"; });
      }
    }
  }
  if (kind == InputKind::files && mail_base) {
    // Every mail is applied (each tree holds the mails before it); only the shard's are built,
    // and a mail that does not apply is reported by shard 1.
    std::vector<Finding> other_shard;
    auto targets = apply_mails(*repo, mail_base->commit, mail_base->name, patches, options,
                               series_rules ? result.series : other_shard);
    std::set<std::string> labels;
    for (const auto& patch : mine) {
      labels.insert(patch.label);
    }
    std::erase_if(targets, [&](const BuildTarget& t) { return !labels.contains(t.label); });
    builds = build_targets(*repo, targets, options, request.build_dir);
  }
  if (request.build) {
    std::filesystem::remove_all(request.build_dir);
    result.series.insert(result.series.end(), builds.begin(), builds.end());
  }
  return result;
}

TerseReport checkpatch_terse(const Request& request, const Context& context) {
  if (input_kind(request) != InputKind::files) {
    throw_usage("--show-types prints checkpatch.pl's lines for patch files, not for '" +
                request.inputs.front() + "'");
  }
  const CheckpatchSetup setup =
      checkpatch_setup(context.repo(false), std::nullopt, request.checkpatch_args);
  CheckpatchOptions options = setup.options;
  options.tree = setup.tree.get();
  TerseReport report;
  for (const auto& path : request.inputs) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      throw_usage("cannot read '" + path + "'");
    }
    const CheckpatchRun run = run_checkpatch_full(text::read_file(path), options);
    report.text += format_checkpatch_terse(path, run);
    for (const auto& f : run.findings) {
      report.errors = report.errors || f.level == Severity::error;
    }
  }
  return report;
}

}  // namespace patchflow::check
