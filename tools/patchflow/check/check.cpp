#include "patchflow/check/check.hpp"

#include <git2.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "patchflow/check/checkpatch.hpp"
#include "patchflow/check/subsystems.hpp"
#include "patchflow/core/error.hpp"
#include "patchflow/core/parallel.hpp"
#include "patchflow/core/process.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/apply.hpp"
#include "patchflow/git/diff_format.hpp"
#include "patchflow/git/object_batch.hpp"
#include "patchflow/git/patch_id.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_diff.hpp"
#include "patchflow/patch/diff.hpp"
#include "patchflow/patch/mbox.hpp"
#include "patchflow/patch/trailers.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::check {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

std::string lower(std::string_view s) { return text::to_lower(s); }

std::string email_domain(const std::string& email) {
  const auto at = email.rfind('@');
  return at == std::string::npos ? "" : lower(email.substr(at + 1));
}

bool domain_in(const std::string& domain, const std::vector<std::string>& domains) {
  for (const auto& d : domains) {
    const std::string l = lower(d);
    if (domain == l || (domain.size() > l.size() &&
                        domain.compare(domain.size() - l.size() - 1, l.size() + 1, "." + l) == 0)) {
      return true;
    }
  }
  return false;
}

// The policy's subject-prefix, compiled once per thread and pattern: compiling a std::regex costs
// more than checking a whole patch, and every patch of a series shares the policy.
const std::regex& subject_prefix_regex(const std::string& pattern) {
  thread_local std::string compiled_pattern;
  thread_local std::regex compiled;
  thread_local bool valid = false;
  if (!valid || compiled_pattern != pattern) {
    valid = false;
    compiled = std::regex(pattern);  // a throw leaves it invalid: the caller reports the policy
    compiled_pattern = pattern;
    valid = true;
  }
  return compiled;
}

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

class PatchChecker {
 public:
  PatchChecker(const PatchInput& input, const Options& options, git_repository* repo)
      : m_input(input), m_options(options), m_repo(repo) {}

  CommitReport run() {
    CommitReport report;
    report.label = m_input.label;
    report.commit = m_input.commit;
    report.source = m_input.source;
    const auto mails = patch::parse_mbox(m_input.text, m_input.source);
    if (mails.empty()) {
      add("NO_DIFF", "patch has no mail and no diff", 0);
      report.findings = std::move(m_findings);
      return report;
    }
    // One mail per input; blank lines kept before it (so line numbers are the file's) may parse
    // as an empty mail of their own, so the mail is the last one.
    const patch::Mail& mail = mails.back();
    report.subject = mail.subject;
    check_encoding(mail);
    check_message(mail);
    check_signoffs(mail);
    check_diff(mail);
    check_style();
    report.findings = std::move(m_findings);
    return report;
  }

 private:
  void add(const std::string& id, std::string message, int line, std::string file = {}) {
    Severity fallback = Severity::warning;
    for (const auto& rule : rules()) {
      if (rule.id == id) {
        fallback = rule.severity;
      }
    }
    add_with(id, fallback, std::move(message), line, std::move(file));
  }
  void add_with(const std::string& id, Severity fallback, std::string message, int line,
                std::string file) {
    const Severity severity = severity_for(m_options.policy, id, fallback);
    if (severity == Severity::off) {
      return;
    }
    Finding f;
    f.where.file = file.empty() ? m_input.source : file;
    f.where.line = line;
    f.severity = severity;
    f.id = id;
    f.message = std::move(message);
    f.commit = m_input.commit.empty() ? m_input.label : m_input.commit;
    m_findings.push_back(std::move(f));
  }

  void check_encoding(const patch::Mail& mail) {
    if (!mail.is_valid_utf8) {
      add("NOT_UTF8", "patch holds bytes that are not UTF-8", mail.first_line);
    }
    if (mail.has_crlf) {
      add("CRLF_LINE_ENDINGS", "patch lines end in CRLF (mangled by a mailer?)", mail.first_line);
    }
  }

