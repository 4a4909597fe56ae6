#pragma once
// Commit-message trailers ("Reviewed-by: Name <email>") as git interpret-trailers sees them: the
// trailer block of a message, trailers a reply gives, and adding trailers to a message.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace patchflow::patch {

struct Trailer {
  std::string key;    // as written, e.g. "Reviewed-by"
  std::string value;  // e.g. "Jan Beulich <jbeulich@suse.com>"
  std::string format() const { return key + ": " + value; }
  // Same key (case-insensitive) and same person: the e-mail address when both values have one
  // (case-insensitive), else the whole value.
  bool same_as(const Trailer& other) const;
};

// A "Key-Name: value" line (key of letters, digits and '-'); nullopt for anything else.
std::optional<Trailer> parse_trailer_line(std::string_view line);
bool is_trailer_line(std::string_view line);

// The trailers of message's trailer block, found as git interpret-trailers does: the last
// paragraph after the title that is all trailers, or at least 25% trailers with a
// "Signed-off-by: " among them. Empty when there is none.
std::vector<Trailer> message_trailers(std::string_view message);

// The review trailers in a reply: "<Something>-by: Name <email>" lines other than Signed-off-by
// (a sign-off is passed on by whoever handles the patch, not given in a reply), each person once,
// up to the signature ("-- "). Only the sender's own count: a line quoted with '>' is someone
// else's words, and a trailer naming another person than sender ("Name <email>" of the reply's
// From) is not the reviewer's to give (as b4, which wants the e-mail to match; the same display
// name also counts, for a reviewer writing from another address).
struct ReplyTrailers {
  std::vector<Trailer> given;    // unquoted, naming the sender
  std::vector<Trailer> quoted;   // quoted ("> Reviewed-by: ..."), any depth
  std::vector<Trailer> foreign;  // unquoted but naming someone else
};
ReplyTrailers reply_trailers(std::string_view body, std::string_view sender);

// message with trailers appended to its trailer block (or, when it has none, after a blank
// line), one per line, as `git interpret-trailers --trailer ...` with its defaults writes them.
// A trailer equal to the one before it is skipped (git's addIfDifferentNeighbor).
std::string add_trailers(std::string_view message, const std::vector<Trailer>& trailers);

}  // namespace patchflow::patch
