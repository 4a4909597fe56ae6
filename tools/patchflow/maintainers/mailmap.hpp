#pragma once
// .mailmap as get_maintainer.pl applies it (its own reading of git-shortlog's four forms).
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace patchflow::maintainers {

struct Mailmap {
  // Keyed by the commit address, or by the formatted "Commit Name <address>" of the 4th form.
  std::map<std::string, std::string> names;
  std::map<std::string, std::string> addresses;

  // get_maintainer.pl's mailmap_email: the proper (name, address) for one person.
  std::pair<std::string, std::string> map(const std::string& name,
                                          const std::string& address) const;
};

Mailmap parse_mailmap(std::string_view content);

}  // namespace patchflow::maintainers
