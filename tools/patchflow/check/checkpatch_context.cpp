#include "patchflow/check/checkpatch_context.hpp"

#include <filesystem>
#include <mutex>
#include <unordered_set>

#include "patchflow/core/text.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/history_walk.hpp"
#include "patchflow/git/tree_read.hpp"

namespace patchflow::check {
namespace {

// Reads a file of the tree checkpatch.pl would run in: the tip's tree, or the work tree.
class TreeFiles {
 public:
  TreeFiles(git_repository* repo, const std::optional<git::Oid>& tip) : m_repo(repo), m_tip(tip) {
    if (repo != nullptr && !tip) {
      if (const char* top = git_repository_workdir(repo); top != nullptr) {
        m_top = top;
      }
    }
  }
  bool any() const { return m_repo != nullptr && (m_tip || !m_top.empty()); }
  std::string where(const std::string& path) const {
    return m_tip ? m_tip->short_hex() + ":" + path : m_top + path;
  }
  std::optional<std::string> read(const std::string& path) const {
    if (m_repo == nullptr) {
      return std::nullopt;
    }
    if (m_tip) {
      return git::read_blob_at(*m_repo, *m_tip, path);
    }
    std::error_code ec;
    if (m_top.empty() || !std::filesystem::is_regular_file(m_top + path, ec)) {
      return std::nullopt;
    }
    return text::read_file(m_top + path);
  }
  // The include/**/*.h files of the work tree (checkpatch.pl: git ls-files "include/*.h").
  std::vector<std::string> headers() const {
    std::vector<std::string> out;
    std::error_code ec;
    if (m_tip || m_top.empty() || !std::filesystem::is_directory(m_top + "include", ec)) {
      return out;
    }
    for (auto it = std::filesystem::recursive_directory_iterator(m_top + "include", ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".h") {
        out.push_back(it->path().string());
      }
    }
    return out;
  }

 private:
  git_repository* m_repo;
  std::optional<git::Oid> m_tip;
  std::string m_top;  // with a final '/'
};

// git log --format=%s: the first paragraph of the message, its lines joined by spaces.
std::string subject_of(const std::string& message) {
  std::string subject;
  for (const auto line : text::split_lines(message)) {
    if (text::trim(line).empty()) {
      if (!subject.empty()) {
        break;
      }
      continue;
    }
    subject += (subject.empty() ? "" : " ") + std::string(text::trim(line));
  }
  return subject;
}

}  // namespace

CheckpatchSetup checkpatch_setup(git_repository* repo, const std::optional<git::Oid>& tip,
                                 const std::vector<std::string>& args) {
  CheckpatchSetup setup;
  const TreeFiles files(repo, tip);
  if (const auto conf = files.read(".checkpatch.conf")) {
    apply_checkpatch_conf(*conf, files.where(".checkpatch.conf"), setup.options);
  }
  apply_checkpatch_args(args, {}, "", setup.options);
  if (repo == nullptr || !files.any()) {
    return setup;
  }
  auto tree = std::make_shared<CheckpatchTree>();
  load_checkpatch_tree(files.read("scripts/spelling.txt").value_or(""),
                       files.read("scripts/const_structs.checkpatch").value_or(""), "", *tree);
  // include/*.h is read on the first CamelCase name to judge, once for the whole run
  struct Lazy {
    std::once_flag once;
    std::unordered_set<std::string> names;
    std::vector<std::string> headers;
    std::mutex git;
  };
  auto lazy = std::make_shared<Lazy>();
  lazy->headers = files.headers();
  tree->camelcase_declared = [lazy](const std::string& name) {
    std::call_once(lazy->once, [&] {
      for (const auto& header : lazy->headers) {
        seed_camelcase(text::read_file(header), lazy->names);
      }
    });
    return lazy->names.count(name) != 0;
  };
  tree->find_commit = [repo, lazy](std::string_view id) -> std::optional<CheckpatchTree::Commit> {
    const std::lock_guard<std::mutex> hold(lazy->git);  // patches are checked on several threads
    const auto oid = git::find_commit_prefix(*repo, std::string(id));
    if (!oid) {
      return std::nullopt;
    }
    return CheckpatchTree::Commit{oid->hex(), subject_of(git::commit_message(*repo, *oid))};
  };
  setup.tree = std::move(tree);
  return setup;
}

}  // namespace patchflow::check
