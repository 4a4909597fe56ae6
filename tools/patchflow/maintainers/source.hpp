#pragma once
// Where a MAINTAINERS database comes from: a file, a tree on disk, or a commit of a repository
// (read in-process, blob by blob). Parsed once per process; callers keep the Source alive.
#include <string>

#include "patchflow/git/handle.hpp"
#include "patchflow/maintainers/database.hpp"
#include "patchflow/maintainers/mailmap.hpp"

namespace patchflow::maintainers {

struct Source {
  Database database;
  Mailmap mailmap;     // the tree's .mailmap; empty when there is none
  std::string origin;  // "MAINTAINERS at 1a2b3c4d5e6f", "path/to/MAINTAINERS", ...
};

// path is a MAINTAINERS file (read alone) or a tree directory: its MAINTAINERS and .mailmap,
// and with find_maintainer_files every MAINTAINERS below it (U-Boot's --find-maintainer-files).
// Throws Error{usage} naming the path when nothing can be read.
// With Rules::xen, F: directories are probed relative to the file's folder (Xen's script runs
// at the top of the tree), and a MAINTAINERS without Xen's "V: xen-maintainers-<n>" under THE
// REST is refused as Xen's script refuses it.
Source load_source_path(const std::string& path, bool find_maintainer_files,
                        Rules rules = Rules::linux);

// The same from the tree of commit: maintainers_path (usually "MAINTAINERS") and, with
// find_maintainer_files, every blob named MAINTAINERS. Directories for F: patterns come from
// the same tree. Throws Error{usage} when the commit has no such file.
Source load_source_commit(git_repository& repo, const git::Oid& commit,
                          const std::string& maintainers_path, bool find_maintainer_files,
                          Rules rules = Rules::linux);

// Throws Error{usage} naming the file when a Xen-rules database lacks its version entry.
void require_xen_version(const Database& database);

}  // namespace patchflow::maintainers
