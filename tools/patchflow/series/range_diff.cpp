#include "patchflow/series/range_diff.hpp"

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "patchflow/core/error.hpp"
#include "patchflow/core/parallel.hpp"
#include "patchflow/git/libgit2.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_diff.hpp"
#include "patchflow/series/format.hpp"
#include "patchflow/stack/sent.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::series {
namespace {

// linear-assignment.h's COST_MAX: a pair that must not be made.
constexpr int k_cost_max = 1 << 16;

// git's isspace (sane_ctype): no \v or \f.
bool is_git_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim_git_space_right(std::string_view line) {
  while (!line.empty() && is_git_space(line.back())) {
    line.remove_suffix(1);
  }
  return line;
}

// git log expands tabs of the message at 8 columns (expand_tabs_in_log); a column is a UTF-8
// character.
std::string expand_tabs(std::string_view line) {
  std::string out;
  std::size_t column = 0;
  for (const char c : line) {
    if (c == '\t') {
      const std::size_t spaces = 8 - column % 8;
      out.append(spaces, ' ');
      column += spaces;
      continue;
    }
    out.push_back(c);
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) {
      ++column;
    }
  }
  return out;
}

// The lines of text as git log --pretty=medium indents them, each then right-trimmed as
// range-diff reads them ("" for blank ones): leading blank lines skipped, trailing ones dropped.
void append_indented(std::string& out, std::string_view text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    end = end == std::string_view::npos ? text.size() : end;
    const std::string_view line = trim_git_space_right(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() && lines.empty()) {
      continue;
    }
    lines.push_back(line.empty() ? std::string() : "    " + expand_tabs(line));
  }
  while (!lines.empty() && lines.back().empty()) {
    lines.pop_back();
  }
  for (const std::string& line : lines) {
    out += line;
    out += '\n';
  }
}

std::string mode_text(std::uint32_t mode) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%06o", mode);
  return buffer;
}

// One side of the comparison: a commit's range-diff patch and where its diff starts.
struct CommitPatch {
  git::Oid commit;
  std::string text;
  std::size_t diff_offset = 0;  // 0: no diff, the whole text stands for it (as git)
  int diff_size = 0;            // diff lines, for the creation cost
  std::string subject;
  int matching = -1;
  bool shown = false;
  std::string_view diff() const { return std::string_view(text).substr(diff_offset); }
};

CommitPatch make_patch(git_repository& repo, const git_mailmap* mailmap, const git::Oid& id) {
  CommitPatch patch;
  patch.commit = id;
  git::Commit commit = git::lookup_commit(repo, id);
  const char* message = git_commit_message(commit.get());
  patch.subject = commit_title(message ? message : "");

  git_signature* author_raw = nullptr;
  git::check(git_commit_author_with_mailmap(&author_raw, commit.get(), mailmap),
             "cannot read author", Where{.ref = id.hex()});
  const git::Signature author(author_raw);
  std::string& out = patch.text;
  out = " ## Metadata ##\nAuthor: ";
  out += author->name;
  out += " <";
  out += author->email;
  out += ">\n\n ## Commit message ##\n";
  append_indented(out, message ? message : "");

  git_note* note_raw = nullptr;
  if (git_note_read(&note_raw, &repo, nullptr, id.raw()) == 0) {
    const git::Note note(note_raw);
    out += "\n\n ## Notes ##\n";
    append_indented(out, git_note_message(note.get()));
  }
  git_error_clear();

  std::optional<git::Oid> parent_tree;
  if (git_commit_parentcount(commit.get()) > 0) {
    git::Commit parent = git::lookup_commit(repo, git::Oid(*git_commit_parent_id(commit.get(), 0)));
    parent_tree = git::commit_tree_id(*parent);
  }
  const std::vector<git::FileChange> changes =
      git::diff_trees(repo, parent_tree, git::commit_tree_id(*commit),
                      {.find_renames = true, .binary_patches = false});
  for (const git::FileChange& change : changes) {
    out += '\n';
    if (patch.diff_offset == 0) {
      patch.diff_offset = out.size();
    }
    const bool added = change.status == git::ChangeStatus::added;
    const bool deleted = change.status == git::ChangeStatus::deleted;
    out += " ## ";
    if (added) {
      out += change.new_path + " (new)";
    } else if (deleted) {
      out += change.old_path + " (deleted)";
    } else if (change.status == git::ChangeStatus::renamed) {
      out += change.old_path + " => " + change.new_path;
    } else {
      out += change.new_path;
    }
    if (change.old_mode != 0 && change.new_mode != 0 && change.old_mode != change.new_mode) {
      out +=
          " (mode change " + mode_text(change.old_mode) + " => " + mode_text(change.new_mode) + ")";
    }
    out += " ##\n";
    ++patch.diff_size;
    const std::string& file_name = deleted ? change.old_path : change.new_path;
    if (change.is_binary) {
      if (!(change.old_id == change.new_id)) {
        out += " Binary files " + (added ? std::string("/dev/null") : change.old_path) + " and " +
               (deleted ? std::string("/dev/null") : change.new_path) + " differ\n";
        ++patch.diff_size;
      }
      continue;
    }
    std::string_view body = change.body;
    while (!body.empty()) {
      std::size_t end = body.find('\n');
      end = end == std::string_view::npos ? body.size() : end;
      const std::string_view line = body.substr(0, end);
      body.remove_prefix(std::min(body.size(), end + 1));
      if (line.rfind("@@ ", 0) == 0) {
        // "@@ -1,2 +1,3 @@ func" -> "@@ path: func"; without a function, "@@".
        const std::size_t close = line.find("@@", 3);
        out += "@@";
        if (close != std::string_view::npos && close + 2 < line.size()) {
          out += " " + file_name + ":";
          // git cuts a function name at 80 bytes and then drops trailing blanks; libgit2
          // keeps the blank the cut left.
          out += trim_git_space_right(line.substr(close + 2));
        }
      } else if (line.empty()) {
        continue;
      } else if (line[0] == '+' || line[0] == '-' || line[0] == ' ') {
        out += line;
      } else {
        out += ' ';
        out += line;
      }
      out += '\n';
      ++patch.diff_size;
    }
  }
  return patch;
}

