#pragma once
// A topic (or a range) as an upstream-ready mail series: numbered patches byte-compatible with
// git format-patch, a cover letter with shortlog, diffstat, base-commit and the changes since
// the last sent version, Message-Id threading and per-patch recipients.
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/series/format.hpp"
#include "patchflow/stack/sent.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::series {

// What to format: a target as stack::resolve_target gives it (base-commit, the series' own
// commits, the prerequisite commits of the topics it depends on, its policy).
using Range = stack::Target;

// user.name / user.email from the repository's git configuration (no environment); throws
// Error{usage} naming the missing key.
Identity identity_from_config(git_repository& repo);

struct Recipients {
  std::vector<std::string> to;
  std::vector<std::string> cc;
};
// Routing hook: who receives the patch of commit. Unset: only Options::to/cc.
using RecipientsFor = std::function<Recipients(const git::Oid& commit)>;

struct Options {
  int version = 0;        // 0: the topic's current version (last sent, or the topic YAML's)
  bool reroll = false;    // next version after the last sent one
  bool cover_letter = true;  // a lone patch gets none unless forced
  bool force_cover_letter = false;
  std::string cover_subject;  // default: topic summary, else "*** SUBJECT HERE ***"
  std::string cover_text;     // default: topic cover, else "*** BLURB HERE ***"
  std::string notes;          // the user's "Changes since vN-1" notes
  // --range-diff: append git range-diff against this recorded version to the cover letter, as
  // git format-patch --range-diff does; 0: none, -1: the previous version (vN-1).
  int range_diff_against = 0;
  std::vector<std::string> to;
  std::vector<std::string> cc;
  RecipientsFor recipients;
  bool thread = true;
  std::string in_reply_to;  // explicit (<> optional); default for vN>1: vN-1's cover Message-Id
  Identity identity;        // cover letter author; Message-Id host is its email domain
  int jobs = 2;             // threads formatting patches (each with its own repository handle)
  // The commits diffed already (shared with the routing that addressed them); nullptr: each
  // mail diffs its commit.
  const CommitDiffs* diffs = nullptr;
  long long now = 0;        // cover letter date (seconds since epoch)
  int now_offset_minutes = 0;
};

struct Message {
  int number = 0;      // 0: cover letter
  git::Oid commit;     // zero for the cover letter
  git::Oid patch_id;   // zero for the cover letter
  std::string subject;  // the commit title (cover: its subject)
  std::string file_name;  // "v2-0001-subject-slug.patch" as git names it
  std::string message_id;
  std::vector<std::string> to;
  std::vector<std::string> cc;
  std::string text;  // the whole mail
};

// One patch's fate since the previous version, by range-diff pairing (by patch-id and subject
// only when the previous version's commits are gone).
struct PatchChange {
  std::string kind;  // "added", "dropped", "reworded" (message only), "changed", "moved"
  std::string subject;
  int lines = 0;       // "changed": '+' and '-' lines of the range-diff between the two patches
  bool moved = false;  // paired out of the previous order ("moved" when otherwise unchanged)
};

struct Series {
  std::string topic;
  int version = 1;
  Range range;
  std::optional<stack::SentRecord> previous;  // what was sent as version-1, when recorded
  std::vector<PatchChange> changes;    // against previous
  std::string range_diff;              // "Range-diff against vN:\n..." when asked for
  std::vector<Message> messages;       // cover letter first when there is one
};

// "v2" or "2" -> 2; "" -> -1 (the previous version). Throws Error{usage} naming option.
int parse_version(const std::string& text, const std::string& option);

// A cover file's first line is the cover subject, the rest (after the newline) its text.
void apply_cover_file(Options& options, const std::string& content);

// Builds every message; moves no ref and writes nothing.
Series build_series(git_repository& repo, const Range& range, const config::Topic* topic,
                    const Options& options);

// The whole series as one mbox (what `git format-patch --stdout` prints).
std::string to_mbox(const Series& series);
// Writes one file per message into directory (created); returns the paths written.
std::vector<std::string> write_patch_files(const Series& series, const std::string& directory);
// The record to store once the series has been sent.
stack::SentRecord to_sent_record(const Series& series, long long date);

// One message that `send` mailed, as the series record needs it.
struct MailedMessage {
  std::string commit;      // hex from its "From <sha> ..." envelope line; empty when none
  std::string subject;     // "[PATCH v2 1/3] xen: ..." as in the Subject header
  std::string message_id;  // with or without <>
};
// The record of what send mailed when it is a topic's series: the stack topic whose commits are
// exactly the mailed patches' commits, in order; version from the "[PATCH vN" prefix (else 1);
// the message numbered 0 ("0/N") is the cover letter. nullopt when no topic matches (a range,
// files from elsewhere): then there is nothing to record.
std::optional<stack::SentRecord> mailed_series_record(git_repository& repo,
                                               const config::StackConfig& stack,
                                               const std::vector<MailedMessage>& messages,
                                               long long date);

// mailed_series_record, stored with stack::record_sent; returns "recorded <topic> v<N> as sent in
// <ref>\n", or "" when the messages are no topic's series.
std::string record_mailed_series(git_repository& repo, const config::StackConfig& stack,
                                 const std::vector<MailedMessage>& messages, long long date);

nlohmann::json to_json(const Series& series);
// A short text report: one line per message file/subject and the changes since last version.
std::string format_report(const Series& series);

// git's "%f" of a subject: the sanitized file-name slug.
std::string subject_slug(const std::string& subject);
// git's shortlog for the cover letter: authors sorted, subjects wrapped at 72 (2/4 indents).
std::string format_shortlog(git_repository& repo, const std::vector<git::Oid>& commits);

}  // namespace patchflow::series
