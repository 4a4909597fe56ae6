#include "patchflow/intake/apply.hpp"

#include <algorithm>

#include "patchflow/core/text.hpp"
#include "patchflow/git/apply.hpp"
#include "patchflow/git/apply_three_way.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_merge.hpp"
#include "patchflow/git/tree_read.hpp"
#include "patchflow/patch/diff.hpp"

namespace patchflow::intake {
namespace {

std::uint32_t mode_of(const std::string& octal) {
  return octal.empty() ? 0100644 : static_cast<std::uint32_t>(std::stoul(octal, nullptr, 8));
}

// The blob at path in tree, or nullopt.
std::optional<std::string> blob_in_tree(git_repository& repo, const git::Oid& tree,
                                        const std::string& path) {
  const git::Tree t = git::lookup_tree(repo, tree);
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, t.get(), path.c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  const git::TreeEntry entry(raw);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) {
    return std::nullopt;
  }
  return git::read_blob(repo, git::Oid(*git_tree_entry_id(entry.get())));
}

// The first hunk whose old lines (context and removed) appear nowhere in content, in order.
const patch::Hunk* first_unmatched_hunk(const patch::FileDiff& file, const std::string& content) {
  std::vector<std::string_view> lines;
  for (const std::string_view line : text::split_lines(content)) {
    lines.push_back(line);
  }
  for (const patch::Hunk& hunk : file.hunks) {
    std::vector<std::string_view> old_lines;
    for (const patch::DiffLine& line : hunk.lines) {
      if (line.kind != patch::LineKind::added) {
        old_lines.push_back(line.text);
      }
    }
    if (old_lines.empty()) {
      continue;
    }
    if (std::search(lines.begin(), lines.end(), old_lines.begin(), old_lines.end()) ==
        lines.end()) {
      return &hunk;
    }
  }
  return nullptr;
}

std::string hunk_header(const patch::Hunk& hunk) {
  return "@@ -" + std::to_string(hunk.old_start) + "," + std::to_string(hunk.old_count) + " +" +
         std::to_string(hunk.new_start) + "," + std::to_string(hunk.new_count) + " @@";
}

}  // namespace

std::optional<AppliedTree> apply_mail(git_repository& repo, const git::Oid& tree,
                                      const patch::Mail& mail, ApplyError& error) {
  git::ApplyFailure failure;
  if (const auto applied = git::apply_diff(repo, tree, mail.diff, failure)) {
    return AppliedTree{*applied, false};
  }
  const patch::ParsedDiff parsed = patch::parse_diff(mail.diff, mail.source, mail.diff_line);
  if (failure.malformed) {
    throw Error(ExitCode::usage, "malformed diff in '" + mail.subject + "': " + failure.message,
                Where{.file = mail.source, .line = mail.diff_line});
  }
  const git::ApplyFailure straight = failure;
  // git am -3: only when every file names its preimage blob.
  std::vector<git::PreimageBlob> blobs;
  bool named = !parsed.files.empty();
  for (const patch::FileDiff& file : parsed.files) {
    if (file.old_blob.empty()) {
      named = false;
      break;
    }
    blobs.push_back({.path = file.is_new ? file.new_path : file.old_path,
                     .blob = file.old_blob,
                     .mode = mode_of(file.index_mode.empty() ? file.old_mode : file.index_mode)});
  }
  git::ApplyFailure three_way_failure;
  if (named) {
    if (const auto merged = git::apply_three_way(repo, tree, mail.diff, blobs, three_way_failure)) {
      return AppliedTree{*merged, true};
    }
  }
  error = ApplyError{
      .path = straight.path,
      .reason = named ? straight.message + "; " + three_way_failure.message : straight.message,
      .where = Where{.file = mail.source, .line = mail.diff_line}};
  for (const patch::FileDiff& file : parsed.files) {
    if (!error.path.empty() && file.path() != error.path && file.old_path != error.path) {
      continue;
    }
    const std::string old_path = file.old_path.empty() ? file.new_path : file.old_path;
    const auto content = blob_in_tree(repo, tree, old_path);
    if (!content) {
      if (!file.is_new) {
        error.path = old_path;
        error.where.line = file.patch_line;
        break;
      }
      continue;
    }
    if (const patch::Hunk* hunk = first_unmatched_hunk(file, *content)) {
      error.path = old_path;
      error.hunk = hunk_header(*hunk);
      error.where.line = hunk->patch_line;
      break;
    }
  }
  return std::nullopt;
}

}  // namespace patchflow::intake
