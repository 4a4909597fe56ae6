#include "patchflow/core/address.hpp"

#include <algorithm>
#include <cctype>

#include "patchflow/core/rfc2047.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::address {
namespace {

bool is_atext(char c) {
  if (text::is_alnum(c)) {
    return true;
  }
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// dot-atom: atext runs separated by single dots, none leading or trailing.
bool is_dot_atom(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '.') {
      if (text[i + 1] == '.') {
        return false;
      }
    } else if (!is_atext(text[i])) {
      return false;
    }
  }
  return true;
}

// A host name: letters, digits and hyphens in dot-separated labels, or a [literal].
bool is_domain(std::string_view domain) {
  if (domain.size() > 2 && domain.front() == '[' && domain.back() == ']') {
    for (const char c : domain.substr(1, domain.size() - 2)) {
      if (c == '[' || c == ']' || c == '\\' || c <= 32 || c >= 127) {
        return false;
      }
    }
    return true;
  }
  if (domain.empty() || domain.size() > 255) {
    return false;
  }
  for (const std::string& label : text::split(domain, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (const char c : label) {
      if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-') {
        return false;
      }
    }
  }
  return true;
}

bool is_quoted_string(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') {
    return false;
  }
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      if (i + 1 >= text.size()) {
        return false;
      }
    } else if (text[i] == '"' || text[i] == '\r' || text[i] == '\n') {
      return false;
    }
  }
  return true;
}

// Removes (comments), which may nest; nullopt when they do not balance.
std::optional<std::string> strip_comments(std::string_view text) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      if (depth == 0) {
        out += c;
        out += text[i + 1];
      }
      ++i;
      continue;
    }
    if (quoted) {
      quoted = c != '"';
      out += c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) {
        return std::nullopt;
      }
    } else if (depth == 0) {
      quoted = c == '"';
      out += c;
    }
  }
  if (depth != 0 || quoted) {
    return std::nullopt;
  }
  return out;
}

// A display name: words that are atoms (dots allowed, as obs-phrase has it) or quoted strings.
bool is_phrase(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '"') {
      std::size_t end = i + 1;
      while (end < text.size() && text[end] != '"') {
        end += text[end] == '\\' ? 2 : 1;
      }
      if (end >= text.size() || !is_quoted_string(text.substr(i, end - i + 1))) {
        return false;
      }
      i = end + 1;
    } else if (is_atext(c) || c == '.' || static_cast<unsigned char>(c) >= 128) {
      ++i;  // non-ASCII is judged by the header check, which wants encoded words
    } else {
      return false;
    }
  }
  return true;
}

// Splits at commas outside quotes, comments and angle brackets.
std::vector<std::string_view> split_addresses(std::string_view text) {
  std::vector<std::string_view> parts;
  int depth = 0;
  bool quoted = false, angle = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\') {
      ++i;
    } else if (quoted) {
      quoted = c != '"';
    } else if (c == '"' && depth == 0) {
      quoted = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (depth == 0 && c == '<') {
      angle = true;
    } else if (depth == 0 && c == '>') {
      angle = false;
    } else if (depth == 0 && !angle && c == ',') {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(text.substr(start));
  return parts;
}

std::string parse_one(std::string_view text, Address& out) {
  const std::optional<std::string> stripped = strip_comments(text);
  if (!stripped) {
    return "unbalanced quotes or parentheses in '" + std::string(text) + "'";
  }
  const std::string_view bare = text::trim(*stripped);
  const auto open = bare.rfind('<');
  if (open == std::string_view::npos) {
    if (bare.find('>') != std::string_view::npos) {
      return "'>' without '<' in '" + std::string(text) + "'";
    }
    out.addr_spec = std::string(bare);
  } else {
    const auto close = bare.find('>', open);
    if (close == std::string_view::npos || close + 1 != bare.size()) {
      return "'<' without a closing '>' at the end in '" + std::string(text) + "'";
    }
    const std::string_view name = text::trim(bare.substr(0, open));
    if (!is_phrase(name)) {
      return "malformed display name in '" + std::string(text) + "'; quote it";
    }
    out.display_name = std::string(name);
    out.addr_spec = std::string(text::trim(bare.substr(open + 1, close - open - 1)));
  }
  const std::string problem = addr_spec_problem(out.addr_spec);
  return problem.empty() ? problem : problem + " in '" + std::string(text::trim(text)) + "'";
}

// git's is_rfc2047_quoted: a display name already in double quotes (ASCII) or one encoded
// word, at most 75 octets, is left as it is.
bool is_encoded_or_quoted(std::string_view name) {
  if (name.size() > 75 || name.size() < 2) {
    return false;
  }
  const auto ascii = [](char c) { return static_cast<unsigned char>(c) < 128; };
  if (name.front() == '"' && name.back() == '"') {
    return std::all_of(name.begin(), name.end(), ascii);
  }
  if (name.substr(0, 2) != "=?" || name.substr(name.size() - 2) != "?=") {
    return false;
  }
  const std::string_view inner = name.substr(2, name.size() - 4);  // charset?e?text
  const auto q1 = inner.find('?');
  if (q1 == std::string_view::npos || q1 == 0 || q1 + 2 >= inner.size() || inner[q1 + 2] != '?' ||
      std::string_view("bBqQ").find(inner[q1 + 1]) == std::string_view::npos) {
    return false;
  }
  for (const char c : inner.substr(0, q1)) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 32 || u >= 127 ||
        std::string_view("[]()<>@,;:\\\"/?.=").find(c) != std::string_view::npos) {
      return false;
    }
  }
  const std::string_view encoded = inner.substr(q1 + 3);
  return !encoded.empty() && encoded.find('?') == std::string_view::npos;
}

}  // namespace

