#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include "patchflow/check/checkpatch.hpp"
#include "patchflow/check/patch_checker.hpp"
#include "patchflow/check/subsystems.hpp"
#include "patchflow/core/error.hpp"
#include "patchflow/core/process.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/patch/diff.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::check {
namespace {

// Whitespace-normalised text of a hunk's removed or added lines.
std::string normalised(const patch::Hunk& hunk, patch::LineKind kind) {
  std::string out;
  for (const auto& line : hunk.lines) {
    if (line.kind != kind) {
      continue;
    }
    for (const char c : line.text) {
      if (!std::isspace(static_cast<unsigned char>(c))) {
        out += c;
      }
    }
  }
  return out;
}

// Changed lines up to which a subsystem counts as glue for MULTIPLE_SUBSYSTEMS (a hypercall
// table entry, a prototype in a shared header).
constexpr int k_glue_lines = 5;

}  // namespace

void PatchChecker::check_diff(const patch::Mail& mail) {
  if (!mail.has_diff()) {
    add("NO_DIFF", "patch has no diff (empty commit or cover letter?)", mail.first_line);
    return;
  }
  patch::ParsedDiff parsed;
  try {
    parsed = patch::parse_diff(mail.diff, m_input.source, mail.diff_line);
  } catch (const Error& e) {
    add("BAD_DIFF", e.what(), e.where().line);
    return;
  }
  const auto& policy = m_options.policy;
  int changed = 0;
  bool has_format_hunk = false;
  bool has_code_hunk = false;
  int format_line = 0;
  std::vector<std::string> xen, other, paths;
  std::vector<int> path_lines;
  for (const auto& file : parsed.files) {
    changed += file.added() + file.removed();
    for (const auto* path : {&file.old_path, &file.new_path}) {
      if (!path->empty() && *path != "/dev/null" &&
          std::find(paths.begin(), paths.end(), *path) == paths.end()) {
        paths.push_back(*path);
        path_lines.push_back(file.added() + file.removed());
      }
    }
    if (file.is_binary) {
      add("BINARY_DIFF", "binary change to '" + file.path() + "' cannot be reviewed by mail",
          file.patch_line);
    }
    bool is_xen = false;
    for (const auto& glob : policy.xen_paths) {
      is_xen = is_xen || text::glob_match(glob, file.path());
    }
    (is_xen ? xen : other).push_back(file.path());
    if (file.is_new || file.is_deleted || file.is_rename || file.is_copy) {
      m_moved_files.push_back(file.path());
    }
    for (const auto& hunk : file.hunks) {
      const std::string removed = normalised(hunk, patch::LineKind::removed);
      const std::string added = normalised(hunk, patch::LineKind::added);
      const bool touches = std::any_of(hunk.lines.begin(), hunk.lines.end(), [](const auto& l) {
        return l.kind != patch::LineKind::context;
      });
      if (!touches) {
        continue;
      }
      if (removed == added) {
        if (!has_format_hunk) {
          format_line = hunk.patch_line;
        }
        has_format_hunk = true;
      } else {
        has_code_hunk = true;
      }
    }
  }
  if (has_format_hunk && has_code_hunk) {
    add("FORMAT_MIXED_WITH_CODE",
        "whitespace/format-only hunks mixed with code changes: split the cleanup into its own "
        "commit",
        format_line);
  }
  if (!policy.xen_paths.empty() && !xen.empty() && !other.empty()) {
    add("XEN_MIXED",
        "Xen-specific '" + xen.front() + "' and non-Xen '" + other.front() +
            "' changed in one commit: split them",
        mail.diff_line);
  }
  if (m_options.maintainers != nullptr) {
    const auto subsystems =
        distinct_subsystems(*m_options.maintainers, paths, path_lines, k_glue_lines);
    if (subsystems.size() > 1) {
      add("MULTIPLE_SUBSYSTEMS",
          "changes " + std::to_string(subsystems.size()) + " subsystems ('" +
              text::join(subsystems, "', '") + "' in MAINTAINERS): split it per subsystem",
          mail.diff_line);
    }
  }
  if (changed > policy.max_changed_lines) {
    add("SIZE_LINES",
        std::to_string(changed) + " changed lines, over " +
            std::to_string(policy.max_changed_lines) + ": consider splitting",
        mail.diff_line);
  }
  if (static_cast<int>(parsed.files.size()) > policy.max_files) {
    add("SIZE_FILES",
        std::to_string(parsed.files.size()) + " files changed, over " +
            std::to_string(policy.max_files) + ": consider splitting",
        mail.diff_line);
  }
}