// The patches of commits, computed on up to jobs threads (each with its own repository handle).
std::vector<CommitPatch> make_patches(git_repository& repo, const std::vector<git::Oid>& commits,
                                      int jobs) {
  std::vector<CommitPatch> patches(commits.size());
  const std::string path = git_repository_path(&repo);
  struct Handles {
    git::Repository owned;
    git_mailmap* mailmap = nullptr;
    ~Handles() { git_mailmap_free(mailmap); }
  };
  std::atomic<bool> caller_handle_taken{false};
  parallel_for_each_thread(commits.size(), commits.size() < 4 ? 1 : jobs, [&]() -> Worker {
    auto handles = std::make_shared<Handles>();
    git_repository* own = &repo;
    // The first thread keeps the caller's handle; the others open their own.
    if (caller_handle_taken.exchange(true)) {
      handles->owned = git::open_repository(path);
      own = handles->owned.get();
    }
    if (git_mailmap_from_repository(&handles->mailmap, own) != 0) {
      handles->mailmap = nullptr;
      git_error_clear();
    }
    return [&patches, &commits, handles, own](std::size_t i) {
      patches[i] = make_patch(*own, handles->mailmap, commits[i]);
    };
  });
  return patches;
}

struct DiffCounter {
  int count = 0;
};

// range-diff's diffsize: hunks plus lines of a 3-line-context diff (no indent heuristic).
int diff_size(std::string_view a, std::string_view b) {
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.flags = GIT_DIFF_FORCE_TEXT;
  options.context_lines = 3;
  options.interhunk_lines = 0;
  DiffCounter counter;
  const int rc = git_diff_buffers(
      a.data(), a.size(), nullptr, b.data(), b.size(), nullptr, &options, nullptr, nullptr,
      [](const git_diff_delta*, const git_diff_hunk*, void* payload) {
        ++static_cast<DiffCounter*>(payload)->count;
        return 0;
      },
      [](const git_diff_delta*, const git_diff_hunk*, const git_diff_line* line, void* payload) {
        if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION ||
            line->origin == GIT_DIFF_LINE_DELETION) {
          ++static_cast<DiffCounter*>(payload)->count;
        }
        return 0;
      },
      &counter);
  if (rc != 0) {
    git_error_clear();
    return k_cost_max;
  }
  return counter.count;
}

