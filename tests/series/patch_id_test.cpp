// The patch-id computed from format-patch's own diff must equal libgit2's (a second diff), on
// every format-patch edge case of the crafted repository.
#include "patchflow/git/patch_id.hpp"

#include <gtest/gtest.h>

#include "patchflow/git/repository.hpp"
#include "patchflow/series/series.hpp"
#include "series/crafted_repo.hpp"

namespace patchflow::testing {
namespace {

TEST(PatchIdFromChangesTest, EqualsLibgit2PatchIdAndFallsBackOnlyForRenamesAndQuotedPaths) {
  CraftedRepo r;
  const auto range = stack::resolve_target(r.repo(), nullptr, "base..master");
  ASSERT_EQ(range.commits.size(), 10u);
  std::vector<std::string> fallbacks;
  for (const git::Oid& commit : range.commits) {
    git::Commit c = git::lookup_commit(r.repo(), commit);
    git::Commit parent = git::lookup_commit(r.repo(), git::Oid(*git_commit_parent_id(c.get(), 0)));
    const auto changes =
        git::diff_trees(r.repo(), git::commit_tree_id(*parent), git::commit_tree_id(*c));
    const std::string title = series::commit_title(git_commit_message(c.get()));
    const std::optional<git::Oid> fast = git::patch_id_from_changes(changes);
    if (!fast) {
      fallbacks.push_back(title);
      continue;
    }
    EXPECT_EQ(*fast, git::commit_patch_id(r.repo(), commit)) << title;
  }
  EXPECT_EQ(fallbacks, (std::vector<std::string>{"rename with edit", "add stuff", "modify stuff"}));
}

TEST(PatchIdFromChangesTest, SeriesMessagesCarryLibgit2PatchIds) {
  CraftedRepo r;
  series::Options options;
  options.identity = {"C Ommitter", "c@example.com"};
  const auto range = stack::resolve_target(r.repo(), nullptr, "base..master");
  const auto series = series::build_series(r.repo(), range, nullptr, options);
  for (const series::Message& message : series.messages) {
    if (message.number > 0) {
      EXPECT_EQ(message.patch_id, git::commit_patch_id(r.repo(), message.commit))
          << message.subject;
    }
  }
}

}  // namespace
}  // namespace patchflow::testing