std::string addr_spec_problem(std::string_view addr_spec) {
  if (addr_spec.empty()) {
    return "empty address";
  }
  const auto at = addr_spec.rfind('@');
  if (at == std::string_view::npos) {
    return "address '" + std::string(addr_spec) + "' has no '@domain'";
  }
  const std::string_view local = addr_spec.substr(0, at), domain = addr_spec.substr(at + 1);
  if (!is_dot_atom(local) && !is_quoted_string(local)) {
    return "malformed local part '" + std::string(local) + "'";
  }
  if (!is_domain(domain)) {
    return "malformed domain '" + std::string(domain) + "'";
  }
  return {};
}

AddressList parse_address_list(std::string_view text) {
  AddressList list;
  for (const std::string_view part : split_addresses(text)) {
    if (text::trim(part).empty()) {
      if (list.problem.empty()) {
        list.problem = "empty address in '" + std::string(text::trim(text)) + "'";
      }
      continue;
    }
    Address address;
    std::string problem = parse_one(part, address);
    if (problem.empty()) {
      list.addresses.push_back(std::move(address));
    } else if (list.problem.empty()) {
      list.problem = std::move(problem);
    }
  }
  return list;
}

std::string sanitize_address(std::string_view text) {
  text = text::trim(text);
  if (const auto close = text.rfind('>'); close != std::string_view::npos) {
    text = text.substr(0, close + 1);  // git drops whatever follows the address
  }
  const auto open = text.find('<');
  if (open == std::string_view::npos || text::trim(text.substr(0, open)).empty()) {
    return std::string(text);
  }
  std::string name(text::trim(text.substr(0, open)));
  const std::string_view addr = text.substr(open);
  if (is_encoded_or_quoted(name)) {
    return std::string(text);
  }
  std::string unquoted;  // quotes not escaped by a backslash go
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '"' && (i == 0 || name[i - 1] != '\\')) {
      continue;
    }
    unquoted += name[i];
  }
  name = unquoted;
  if (std::any_of(name.begin(), name.end(), text::is_non_ascii)) {
    name = rfc2047::encode_phrase(name);
  } else if (name.find_first_of(std::string_view("[]()<>@,;:\\\".", 14)) != std::string::npos ||
             std::any_of(name.begin(), name.end(),
                         [](char c) { return static_cast<unsigned char>(c) < 32 || c == 127; })) {
    std::string quoted = "\"";
    for (const char c : name) {
      if (c == '\\' || c == '\r') {
        quoted += '\\';
      }
      quoted += c;
    }
    name = quoted + "\"";
  }
  return name + " " + std::string(addr);
}

std::string Person::format() const { return name.empty() ? email : name + " <" + email + ">"; }

Person parse_person(std::string_view raw) {
  const std::string decoded = rfc2047::decode(text::trim(raw));
  std::string_view s = decoded;
  Person person;
  const auto lt = s.rfind('<');
  const auto gt = s.rfind('>');
  if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt) {
    person.email = std::string(text::trim(s.substr(lt + 1, gt - lt - 1)));
    std::string_view name = text::trim(s.substr(0, lt));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    std::string unescaped;
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (name[i] == '\\' && i + 1 < name.size()) {
        ++i;
      }
      unescaped += name[i];
    }
    person.name = unescaped;
    return person;
  }
  const auto paren = s.find('(');
  if (paren != std::string_view::npos && s.back() == ')') {
    person.email = std::string(text::trim(s.substr(0, paren)));
    person.name = std::string(text::trim(s.substr(paren + 1, s.size() - paren - 2)));
    return person;
  }
  person.email = std::string(s);
  return person;
}

std::string mailbox_key(std::string_view text) {
  const auto open = text.rfind('<');
  const auto close = text.rfind('>');
  const std::string_view mailbox =
      open != std::string_view::npos && close != std::string_view::npos && close > open
          ? text.substr(open + 1, close - open - 1)
          : text;
  return text::to_lower(text::trim(mailbox));
}

}  // namespace patchflow::address
