#pragma once
// RFC 5322 addresses as patch mail uses them: "Name <local@domain>", "\"Last, First\" <a@b>",
// "a@b (Name)", "a@b". Strict enough to catch typos before a server bounces them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace patchflow::mail {

struct Address {
  std::string display_name;  // as written (quotes and encoded words kept), may be empty
  std::string addr_spec;     // "local@domain", what goes into MAIL FROM / RCPT TO
};

struct AddressList {
  std::vector<Address> addresses;
  std::string problem;  // empty when every address is well-formed, else what is wrong first
};

// Parses a header value (or an option) holding comma-separated addresses. Never throws.
AddressList parse_address_list(std::string_view text);

// Empty when addr_spec is a well-formed local@domain, else what is wrong with it.
std::string addr_spec_problem(std::string_view addr_spec);

// text ready for a header: a display name with non-ASCII bytes becomes an RFC 2047 encoded
// word (=?UTF-8?q?...?=), so options like --cc "Jürgen <j@x>" keep the header ASCII.
std::string encode_address_for_header(std::string_view text);

// UTF-8 text as RFC 2047 Q-encoded words of at most 75 octets each, split between characters,
// to be written separated by folding whitespace.
std::vector<std::string> encode_words(std::string_view utf8);

}  // namespace patchflow::mail
