#include "patchflow/git/diff_format.hpp"

#include <ctime>
#include <filesystem>

#include "patchflow/git/apply.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/libgit2.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_diff.hpp"

namespace patchflow::git {
namespace {

// The diff format-patch shows: against the first parent, renames found as diff.renames says.
Diff commit_diff(git_repository& repo, const Oid& oid) {
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  Diff diff = diff_commit(repo, oid, options);
  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  check(git_diff_find_similar(diff.get(), &find), "find renames in " + oid.short_hex());
  return diff;
}

std::string format_date(const git_time& when) {
  const std::time_t local = static_cast<std::time_t>(when.time + when.offset * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S", &tm);
  const int offset = when.offset < 0 ? -when.offset : when.offset;
  char zone[16];
  std::snprintf(zone, sizeof zone, " %c%02d%02d", when.offset < 0 ? '-' : '+', offset / 60,
                offset % 60);
  return std::string(buffer) + zone;
}

}  // namespace

std::string format_commit_as_patch(git_repository& repo, const Oid& oid) {
  const Commit commit = lookup_commit(repo, oid);
  const git_signature* author = git_commit_author(commit.get());
  const std::string message =
      git_commit_message(commit.get()) ? git_commit_message(commit.get()) : "";
  const auto subject_end = message.find('\n');
  std::string subject = message.substr(0, subject_end);
  std::string body = subject_end == std::string::npos ? "" : message.substr(subject_end + 1);
  while (!body.empty() && body.front() == '\n') {
    body.erase(0, 1);
  }
  std::string text = "From " + oid.hex() + " Mon Sep 17 00:00:00 2001\n";
  text += "From: " + std::string(author->name) + " <" + author->email + ">\n";
  text += "Date: " + format_date(author->when) + "\n";
  text += "Subject: [PATCH] " + subject + "\n\n";
  text += body;
  if (!body.empty() && body.back() != '\n') {
    text += '\n';
  }
  text += "---\n";
  const Diff diff = commit_diff(repo, oid);
  Buffer buffer;
  check(git_diff_to_buf(&buffer.buf, diff.get(), GIT_DIFF_FORMAT_PATCH),
        "format diff of " + oid.short_hex());
  text += "\n" + buffer.str();
  text += "-- \npatchflow\n\n";
  return text;
}

std::optional<std::size_t> first_commit_not_applying(git_repository& repo, const Oid& base,
                                                     const std::vector<Oid>& commits) {
  Oid tree_id = commit_tree_id(*lookup_commit(repo, base));
  for (std::size_t i = 0; i < commits.size(); ++i) {
    const Commit commit = lookup_commit(repo, commits[i]);
    // On the tree its own parent has, a commit's diff gives the commit's tree: nothing to apply
    // (a series on the tip it was made on, commit after commit).
    const std::vector<Oid> parents = commit_parents(*commit);
    if (parents.size() == 1 && commit_tree_id(*lookup_commit(repo, parents.front())) == tree_id) {
      tree_id = commit_tree_id(*commit);
      continue;
    }
    const Diff diff = commit_diff(repo, commits[i]);
    ApplyFailure failure;
    const std::optional<Oid> applied = apply_diff(repo, tree_id, *diff, failure);
    if (!applied) {
      return i;
    }
    tree_id = *applied;
  }
  return std::nullopt;
}

void checkout_commit_to(git_repository& repo, const Oid& oid, const std::string& directory) {
  std::filesystem::create_directories(directory);
  write_tree_to_directory(repo, commit_tree_id(*lookup_commit(repo, oid)), directory);
}

}  // namespace patchflow::git
