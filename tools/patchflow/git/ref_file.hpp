#pragma once
// A small text file kept in a ref of patchflow's own (e.g. refs/patchflow/sent-mail): each
// version is a commit whose tree holds the file, so history and reflog come for free and
// concurrent writers are caught by compare-and-swap.
#include <cstdint>
#include <optional>
#include <string>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

struct RefFile {
  Oid commit;           // the commit the ref points at
  std::string content;  // the file's bytes in that commit ("" when the tree lacks it)
};

// The file at path in the commit ref_name points at; nullopt when the ref does not exist.
std::optional<RefFile> read_ref_file(git_repository& repo, const std::string& ref_name,
                                     const std::string& path);

// Commits a tree holding only path = content on top of expected (nullopt: a root commit) and
// moves ref_name there by CAS. The signature is user.name/user.email when configured, else
// "patchflow <patchflow@localhost>", dated when (seconds since the epoch, UTC). Returns the
// new commit; throws Error{git} "'ref' moved meanwhile ..." when another writer won.
Oid write_ref_file(git_repository& repo, const std::string& ref_name,
                   const std::optional<Oid>& expected, const std::string& path,
                   const std::string& content, const std::string& message, std::int64_t when);

}  // namespace patchflow::git