// range-diff's exact matches: a patch of new pairs with an unpaired old one of the same diff
// (the latest such, as git's hash map returns it).
void find_exact_matches(std::vector<CommitPatch>& old_patches,
                        std::vector<CommitPatch>& new_patches) {
  std::unordered_map<std::string_view, std::vector<int>> by_diff;
  for (std::size_t i = 0; i < old_patches.size(); ++i) {
    by_diff[old_patches[i].diff()].push_back(static_cast<int>(i));
  }
  for (std::size_t j = 0; j < new_patches.size(); ++j) {
    auto found = by_diff.find(new_patches[j].diff());
    if (found == by_diff.end() || found->second.empty()) {
      continue;
    }
    const int i = found->second.back();
    found->second.pop_back();
    old_patches[static_cast<std::size_t>(i)].matching = static_cast<int>(j);
    new_patches[j].matching = i;
  }
}

void find_correspondences(std::vector<CommitPatch>& old_patches,
                          std::vector<CommitPatch>& new_patches, int creation_factor, int jobs) {
  const int old_count = static_cast<int>(old_patches.size());
  const int new_count = static_cast<int>(new_patches.size());
  const int n = old_count + new_count;
  // Columns are old patches (and one "created" slot per new patch), rows new patches (and one
  // "dropped" slot per old patch).
  std::vector<int> cost(static_cast<std::size_t>(n) * static_cast<std::size_t>(n), 0);
  auto at = [&](int column, int row) -> int& {
    return cost[static_cast<std::size_t>(column) + static_cast<std::size_t>(n) * row];
  };
  std::vector<std::pair<int, int>> to_measure;
  for (int i = 0; i < old_count; ++i) {
    const CommitPatch& a = old_patches[static_cast<std::size_t>(i)];
    for (int j = 0; j < new_count; ++j) {
      const CommitPatch& b = new_patches[static_cast<std::size_t>(j)];
      if (a.matching == j) {
        at(i, j) = 0;
      } else if (a.matching < 0 && b.matching < 0) {
        to_measure.emplace_back(i, j);
      } else {
        at(i, j) = k_cost_max;
      }
    }
    const int drop = a.matching < 0 ? a.diff_size * creation_factor / 100 : k_cost_max;
    for (int j = new_count; j < n; ++j) {
      at(i, j) = drop;
    }
  }
  parallel_for(to_measure.size(), to_measure.size() < 16 ? 1 : jobs, [&](std::size_t k) {
    const auto [i, j] = to_measure[k];
    at(i, j) = diff_size(old_patches[static_cast<std::size_t>(i)].diff(),
                         new_patches[static_cast<std::size_t>(j)].diff());
  });
  for (int j = 0; j < new_count; ++j) {
    const CommitPatch& b = new_patches[static_cast<std::size_t>(j)];
    const int create = b.matching < 0 ? b.diff_size * creation_factor / 100 : k_cost_max;
    for (int i = old_count; i < n; ++i) {
      at(i, j) = create;
    }
  }
  const std::vector<int> old_to_new = assign_columns(n, cost);
  for (int i = 0; i < old_count; ++i) {
    const int j = old_to_new[static_cast<std::size_t>(i)];
    if (j >= 0 && j < new_count) {
      old_patches[static_cast<std::size_t>(i)].matching = j;
      new_patches[static_cast<std::size_t>(j)].matching = i;
    }
  }
}

// A line of the interdiff's old side names its section: " ## file ##" or a hunk's "@@ ...".
// Returns the section name as git's ff_regexp gives it (at most 80 bytes, right-trimmed).
std::optional<std::string_view> section_name(std::string_view line) {
  std::string_view name;
  if (line.size() >= 7 && line.substr(0, 4) == " ## " && line.substr(line.size() - 3) == " ##") {
    name = line.substr(4, line.size() - 7);
  } else if (line.size() >= 4 && line.substr(1, 3) == "@@ ") {
    name = line.substr(4);
  } else if (line.size() >= 3 && line.substr(0, 3) == "@@ ") {
    name = line.substr(3);
  } else {
    return std::nullopt;
  }
  name = trim_git_space_right(name.substr(0, std::min<std::size_t>(name.size(), 80)));
  return name;
}

struct Interdiff {
  std::string text;
  int changed_lines = 0;
};

