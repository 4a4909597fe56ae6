#pragma once
// Where a MAINTAINERS database comes from: a file, a tree on disk, or a commit of a repository
// (read in-process, blob by blob). Parsed once per process per commit; sources share it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/maintainers/arguments.hpp"
#include "patchflow/maintainers/database.hpp"
#include "patchflow/maintainers/mailmap.hpp"

namespace patchflow::maintainers {

struct Source {
  // Shared and never changed once loaded: a process that routes several topics on one base
  // parses that tree's MAINTAINERS once (load_source_commit keeps what it read per commit).
  std::shared_ptr<const Database> database = std::make_shared<const Database>();
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

// Reads, ahead of time, the routing source the last command that read one in the repository at
// repository_path asked for (a file load_source_commit keeps), so that load_source_commit
// answers it without reading: for a thread that would otherwise wait while libgit2 loads and the
// repository opens (some 10 ms, where reading U-Boot's kept source takes 2-4). Only a guess:
// load_source_commit uses it for the same commit and parameters alone, and a missing, foreign
// or unreadable file just leaves nothing read. No libgit2 call.
void warm_last_source(const std::string& repository_path) noexcept;

// What one command routes with: where MAINTAINERS comes from, the rules and the options.
struct SourceRequest {
  std::string maintainers;  // --maintainers FILE|DIR; "" = the repository at the routing commit
  std::string maintainers_path = "MAINTAINERS";  // in the tree (the policy's maintainers:)
  Rules rules = Rules::linux;
  std::vector<Argument> policy_options;  // the policy's maintainers-options
  std::vector<Argument> command_line;    // the command's own get_maintainer options, last
  // The caller prints get_maintainer.pl's text (`patchflow maintainers`), so --sections and
  // --letters may apply; a command that addresses mail refuses them.
  bool prints_listing = false;
};

// The request a policy makes: its maintainers path, its rules (given_rules wins when not empty)
// and its maintainers-options. Throws Error{usage} for unknown rules.
SourceRequest source_request(const config::Policy& policy, const std::string& given_rules = "");

struct Routing {
  Source source;
  Arguments arguments;  // .get_maintainer.conf, then the policy's, then the command line's
  Options options;      // lookup options from them; options.mailmap is for the caller to set
  std::string maintainers_path;  // the MAINTAINERS path in the tree read
  std::optional<git::Oid> revision;  // the commit MAINTAINERS was read from; none for a path
};

// The options in force: the tree's .get_maintainer.conf (in the tree of commit when reading from
// the repository, DIR/.get_maintainer.conf for --maintainers DIR, none for a file), then
// request.policy_options, then request.command_line. Throws Error{usage} naming file:line for a
// word apply_arguments refuses.
Arguments routing_arguments(git_repository* repo, const std::optional<git::Oid>& commit,
                            const SourceRequest& request);

// routing_arguments, then MAINTAINERS as they say (--find-maintainer-files, --maintainer-path)
// from request.maintainers or the tree of commit. Throws Error{usage} when neither is given or
// nothing can be read, as load_source_path/load_source_commit, and at the word for --sections or
// --letters unless request.prints_listing (they leave no addresses to route with).
Routing load_routing(git_repository* repo, const std::optional<git::Oid>& commit,
                     const SourceRequest& request);
// The same with arguments already read by routing_arguments for the same repo, commit and
// request (a caller that first asks whether the tree has MAINTAINERS at all reads them once).
Routing load_routing(git_repository* repo, const std::optional<git::Oid>& commit,
                     const SourceRequest& request, Arguments arguments);

// Throws Error{usage} naming the file when a Xen-rules database lacks its version entry.
void require_xen_version(const Database& database);

}  // namespace patchflow::maintainers