void PatchChecker::check_style() {
  CheckpatchOptions options = m_options.checkpatch;
  if (!options.max_line_length_given) {
    options.max_line_length = m_options.policy.max_line_length;
  }
  options.tree = m_options.checkpatch_tree.get();
  options.lookups = &m_lookups;
  auto style = run_checkpatch(m_input.text, options);
  if (!m_options.checkpatch_pl.empty()) {
    merge(style, run_checkpatch_pl());
  }
  // With MAINTAINERS at hand, a new or moved file a section already covers needs no update.
  const bool maintainers_cover = m_options.maintainers != nullptr && !m_moved_files.empty() &&
                                 all_have_subsystem(*m_options.maintainers, m_moved_files);
  for (const auto& f : style) {
    if (f.type == "FILE_PATH_CHANGES" && maintainers_cover) {
      continue;
    }
    if (reported_by_own_rule(f.type)) {
      continue;  // one finding per defect: the twin patchflow rule already said it
    }
    const bool on_file = !f.file.empty();
    add_with(f.type, f.level, f.source.empty() ? f.message : f.message + " (" + f.source + ")",
             on_file ? f.line : f.patch_line, on_file ? f.file : std::string());
  }
}

// COMMIT_MESSAGE and MISSING_SIGN_OFF are patchflow rules too (check_message, check_signoffs),
// which name the line and follow the policy; checkpatch's copy of the same defect is dropped.
bool PatchChecker::reported_by_own_rule(const std::string& type) const {
  if (type != "COMMIT_MESSAGE" && type != "MISSING_SIGN_OFF") {
    return false;
  }
  return std::any_of(m_findings.begin(), m_findings.end(),
                     [&](const Finding& f) { return f.id == type; });
}

void PatchChecker::merge(std::vector<StyleFinding>& into, const std::vector<StyleFinding>& more) {
  std::set<std::tuple<std::string, int, int, std::string>> seen;
  for (const auto& f : into) {
    seen.emplace(f.file, f.line, f.patch_line, f.type);
  }
  for (const auto& f : more) {
    if (seen.emplace(f.file, f.line, f.patch_line, f.type).second) {
      into.push_back(f);
    }
  }
}

// perl is a tool of its own, not git: running the tree's checkpatch.pl is allowed. It runs at
// the top of its tree, so the tree's .checkpatch.conf applies as it would for its developers.
std::vector<StyleFinding> PatchChecker::run_checkpatch_pl() {
  char path[] = "/tmp/patchflow-check-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) {
    throw Error(ExitCode::internal, "cannot create a temporary file for checkpatch.pl");
  }
  const bool written = write(fd, m_input.text.data(), m_input.text.size()) ==
                       static_cast<ssize_t>(m_input.text.size());
  close(fd);
  process::Result run;
  if (written) {
    const std::filesystem::path script(m_options.checkpatch_pl);
    // from the top of its tree, as its developers run it
    const std::string top = script.parent_path().parent_path().string();
    try {
      run = process::run(
          {.argv = {"perl", script.string(), "--no-tree", "--show-types", "--no-summary", path},
           .directory = top,
           .merge_stderr = true});
    } catch (const process::CannotStart& e) {
      std::filesystem::remove(path);
      throw Error(ExitCode::usage, "cannot run '" + m_options.checkpatch_pl +
                                       (e.reason() == std::strerror(ENOENT)
                                            ? "': perl is not installed (--checkpatch-pl needs it)"
                                            : "' from '" + top + "': " + e.reason()));
    }
  }
  std::filesystem::remove(path);
  if (!written) {
    throw Error(ExitCode::internal, "cannot write a temporary file for checkpatch.pl");
  }
  // checkpatch.pl exits 0 when clean and 1 with findings; anything else is the script failing.
  if (run.exit_code != 0 && run.exit_code != 1) {
    const std::string last = process::tail(run.output, 1);
    throw Error(ExitCode::usage, "'" + m_options.checkpatch_pl + "' failed on '" + m_input.label +
                                     "' (exit " + std::to_string(run.exit_code) + ")" +
                                     (last.empty() ? std::string() : ": " + last));
  }
  const std::string& output = run.output;
  auto findings = parse_checkpatch_output(output);
  for (auto& f : findings) {
    f.source = "checkpatch.pl";
  }
  return findings;
}

}  // namespace patchflow::check
