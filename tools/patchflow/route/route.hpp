#pragma once
// Which way each patch of a series goes upstream, and who must receive it. A patch touching
// only Xen-specific code (the policy's xen-paths) goes "direct" through the Xen tree; otherwise
// "via" the most specific MAINTAINERS section owning its other files; a patch needing both is
// "split". To: maintainers of the touched sections; Cc: reviewers, lists, the policy's always-cc.
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/maintainers/history.hpp"
#include "patchflow/maintainers/lookup.hpp"
#include "patchflow/maintainers/source.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::route {

// One patch as routing sees it.
struct PatchInput {
  std::string label;   // "a1b2c3d4e5f6 xen: add hypercall" or "0001.patch #1"
  std::string commit;  // full hex when it came from the repository
  std::string subject;
  std::string text;  // patch text, scanned for files, K: keywords and Fixes: tags
};

enum class Kind { direct, via, split, unowned };

struct PatchRoute {
  PatchInput patch;
  std::vector<std::string> files;
  std::vector<std::string> xen_files;  // matched by the policy's xen-paths
  std::vector<std::string> other_files;
  std::vector<maintainers::Recipient> to;  // maintainers of the touched sections
  std::vector<maintainers::Recipient> cc;  // reviewers, lists, always-cc
  Kind kind = Kind::unowned;
  std::string section;     // via/split: the section the non-Xen files go through
  std::string maintainer;  // via/split: its first maintainer; direct: policy.direct_maintainer
  // via/split: why that section: "30 of 36 changed lines (next: TARGET_BCMNS3, 1)"
  std::string reason;
  // "direct", "via SWIOTLB SUBSYSTEM (Konrad Rzeszutek Wilk <konrad@kernel.org>)", "split",
  // "unowned" (no section but the catch-all owns the files).
  std::string route() const;
};

// "direct", "via", "split", "unowned".
std::string kind_name(Kind kind);

struct RouteGroup {
  std::string route;
  std::vector<int> patches;  // indices into SeriesRoute::patches
};

// Which MAINTAINERS a routing read: said in every text and JSON answer.
struct RoutedWith {
  std::string origin;    // "MAINTAINERS at 1a2b3c4d5e6f", or the --maintainers path
  std::string revision;  // the commit's full hex (the series' base); "" for a path
};

struct SeriesRoute {
  RoutedWith with;
  std::vector<PatchRoute> patches;
  std::vector<maintainers::Recipient> to, cc;  // the whole series, first appearance first
  std::vector<RouteGroup> groups;              // by route, in order of first appearance
  bool has_split() const;
};

// Routes each patch. source is the parsed MAINTAINERS (and .mailmap); policy gives xen-paths,
// always-cc and direct-maintainer.
// history (--git, maintainers::history_for) adds recent authors and signers, as Cc.
SeriesRoute route_series(const maintainers::Source& source, const config::Policy& policy,
                         const std::vector<PatchInput>& patches,
                         const maintainers::Options& options = {},
                         const maintainers::AddHistory& history = {});

// A commit's patch text from a caller that has diffed the commit already (series formats the
// same commits: git::commit_patch_head and the mail's diff); nullopt: route diffs it
// (git::commit_patch_text). The two differ only where routing reads nothing: the length of the
// index lines' ids, and rename pairing by git's similarity score instead of libgit2's.
using PatchTextFor = std::function<std::optional<std::string>(const git::Oid&)>;

// route_series of patches_from_commits(repo, commits), each commit's route reused from the
// results kept in the repository (RouteCache, .git/patchflow/cache/route) when use_cache and no
// history is given, and kept there otherwise. A route taken from the cache has no patch.text;
// nor has one routed here (nobody reads it after routing). The commits not kept are diffed on up
// to jobs threads (patches_from_commits), then routed in order; text_for answers some instead.
SeriesRoute route_commits(git_repository& repo, const std::vector<git::Oid>& commits,
                          const maintainers::Source& source, const config::Policy& policy,
                          const maintainers::Options& options = {},
                          const maintainers::AddHistory& history = {}, bool use_cache = true,
                          int jobs = 1, const PatchTextFor& text_for = {});

// The commits of revision range (oldest first) as patches, diffed in-process, on up to jobs
// threads (git::for_each_with_repository); a commit text_for answers is not diffed.
std::vector<PatchInput> patches_from_commits(git_repository& repo,
                                             const std::vector<git::Oid>& commits, int jobs = 1,
                                             const PatchTextFor& text_for = {});
// The mails with a diff, as patches.
std::vector<PatchInput> patches_from_mails(const std::vector<patch::Mail>& mails);

// verbose: also why each via/split goes through its section.
std::string format_text(const SeriesRoute& series, bool verbose = false);
nlohmann::json to_json(const SeriesRoute& series);

// Missing-Cc check: for mails already addressed, who get_maintainer-style routing wants that
// the To/Cc headers lack (compared by address, case-insensitively). The mail's sender (From)
// and the patch's author (an in-body From:) are never missing.
struct CcReport {
  RoutedWith with;
  struct Entry {
    std::string label;
    std::vector<std::string> addressed;  // addresses found in To/Cc
    std::vector<maintainers::Recipient> missing;
  };
  std::vector<Entry> mails;
  bool has_missing() const;
};
CcReport check_cc(const maintainers::Source& source, const config::Policy& policy,
                  const std::vector<patch::Mail>& mails, const maintainers::Options& options = {},
                  const maintainers::AddHistory& history = {});
std::string format_text(const CcReport& report);
nlohmann::json to_json(const CcReport& report);

}  // namespace patchflow::route
