#pragma once
// One mailed patch applied to a tree in memory, as `git am -3` would: straight, else three-way
// on the blobs its index lines name; a failure names the file and its first failing hunk.
#include <optional>
#include <string>

#include "patchflow/core/error.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::intake {

struct AppliedTree {
  git::Oid tree;
  bool three_way = false;  // needed the 3-way fallback
};

struct ApplyError {
  std::string path;    // the file that failed ("" when unknown)
  std::string hunk;    // "@@ -52,6 +52,9 @@" of its first hunk that does not match; may be empty
  std::string reason;  // libgit2's or the 3-way merge's reason
  Where where;         // the mail file and line of that hunk (or of the diff)
};

// Applies mail's diff to tree. Returns the new tree, or nullopt with error filled in. Throws
// Error{usage} for a diff that cannot be parsed (naming the mail file:line).
std::optional<AppliedTree> apply_mail(git_repository& repo, const git::Oid& tree,
                                      const patch::Mail& mail, ApplyError& error);

}  // namespace patchflow::intake
