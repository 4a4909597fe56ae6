#include "patchflow/compose/resolution.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "patchflow/config/resolution_file.hpp"
#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/rebase/rebase.hpp"

// patchflow resolve --rebase: recorded resolutions of rebase conflicts, stored per topic.
namespace patchflow::rebase {
namespace {

namespace fs = std::filesystem;

// topics/resolutions/<topic with '/' as '-'>: one folder per topic, files named after the path.
std::string resolution_dir(const std::string& topic) {
  std::string slug = topic;
  std::replace(slug.begin(), slug.end(), '/', '-');
  return "topics/resolutions/" + slug;
}

// The recorded files for path, stack-relative: <dir>/<path>.1.resolution, .2.resolution, ...
std::vector<std::string> resolution_files(const config::StackConfig& stack,
                                          const std::string& topic, const std::string& path) {
  std::vector<std::string> files;
  for (int n = 1;; ++n) {
    const std::string file =
        resolution_dir(topic) + "/" + path + "." + std::to_string(n) + ".resolution";
    std::error_code ignored;
    if (!fs::is_regular_file(stack.path(file), ignored)) {
      return files;
    }
    files.push_back(file);
  }
}

}  // namespace

std::optional<std::string> recorded_resolution(const config::StackConfig& stack,
                                               const std::string& topic,
                                               const git::FileConflict& conflict) {
  for (const std::string& file : resolution_files(stack, topic, conflict.path)) {
    const std::vector<config::ResolvedHunk> hunks =
        config::parse_resolution_file(text::read_file(stack.path(file)), file);
    std::string why;
    if (std::optional<std::string> resolved = compose::apply_resolution(conflict, hunks, why)) {
      return resolved;
    }
  }
  return std::nullopt;
}

RecordResult record_resolution(git_repository& repo, const config::StackConfig& stack,
                               Options options, const std::string& topic, const std::string& path,
                               const std::string& resolved_content) {
  const config::Topic& wanted = stack.topic(topic);
  // The topic's dependencies are replayed first, as the rebase that conflicted did.
  std::set<std::string> with_dependencies{wanted.name};
  for (bool grew = true; grew;) {
    grew = false;
    for (const std::string& name : std::set<std::string>(with_dependencies)) {
      for (const std::string& dependency : stack.topic(name).depends) {
        grew = with_dependencies.insert(dependency).second || grew;
      }
    }
  }
  options.topics.assign(with_dependencies.begin(), with_dependencies.end());
  options.dry_run = true;
  options.keep_going = false;
  options.ignore_resolution_topic = wanted.name;
  options.ignore_resolution_path = path;
  const Result result = run(repo, stack, options);
  for (const TopicResult& rebased : result.topics) {
    if (!rebased.conflict) {
      continue;
    }
    if (rebased.topic != wanted.name) {
      throw_if_failed(result);  // an earlier topic conflicts first
    }
    for (const git::FileConflict& file : rebased.conflict->files) {
      if (file.path != path) {
        continue;
      }
      if (git::has_conflict_markers(resolved_content)) {
        throw Error(ExitCode::usage, "'" + path + "': the resolution still has conflict markers");
      }
      const std::vector<config::ResolvedHunk> hunks =
          compose::split_resolution(file, resolved_content);
      const std::string relative =
          resolution_dir(wanted.name) + "/" + path + "." +
          std::to_string(resolution_files(stack, wanted.name, path).size() + 1) + ".resolution";
      std::error_code error;
      fs::create_directories(fs::path(stack.path(relative)).parent_path(), error);
      std::ofstream out(stack.path(relative), std::ios::binary);
      out << config::format_resolution_file(hunks, {"rebase of topic " + wanted.name + ": '" +
                                                    rebased.conflict->subject + "' in " + path});
      if (error || !out.flush()) {
        throw Error(ExitCode::usage, "cannot write '" + stack.path(relative) + "'",
                    Where{.file = relative});
      }
      return {.topic = wanted.name,
              .path = path,
              .commit_subject = rebased.conflict->subject,
              .conflicts = hunks.size(),
              .file = relative};
    }
  }
  throw Error(ExitCode::usage, "topic '" + wanted.name + "' does not conflict in '" + path +
                                   "' when rebased onto " + result.onto);
}

}  // namespace patchflow::rebase