  void check_message(const patch::Mail& mail) {
    const std::string& subject = mail.subject;
    const int subject_line = mail.header("Subject") ? mail.header("Subject")->line : 0;
    const auto& policy = m_options.policy;
    if (!policy.subject_prefix.empty()) {
      bool ok = false;
      try {
        ok = std::regex_search(subject, subject_prefix_regex(policy.subject_prefix),
                               std::regex_constants::match_continuous);
      } catch (const std::regex_error&) {
        throw Error(ExitCode::usage,
                    "policy subject-prefix '" + policy.subject_prefix +
                        "' is not a valid regular expression",
                    policy.where);
      }
      if (!ok) {
        add("SUBJECT_PREFIX",
            "subject '" + subject + "' does not start with a prefix matching '" +
                policy.subject_prefix + "'",
            subject_line);
      }
    } else if (subject.find(": ") == std::string::npos) {
      add("SUBJECT_PREFIX", "subject '" + subject + "' has no '<area>: ' prefix", subject_line);
    }
    if (static_cast<int>(subject.size()) > policy.max_subject_length) {
      add("SUBJECT_LENGTH",
          "subject is " + std::to_string(subject.size()) + " characters, over " +
              std::to_string(policy.max_subject_length),
          subject_line);
    }
    static const std::regex k_wip("\\bWIP\\b");
    if (starts_with(subject, "fixup!") || starts_with(subject, "squash!") ||
        starts_with(subject, "amend!") || std::regex_search(subject, k_wip)) {
      add("SUBJECT_WIP", "subject '" + subject + "' marks unfinished work (fixup!/squash!/WIP)",
          subject_line);
    }
    if (!m_input.message.empty()) {
      const auto lines = text::split_lines(m_input.message);
      if (lines.size() > 1 && !text::trim(lines[1]).empty()) {
        add("SUBJECT_SEPARATOR", "no blank line after the subject", subject_line);
      }
    }
    // body: the message without its subject, trailers and quoted material
    const auto lines = text::split_lines(mail.message);
    int body_lines = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const std::string_view line = lines[i];
      const int file_line = mail.body_line + static_cast<int>(i) - 2;
      if (!text::trim(line).empty() && !patch::is_trailer_line(line)) {
        ++body_lines;
      }
      const bool quoted =
          starts_with(line, ">") || starts_with(line, " ") || starts_with(line, "\t");
      if (static_cast<int>(line.size()) > policy.max_body_line_length && !quoted &&
          line.find("://") == std::string_view::npos && !patch::is_trailer_line(line)) {
        add("BODY_LINE_LENGTH",
            "body line is " + std::to_string(line.size()) + " characters, over " +
                std::to_string(policy.max_body_line_length),
            file_line);
      }
      if (starts_with(lower(line), "fixes:")) {
        check_fixes(std::string(text::trim(line.substr(6))), file_line);
      }
    }
    static const std::regex k_why(
        "because|so that|, so |otherwise|since|to avoid|in order|need|must|should|cannot|fix|"
        "prevent|allow|without|instead|why|required|breaks|fails|crash|wrong|bug|leak|corrupt|"
        "overflow|stale");
    // checkpatch.pl's COMMIT_MESSAGE is this defect: one finding, under its TYPE (check_style
    // drops the built-in engine's copy), with the policy's minimum instead of its fixed one.
    if (body_lines < policy.min_body_lines) {
      add("COMMIT_MESSAGE",
          "commit message has " + std::to_string(body_lines) +
              " body line(s); it must stand alone and say why (policy minimum " +
              std::to_string(policy.min_body_lines) + ")",
          subject_line);
    } else if (body_lines > 0 && !std::regex_search(lower(mail.message), k_why)) {
      add("BODY_NO_WHY", "commit message does not seem to say why the change is needed",
          subject_line);
    }
  }

  void check_fixes(const std::string& value, int line) {
    static const std::regex k_form("^([0-9a-f]{12,40}) \\(\"(.*)\"\\)$");
    std::smatch match;
    if (!std::regex_match(value, match, k_form)) {
      add("FIXES_TAG_FORMAT", "Fixes: tag '" + value + "' is not 'Fixes: <12+ hex> (\"subject\")'",
          line);
      return;
    }
    if (m_repo == nullptr) {
      return;
    }
    git_object* object = nullptr;
    const std::string id = match[1];
    if (git_revparse_single(&object, m_repo, (id + "^{commit}").c_str()) != 0) {
      add("FIXES_UNKNOWN_COMMIT", "Fixes: tag names '" + id + "', not a commit in the repository",
          line);
      return;
    }
    git_object_free(object);
  }

  void check_signoffs(const patch::Mail& mail) {
    const auto lines = text::split_lines(mail.message);
    std::vector<std::pair<patch::Person, int>> signoffs;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string_view line = lines[i];
      if (!starts_with(lower(line), "signed-off-by:")) {
        continue;
      }
      const int file_line = mail.body_line + static_cast<int>(i) - 2;
      const std::string value(text::trim(line.substr(14)));
      static const std::regex k_well_formed("^[^<>@]+ <[^<>@\\s]+@[^<>@\\s]+\\.[^<>@\\s]+>$");
      if (!std::regex_match(value, k_well_formed)) {
        add("SIGN_OFF_MALFORMED", "Signed-off-by '" + value + "' is not 'Name <email>'", file_line);
      }
      signoffs.emplace_back(patch::parse_person(value), file_line);
    }
    const int at = mail.body_line;
    if (signoffs.empty()) {
      // checkpatch.pl's MISSING_SIGN_OFF (check_style drops the engine's copy)
      add("MISSING_SIGN_OFF", "no Signed-off-by: the author must certify the DCO", at);
      return;
    }
    const bool by_author = std::any_of(signoffs.begin(), signoffs.end(), [&](const auto& s) {
      return lower(s.first.email) == lower(mail.author.email);
    });
    if (!by_author && !mail.author.email.empty()) {
      add("SIGN_OFF_AUTHOR", "no Signed-off-by from the author '" + mail.author.format() + "'",
          signoffs.front().second);
    }
    // Whoever handled the patch last signs off last: a commit's committer when someone else
    // than the author applied it; for a mail, --sender, else the mail's own From (what
    // format-patch writes: the author). Never the reader's git identity, so the verdict on a
    // mail does not change with who runs the check.
    std::string last = m_input.committer_email;
    if (last.empty() && m_input.commit.empty()) {
      last = m_options.committer_email;
      if (last.empty()) {
        const patch::Header* from = mail.header("From");
        last = from != nullptr ? patch::parse_person(from->value).email : mail.author.email;
      }
    }
    if (!last.empty() && lower(signoffs.back().first.email) != lower(last)) {
      add("SIGN_OFF_LAST", "the last Signed-off-by should be the sender's '" + last + "'",
          signoffs.back().second);
    }
    for (const auto& [person, line] : signoffs) {
      const std::string domain = email_domain(person.email);
      if (domain_in(domain, m_options.policy.forbidden_domains)) {
        add("SIGN_OFF_DOMAIN", "Signed-off-by '" + person.email + "' uses a personal domain", line);
      } else if (!m_options.policy.official_domains.empty() &&
                 !domain_in(domain, m_options.policy.official_domains)) {
        add("SIGN_OFF_DOMAIN",
            "Signed-off-by '" + person.email + "' is not from an official domain", line);
      }
    }
  }

  void check_diff(const patch::Mail& mail) {
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

  void check_style() {
    CheckpatchOptions options = m_options.checkpatch;
    if (!options.max_line_length_given) {
      options.max_line_length = m_options.policy.max_line_length;
    }
    options.tree = m_options.checkpatch_tree.get();
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
  bool reported_by_own_rule(const std::string& type) const {
    if (type != "COMMIT_MESSAGE" && type != "MISSING_SIGN_OFF") {
      return false;
    }
    return std::any_of(m_findings.begin(), m_findings.end(),
                       [&](const Finding& f) { return f.id == type; });
  }

  static void merge(std::vector<StyleFinding>& into, const std::vector<StyleFinding>& more) {
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
  std::vector<StyleFinding> run_checkpatch_pl() {
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
        throw Error(ExitCode::usage,
                    "cannot run '" + m_options.checkpatch_pl +
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

  const PatchInput& m_input;
  const Options& m_options;
  git_repository* m_repo;
  std::vector<Finding> m_findings;
  std::vector<std::string> m_moved_files;  // added, deleted, renamed or copied
};

// Counts finished items across worker threads and reports each to a ProgressFn, one call at a
// time, so the caller's drawing code needs no locking of its own.
class ProgressCounter {
 public:
  ProgressCounter(const ProgressFn& report, std::string stage, std::size_t total)
      : m_report(report), m_stage(std::move(stage)), m_total(total) {}
  void finished_one() {
    if (!m_report) {
      return;
    }
    std::lock_guard lock(m_mutex);
    m_report(m_stage, ++m_done, m_total);
  }

 private:
  const ProgressFn& m_report;
  std::string m_stage;
  std::size_t m_total;
  std::size_t m_done = 0;
  std::mutex m_mutex;
};

}  // namespace

const std::vector<Rule>& rules() {
  static const std::vector<Rule> k_rules = {
      {"SUBJECT_PREFIX", Severity::warning, "subject is '<prefix>: <summary>' (policy pattern)"},
      {"SUBJECT_LENGTH", Severity::warning, "subject within the policy's length"},
      {"SUBJECT_SEPARATOR", Severity::error, "blank line after the subject"},
      {"SUBJECT_WIP", Severity::error, "no fixup!/squash!/WIP commits"},
      {"COMMIT_MESSAGE", Severity::warning, "a body that stands alone (policy minimum lines)"},
      {"BODY_NO_WHY", Severity::check, "the body says why (heuristic)"},
      {"BODY_LINE_LENGTH", Severity::warning, "body lines wrapped (quotes, URLs, trailers exempt)"},
      {"FIXES_TAG_FORMAT", Severity::warning, "Fixes: <12+ hex> (\"subject\")"},
      {"FIXES_UNKNOWN_COMMIT", Severity::error, "Fixes: names a commit in the repository"},
      {"MISSING_SIGN_OFF", Severity::error, "at least one Signed-off-by"},
      {"SIGN_OFF_AUTHOR", Severity::error, "the author's own Signed-off-by"},
      {"SIGN_OFF_MALFORMED", Severity::error, "Signed-off-by: Name <email>"},
      {"SIGN_OFF_LAST", Severity::warning, "the sender's Signed-off-by comes last"},
      {"SIGN_OFF_DOMAIN", Severity::error, "policy official/forbidden e-mail domains"},
      {"FORMAT_MIXED_WITH_CODE", Severity::warning, "format-only hunks not mixed with code"},
      {"XEN_MIXED", Severity::error, "Xen and non-Xen code not in one commit"},
      {"MULTIPLE_SUBSYSTEMS", Severity::warning, "one MAINTAINERS subsystem per commit"},
      {"SIZE_LINES", Severity::warning, "changed lines within policy"},
      {"SIZE_FILES", Severity::warning, "changed files within policy"},
      {"NO_DIFF", Severity::error, "a patch carries a diff"},
      {"BAD_DIFF", Severity::error, "the diff parses"},
      {"BINARY_DIFF", Severity::warning, "no binary changes in mailed patches"},
      {"NOT_UTF8", Severity::warning, "patch text is UTF-8"},
      {"CRLF_LINE_ENDINGS", Severity::warning, "no CRLF line endings"},
      {"SERIES_BASE", Severity::error, "the series is based on a mainline commit"},
      {"SERIES_APPLY", Severity::error, "the series applies to the mainline tip"},
      {"SERIES_ALREADY_MERGED", Severity::error, "no commit already in mainline (patch-id)"},
      {"SERIES_DUPLICATE", Severity::error, "no commit twice in the series (patch-id)"},
      {"BUILD_FAILED", Severity::error, "every commit builds"},
  };
  return k_rules;
}

Severity severity_for(const config::Policy& policy, const std::string& id, Severity fallback) {
  const auto it = policy.severities.find(id);
  return it == policy.severities.end() ? fallback : it->second;
}

std::vector<PatchInput> load_patch_files(const std::vector<std::string>& paths) {
  std::vector<PatchInput> inputs;
  for (const auto& path : paths) {
    const std::string content = text::read_file(path);
    const auto mails = patch::parse_mbox(content, path);
    const std::string name = std::filesystem::path(path).filename().string();
    if (mails.empty()) {
      inputs.push_back({name, path, content, {}, {}});
      continue;
    }
    // Each mail keeps its own text, so line numbers are per file: re-split by mail start lines.
    const auto lines = text::split_lines(content);
    for (std::size_t m = 0; m < mails.size(); ++m) {
      const int begin = mails[m].first_line;
      const int end =
          m + 1 < mails.size() ? mails[m + 1].first_line : static_cast<int>(lines.size()) + 1;
      std::string text;
      for (int l = 1; l < begin; ++l) {
        text += "\n";  // keep line numbers those of the file
      }
      for (int l = begin; l < end; ++l) {
        text += std::string(lines[static_cast<std::size_t>(l - 1)]) + "\n";
      }
      const std::string label = mails.size() == 1 ? name : name + " #" + std::to_string(m + 1);
      inputs.push_back({label, path, std::move(text), {}, {}});
    }
  }
  return inputs;
}

std::vector<PatchInput> load_range(git_repository& repo, const std::string& range) {
  if (range.find("..") == std::string::npos) {
    throw Error(ExitCode::usage, "revision range '" + range + "' is not 'A..B'");
  }
  return load_commits(repo, stack::resolve_target(repo, nullptr, range).commits);
}

std::vector<PatchInput> load_commits(git_repository& repo, const std::vector<git::Oid>& commits) {
  std::vector<PatchInput> inputs;
  for (const auto& oid : commits) {
    const git::Commit commit = git::lookup_commit(repo, oid);
    if (git::commit_parents(*commit).size() > 1) {
      continue;  // merges carry no patch of their own
    }
    PatchInput input;
    input.label = oid.short_hex();
    input.source = oid.short_hex() + ".patch";
    input.text = git::format_commit_as_patch(repo, oid);
    input.commit = oid.hex();
    const char* message = git_commit_message(commit.get());
    input.message = message ? message : "";
    // A commit applied by someone other than its author records who handled it: that
    // committer's Signed-off-by must come last. When committer and author are one person (a
    // contributor's own branch, or a stack materialized from mails) the commit names no handler.
    const git_signature* committer = git_commit_committer(commit.get());
    const git_signature* author = git_commit_author(commit.get());
    if (committer && author && committer->email && author->email &&
        text::to_lower(committer->email) != text::to_lower(author->email)) {
      input.committer_email = committer->email;
    }
    inputs.push_back(std::move(input));
  }
  return inputs;
}

Result check_patches(const std::vector<PatchInput>& patches, const Options& options,
                     git_repository* repo) {
  Result result;
  result.commits.resize(patches.size());
  ProgressCounter progress(options.progress, "check", patches.size());
  parallel_for(patches.size(), options.jobs, [&](std::size_t i) {
    result.commits[i] = PatchChecker(patches[i], options, repo).run();
    progress.finished_one();
  });
  return result;
}

std::vector<Finding> check_series(git_repository& repo, const std::string& mainline,
                                  const std::vector<PatchInput>& patches, const Options& options,
                                  const std::vector<git::Oid>& prerequisites) {
  std::vector<Finding> findings;
  auto add = [&](const std::string& id, std::string message, const std::string& commit) {
    Severity fallback = Severity::error;
    const Severity severity = severity_for(options.policy, id, fallback);
    if (severity == Severity::off) {
      return;
    }
    Finding f;
    f.where.ref = commit.empty() ? mainline : commit.substr(0, 12);
    f.severity = severity;
    f.id = id;
    f.message = std::move(message);
    f.commit = commit;
    findings.push_back(std::move(f));
  };
  std::vector<git::Oid> commits;
  for (const auto& p : patches) {
    if (!p.commit.empty()) {
      commits.push_back(git::Oid::from_hex(p.commit));
    }
  }
  if (commits.empty()) {
    return findings;
  }
  const git::Oid tip = git::resolve_commit(repo, mainline);
  const auto parents = git::commit_parents(*git::lookup_commit(repo, commits.front()));
  const bool on_prerequisite =
      !parents.empty() &&
      std::find(prerequisites.begin(), prerequisites.end(), parents.front()) != prerequisites.end();
  if (parents.empty() || (!on_prerequisite && !git::is_ancestor(repo, parents.front(), tip))) {
    add("SERIES_BASE", "the series is not based on a commit of '" + mainline + "'",
        commits.front().hex());
  }
  std::vector<git::Oid> applied = prerequisites;
  applied.insert(applied.end(), commits.begin(), commits.end());
  if (const auto bad = git::first_commit_not_applying(repo, tip, applied)) {
    if (*bad < prerequisites.size()) {
      add("SERIES_APPLY",
          "prerequisite " + applied[*bad].short_hex() + " does not apply to the tip of '" +
              mainline + "' (" + tip.short_hex() + "): the series cannot be applied",
          commits.front().hex());
    } else {
      add("SERIES_APPLY",
          "commit does not apply to the tip of '" + mainline + "' (" + tip.short_hex() +
              "): rebase the series",
          applied[*bad].hex());
    }
  }
  std::map<std::string, std::string> series_ids;
  for (const auto& c : commits) {
    const std::string id = git::commit_patch_id(repo, c).hex();
    const auto [it, inserted] = series_ids.emplace(id, c.hex());
    if (!inserted) {
      add("SERIES_DUPLICATE",
          "same change as " + it->second.substr(0, 12) + " earlier in the series", c.hex());
    }
  }
  const auto base = git::merge_base(repo, commits.back(), tip);
  if (base) {
    for (const auto& m : git::commits_between(repo, {*base}, tip)) {
      if (git::commit_parents(*git::lookup_commit(repo, m)).size() != 1) {
        continue;
      }
      const auto it = series_ids.find(git::commit_patch_id(repo, m).hex());
      if (it != series_ids.end()) {
        add("SERIES_ALREADY_MERGED", "already in '" + mainline + "' as " + m.short_hex(),
            it->second);
      }
    }
  }
  return findings;
}

namespace {

// Applies the mails, in order, to base's tree; the first that does not apply stops the series
// and is handed to fail. Returns the tree after each mail that applied.
template <class Fail>
std::vector<BuildTarget> apply_in_order(git_repository& repo, const git::Oid& base,
                                        const std::vector<PatchInput>& patches, Fail fail) {
  std::vector<BuildTarget> targets;
  git::Oid tree = git::commit_tree_id(*git::lookup_commit(repo, base));
  for (const auto& patch : patches) {
    const auto mails = patch::parse_mbox(patch.text, patch.source);
    if (mails.empty() || !mails.back().has_diff()) {
      continue;  // a cover letter or an empty mail changes nothing (NO_DIFF says so)
    }
    git::ApplyFailure failure;
    const auto applied = git::apply_diff(repo, tree, mails.back().diff, failure);
    if (!applied) {
      fail(patch, mails.back().diff_line, failure);
      break;
    }
    tree = *applied;
    targets.push_back({patch.label, {}, tree});
  }
  return targets;
}

// "at 'path': reason", as much of it as libgit2 told.
std::string failure_text(const git::ApplyFailure& failure) {
  return (failure.path.empty() ? std::string() : " at '" + failure.path + "'") +
         (failure.message.empty() ? std::string() : ": " + failure.message);
}

// A finding about one mail of a series, at the line where its diff starts.
void add_mail_finding(std::vector<Finding>& findings, const Options& options, const std::string& id,
                      const PatchInput& patch, int line, std::string message) {
  const Severity severity = severity_for(options.policy, id, Severity::error);
  if (severity == Severity::off) {
    return;
  }
  Finding f;
  f.where.file = patch.source;
  f.where.line = line;
  f.severity = severity;
  f.id = id;
  f.message = std::move(message);
  f.commit = patch.label;
  findings.push_back(std::move(f));
}

}  // namespace

std::vector<BuildTarget> apply_mails(git_repository& repo, const git::Oid& base,
                                     const std::string& base_name,
                                     const std::vector<PatchInput>& patches, const Options& options,
                                     std::vector<Finding>& findings) {
  return apply_in_order(repo, base, patches,
                        [&](const PatchInput& patch, int line, const git::ApplyFailure& failure) {
                          add_mail_finding(findings, options, "SERIES_APPLY", patch, line,
                                           "patch does not apply to '" + base_name + "' (" +
                                               base.short_hex() + ")" + failure_text(failure) +
                                               "; it and the patches after it are not built");
                        });
}

std::vector<Finding> check_mail_series(git_repository& repo, const MailSeriesTarget& target,
                                       const std::vector<PatchInput>& patches,
                                       const Options& options) {
  std::vector<Finding> findings;
  {
    // Applied through a private handle whose writes stay in memory: the batch is dropped
    // without commit(), so checking mails never adds an object to the user's repository.
    const git::Repository scratch = git::reopen_repository(repo);
    const git::ObjectBatch in_memory(*scratch);
    apply_in_order(*scratch, target.tip, patches,
                   [&](const PatchInput& patch, int line, const git::ApplyFailure& failure) {
                     add_mail_finding(findings, options, "SERIES_APPLY", patch, line,
                                      "patch does not apply to the tip of '" + target.mainline +
                                          "' (" + target.tip.short_hex() + ")" +
                                          failure_text(failure) + ": rebase the series");
                   });
  }
  struct MailId {
    const PatchInput* patch;
    int line;
  };
  std::map<std::string, MailId> series_ids;
  std::vector<std::string> ids_in_order;  // each id once, in mail order, for the report
  for (const auto& patch : patches) {
    const auto mails = patch::parse_mbox(patch.text, patch.source);
    if (mails.empty() || !mails.back().has_diff()) {
      continue;
    }
    const auto id = git::diff_text_patch_id(mails.back().diff);
    if (!id) {
      continue;  // unparsable diff: the mail's own checks report it
    }
    const MailId mail{&patch, mails.back().diff_line};
    const auto [it, inserted] = series_ids.emplace(id->hex(), mail);
    if (inserted) {
      ids_in_order.push_back(id->hex());
    } else {
      add_mail_finding(findings, options, "SERIES_DUPLICATE", patch, mail.line,
                       "same change as " + it->second.patch->label + " earlier in the series");
    }
  }
  if (series_ids.empty()) {
    return findings;
  }
  // The mainline commits the series could already be in: those since its base; without a known
  // base, the latest k_unbased_look_back (older ones would have been noticed by the author, and
  // a full walk of a kernel history costs seconds per check).
  constexpr std::size_t k_unbased_look_back = 1000;
  const std::vector<git::Oid> mainline_commits =
      target.base ? git::commits_between(repo, {*target.base}, target.tip)
                  : git::latest_commits(repo, target.tip, k_unbased_look_back);
  std::map<std::string, git::Oid> merged_as;
  for (const auto& m : mainline_commits) {
    if (git::commit_parents(*git::lookup_commit(repo, m)).size() != 1) {
      continue;  // merges carry no patch of their own
    }
    const std::string id = git::commit_patch_id(repo, m).hex();
    if (series_ids.contains(id)) {
      merged_as.emplace(id, m);
    }
  }
  for (const auto& id : ids_in_order) {
    const auto it = merged_as.find(id);
    if (it != merged_as.end()) {
      const MailId& mail = series_ids.at(id);
      add_mail_finding(findings, options, "SERIES_ALREADY_MERGED", *mail.patch, mail.line,
                       "already in '" + target.mainline + "' as " + it->second.short_hex());
    }
  }
  return findings;
}

std::vector<Finding> build_targets(git_repository& repo, const std::vector<BuildTarget>& targets,
                                   const Options& options, const std::string& work_dir) {
  std::vector<Finding> findings;
  if (options.policy.build.empty() || targets.empty()) {
    return findings;
  }
  const std::string repo_path = git_repository_path(&repo);
  std::vector<std::pair<int, std::string>> outcome(targets.size());
  ProgressCounter progress(options.progress, "build", targets.size());
  parallel_for(targets.size(), options.jobs, [&](std::size_t i) {
    // One repository handle per thread: libgit2 objects are not shared across threads.
    const git::Repository own = git::open_repository(repo_path);
    const std::string dir = work_dir + "/" + std::to_string(i);
    std::filesystem::create_directories(dir);
    git::write_tree_to_directory(*own, targets[i].tree, dir);
    process::Result run = process::run(process::shell(options.policy.build, dir));
    std::filesystem::remove_all(dir);
    outcome[i] = {run.exit_code, std::move(run.output)};
    progress.finished_one();
  });
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (outcome[i].first != 0) {
      std::string tail;
      const std::string log_tail = process::tail(outcome[i].second, 10);
      for (std::string_view line : text::split_lines(log_tail)) {
        tail += "\n    " + std::string(line);
      }
      Finding f;
      f.where.ref = targets[i].label;
      f.severity = severity_for(options.policy, "BUILD_FAILED", Severity::error);
      f.id = "BUILD_FAILED";
      f.message = "'" + options.policy.build + "' fails at this " +
                  (targets[i].commit.empty() ? "patch" : "commit") + "; log tail:" + tail;
      f.commit = targets[i].commit.empty() ? targets[i].label : targets[i].commit;
      if (f.severity != Severity::off) {
        findings.push_back(std::move(f));
      }
      break;  // the first breaking commit is the one to fix
    }
  }
  return findings;
}

std::vector<Finding> check_builds(git_repository& repo, const std::vector<PatchInput>& patches,
                                  const Options& options, const std::string& work_dir) {
  std::vector<BuildTarget> targets;
  for (const auto& patch : patches) {
    if (!patch.commit.empty()) {
      const git::Oid commit = git::Oid::from_hex(patch.commit);
      targets.push_back(
          {patch.label, patch.commit, git::commit_tree_id(*git::lookup_commit(repo, commit))});
    }
  }
  return build_targets(repo, targets, options, work_dir);
}

bool has_errors(const Result& result) {
  for (const auto& c : result.commits) {
    if (patchflow::has_errors(c.findings)) {
      return true;
    }
  }
  return patchflow::has_errors(result.series);
}

namespace {

// "1 patch", "2 patches", "0 errors"
std::string count_of(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// A patch is clean when no finding names it: its own, and the series findings about it (a
// patch that does not apply, is already merged or breaks the build).
bool is_clean(const CommitReport& c, const std::vector<Finding>& series) {
  return c.findings.empty() && std::none_of(series.begin(), series.end(), [&](const Finding& f) {
           return !f.commit.empty() && (f.commit == c.commit || f.commit == c.label);
         });
}

}  // namespace

std::string format_text(const Result& result) {
  std::string out;
  std::size_t errors = 0, warnings = 0, checks = 0, clean = 0;
  auto count = [&](const Finding& f) {
    errors += f.severity == Severity::error;
    warnings += f.severity == Severity::warning;
    checks += f.severity == Severity::check;
  };
  for (const auto& c : result.commits) {
    out += c.label + " " + c.subject + "\n";
    for (const auto& f : c.findings) {
      out += "  " + f.format() + "\n";
      count(f);
    }
    clean += is_clean(c, result.series);
  }
  if (!result.series.empty()) {
    out += "series\n";
    for (const auto& f : result.series) {
      out += "  " + f.format() + "\n";
      count(f);
    }
  }
  out += count_of(result.commits.size(), "patch", "patches") + ", " + std::to_string(clean) +
         " clean; " + count_of(errors, "error", "errors") + ", " +
         count_of(warnings, "warning", "warnings") + ", " + count_of(checks, "check", "checks") +
         "\n";
  return out;
}

nlohmann::json to_json(const Result& result) {
  auto finding_json = [](const Finding& f) {
    return nlohmann::json{
        {"file", f.where.file.empty() ? nlohmann::json() : nlohmann::json(f.where.file)},
        {"line", f.where.line},
        {"ref", f.where.ref},
        {"level", std::string(to_string(f.severity))},
        {"id", f.id},
        {"message", f.message}};
  };
  nlohmann::json commits = nlohmann::json::array();
  for (const auto& c : result.commits) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : c.findings) {
      findings.push_back(finding_json(f));
    }
    commits.push_back(
        {{"label", c.label}, {"subject", c.subject}, {"commit", c.commit}, {"findings", findings}});
  }
  nlohmann::json series = nlohmann::json::array();
  for (const auto& f : result.series) {
    series.push_back(finding_json(f));
  }
  return {{"commits", commits}, {"series", series}, {"has_errors", has_errors(result)}};
}

}  // namespace patchflow::check
