#pragma once
// Outgoing mail: the messages of mbox or `git format-patch` files, turned into exactly the bytes
// SMTP DATA carries, with their envelope, after every message has been validated.
#include <cstdint>
#include <string>
#include <vector>

namespace patchflow::mail {

struct SourceFile {
  std::string name;     // path as the user gave it, for diagnostics
  std::string content;  // the file's bytes
};

struct PrepareOptions {
  std::vector<std::string> extra_to;  // --to: added to every message's To header and envelope
  std::vector<std::string> extra_cc;  // --cc: likewise for Cc
  // Who sends ("Name <addr>" or "addr"; --from, sendemail.from or the git identity): the From
  // header of every message and the envelope sender. Required.
  std::string sender;
  // The clock, as git send-email uses it: message k of n is dated now - (n - k), so the last
  // one is "now" and a series sorts in order; in the sender's time zone.
  std::int64_t now = 0;
  int now_offset_minutes = 0;
  // --in-reply-to, with or without <>: threads the messages that have no In-Reply-To header as
  // git send-email does (the first under this id, the others under the first). Empty: none.
  std::string in_reply_to;
  std::uint64_t size_limit = 10 * 1024 * 1024;  // octets of DATA per message
};

struct OutgoingMessage {
  std::string source;                   // file it came from
  int index = 0;                        // 1-based position in its file
  int first_line = 0;                   // line of its first header in the file
  std::string message_id;               // "<...>" as in the Message-Id header
  std::string envelope_commit;          // sha of a "From <sha> Mon Sep 17 ..." line, if any
  std::string subject;                  // the Subject header as written (encoded words kept)
  std::string envelope_from;            // MAIL FROM address
  std::vector<std::string> recipients;  // RCPT TO addresses: To, Cc, Bcc, --to, --cc, deduplicated
  std::string data;  // DATA bytes: CRLF line ends, Bcc removed, --to/--cc added, not dot-stuffed

  // "0001-x.patch message 1"
  std::string label() const;
};

// The messages of a file: an mbox split at its "From " envelope lines (which are dropped), or
// the whole file as one message. Bytes between envelope lines are kept exactly.
struct RawMessage {
  int index = 0;
  int first_line = 0;
  std::string text;
  std::string envelope;  // its "From ..." envelope line without the line end; empty for none
};
std::vector<RawMessage> split_messages(const std::string& content);

// Splits, amends and validates every message of every file. Throws Error{usage} listing every
// problem as "file:line: message N: what is wrong" (the first also as where), so that nothing
// is sent unless everything is well-formed: addresses, required headers (From, Subject,
// Message-Id, To or Cc), unique Message-Ids, well-formed In-Reply-To and References, no bare
// CR or NUL, lines of at most 998 octets, headers in ASCII (non-ASCII as RFC 2047 encoded
// words), a charset for 8-bit bodies, and DATA within options.size_limit.
// Amended as git send-email does: --to/--cc added; From becomes the sender (sanitized), and
// when the file's From (the author) is someone else the body starts with "From: <author>" and
// a blank line, so `git am` keeps the authorship; Date is the sending time (see
// PrepareOptions::now); --in-reply-to threads as described there.
std::vector<OutgoingMessage> prepare_messages(const std::vector<SourceFile>& files,
                                              const PrepareOptions& options);

}  // namespace patchflow::mail