// The diff between two patches as range-diff prints it: indented by four spaces, no file
// headers, hunk headers reduced to "@@" and the section the hunk is in.
Interdiff interdiff(const std::string& a, const std::string& b) {
  std::vector<std::string_view> old_lines;
  for (std::size_t pos = 0; pos < a.size();) {
    std::size_t end = a.find('\n', pos);
    end = end == std::string::npos ? a.size() : end;
    old_lines.push_back(std::string_view(a).substr(pos, end - pos));
    pos = end + 1;
  }
  struct State {
    const std::vector<std::string_view>* old_lines;
    Interdiff out;
  } state{&old_lines, {}};
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.flags = GIT_DIFF_FORCE_TEXT | GIT_DIFF_INDENT_HEURISTIC;
  options.context_lines = 3;
  options.interhunk_lines = 0;
  git::check(
      git_diff_buffers(
          a.data(), a.size(), nullptr, b.data(), b.size(), nullptr, &options, nullptr, nullptr,
          [](const git_diff_delta*, const git_diff_hunk* hunk, void* payload) {
            auto& s = *static_cast<State*>(payload);
            // The nearest section line above the hunk's first old line (xdiff's find_func).
            std::string_view name;
            for (int l =
                     std::min<int>(hunk->old_start - 1, static_cast<int>(s.old_lines->size())) - 1;
                 l >= 0; --l) {
              if (const auto found = section_name((*s.old_lines)[static_cast<std::size_t>(l)])) {
                name = *found;
                break;
              }
            }
            s.out.text += "    @@";
            if (!name.empty()) {
              s.out.text += ' ';
              s.out.text += name;
            }
            s.out.text += '\n';
            return 0;
          },
          [](const git_diff_delta*, const git_diff_hunk*, const git_diff_line* line,
             void* payload) {
            auto& s = *static_cast<State*>(payload);
            if (line->origin != GIT_DIFF_LINE_CONTEXT && line->origin != GIT_DIFF_LINE_ADDITION &&
                line->origin != GIT_DIFF_LINE_DELETION) {
              return 0;
            }
            s.out.text += "    ";
            s.out.text += line->origin;
            s.out.text.append(line->content, line->content_len);
            if (line->origin != GIT_DIFF_LINE_CONTEXT) {
              ++s.out.changed_lines;
            }
            return 0;
          },
          &state),
      "cannot diff patches");
  return std::move(state.out);
}

std::string pair_number(int number, int width) {
  std::string digits = number > 0 ? std::to_string(number) : std::string("-");
  return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(digits.size()))),
                     ' ') +
         digits;
}

}  // namespace

