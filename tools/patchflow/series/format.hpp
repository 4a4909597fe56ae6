#pragma once
// git format-patch's text, rebuilt in-process: mail headers (RFC 2047 and folding as git 2.39
// does them), message, diffstat and summary, diff, signature. Each piece is separately
// testable against the git CLI.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"
#include "patchflow/git/tree_diff.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::series {

// The signature git appends ("-- \n<version>\n\n"): the git version whose format we reproduce.
inline constexpr const char* k_signature = "2.39.5";
// format-patch lays out diffstats for mail at this width (git's MAIL_DEFAULT_WRAP).
inline constexpr int k_mail_wrap = 72;

struct Identity {
  std::string name;
  std::string email;
};

// Headers that are deliberately ours (git format-patch prints them only on request).
struct ExtraHeaders {
  std::string message_id;               // without <>; empty: none
  std::vector<std::string> references;  // without <>; the last is In-Reply-To
  std::vector<std::string> to;
  std::vector<std::string> cc;
};

// "[PATCH v2 03/12] " numbering of one message.
struct Numbering {
  std::string subject_prefix = "PATCH";  // "PATCH v2" for version 2
  int number = 0;  // 1-based; 0 in the cover letter
  int total = 0;   // 0: a lone patch, "[PATCH]"
};

// "Thu, 19 Nov 2009 10:00:00 +0100" (git's DATE_RFC2822); the owner is patch/mbox.
using patch::format_rfc2822_date;
// "From: " header line(s) with "\n": RFC 2047 Q-encoding of non-ASCII names, RFC 822 quoting of
// specials, folding, as git's pp_user_info does.
std::string format_from_header(const std::string& name, const std::string& email);
// "Subject: [PATCH 1/2] title\n", folded at 78 columns or RFC 2047-encoded as git does.
std::string format_subject_header(const Numbering& numbering, const std::string& title);
// git's commit title (first paragraph joined by spaces) and body (rest, lines right-trimmed,
// leading blank lines dropped; ends with "\n" unless empty).
std::string commit_title(const std::string& message);
std::string commit_body(const std::string& message);
// git's strbuf_add_wrapped_text (utf8.c): word-wraps text at width, indent1 on the first line
// (negative: that many columns already used), indent2 on the others.
std::string wrap_text(const std::string& text, int indent1, int indent2, int width);
// A path as git prints it: C-quoted in double quotes when it has control, quote or non-ASCII
// bytes (core.quotepath=true); prefix goes inside the quotes.
std::string quote_path(const std::string& prefix, const std::string& path);

// git diff --stat --summary for mail: file lines, " N files changed, ..." and the create/
// delete/rename/mode lines. Empty when there are no changes.
std::string format_diffstat(const std::vector<git::FileChange>& changes, int width = k_mail_wrap);
std::string format_summary(const std::vector<git::FileChange>& changes);
// The "diff --git" text of every change, index lines abbreviated to abbrev (grown until unique
// among the objects ids knows).
std::string format_diff(const git::Abbreviator& ids, const std::vector<git::FileChange>& changes,
                        std::size_t abbrev);

// One patch mail exactly as `git format-patch` writes it for commit (first parent as base).
std::string format_patch_mail(git_repository& repo, const git::Oid& commit,
                              const Numbering& numbering, const ExtraHeaders& extra,
                              const git::Abbreviator& ids, std::size_t abbrev);

// The same mail with the commit's patch-id (git::commit_patch_id's value), computed from the
// diff made for the mail.
struct PatchMail {
  std::string text;
  git::Oid patch_id;
};
// A commit's changes against its first parent and their "diff --git" text (format_diff).
struct CommitDiff {
  std::vector<git::FileChange> changes;
  std::string text;
};
// diff: the commit's, made already with the same ids and abbrev (CommitDiffs); nullptr: made here.
PatchMail format_patch(git_repository& repo, const git::Oid& commit, const Numbering& numbering,
                       const ExtraHeaders& extra, const git::Abbreviator& ids,
                       std::size_t abbrev, const CommitDiff* diff = nullptr);

// The commits of a series diffed once, for everything made of them: the mails, and the routing
// that addresses them (routing_text), which would otherwise diff every commit a second time.
class CommitDiffs {
 public:
  explicit CommitDiffs(git_repository& repo);
  // Diffs commits against their first parents and renders the diffs (as format_patch does), on up
  // to jobs threads.
  void add(git_repository& repo, const std::vector<git::Oid>& commits, int jobs);
  // nullptr for a commit not added.
  const CommitDiff* find(const git::Oid& commit) const;
  // The commit as routing reads it (git::commit_patch_head, then the mail's diff); nullopt for a
  // commit not added.
  std::optional<std::string> routing_text(git_repository& repo, const git::Oid& commit) const;
  const git::Abbreviator& ids() const { return m_ids; }
  std::size_t abbrev() const { return m_abbrev; }

 private:
  git::Abbreviator m_ids;
  std::size_t m_abbrev;
  std::map<git::Oid, CommitDiff> m_diffs;
};

// Mail header lines that are ours: Message-Id, In-Reply-To/References; To/Cc are separate as
// git puts them after Subject.
std::string format_thread_headers(const ExtraHeaders& extra);
std::string format_address_headers(const ExtraHeaders& extra);

}  // namespace patchflow::series
