#pragma once
// Opening repositories, resolving names, and the one way refs move: compare-and-swap.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/git/handle.hpp"
#include "patchflow/git/result_cache.hpp"

namespace patchflow::git {

// Opens the repository at (or above) path; throws Error{git} naming the path.
Repository open_repository(const std::string& path);
// Creates a repository (bare or not) at path, or opens it if one is already there.
Repository init_repository(const std::string& path, bool bare = false);

// "xen/master" -> "refs/heads/xen/master"; names starting with "refs/" are kept.
std::string branch_ref_name(const std::string& name);

// Why name cannot be a new branch of repo, "" when it can: not a valid branch name (git
// check-ref-format --branch: no space, "..", ":", "~", "^", "?", "*", "[", "@{", no leading
// '-', no component starting with '.' or ending in ".lock", not "HEAD"), or it clashes with a
// branch that exists ("xen/a" exists: no "xen/a/b"; "xen/a/b" exists: no "xen/a"). Never throws
// for a bad name.
std::string branch_name_problem(git_repository& repo, const std::string& name);

// Expected absence is a value: nullopt for GIT_ENOTFOUND only, any other failure throws.
// name is a full ref name (refs/...) or a branch name; symbolic refs are followed.
std::optional<Oid> resolve_ref(git_repository& repo, const std::string& name);

// Any revision git understands (branch, tag, sha, HEAD~2) peeled to a commit.
// Throws Error{git} "unknown revision 'x'" with where.ref set.
Oid resolve_commit(git_repository& repo, const std::string& revision);

// The ref a symbolic ref names ("HEAD" -> "refs/heads/master"); nullopt when name is not a
// symbolic ref (absent, or a direct ref).
std::optional<std::string> symbolic_target(git_repository& repo, const std::string& name);
// The message of the annotated tag object id (everything after its header, signature
// included, as `git cat-file tag` shows it); nullopt when id is not a tag object.
std::optional<std::string> tag_message(git_repository& repo, const Oid& id);

// Moves ref_name to new_target only if it still points at expected (nullopt: must not exist).
// Throws Error{git} "'ref' moved meanwhile (expected <a>, found <b>); <refused>" when someone else
// changed it meanwhile, "'ref' is locked: ...; <refused>" when a lock stays; nothing written.
// Several refs at once: update_refs (git/ref_journal.hpp).
void update_ref(git_repository& repo, const std::string& ref_name,
                const std::optional<Oid>& expected, const Oid& new_target,
                const std::string& reflog_message, std::string_view refused = "not updated");

// Deletes ref_name only if it still points at expected.
void delete_ref(git_repository& repo, const std::string& ref_name, const Oid& expected);

Commit lookup_commit(git_repository& repo, const Oid& oid);
Tree lookup_tree(git_repository& repo, const Oid& oid);
Tree commit_tree(const git_commit& commit);
Oid commit_id(const git_commit& commit);
Oid commit_tree_id(const git_commit& commit);
std::vector<Oid> commit_parents(const git_commit& commit);

// Names of all refs under prefix (e.g. "refs/heads/"), sorted.
std::vector<std::string> list_refs(git_repository& repo, const std::string& prefix);

// The merge base of a and b, or nullopt when their histories are unrelated.
std::optional<Oid> merge_base(git_repository& repo, const Oid& a, const Oid& b);
// The same, answered from kept when it holds the answer and stored there otherwise. A commit
// names its whole history, so the answer for two commits never changes and an entry is never
// stale; a shallow repository (whose history a fetch may deepen) is never answered from kept.
// For walks that cost: a branch 20,000 commits ahead of mainline takes 0.4 s, here and in git.
std::optional<Oid> merge_base(git_repository& repo, const Oid& a, const Oid& b,
                              const ResultCache& kept);

// Commits reachable from tip but not from any of hide, oldest first (topological+time order).
std::vector<Oid> commits_between(git_repository& repo, const std::vector<Oid>& hide,
                                 const Oid& tip);

// At most limit commits reachable from tip, newest first (topological+time order): a bounded look
// back when no base is known.
std::vector<Oid> latest_commits(git_repository& repo, const Oid& tip, std::size_t limit);

// True when ancestor is tip or one of its ancestors.
bool is_ancestor(git_repository& repo, const Oid& ancestor, const Oid& tip);

}  // namespace patchflow::git
