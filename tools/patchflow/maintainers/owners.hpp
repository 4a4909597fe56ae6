#pragma once
// Which specific MAINTAINERS sections own the files of a change, weighted by the lines it
// changes in each: what route's "via" and check's MULTIPLE_SUBSYSTEMS decide on.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/maintainers/database.hpp"
#include "patchflow/maintainers/lookup.hpp"

namespace patchflow::maintainers {

// A section that claims every file ("THE REST", or one with a bare "F: *" / "F: */"): it says
// nothing about which subsystem a file belongs to.
bool is_catch_all(const Database& database, const Section& section);

struct Owners {
  // Per file that has any: the specific sections naming it most specifically (highest
  // SectionMatch::deepest; ties all count), in get_maintainer's match order. Files only a catch-all owns have no entry.
  std::vector<std::vector<int>> per_file;
  struct Weight {
    int lines = 0;   // changed lines of the files it owns
    int depth = -1;  // its deepest deciding pattern among them
  };
  std::map<int, Weight> sections;  // by index into Database::sections()
  int total_lines = 0;             // changed lines of all files
};

// changed_lines[i] belongs to files[i] (missing entries count 0).
Owners specific_owners(const Database& database, const std::vector<std::string>& files,
                       const std::vector<int>& changed_lines, const Options& options);

// The section a change goes through: the one covering most changed lines; ties go to the deeper
// pattern, then to the name that sorts first. reason says so in words.
struct MainOwner {
  int section = 0;
  std::string reason;  // "30 of 36 changed lines (next: TARGET_BCMNS3, 1)"
};
std::optional<MainOwner> main_owner(const Database& database, const Owners& owners);

}  // namespace patchflow::maintainers