std::vector<int> assign_columns(int size, const std::vector<int>& cost) {
  // Jonker & Volgenant (1987): column reduction, reduction transfer, two rounds of augmenting
  // row reduction, then shortest augmenting paths; every tie broken as git's
  // linear-assignment.c breaks it, so equal-cost assignments pair as git pairs them.
  const int n = size;
  std::vector<int> column_row(static_cast<std::size_t>(std::max(n, 0)), -1);
  if (n < 2) {
    std::fill(column_row.begin(), column_row.end(), 0);
    return column_row;
  }
  auto c = [&](int column, int row) {
    return cost[static_cast<std::size_t>(column) + static_cast<std::size_t>(n) * row];
  };
  auto col_row = [&](int column) -> int& { return column_row[static_cast<std::size_t>(column)]; };
  std::vector<int> row_column_v(static_cast<std::size_t>(n), -1), v_v(static_cast<std::size_t>(n));
  auto row_col = [&](int row) -> int& { return row_column_v[static_cast<std::size_t>(row)]; };
  auto v = [&](int column) -> int& { return v_v[static_cast<std::size_t>(column)]; };

  // Column reduction, last column first: each column to its cheapest row (the first of equals);
  // a row wanted by several columns is marked -2 - column and keeps the first.
  for (int column = n - 1; column >= 0; --column) {
    int best = 0;
    for (int row = 1; row < n; ++row) {
      if (c(column, best) > c(column, row)) {
        best = row;
      }
    }
    v(column) = c(column, best);
    if (row_col(best) == -1) {
      row_col(best) = column;
      col_row(column) = best;
    } else {
      if (row_col(best) >= 0) {
        row_col(best) = -2 - row_col(best);
      }
      col_row(column) = -1;
    }
  }

  // Reduction transfer.
  std::vector<int> free_rows;
  for (int row = 0; row < n; ++row) {
    const int column = row_col(row);
    if (column == -1) {
      free_rows.push_back(row);
    } else if (column < -1) {
      row_col(row) = -2 - column;
    } else {
      int least = INT_MAX;
      for (int other = 0; other < n; ++other) {
        if (other != column) {
          least = std::min(least, c(other, row) - v(other));
        }
      }
      v(column) -= least;
    }
  }
  if (free_rows.empty()) {
    return column_row;
  }

  // Augmenting row reduction, twice.
  for (int round = 0; round < 2; ++round) {
    const std::size_t pending = free_rows.size();
    std::size_t next = 0, kept = 0;
    while (next < pending) {
      const int row = free_rows[next++];
      int first = 0, second = -1;
      int first_cost = c(0, row) - v(0), second_cost = INT_MAX;
      for (int column = 1; column < n; ++column) {
        const int reduced = c(column, row) - v(column);
        if (second_cost > reduced) {
          if (first_cost < reduced) {
            second_cost = reduced;
            second = column;
          } else {
            second_cost = first_cost;
            first_cost = reduced;
            second = first;
            first = column;
          }
        }
      }
      if (second < 0) {
        second = first;
        second_cost = first_cost;
      }
      int displaced = col_row(first);
      if (first_cost < second_cost) {
        v(first) -= second_cost - first_cost;
      } else if (displaced >= 0) {
        first = second;
        displaced = col_row(first);
      }
      if (displaced >= 0) {
        if (first_cost < second_cost) {
          free_rows[--next] = displaced;
        } else {
          free_rows[kept++] = displaced;
        }
      }
      row_col(row) = first;
      col_row(first) = row;
    }
    free_rows.resize(kept);
  }

  // Augmentation: a shortest path from each free row to an unassigned column.
  std::vector<int> d_v(static_cast<std::size_t>(n)), pred_v(static_cast<std::size_t>(n)),
      order_v(static_cast<std::size_t>(n));
  auto d = [&](int column) -> int& { return d_v[static_cast<std::size_t>(column)]; };
  auto pred = [&](int column) -> int& { return pred_v[static_cast<std::size_t>(column)]; };
  auto order = [&](int k) -> int& { return order_v[static_cast<std::size_t>(k)]; };
  for (const int start : free_rows) {
    for (int column = 0; column < n; ++column) {
      d(column) = c(column, start) - v(column);
      pred(column) = start;
      order(column) = column;
    }
    int low = 0, up = 0, last = 0, least = 0;
    // git's loop leaves the end column in the variable its scans last wrote; kept as is.
    int end = -1;
    bool found = false;
    while (!found) {
      last = low;
      least = d(order(up++));
      for (int k = up; k < n; ++k) {
        end = order(k);
        const int distance = d(end);
        if (distance <= least) {
          if (distance < least) {
            up = low;
            least = distance;
          }
          order(k) = order(up);
          order(up++) = end;
        }
      }
      for (int k = low; k < up; ++k) {
        if (col_row(order(k)) == -1) {
          found = true;
          break;
        }
      }
      if (found) {
        break;
      }
      do {
        const int scanned = order(low++);
        const int row = col_row(scanned);
        const int offset = c(scanned, row) - v(scanned) - least;
        for (int k = up; k < n; ++k) {
          end = order(k);
          const int distance = c(end, row) - v(end) - offset;
          if (distance < d(end)) {
            d(end) = distance;
            pred(end) = row;
            if (distance == least) {
              if (col_row(end) == -1) {
                found = true;
                break;
              }
              order(k) = order(up);
              order(up++) = end;
            }
          }
        }
      } while (!found && low != up);
    }
    for (int k = 0; k < last; ++k) {
      const int column = order(k);
      v(column) += d(column) - least;
    }
    if (end < 0) {
      throw Error(ExitCode::internal, "linear assignment found no free column");
    }
    int row = -1;
    do {
      row = pred(end);
      col_row(end) = row;
      std::swap(end, row_col(row));
    } while (row != start);
  }
  return column_row;
}

std::string range_diff_patch(git_repository& repo, const git::Oid& commit) {
  git_mailmap* mailmap = nullptr;
  if (git_mailmap_from_repository(&mailmap, &repo) != 0) {
    mailmap = nullptr;
    git_error_clear();
  }
  const git::Mailmap owned(mailmap);
  return make_patch(repo, mailmap, commit).text;
}

