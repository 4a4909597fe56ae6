#pragma once
// RFC 5322 addresses as patch mail uses them: "Name <local@domain>", "\"Last, First\" <a@b>",
// "a@b (Name)", "a@b". The one place that takes an address apart: strict parsing of what is
// mailed (typos caught before a server bounces them), the lenient reading of who wrote a patch
// or a trailer, and the key that says two spellings are one mailbox. (maintainers/ keeps
// get_maintainer.pl's own regular expression, whose leniency its output depends on.)
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace patchflow::address {

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

// "Name <addr>" ready for a header, as git send-email's sanitize_address makes it: text after
// the '>' dropped; a name already quoted or encoded kept; else unescaped quotes removed and a
// non-ASCII name made one RFC 2047 Q-encoded word (=?UTF-8?q?J=C3=BCrgen=20Gro=C3=9F?=), a
// name with specials put in double quotes. A bare address is returned as it is.
std::string sanitize_address(std::string_view text);

// A person as a patch names them, leniently: "Name <email>", "\"Last, First\" <email>",
// "email (Name)" or "email"; encoded words decoded, quotes and backslash escapes removed.
struct Person {
  std::string name;
  std::string email;
  std::string format() const;  // "Name <email>" or "email"
};
Person parse_person(std::string_view text);

// The mailbox that identifies someone however the name is written: the address inside <...>
// (or the whole text when there are none), trimmed and lower case.
std::string mailbox_key(std::string_view text);

}  // namespace patchflow::address
