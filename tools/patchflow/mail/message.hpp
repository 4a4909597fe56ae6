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
  std::string envelope_from;          // --from / sendemail.from; empty: the From header's address
  std::uint64_t size_limit = 10 * 1024 * 1024;  // octets of DATA per message
};

struct OutgoingMessage {
  std::string source;                   // file it came from
  int index = 0;                        // 1-based position in its file
  int first_line = 0;                   // line of its first header in the file
  std::string message_id;               // "<...>" as in the Message-Id header
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
};
std::vector<RawMessage> split_messages(const std::string& content);

// Splits, amends (--to/--cc) and validates every message of every file. Throws Error{usage}
// listing every problem as "file:line: message N: what is wrong" (the first also as where),
// so that nothing is sent unless everything is well-formed: addresses, required headers (From,
// Subject, Date, Message-Id, To or Cc), unique Message-Ids, no bare CR or NUL, lines of at most
// 998 octets, headers in ASCII (non-ASCII as RFC 2047 encoded words), a charset for 8-bit
// bodies, and DATA within options.size_limit.
std::vector<OutgoingMessage> prepare_messages(const std::vector<SourceFile>& files,
                                              const PrepareOptions& options);

}  // namespace patchflow::mail
