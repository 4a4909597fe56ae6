// Builds at every commit (or mail) of a series, in parallel, each in its own directory.
#include <charconv>
#include <filesystem>
#include <optional>

#include "patchflow/check/cache.hpp"
#include "patchflow/check/check.hpp"
#include "patchflow/core/parallel.hpp"
#include "patchflow/core/process.hpp"
#include "patchflow/core/progress.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/libgit2.hpp"
#include "patchflow/git/repository.hpp"

namespace patchflow::check {
namespace {

constexpr std::size_t k_log_lines = 10;  // of a failed build's log, in the finding

// A kept build result: "<exit code>\n<log tail>"; nullopt for none or one that does not parse.
std::optional<std::pair<int, std::string>> kept_outcome(const std::optional<std::string>& value) {
  if (!value) {
    return std::nullopt;
  }
  const std::size_t end = value->find('\n');
  int exit_code = 0;
  const char* first = value->data();
  const auto [stop, ec] = std::from_chars(first, first + std::min(end, value->size()), exit_code);
  if (end == std::string::npos || ec != std::errc() || stop != first + end) {
    return std::nullopt;
  }
  return std::make_pair(exit_code, value->substr(end + 1));
}

}  // namespace

std::vector<Finding> build_targets(git_repository& repo, const std::vector<BuildTarget>& targets,
                                   const Options& options, const std::string& work_dir) {
  std::vector<Finding> findings;
  if (options.policy.build.empty() || targets.empty()) {
    return findings;
  }
  const std::string repo_path = git_repository_path(&repo);
  std::vector<std::pair<int, std::string>> outcome(targets.size());
  ProgressCounter progress(options.progress, "build", targets.size());
  parallel_for(targets.size(), options.jobs, [&](std::size_t i) {
    const std::string key = build_key(targets[i].tree, options.policy.build);
    if (auto kept = kept_outcome(options.build_cache.find(key))) {
      outcome[i] = std::move(*kept);
      progress.finished_one();
      return;
    }
    // One repository handle per thread: libgit2 objects are not shared across threads.
    const git::Repository own = git::open_repository(repo_path);
    const std::string dir = work_dir + "/" + std::to_string(i);
    std::filesystem::create_directories(dir);
    git::write_tree_to_directory(*own, targets[i].tree, dir);
    process::Result run = process::run(process::shell(options.policy.build, dir));
    std::filesystem::remove_all(dir);
    // Only the tail is ever quoted; a build a signal ended (interrupted, out of memory) says
    // nothing about the tree and is not kept.
    outcome[i] = {run.exit_code, process::tail(run.output, k_log_lines)};
    if (run.exit_code < 128 && !run.timed_out) {
      options.build_cache.store(key, std::to_string(run.exit_code) + "\n" + outcome[i].second);
    }
    progress.finished_one();
  });
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (outcome[i].first != 0) {
      std::string tail;
      const std::string log_tail = process::tail(outcome[i].second, k_log_lines);
      for (std::string_view line : text::split_lines(log_tail)) {
        tail += "\n    " + std::string(line);
      }
      Finding f;
      f.where.ref = targets[i].label;
      f.severity = severity_for(options.policy, "BUILD_FAILED", Severity::error);
      f.id = "BUILD_FAILED";
      f.message = "'" + options.policy.build + "' fails at this " +
                  (targets[i].commit.empty() ? "patch" : "commit") + "; log tail:" + tail;
      f.commit = targets[i].commit.empty() ? targets[i].label : targets[i].commit;
      if (f.severity != Severity::off) {
        findings.push_back(std::move(f));
      }
      break;  // the first breaking commit is the one to fix
    }
  }
  return findings;
}

std::vector<Finding> check_builds(git_repository& repo, const std::vector<PatchInput>& patches,
                                  const Options& options, const std::string& work_dir) {
  std::vector<BuildTarget> targets;
  for (const auto& patch : patches) {
    if (!patch.commit.empty()) {
      const git::Oid commit = git::Oid::from_hex(patch.commit);
      targets.push_back(
          {patch.label, patch.commit, git::commit_tree_id(*git::lookup_commit(repo, commit))});
    }
  }
  return build_targets(repo, targets, options, work_dir);
}

}  // namespace patchflow::check
