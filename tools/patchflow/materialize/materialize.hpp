#pragma once
// Materialize: the bundled stack's mboxes become real branches. Each component's mainline
// history is applied from an empty tree, then each topic's series on its base (the mainline tip,
// or the tip of the dependency it builds on), all in memory; refs move only after every patch
// applied.
//
// Reproducible by construction: a commit's id depends only on its tree, parents, author,
// committer and message. The author and date come from the mail and the committer is set to
// the same identity and date (not "now" nor the local user), so the same mbox gives the same
// commit ids on every machine and every run; a re-run finds every ref up to date.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::materialize {

struct Options {
  bool force = false;  // overwrite topic and mainline branches that diverged from their mbox
};

enum class RefKind { mainline, topic };
enum class RefStatus { created, updated, up_to_date, diverged, forced };
std::string_view to_string(RefKind kind);
std::string_view to_string(RefStatus status);

struct RefResult {
  std::string ref;  // "refs/heads/xen/dom0/core"
  RefKind kind = RefKind::topic;
  std::string name;                // component name (mainline) or topic name
  std::string source;              // stack-relative mbox
  std::optional<git::Oid> before;  // the ref before materialize; nullopt: did not exist
  git::Oid target;                 // the tip the mbox gives
  std::size_t commits = 0;         // patches applied
  RefStatus status = RefStatus::created;
};

struct Result {
  std::string repository;
  bool created_repository = false;
  std::vector<RefResult> refs;  // mainlines first, then topics in dependency order
  bool has_diverged() const;
};

// Builds every mainline and topic into repo and moves their refs by compare-and-swap (reflog
// "patchflow materialize: <mbox>"). A diverged branch (not an ancestor of the mbox's tip) is
// reported and kept unless options.force. Throws, with no ref moved: Error{usage} for a
// malformed mbox ("malformed patch N of 'file': ...") or an impossible dependency layout;
// Error{git} "patch N of 'file' does not apply to 'path': ..." when a patch does not apply.
Result materialize(git_repository& repo, const config::StackConfig& stack, const Options& options);

// Opens the repository at path, or creates it (non-bare) when missing; every mbox is read and
// checked before anything is created. A repository created here gets HEAD on the first
// component's mainline, checked out.
Result materialize_at(const std::string& path, const config::StackConfig& stack,
                      const Options& options);

nlohmann::json to_json(const Result& result);
// One line per ref: "created     xen/core  1a2b3c4d5e6f  3 patches from topics/xen-core.mbox".
std::string format_text(const Result& result);

}  // namespace patchflow::materialize
