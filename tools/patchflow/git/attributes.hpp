#pragma once
// The .gitattributes libgit2 reads when it diffs (binary or text, diff drivers): a key for
// results computed from a diff, which change when an attribute file does.
#include <map>
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
// The .gitattributes of each directory of paths (and the top), in the work tree and in the
// index, described the same way. The index's list of .gitattributes is read once per object and
// kept between runs under the result cache, keyed by the index file's state (size, times, inode):
// libgit2 parses a whole index to answer one lookup (U-Boot's: 2 MB, 15 ms per handle).
class AttributeSources {
 public:
  // Throws Error{git} when the index cannot be read.
  explicit AttributeSources(git_repository& repo);
  std::string describe(const std::vector<std::string>& paths) const;

 private:
  std::string m_workdir;                             // "" for a bare repository
  std::map<std::string, std::string> m_index_files;  // .gitattributes path -> blob id (hex)
};

}  // namespace patchflow::git
