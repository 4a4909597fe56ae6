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

// The review trailers a reply gives in its own words: unquoted "<Something>-by: Name <email>"
// lines other than Signed-off-by (a sign-off is passed on by whoever handles the patch, not
// given in a reply). Lines quoted with '>' are someone else's and never count.
std::vector<Trailer> reply_trailers(std::string_view body);

// message with trailers appended to its trailer block (or, when it has none, after a blank
// line), one per line, as `git interpret-trailers --trailer ...` with its defaults writes them.
// A trailer equal to the one before it is skipped (git's addIfDifferentNeighbor).
std::string add_trailers(std::string_view message, const std::vector<Trailer>& trailers);

}  // namespace patchflow::patch
