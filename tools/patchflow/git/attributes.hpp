#pragma once
// The .gitattributes libgit2 reads when it diffs (binary or text, diff drivers): a key for
// results computed from a diff, which change when an attribute file does.
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// A description of the attribute files that apply to every path when libgit2 diffs: the
// system and global files (core.attributesfile, else the XDG one) and <git dir>/info/attributes.
// Each is named with its content's digest or "-" when absent, so two calls give the same text
// exactly when the files are the same.
std::string describe_global_attribute_sources(git_repository& repo);
// What shapes every commit's diff as patchflow renders it (git::commit_patch_text,
// git::format_commit_as_patch): the diff.* and core.* settings (renames, abbreviation, diff
// drivers) and the attribute files above. The paths' own .gitattributes are
// describe_attribute_sources's.
std::string describe_diff_settings(git_repository& repo);
// The .gitattributes of each directory of paths (and the top) in the work tree, described the
// same way: with the global files, all that decides how a commit's diff renders under an
// AttributeIndexScope, as in git (which reads no index to diff two commits).
std::string describe_attribute_sources(git_repository& repo, const std::vector<std::string>& paths);

// While one lives for a repository handle, that handle's index is an empty in-memory one, so
// libgit2 renders a commit's diff with the attributes git uses for it: the work tree's and the
// global files, never one the index alone holds (git format-patch and log -p read no index;
// libgit2 reads it for every diff, and parses all of it, once per handle: U-Boot's 2 MB index
// cost 15 ms per handle, a third of 'check'). For handles that render diffs and check out
// nothing: the first scope of a handle installs it, the last one's end drops it (the real index
// is read again when next needed). Scopes of a handle may nest; they must start and end while
// no other thread uses it.
class AttributeIndexScope {
 public:
  explicit AttributeIndexScope(git_repository& handle);
  ~AttributeIndexScope();
  AttributeIndexScope(const AttributeIndexScope&) = delete;
  AttributeIndexScope& operator=(const AttributeIndexScope&) = delete;

 private:
  git_repository* m_handle;
};

}  // namespace patchflow::git
