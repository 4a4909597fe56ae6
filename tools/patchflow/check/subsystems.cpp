#include "patchflow/check/subsystems.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "patchflow/maintainers/lookup.hpp"
#include "patchflow/maintainers/owners.hpp"

namespace patchflow::check {

std::vector<std::string> distinct_subsystems(const maintainers::Database& database,
                                             const std::vector<std::string>& files,
                                             const std::vector<int>& changed_lines,
                                             int glue_lines) {
  const auto& sections = database.sections();
  // Per file, the sections at its highest specific depth, and the lines each section gets.
  maintainers::Owners found = maintainers::specific_owners(
      database, files, changed_lines, maintainers::default_options(database.rules()));
  std::vector<std::vector<int>>& owners = found.per_file;
  std::map<int, int> section_lines;
  for (const auto& [section, weight] : found.sections) {
    section_lines[section] = weight.lines;
  }
  // A subsystem that only gets a few glue lines (a hook, a table entry, a prototype) next to a
  // real change elsewhere is part of that change, not a second one.
  auto is_glue = [&](const std::vector<int>& set) {
    return glue_lines > 0 && std::all_of(set.begin(), set.end(), [&](int section) {
             return section_lines[section] <= glue_lines;
           });
  };
  // The subsystem with the most changed lines always counts (a small change is still a change).
  int main_section = -1;
  for (const auto& [section, lines] : section_lines) {
    if (main_section < 0 || lines > section_lines[main_section]) {
      main_section = section;
    }
  }
  owners.erase(std::remove_if(owners.begin(), owners.end(),
                              [&](const std::vector<int>& set) {
                                return is_glue(set) &&
                                       std::find(set.begin(), set.end(), main_section) == set.end();
                              }),
               owners.end());
  // One subsystem when a section owns every file; else name each file's first owner once.
  if (owners.empty()) {
    return {};
  }
  for (const int candidate : owners.front()) {
    const bool owns_all = std::all_of(owners.begin(), owners.end(), [&](const auto& set) {
      return std::find(set.begin(), set.end(), candidate) != set.end();
    });
    if (owns_all) {
      return {std::string(database.section_name(sections[static_cast<std::size_t>(candidate)]))};
    }
  }
  std::vector<std::string> names;
  for (const auto& set : owners) {
    std::string name(database.section_name(sections[static_cast<std::size_t>(set.front())]));
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(std::move(name));
    }
  }
  return names;
}

bool all_have_subsystem(const maintainers::Database& database,
                        const std::vector<std::string>& files) {
  const maintainers::Options options = maintainers::default_options(database.rules());
  return std::all_of(files.begin(), files.end(), [&](const std::string& file) {
    const auto matches = maintainers::match_file(database, file, options);
    return std::any_of(matches.begin(), matches.end(), [&](const maintainers::SectionMatch& m) {
      return !maintainers::is_catch_all(database,
                                        database.sections()[static_cast<std::size_t>(m.section)]);
    });
  });
}

}  // namespace patchflow::check