RangeDiff range_diff(git_repository& repo, const std::vector<git::Oid>& old_commits,
                     const std::vector<git::Oid>& new_commits, const RangeDiffOptions& options) {
  std::vector<git::Oid> all = old_commits;
  all.insert(all.end(), new_commits.begin(), new_commits.end());
  std::vector<CommitPatch> patches = make_patches(repo, all, options.jobs);
  std::vector<CommitPatch> a(std::make_move_iterator(patches.begin()),
                             std::make_move_iterator(patches.begin() + old_commits.size()));
  std::vector<CommitPatch> b(std::make_move_iterator(patches.begin() + old_commits.size()),
                             std::make_move_iterator(patches.end()));
  find_exact_matches(a, b);
  find_correspondences(a, b, options.creation_factor, options.jobs);

  const std::size_t min_abbrev = git::default_abbrev_length(repo);
  const git::Abbreviator ids(repo);
  std::map<git::Oid, std::string> abbrevs;
  auto abbrev = [&](const git::Oid& id) -> const std::string& {
    auto found = abbrevs.find(id);
    if (found == abbrevs.end()) {
      found = abbrevs.emplace(id, ids.abbreviate(id, min_abbrev)).first;
    }
    return found->second;
  };
  const int width = static_cast<int>(std::to_string(1 + std::max(a.size(), b.size())).size());
  std::string dashes;

  RangeDiff result;
  auto emit = [&](const CommitPatch* old_patch, int old_index, const CommitPatch* new_patch,
                  int new_index) {
    RangeDiffPair pair;
    const CommitPatch& named = old_patch ? *old_patch : *new_patch;
    if (dashes.empty()) {
      dashes.assign(abbrev(named.commit).size(), '-');
    }
    char status = '=';
    if (!new_patch) {
      pair.status = PairStatus::dropped;
      status = '<';
    } else if (!old_patch) {
      pair.status = PairStatus::added;
      status = '>';
    } else if (old_patch->text != new_patch->text) {
      pair.status = PairStatus::changed;
      status = '!';
      pair.diff_changed = old_patch->diff() != new_patch->diff();
      pair.message_changed = std::string_view(old_patch->text).substr(0, old_patch->diff_offset) !=
                             std::string_view(new_patch->text).substr(0, new_patch->diff_offset);
    }
    pair.subject = named.subject;
    if (old_patch) {
      pair.old_number = old_index + 1;
      pair.old_commit = old_patch->commit;
    }
    if (new_patch) {
      pair.new_number = new_index + 1;
      pair.new_commit = new_patch->commit;
    }
    pair.header = pair_number(pair.old_number, width) + ":  " +
                  (old_patch ? abbrev(old_patch->commit) : dashes) + " " + status + " " +
                  pair_number(pair.new_number, width) + ":  " +
                  (new_patch ? abbrev(new_patch->commit) : dashes) + " " + named.subject + "\n";
    if (pair.status == PairStatus::changed) {
      Interdiff diff = interdiff(old_patch->text, new_patch->text);
      pair.interdiff = std::move(diff.text);
      pair.interdiff_lines = diff.changed_lines;
    }
    result.text += pair.header + pair.interdiff;
    result.pairs.push_back(std::move(pair));
  };

  // git's order: the new range's, each dropped old patch once the old ones before it are shown.
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    while (i < a.size() && a[i].shown) {
      ++i;
    }
    if (i < a.size() && a[i].matching < 0) {
      emit(&a[i], static_cast<int>(i), nullptr, 0);
      ++i;
      continue;
    }
    while (j < b.size() && b[j].matching < 0) {
      emit(nullptr, 0, &b[j], static_cast<int>(j));
      ++j;
    }
    if (j < b.size()) {
      const auto old_index = static_cast<std::size_t>(b[j].matching);
      emit(&a[old_index], static_cast<int>(old_index), &b[j], static_cast<int>(j));
      a[old_index].shown = true;
      ++j;
    }
  }
  return result;
}

std::vector<git::Oid> sent_version_commits(git_repository& repo, const std::string& topic,
                                           int version) {
  const std::optional<stack::SentRecord> record = stack::find_sent(repo, topic, version);
  if (!record) {
    throw Error(ExitCode::usage,
                "'" + topic + "' has no recorded v" + std::to_string(version) + " in '" +
                    stack::sent_ref_name(topic) + "'",
                Where{.ref = stack::sent_ref_name(topic)});
  }
  std::vector<git::Oid> commits;
  for (const stack::SentPatch& patch : record->patches) {
    git_odb* odb_raw = nullptr;
    git::check(git_repository_odb(&odb_raw, &repo), "cannot open object database");
    const bool present = git_odb_exists(odb_raw, patch.commit.raw()) != 0;
    git_odb_free(odb_raw);
    if (!present) {
      throw Error(ExitCode::git,
                  "commit " + patch.commit.hex() + " of '" + topic + "' v" +
                      std::to_string(version) + " is no longer in the repository",
                  Where{.ref = stack::sent_ref_name(topic)});
    }
    commits.push_back(patch.commit);
  }
  return commits;
}

