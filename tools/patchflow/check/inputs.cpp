// What check reads: patch files, a range, commits (as the mails format-patch would write).
#include <filesystem>

#include "patchflow/check/check.hpp"
#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/diff_format.hpp"
#include "patchflow/git/libgit2.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/patch/mbox.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::check {

std::vector<PatchInput> load_patch_files(const std::vector<std::string>& paths) {
  std::vector<PatchInput> inputs;
  for (const auto& path : paths) {
    const std::string content = text::read_file(path);
    const auto mails = patch::parse_mbox(content, path);
    const std::string name = std::filesystem::path(path).filename().string();
    if (mails.empty()) {
      inputs.push_back({name, path, content, {}, {}});
      continue;
    }
    // Each mail keeps its own text, so line numbers are per file: re-split by mail start lines.
    const auto lines = text::split_lines(content);
    for (std::size_t m = 0; m < mails.size(); ++m) {
      const int begin = mails[m].first_line;
      const int end =
          m + 1 < mails.size() ? mails[m + 1].first_line : static_cast<int>(lines.size()) + 1;
      std::string text;
      for (int l = 1; l < begin; ++l) {
        text += "\n";  // keep line numbers those of the file
      }
      for (int l = begin; l < end; ++l) {
        text += lines[static_cast<std::size_t>(l - 1)];
        text += '\n';
      }
      const std::string label = mails.size() == 1 ? name : name + " #" + std::to_string(m + 1);
      inputs.push_back({label, path, std::move(text), {}, {}});
    }
  }
  return inputs;
}

std::vector<PatchInput> load_range(git_repository& repo, const std::string& range) {
  if (range.find("..") == std::string::npos) {
    throw Error(ExitCode::usage, "revision range '" + range + "' is not 'A..B'");
  }
  return load_commits(repo, stack::resolve_target(repo, nullptr, range).commits);
}

std::vector<PatchInput> load_commits(git_repository& repo, const std::vector<git::Oid>& commits,
                                     bool render) {
  std::vector<PatchInput> inputs;
  for (const auto& oid : commits) {
    const git::Commit commit = git::lookup_commit(repo, oid);
    if (git::commit_parents(*commit).size() > 1) {
      continue;  // merges carry no patch of their own
    }
    PatchInput input;
    input.label = oid.short_hex();
    input.source = oid.short_hex() + ".patch";
    if (render) {
      input.text = git::format_commit_as_patch(repo, oid);
    }
    input.commit = oid.hex();
    const char* message = git_commit_message(commit.get());
    input.message = message ? message : "";
    // A commit applied by someone other than its author records who handled it: that
    // committer's Signed-off-by must come last. When committer and author are one person (a
    // contributor's own branch, or a stack materialized from mails) the commit names no handler.
    const git_signature* committer = git_commit_committer(commit.get());
    const git_signature* author = git_commit_author(commit.get());
    if (committer && author && committer->email && author->email &&
        text::to_lower(committer->email) != text::to_lower(author->email)) {
      input.committer_email = committer->email;
    }
    inputs.push_back(std::move(input));
  }
  return inputs;
}

}  // namespace patchflow::check
