#include "patchflow/check/request.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <set>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/history_walk.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_read.hpp"
#include "patchflow/maintainers/lookup.hpp"
#include "patchflow/maintainers/source.hpp"

namespace patchflow::check {

namespace {

// The commits to check, with where their policy and MAINTAINERS come from.
struct Plan {
  std::string range;     // "" for patch files
  std::string mainline;  // for the series rules
  std::string component;
};

Plan plan_of(const Request& request, InputKind kind, const Context& context) {
  Plan plan;
  plan.component = request.component;
  plan.mainline = request.mainline;
  const std::string& first = request.inputs.front();
  if (kind == InputKind::range) {
    plan.range = first;
    if (plan.mainline.empty()) {
      plan.mainline = first.substr(0, first.find(".."));
    }
    // A range based on a component's mainline gets that component's policy.
    const config::StackConfig* stack = plan.component.empty() ? context.stack(false) : nullptr;
    if (stack != nullptr) {
      for (const auto& component : stack->stack.components) {
        if (component.mainline == first.substr(0, first.find(".."))) {
          plan.component = component.name;
        }
      }
    }
  } else if (kind == InputKind::topic) {
    const config::StackConfig& stack = *context.stack(true);
    const config::Topic& topic = stack.topic(first);
    plan.component = topic.component;
    if (plan.mainline.empty()) {
      plan.mainline = stack.component(topic.component).mainline;
    }
    plan.range = plan.mainline + ".." + (topic.branch.empty() ? topic.name : topic.branch);
  }
  return plan;
}

// Parsed once for the whole run; null when there is nothing to read (no --maintainers and no
// MAINTAINERS in the tree checked).
std::unique_ptr<maintainers::Source> maintainers_of(const Request& request,
                                                    const config::Policy& policy,
                                                    git_repository* repo,
                                                    const std::optional<git::Oid>& tip) {
  const maintainers::Rules rules =
      maintainers::rules_named(request.rules.empty() ? policy.maintainers_rules : request.rules);
  if (!request.maintainers.empty()) {
    return std::make_unique<maintainers::Source>(
        maintainers::load_source_path(request.maintainers, false, rules));
  }
  if (repo == nullptr || !tip || policy.maintainers.empty() ||
      !git::read_blob_at(*repo, *tip, policy.maintainers)) {
    return nullptr;
  }
  return std::make_unique<maintainers::Source>(
      maintainers::load_source_commit(*repo, *tip, policy.maintainers, false, rules));
}

// Paths the mails modify ("--- a/<path>"): what must already exist where the series applies.
std::vector<std::string> modified_paths(const std::vector<PatchInput>& patches) {
  std::vector<std::string> paths;
  for (const auto& patch : patches) {
    std::size_t at = 0;
    while ((at = patch.text.find("\n--- a/", at)) != std::string::npos) {
      at += 7;
      paths.push_back(patch.text.substr(at, patch.text.find('\n', at) - at));
    }
  }
  return paths;
}

// Mails name no component: the series belongs to the component whose mainline tree holds most
// of the files it modifies ("" when none or a tie).
std::string component_of_mails(const config::StackConfig& stack, git_repository& repo,
                               const std::vector<PatchInput>& patches) {
  const auto paths = modified_paths(patches);
  std::string best;
  std::size_t best_count = 0;
  bool tie = false;
  for (const auto& component : stack.stack.components) {
    const auto tip = git::resolve_ref(repo, git::branch_ref_name(component.mainline));
    if (!tip) {
      continue;
    }
    std::size_t count = 0;
    for (const auto& path : paths) {
      count += git::read_blob_at(repo, *tip, path).has_value();
    }
    if (count > best_count) {
      best = component.name;
      best_count = count;
      tie = false;
    } else if (count == best_count && count > 0) {
      tie = true;
    }
  }
  return tie ? std::string() : best;
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

// The commit the series' first "base-commit:" line (format-patch --base) names, when the
// repository has it.
std::optional<git::Oid> base_commit_of(const std::vector<PatchInput>& patches,
                                       git_repository& repo) {
  for (const auto& patch : patches) {
    const auto at = patch.text.find("\nbase-commit: ");
    if (at == std::string::npos) {
      continue;
    }
    const auto begin = at + 14;
    const std::string hex(
        text::trim(patch.text.substr(begin, patch.text.find('\n', begin) - begin)));
    return git::find_commit_prefix(repo, hex);
  }
  return std::nullopt;
}

// The mainline mails must apply to: --mainline, else the mainline of their component when the
// repository has it; nullopt (no series rules, no error) when neither is known.
std::optional<MailSeriesTarget> mail_series_target(const Request& request, const Plan& plan,
                                                   const std::vector<PatchInput>& patches,
                                                   git_repository* repo, const Context& context) {
  if (repo == nullptr) {
    return std::nullopt;
  }
  MailSeriesTarget target;
  if (!request.mainline.empty()) {
    target.mainline = request.mainline;
    target.tip = git::resolve_commit(*repo, request.mainline);
  } else if (!plan.component.empty()) {
    target.mainline = context.stack(true)->component(plan.component).mainline;
    const auto tip = git::resolve_ref(*repo, git::branch_ref_name(target.mainline));
    if (!tip) {
      return std::nullopt;
    }
    target.tip = *tip;
  } else {
    return std::nullopt;
  }
  target.base = base_commit_of(patches, *repo);
  return target;
}

struct MailBase {
  git::Oid commit;
  std::string name;  // what the report calls it: the ref, or "base-commit <sha12>"
};

// Where mails apply for --build: --mainline when given, else the series' "base-commit:" line
// (format-patch --base) when the repository has that commit, else the tip of the mainline of
// the component the mails belong to.
MailBase mail_base_of(const Request& request, const Plan& plan,
                      const std::vector<PatchInput>& patches, git_repository* repo,
                      const Context& context) {
  if (repo == nullptr) {
    throw_usage("--build on mails needs a repository to apply them to");
  }
  if (!request.mainline.empty()) {
    return {git::resolve_commit(*repo, request.mainline), request.mainline};
  }
  if (const auto commit = base_commit_of(patches, *repo)) {
    return {*commit, "base-commit " + commit->short_hex()};
  }
  if (!plan.component.empty()) {
    const auto& mainline = context.stack(true)->component(plan.component).mainline;
    if (const auto tip = git::resolve_ref(*repo, git::branch_ref_name(mainline))) {
      return {*tip, mainline};
    }
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

}  // namespace

InputKind input_kind(const Request& request) {
  if (request.inputs.empty()) {
    throw_usage("check needs mbox/.patch files, a range A..B or a topic name");
  }
  const std::string& first = request.inputs.front();
  if (request.inputs.size() > 1 || std::filesystem::exists(first)) {
    return InputKind::files;
  }
  return first.find("..") != std::string::npos ? InputKind::range : InputKind::topic;
}

Result run(const Request& request, const Context& context) {
  const InputKind kind = input_kind(request);
  Plan plan = plan_of(request, kind, context);
  Options options;
  options.jobs = request.jobs;
  options.progress = request.progress;
  git_repository* repo = context.repo(kind != InputKind::files);
  std::vector<PatchInput> patches;
  std::optional<git::Oid> tip;
  if (kind == InputKind::files) {
    patches = load_patch_files(request.inputs);
    options.committer_email = request.sender;
    const config::StackConfig* stack = context.stack(false);
    if (plan.component.empty() && stack != nullptr && repo != nullptr) {
      plan.component = component_of_mails(*stack, *repo, patches);
    }
    if (!plan.component.empty() && repo != nullptr) {
      const auto& mainline = context.stack(true)->component(plan.component).mainline;
      tip = git::resolve_ref(*repo, git::branch_ref_name(mainline));
    }
  } else {
    patches = load_range(*repo, plan.range);
    tip = git::resolve_commit(*repo, plan.range.substr(plan.range.find("..") + 2));
  }
  if (!plan.component.empty()) {
    const config::StackConfig& stack = *context.stack(true);
    stack.component(plan.component);  // throws "unknown component 'x'"
    options.policy = stack.policy_for(plan.component);
  }
  const auto source = maintainers_of(request, options.policy, repo, tip);
  options.maintainers = source ? &source->database : nullptr;
  if (request.checkpatch_pl) {
    options.checkpatch_pl = checkpatch_pl_of(repo);
  }
  if (request.build && request.build_dir.empty()) {
    throw_usage("--build needs a scratch directory");
  }
  // Mails are built on their base: applied in memory first, so that base must be known now.
  std::optional<MailBase> mail_base;
  if (request.build && kind == InputKind::files) {
    mail_base = mail_base_of(request, plan, patches, repo, context);
  }
  if (request.build && options.policy.build.empty()) {
    throw_usage("--build: the policy" +
                (plan.component.empty() ? std::string() : " of '" + plan.component + "'") +
                " has no build command (policy key 'build')");
  }
  // A shard checks and builds its own patches; the series rules see every patch, in shard 1.
  const std::vector<PatchInput> mine = patches_in(request.shard, patches);
  const bool series_rules = request.shard.has_series_rules();
  Result result = check_patches(mine, options, repo);
  std::vector<Finding> builds;
  if (kind != InputKind::files) {
    if (series_rules) {
      result.series = check_series(*repo, plan.mainline, patches, options);
    }
    if (request.build) {
      builds = check_builds(*repo, mine, options, request.build_dir);
    }
  } else if (series_rules) {
    if (const auto target = mail_series_target(request, plan, patches, repo, context)) {
      result.series = check_mail_series(*repo, *target, patches, options);
      if (mail_base && mail_base->commit == target->tip) {
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

}  // namespace patchflow::check
