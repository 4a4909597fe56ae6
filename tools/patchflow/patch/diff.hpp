#pragma once
// Unified diff parsing (git's extended headers included), shared by every capability that
// looks at what a patch changes.
#include <string>
#include <string_view>
#include <vector>

namespace patchflow::patch {

enum class LineKind { context, added, removed };

struct DiffLine {
  LineKind kind = LineKind::context;
  std::string text;                // without the leading ' ', '+' or '-' and without '\n'
  int old_line = 0;                // line in the pre-image (0 for added lines)
  int new_line = 0;                // line in the post-image (0 for removed lines)
  int patch_line = 0;              // line in the patch file
  bool no_newline_at_end = false;  // followed by "\ No newline at end of file"
};

struct Hunk {
  int old_start = 0, old_count = 0, new_start = 0, new_count = 0;
  std::string section;  // text after the second "@@"
  int patch_line = 0;
  std::vector<DiffLine> lines;
};

struct FileDiff {
  std::string old_path;  // without "a/"; "/dev/null" side is empty
  std::string new_path;  // without "b/"
  std::string old_mode, new_mode;
  // From "index <old>..<new> [mode]": abbreviated blob ids ("0000000" for an absent side);
  // empty when the patch has no index line.
  std::string old_blob, new_blob;
  std::string index_mode;  // the mode on the index line (unchanged mode), e.g. "100644"
  bool is_new = false, is_deleted = false, is_rename = false, is_copy = false;
  bool is_binary = false;
  int similarity = 0;
  int patch_line = 0;  // line of "diff --git" (or "---") in the patch file
  std::vector<Hunk> hunks;

  // The path a reader cares about: the new one unless the file was deleted.
  const std::string& path() const { return is_deleted ? old_path : new_path; }
  int added() const;
  int removed() const;
};

struct ParsedDiff {
  std::vector<FileDiff> files;
};

// Parses diff text whose first line is line first_line of source. Throws Error{usage} naming
// source:line for a malformed hunk header or a hunk whose line counts do not add up.
ParsedDiff parse_diff(std::string_view diff, const std::string& source, int first_line);

// The diff of a whole patch's text (a mail or a rendered commit): from its first "diff --git"
// line on, numbered as lines of that text; no files when it has none.
ParsedDiff parse_patch_diff(std::string_view patch_text, const std::string& source);

// The paths a diff touches, old and new names, sorted, each once: the files whose
// .gitattributes decide how it was rendered.
std::vector<std::string> touched_paths(const ParsedDiff& diff);

// Undoes git's C-style quoting of a path ("a/b\tc" in double quotes); plain paths unchanged.
std::string unquote_path(std::string_view path);

}  // namespace patchflow::patch
