#include "patchflow/init/init.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "patchflow/init/skeleton.hpp"

namespace patchflow::init {
namespace {
namespace fs = std::filesystem;

// The repository's top directory: the work tree, or the git directory of a bare repository.
fs::path top_of(git_repository& repo) {
  const char* top = git_repository_workdir(&repo);
  fs::path path = fs::path(top != nullptr ? top : git_repository_path(&repo)).lexically_normal();
  return path.filename().empty() ? path.parent_path() : path;  // libgit2 ends it with '/'
}

std::string name_of(const fs::path& dir) {
  const std::string name = dir.filename().string();
  return name.empty() || name == "." || name == ".git" ? "main" : slug(name);
}

}  // namespace

Result run(git_repository& repo, const Options& options) {
  std::vector<std::string> exclude;
  if (!options.merge_branch.empty()) {
    exclude.push_back(options.merge_branch);
  }
  Discovery discovery = discover_topics(repo, options.mainline, options.pattern, exclude);
  if (discovery.topics.empty()) {
    throw_usage("no topic branch matches '" + options.pattern + "'" +
                (discovery.skipped.empty() ? std::string()
                                           : " (" + std::to_string(discovery.skipped.size()) +
                                                 " matching branch(es) skipped)") +
                "; nothing written");
  }
  const fs::path top = top_of(repo);
  fs::path stack_dir = fs::path(options.stack_dir).lexically_normal();
  if (stack_dir.filename().empty() && stack_dir.has_parent_path()) {
    stack_dir = stack_dir.parent_path();
  }
  SkeletonOptions skeleton{
      .stack_name = name_of(top),
      .component = options.component.empty() ? name_of(top) : options.component,
      .repository = top.lexically_relative(stack_dir).string(),
      .merge_branch = options.merge_branch};
  if (skeleton.repository.empty()) {
    skeleton.repository = top.string();  // no relative path between them: keep it absolute
  }
  const Files files = make_skeleton(discovery, skeleton);
  write_skeleton(options.stack_dir, files);
  Result result{.stack_dir = options.stack_dir, .discovery = std::move(discovery)};
  for (const auto& [path, content] : files) {
    result.files.push_back(path);
  }
  return result;
}

std::string format_text(const Result& result) {
  std::string out;
  for (const DiscoveredTopic& topic : result.discovery.topics) {
    out += "topic    " + topic.branch + "  " + std::to_string(topic.ahead) + " commit(s)";
    for (std::size_t i = 0; i < topic.depends.size(); ++i) {
      out += (i == 0 ? "  depends on " : ", ") + topic.depends[i];
    }
    out += "\n";
  }
  for (const SkippedBranch& skipped : result.discovery.skipped) {
    out += "skipped  " + skipped.branch + "  " + skipped.reason + "\n";
  }
  for (const std::string& file : result.files) {
    out += "wrote    " + (std::filesystem::path(result.stack_dir) / file).string() + "\n";
  }
  return out;
}

nlohmann::json to_json(const Result& result) {
  nlohmann::json topics = nlohmann::json::array(), skipped = nlohmann::json::array();
  for (const DiscoveredTopic& topic : result.discovery.topics) {
    topics.push_back(
        {{"branch", topic.branch}, {"ahead", topic.ahead}, {"depends", topic.depends}});
  }
  for (const SkippedBranch& branch : result.discovery.skipped) {
    skipped.push_back({{"branch", branch.branch}, {"reason", branch.reason}});
  }
  return {{"stack", result.stack_dir},
          {"mainline", result.discovery.mainline},
          {"pattern", result.discovery.pattern},
          {"topics", topics},
          {"skipped", skipped},
          {"files", result.files}};
}

}  // namespace patchflow::init
