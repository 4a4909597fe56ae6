#include "patchflow/compose/resolution.hpp"

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::compose {
namespace {

// Lines with their own terminators (the last one may have none).
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t newline = text.find('\n', position);
    const std::size_t next = newline == std::string::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(position, next - position));
    position = next;
  }
  return lines;
}

std::string with_newline(const std::string& line) {
  return !line.empty() && line.back() == '\n' ? line : line + "\n";
}

std::string first_line_of(const std::string& text) {
  const std::vector<std::string> lines = lines_of(text);
  return lines.empty() ? "(nothing)" : "'" + std::string(text::trim_right(lines.front())) + "'";
}

}  // namespace

std::optional<std::string> apply_resolution(const git::FileConflict& conflict,
                                            const std::vector<config::ResolvedHunk>& hunks,
                                            std::string& why) {
  if (hunks.size() != conflict.regions.size()) {
    why = "it has " + std::to_string(hunks.size()) + " conflict(s), the merge has " +
          std::to_string(conflict.regions.size());
    return std::nullopt;
  }
  std::string out = conflict.clean.front();
  for (std::size_t i = 0; i < hunks.size(); ++i) {
    const git::ConflictRegion& region = conflict.regions[i];
    for (const auto& [side, recorded, now] :
         {std::tuple<const char*, const std::string&, const std::string&>{"ours", hunks[i].ours,
                                                                          region.ours},
          {"theirs", hunks[i].theirs, region.theirs}}) {
      if (recorded != now) {
        why = "conflict " + std::to_string(i + 1) + " differs in " + side + " (recorded " +
              first_line_of(recorded) + ", now " + first_line_of(now) + ")";
        return std::nullopt;
      }
    }
    out += hunks[i].resolved;
    out += conflict.clean[i + 1];
  }
  return out;
}

std::vector<config::ResolvedHunk> split_resolution(const git::FileConflict& conflict,
                                                   const std::string& resolved) {
  // The merge with each region as one line that matches nothing, diffed against resolved:
  // every clean line must be kept, and what stands between two kept lines must be a region's.
  std::vector<std::string> merge_lines;   // as written
  std::vector<std::ptrdiff_t> region_at;  // region index of a placeholder line, else -1
  std::string merge_text;
  for (std::size_t i = 0; i < conflict.clean.size(); ++i) {
    for (const std::string& line : lines_of(conflict.clean[i])) {
      merge_lines.push_back(line);
      region_at.push_back(-1);
      merge_text += with_newline(line);
    }
    if (i < conflict.regions.size()) {
      merge_lines.emplace_back();
      region_at.push_back(static_cast<std::ptrdiff_t>(i));
      merge_text += "\x1f patchflow conflict region " + std::to_string(i) + " \x1f\n";
    }
  }
  const std::vector<std::string> resolved_lines = lines_of(resolved);
  std::string resolved_text;
  for (const std::string& line : resolved_lines) {
    resolved_text += with_newline(line);
  }
  std::vector<std::pair<std::size_t, std::size_t>> kept =
      git::unchanged_lines(merge_text, resolved_text);
  kept.emplace_back(merge_lines.size(), resolved_lines.size());  // a sentinel past both ends
  std::vector<config::ResolvedHunk> hunks(conflict.regions.size());
  std::size_t merge_next = 0, resolved_next = 0;
  for (const auto& [merge_line, resolved_line] : kept) {
    std::ptrdiff_t region = -1;
    for (std::size_t m = merge_next; m < merge_line; ++m) {
      if (region_at[m] < 0) {
        throw_usage("the resolution of '" + conflict.path + "' drops or changes '" +
                    std::string(text::trim_right(merge_lines[m])) +
                    "', which the merge does not conflict on; a resolution may only change "
                    "conflict regions");
      }
      if (region >= 0) {
        throw_usage("the resolution of '" + conflict.path +
                    "' cannot be told apart between two adjacent conflicts");
      }
      region = region_at[m];
    }
    std::string between;
    for (std::size_t r = resolved_next; r < resolved_line; ++r) {
      between += resolved_lines[r];
    }
    if (region >= 0) {
      hunks[static_cast<std::size_t>(region)].resolved = between;
    } else if (!between.empty()) {
      throw_usage("the resolution of '" + conflict.path + "' adds '" +
                  std::string(text::trim_right(lines_of(between).front())) +
                  "' outside the conflict regions; a resolution may only change conflict "
                  "regions");
    }
    merge_next = merge_line + 1;
    resolved_next = resolved_line + 1;
  }
  for (std::size_t i = 0; i < hunks.size(); ++i) {
    hunks[i].ours = conflict.regions[i].ours;
    hunks[i].theirs = conflict.regions[i].theirs;
  }
  // The lines matched, but a final newline may differ: the hunks must give back resolved.
  std::string why;
  if (apply_resolution(conflict, hunks, why) != resolved) {
    throw_usage("the resolution of '" + conflict.path +
                "' changes the end of the file outside the conflict regions");
  }
  return hunks;
}

}  // namespace patchflow::compose
