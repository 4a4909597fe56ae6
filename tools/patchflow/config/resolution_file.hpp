#pragma once
// The recorded-resolution file (merge-branches/resolutions/...): per conflict region, the two
// sides git shows between its conflict markers and the text that replaces them, as git rerere
// keeps a preimage and a postimage. Line-based and prefixed so a review diff reads naturally:
//
//   conflict
//   ours:
//   | int b;
//   theirs:
//   | int c;
//   resolved:
//   | int b;
//   | int c;
//
// Text lines start with "| " ("|" alone is an empty line); "\ No newline at end of file" after
// a text line drops its newline; "#" lines and blank lines are comments.
#include <string>
#include <string_view>
#include <vector>

namespace patchflow::config {

struct ResolvedHunk {
  std::string ours;  // the conflict region's sides, as in a work tree after `git merge`
  std::string theirs;
  std::string resolved;  // what replaces the whole region
  int line = 0;          // 1-based line of its "conflict" header (0 when not read from a file)
};

// Parses a resolution file; throws Error{usage} naming file:line when it is malformed (an old
// whole-file resolution included) or holds no conflict.
std::vector<ResolvedHunk> parse_resolution_file(std::string_view text, const std::string& file);

// The file text for hunks, after the comment lines of header (one "# " line each).
std::string format_resolution_file(const std::vector<ResolvedHunk>& hunks,
                                   const std::vector<std::string>& header);

}  // namespace patchflow::config
