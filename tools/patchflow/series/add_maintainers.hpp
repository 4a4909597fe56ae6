#pragma once
// Xen's scripts/add_maintainers.pl, built in: adds To: (mailing lists) and Cc: (people) lines
// to existing `git format-patch` output in place, at the locations that script supports, so a
// contributor keeps `git format-patch` + `git send-email` and swaps only the script.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "patchflow/maintainers/lookup.hpp"
#include "patchflow/maintainers/source.hpp"

namespace patchflow::series {

struct AddMaintainersOptions {
  // Patches: "header" (before Date:), "commit" (Cc: before the first Signed-off-by:, To: in the
  // header), "comment" (Cc: after the "---" line, To: in the header) or "none".
  std::string patch_location = "header";
  // Cover letter: "header", "end" (Cc: before the "-- " signature line) or "none".
  std::string cover_location = "header";
  int reroll_count = 0;  // 0: vN- found from the first file's name, else none
  bool tags = false;     // --tags: the patch's *-by: people too, always in the header
  bool tags_cc = false;  // --tagscc: the same at the patch/cover location
};

struct AddedLines {
  std::string file;                // the patch file's path
  std::vector<std::string> lines;  // "To: ..." / "Cc: ..." lines inserted (none: unchanged)
};

// The files add_maintainers reads in dir: [vN-]NNNN*.patch in glob order (vN from
// where.reroll_count, else from a first vN-0000-cover-letter.patch), and the cover letter's path
// (which may be absent). Throws Error{usage} naming dir when it is no directory or has none.
struct SeriesFiles {
  std::vector<std::string> paths;
  std::string cover;
};
SeriesFiles series_patch_files(const std::string& dir, const AddMaintainersOptions& where);

// Adds the lines to dir's [vN-]NNNN*.patch files; the cover letter (0000-cover-letter.patch)
// gets the union of the patches' lines. Lines a file already has (case-insensitive) are not
// added again, so a second run changes nothing. Every file is computed before any is written,
// and each is replaced atomically. Throws Error{usage} naming the directory or file when there
// is no patch or a location's delimiter is missing (nothing is written then).
std::vector<AddedLines> add_maintainers(const std::string& dir, const maintainers::Source& source,
                                        const maintainers::Options& options,
                                        const AddMaintainersOptions& where);

std::string format_text(const std::vector<AddedLines>& added);
nlohmann::json to_json(const std::vector<AddedLines>& added);

}  // namespace patchflow::series
