#pragma once
// What changed between two versions of a series, as `git range-diff` (2.39) tells it: each
// commit turned into git's range-diff patch text (metadata, message, notes, diff with section
// headers), exact matches by diff first, then the cheapest assignment of the rest (cost: the
// size of the diff between two patches; creating or dropping a patch costs its own size times
// the creation factor), printed in git's order and format with the interdiff of each changed
// pair.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::series {

// git range-diff's --creation-factor default; format-patch --range-diff uses 999 (the same
// series, so every patch pairs unless nothing matches at all).
inline constexpr int k_creation_factor = 60;
inline constexpr int k_creation_factor_same_series = 999;

struct RangeDiffOptions {
  int creation_factor = k_creation_factor;
  int jobs = 2;  // threads computing patches and pair costs (each with its own repository)
};

enum class PairStatus {
  unchanged,  // '=': identical patch text (metadata, message, notes and diff)
  changed,    // '!': paired, different text
  dropped,    // '<': only in the old range
  added,      // '>': only in the new range
};

// One line of git range-diff's output, in its order (the new range's, dropped patches placed
// after the old patches before them).
struct RangeDiffPair {
  PairStatus status = PairStatus::unchanged;
  int old_number = 0;   // 1-based position in the old range; 0 when added
  int new_number = 0;   // 1-based position in the new range; 0 when dropped
  git::Oid old_commit;  // zero when added
  git::Oid new_commit;  // zero when dropped
  std::string subject;  // the old commit's title (the new one's when added), as git prints it
  bool message_changed = false;  // metadata, message or notes differ
  bool diff_changed = false;     // the diffs differ
  int interdiff_lines = 0;       // '+' and '-' lines of the interdiff
  std::string header;            // "1:  abc1234 ! 1:  def5678 subject\n"
  std::string interdiff;         // the indented diff between the two patches ('!' only)
};

struct RangeDiff {
  std::vector<RangeDiffPair> pairs;
  std::string text;  // what `git range-diff --no-color` prints
};

// Pairs the commits of old_commits with those of new_commits (each oldest first, as
// `git log --reverse` lists a range) and renders git's output. Abbreviated ids are as git
// abbreviates them in repo (core.abbrev, else grown with the object count, alternates
// included). Throws Error{git} for a commit repo lacks.
RangeDiff range_diff(git_repository& repo, const std::vector<git::Oid>& old_commits,
                     const std::vector<git::Oid>& new_commits,
                     const RangeDiffOptions& options = {});

// git range-diff's patch text of one commit (what it diffs): " ## Metadata ##", the author, the
// indented message, notes, then per file " ## path ##" and its hunks with "@@ path: function".
std::string range_diff_patch(git_repository& repo, const git::Oid& commit);

// Git's linear assignment (Jonker-Volgenant shortest augmenting path) on a square matrix:
// cost[column + size * row]; returns the row of each column. Exposed for tests.
std::vector<int> assign_columns(int size, const std::vector<int>& cost);

// The two sides as the user names them, each oldest first.
struct RangeDiffSides {
  std::vector<git::Oid> old_commits;
  std::vector<git::Oid> new_commits;
};
// git range-diff's arguments: "A...B" (each side from the merge base), "BASE REV1 REV2", or two
// sides, each a range A..B, a topic (its own commits, as stack::resolve_target gives them),
// "TOPIC@vN" (the commits recorded as sent for version N) or a revision (then both sides start
// at the two revisions' merge base, as for A...B). stack may be nullptr. Throws Error{usage} for
// a wrong count or an unrecorded version, Error{git} for unknown revisions or a recorded commit
// the repository lost.
RangeDiffSides resolve_range_diff_sides(git_repository& repo, const config::StackConfig* stack,
                                        const std::vector<std::string>& arguments);

// The commits recorded as sent for version of topic; throws as resolve_range_diff_sides.
std::vector<git::Oid> sent_version_commits(git_repository& repo, const std::string& topic,
                                           int version);

nlohmann::json to_json(const RangeDiff& diff);

}  // namespace patchflow::series
