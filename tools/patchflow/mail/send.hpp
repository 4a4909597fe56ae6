#pragma once
// `patchflow send`: validate every message first, then deliver them in order, recording each
// accepted Message-Id in a journal so that a stopped run resumes without duplicates.
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "patchflow/git/libgit2.hpp"
#include "patchflow/mail/journal.hpp"
#include "patchflow/mail/message.hpp"
#include "patchflow/mail/settings.hpp"
#include "patchflow/mail/smtp.hpp"

namespace patchflow::mail {

enum class Status { sent, already_sent, failed, not_sent, would_send };
std::string status_name(Status status);  // "sent", "already sent", ...

struct MessageOutcome {
  std::string label;  // "0001-x.patch message 1"
  std::string message_id;
  std::string subject;
  std::string envelope_commit;  // sha of its "From <sha> ..." line, if any
  std::string envelope_from;
  std::vector<std::string> recipients;
  Status status = Status::not_sent;
  std::string error;  // why it failed
  std::string data;   // the DATA bytes, kept for dry runs only
};

struct SendResult {
  bool dry_run = false;
  std::string journal;  // where accepted Message-Ids are recorded
  std::vector<MessageOutcome> messages;

  // Message-Ids the server accepted in this run, in order: what a series record (e.g. the
  // series engineer's record_sent) stores.
  std::vector<std::string> sent_message_ids() const;
  // Every message is now sent, or was sent by an earlier run.
  bool is_complete() const;
};

// Called after each accepted message (already journaled) and once after a complete run, so a
// caller can record the series as sent; not called for dry runs.
struct SendHooks {
  std::function<void(const OutgoingMessage&)> on_message_sent;
  std::function<void(const SendResult&)> on_complete;
};

// Delivers messages in order through transport, skipping those already in journal; stops at
// the first failure, marking it failed and the rest not sent. dry_run: transport is unused (may
// be null), nothing is recorded, every message not yet sent is "would send" with its data.
SendResult send_messages(const std::vector<OutgoingMessage>& messages, Transport* transport,
                         Journal& journal, bool dry_run, const SendHooks& hooks = {});

using TransportFactory = std::function<std::unique_ptr<Transport>(const SmtpSettings&)>;

struct SendOptions {
  std::vector<std::string> paths;  // mbox or .patch files, in sending order
  PrepareOptions prepare;          // sender and clock are taken from the settings and below
  SettingOverrides overrides;
  bool dry_run = false;
  // The clock (seconds since the epoch, and the sender's time zone): dates the messages (the
  // last one is dated now) and stamps journal commits. Tests set it; the CLI reads the time.
  std::int64_t now = 0;
  int now_offset_minutes = 0;
  SendHooks hooks;
  TransportFactory make_transport = make_smtp_transport;
};

// The whole command: resolve settings (repo may be null), read and validate every file (throws
// Error{usage} before anything is sent), open the journal (refs/patchflow/sent-mail in repo,
// else .patchflow-sent-mail next to the first file) and send.
SendResult run_send(git_repository* repo, const SendOptions& options);

// One line per message and a total; for dry runs, each message as an SMTP transcript:
// "MAIL FROM:<a>", "RCPT TO:<b>"..., "DATA <n>" and then exactly the n bytes of DATA.
std::string format_result(const SendResult& result);
nlohmann::json to_json(const SendResult& result);
// Throws Error{git} saying what was sent and what not, unless result.is_complete().
void throw_if_incomplete(const SendResult& result);

}  // namespace patchflow::mail
