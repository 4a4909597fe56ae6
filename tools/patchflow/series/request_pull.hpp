#pragma once
// The pull request text `git request-pull` prints.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/series/format.hpp"
#include "patchflow/series/series.hpp"

namespace patchflow::series {

// What `git request-pull <start> <url> [<end>]` names, resolved as git does it. end is
// "[<local>:]<remote>": local (default HEAD) is looked up as a symbolic ref, then as a branch or
// tag (refs/heads/..., refs/tags/... ending in "/<local>"), then as any revision; remote is what
// the reader is asked to pull ("refs/" and "heads/" dropped; "tags/<name>" when local is a tag).
struct PullRequest {
  git::Oid start;                          // <start>^0
  git::Oid tip;                            // <local>^0
  std::string url;                         // remote.<url>.url when url names a remote
  std::string remote;                      // "xen/dom0/pci", "tags/v2.6.33-xen"; may be empty
  std::optional<std::string> tag_message;  // an annotated <local>'s message, signature removed
  std::string branch;                      // <local>'s branch when it has a description
  std::string branch_description;
};
// Throws Error{git} naming the revision when start or local is unknown or local is ambiguous.
PullRequest resolve_pull_request(git_repository& repo, const std::string& start,
                                 const std::string& url, const std::string& end);

// git request-pull's text: base line (merge base of start and tip), URL and remote, tip line,
// the tag message and branch description when there are, the shortlog of start..tip and
// `git diff -M --stat --summary` of merge-base..tip at 80 columns. The remote is not contacted
// (git's ls-remote check is the caller's business). Throws Error{git} for unrelated histories.
std::string request_pull(git_repository& repo, const PullRequest& request);

// git shortlog's default (unwrapped) form: "Author (n):\n      subject\n...\n".
std::string format_plain_shortlog(git_repository& repo, const std::vector<git::Oid>& commits);

}  // namespace patchflow::series