namespace {

// "xen/core@v2" -> {"xen/core", 2}; nullopt for anything else.
std::optional<std::pair<std::string, int>> split_sent_version(const std::string& spec) {
  const auto at = spec.rfind("@v");
  if (at == std::string::npos || at == 0 || at + 2 >= spec.size() ||
      spec.find_first_not_of("0123456789", at + 2) != std::string::npos || spec.size() - at > 8) {
    return std::nullopt;
  }
  return std::make_pair(spec.substr(0, at), std::stoi(spec.substr(at + 2)));
}

std::vector<git::Oid> side_commits(git_repository& repo, const config::StackConfig* stack,
                                   const std::string& spec) {
  if (const auto sent = split_sent_version(spec)) {
    return sent_version_commits(repo, sent->first, sent->second);
  }
  return stack::resolve_target(repo, stack, spec).commits;
}

bool is_topic(const config::StackConfig* stack, const std::string& spec) {
  return stack != nullptr && stack->find_topic(spec) != nullptr;
}

// Both sides from the merge base of two revisions (git's A...B).
RangeDiffSides from_merge_base(git_repository& repo, const config::StackConfig* stack,
                               const std::string& left, const std::string& right) {
  const git::Oid a = git::resolve_commit(repo, left);
  const git::Oid b = git::resolve_commit(repo, right);
  const std::optional<git::Oid> base = git::merge_base(repo, a, b);
  if (!base) {
    throw Error(ExitCode::git, "'" + left + "' and '" + right + "' share no history",
                Where{.ref = left});
  }
  return {.old_commits = side_commits(repo, stack, base->hex() + ".." + a.hex()),
          .new_commits = side_commits(repo, stack, base->hex() + ".." + b.hex())};
}

}  // namespace

RangeDiffSides resolve_range_diff_sides(git_repository& repo, const config::StackConfig* stack,
                                        const std::vector<std::string>& arguments) {
  if (arguments.size() == 1) {
    const std::string& spec = arguments[0];
    const auto dots = spec.find("...");
    if (dots == std::string::npos) {
      throw Error(ExitCode::usage,
                  "one argument must be 'A...B'; give OLD NEW or BASE OLD NEW otherwise");
    }
    return from_merge_base(repo, stack, dots == 0 ? "HEAD" : spec.substr(0, dots),
                           dots + 3 == spec.size() ? "HEAD" : spec.substr(dots + 3));
  }
  if (arguments.size() == 3) {
    return {.old_commits = side_commits(repo, stack, arguments[0] + ".." + arguments[1]),
            .new_commits = side_commits(repo, stack, arguments[0] + ".." + arguments[2])};
  }
  if (arguments.size() != 2) {
    throw Error(ExitCode::usage, "range-diff takes OLD NEW, A...B or BASE OLD NEW");
  }
  const auto is_side = [&](const std::string& spec) {
    return spec.find("..") != std::string::npos || is_topic(stack, spec) ||
           split_sent_version(spec).has_value();
  };
  if (!is_side(arguments[0]) && !is_side(arguments[1])) {
    return from_merge_base(repo, stack, arguments[0], arguments[1]);
  }
  return {.old_commits = side_commits(repo, stack, arguments[0]),
          .new_commits = side_commits(repo, stack, arguments[1])};
}

nlohmann::json to_json(const RangeDiff& diff) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const RangeDiffPair& pair : diff.pairs) {
    static const char* const k_status[] = {"unchanged", "changed", "dropped", "added"};
    pairs.push_back({{"status", k_status[static_cast<int>(pair.status)]},
                     {"old_number", pair.old_number},
                     {"new_number", pair.new_number},
                     {"old_commit", pair.old_commit.is_zero() ? "" : pair.old_commit.hex()},
                     {"new_commit", pair.new_commit.is_zero() ? "" : pair.new_commit.hex()},
                     {"subject", pair.subject},
                     {"message_changed", pair.message_changed},
                     {"diff_changed", pair.diff_changed},
                     {"interdiff_lines", pair.interdiff_lines}});
  }
  return {{"pairs", pairs}, {"text", diff.text}};
}

}  // namespace patchflow::series
