#pragma once
// Mail and mbox parsing shared by check/, series/, maintainers/ and materialize: an mbox (or a
// single `git format-patch` file) becomes a list of patches with author, date, message and diff.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/core/address.hpp"

namespace patchflow::patch {

struct Header {
  std::string name;   // as written, e.g. "Subject"
  std::string value;  // unfolded and RFC 2047-decoded
  int line = 0;       // 1-based line of the header in its file
};

// who wrote a mail: parsed by the one address owner, core/address
using address::Person;

struct Timestamp {
  std::int64_t seconds = 0;  // since the epoch, UTC
  int offset_minutes = 0;    // the writer's time zone
};

// One mail: a patch when it carries a diff, a cover letter or a plain mail when it does not.
struct Mail {
  std::string source;           // file it came from, for diagnostics
  int index = 0;                // 1-based position in its file
  int first_line = 0;           // 1-based line where the mail starts in its file
  std::string envelope_commit;  // sha from "From <sha> Mon Sep 17 00:00:00 2001", if any
  std::vector<Header> headers;
  Person author;
  std::optional<Timestamp> date;
  std::string raw_subject;  // "[PATCH v2 3/7] xen/events: ..."
  std::string subject;      // "xen/events: ..." (bracketed prefixes and "Re:" stripped)
  std::string message;      // commit message as `git am` records it: subject, blank, body
  int body_line = 0;        // file line of the first line of the commit message body
  std::string notes;        // text between "---" and the diff (diffstat, comments)
  std::string diff;         // from the first "diff --git" (or "---"/"+++") to the signature
  int diff_line = 0;        // file line of the first diff line
  bool has_crlf = false;    // lines ended in CRLF
  bool is_valid_utf8 = true;

  const Header* header(std::string_view name) const;  // first one, case-insensitive
  std::vector<const Header*> headers_named(std::string_view name) const;
  bool has_diff() const { return !diff.empty(); }
  // "0003 xen/events: ..." style label used in reports: "<source> patch <index>".
  std::string label() const;
};

// Splits content into mails. A file with no mail headers is one mail whose body is the file
// (a bare diff). Never throws for odd input: consumers decide what is an error.
std::vector<Mail> parse_mbox(std::string_view content, const std::string& source);

// RFC 2822 date ("Thu, 19 Nov 2009 10:00:00 +0800"); nullopt when malformed.
std::optional<Timestamp> parse_date(std::string_view text);
// The other way: git's DATE_RFC2822 ("Thu, 5 Nov 2009 10:00:00 +0100"), or with the day padded
// to two columns (" 5 Nov") as git send-email writes its Date header.
enum class DayStyle { plain, space_padded };
std::string format_rfc2822_date(long long seconds, int offset_minutes,
                                DayStyle day_style = DayStyle::plain);

// A Message-Id as a user gives it (git format-patch --in-reply-to, git send-email
// --in-reply-to): surrounding space and one pair of angle brackets removed, "id@host".
std::string bare_message_id(std::string_view text);
// Whether text is one RFC 5322 msg-id "<left@right>": no space, no other '<' or '>', both
// sides of the '@' non-empty.
bool is_message_id(std::string_view text);
// Removes "Re:" and leading "[...]" groups as `git mailinfo` does.
std::string clean_subject(std::string_view subject);

}  // namespace patchflow::patch
