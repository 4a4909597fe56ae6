#pragma once
// RFC 2047 encoded words (=?UTF-8?q?...?=) in mail headers, both ways. Each encoder reproduces
// one of git's, because the bytes of a header are compared with git's output:
//   append_folded  git format-patch (pretty.c add_rfc2047): Subject and From of a patch file;
//   encode_phrase  git send-email (quote_rfc2047): a display name as one word;
//   encode_words   a header value split into words of at most 75 octets (RFC 2047 section 2).
#include <string>
#include <string_view>
#include <vector>

namespace patchflow::rfc2047 {

// Encoded words decoded (q and b encodings; whitespace between adjacent words dropped, RFC 2047
// 6.2); other text unchanged.
std::string decode(std::string_view text);
// A quoted-printable body (or, with underscore_is_space, a q-encoded word's text).
std::string decode_quoted_printable(std::string_view text, bool underscore_is_space);
std::string decode_base64(std::string_view text);

// What git format-patch encodes: text with a non-ASCII byte, a newline, or "=?".
bool needs_encoding(std::string_view text);

// Which ASCII characters get =XX: in a subject, controls, space, '=', '?', '_'; in an address's
// display name (a phrase), everything but letters, digits and "!*+-/".
enum class Context { subject, phrase };

// Appends text to out as format-patch writes it: q-encoded, folded before column 76 counting
// from the start of out's last line.
void append_folded(std::string& out, std::string_view text, Context context);

// One q-encoded word for a display name, as git send-email's quote_rfc2047 makes it.
std::string encode_phrase(std::string_view utf8);

// UTF-8 text as q-encoded words of at most 75 octets each, split between characters (space as
// '_'), to be written separated by folding whitespace.
std::vector<std::string> encode_words(std::string_view utf8);

}  // namespace patchflow::rfc2047
