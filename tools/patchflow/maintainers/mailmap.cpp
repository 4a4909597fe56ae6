#include "patchflow/maintainers/mailmap.hpp"

#include "patchflow/core/text.hpp"
#include "patchflow/maintainers/lookup.hpp"

namespace patchflow::maintainers {

namespace {

std::string formatted(const std::string& name, const std::string& address) {
  return Recipient{name, address, {}}.address();
}

std::string trimmed(std::string_view s) { return std::string(text::trim(s)); }

}  // namespace

std::pair<std::string, std::string> Mailmap::map(const std::string& name,
                                                 const std::string& address) const {
  std::string real_name = name, real_address = address;
  const std::string email = formatted(name, address);
  if (names.count(email) || addresses.count(email)) {
    if (const auto it = names.find(email); it != names.end()) real_name = it->second;
    if (const auto it = addresses.find(email); it != addresses.end()) real_address = it->second;
  } else {
    if (const auto it = names.find(address); it != names.end()) real_name = it->second;
    if (const auto it = addresses.find(address); it != addresses.end()) real_address = it->second;
  }
  return parse_email(formatted(real_name, real_address));
}

Mailmap parse_mailmap(std::string_view content) {
  Mailmap mailmap;
  for (std::string_view raw : text::split_lines(content)) {
    const std::size_t hash = raw.find('#');
    std::string line = trimmed(hash == std::string_view::npos ? raw : raw.substr(0, hash));
    if (line.empty() || line.back() != '>') {
      continue;
    }
    // Split into the "<...>" groups and the text before each.
    const std::size_t first_open = line.find('<');
    const std::size_t first_close = line.find('>', first_open);
    if (first_open == std::string::npos || first_close == std::string::npos) {
      continue;
    }
    const std::string lead = trimmed(line.substr(0, first_open));
    const std::string first = line.substr(first_open + 1, first_close - first_open - 1);
    const std::string rest = trimmed(line.substr(first_close + 1));
    if (rest.empty()) {  // Proper Name <commit@email>
      if (lead.empty()) continue;
      const auto [name, address] = parse_email(lead + " <" + first + ">");
      mailmap.names[address] = name;
      continue;
    }
    const std::size_t open = rest.rfind('<');
    if (open == std::string::npos) {
      continue;
    }
    const std::string wrong_lead = trimmed(rest.substr(0, open));
    const std::string wrong_address = rest.substr(open + 1, rest.size() - open - 2);
    if (lead.empty() && wrong_lead.empty()) {  // <proper@email> <commit@email>
      mailmap.addresses[wrong_address] = first;
    } else if (wrong_lead.empty()) {  // Proper Name <proper@email> <commit@email>
      const auto [name, address] = parse_email(lead + " <" + first + ">");
      mailmap.names[wrong_address] = name;
      mailmap.addresses[wrong_address] = address;
    } else {  // Proper Name <proper@email> Commit Name <commit@email>
      const auto [name, address] = parse_email(lead + " <" + first + ">");
      const auto [commit_name, commit_address] =
          parse_email(wrong_lead + " <" + wrong_address + ">");
      const std::string key = formatted(commit_name, commit_address);
      mailmap.names[key] = name;
      mailmap.addresses[key] = address;
    }
  }
  return mailmap;
}

}  // namespace patchflow::maintainers
