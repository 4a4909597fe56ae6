#include "patchflow/check/subsystems.hpp"

#include <algorithm>
#include <string_view>

#include "patchflow/maintainers/lookup.hpp"

namespace patchflow::check {

bool is_catch_all(const maintainers::Database& database, const maintainers::Section& section) {
  if (database.section_name(section) == "THE REST") {
    return true;
  }
  const auto& lines = database.lines();
  for (int i = section.first; i < section.end; ++i) {
    const auto& line = lines[static_cast<std::size_t>(i)];
    if (line.tag == 'F' && (line.text == "*" || line.text == "*/")) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> distinct_subsystems(const maintainers::Database& database,
                                             const std::vector<std::string>& files) {
  const maintainers::Options options;
  const auto& sections = database.sections();
  // Per file, the sections at its highest specific depth.
  std::vector<std::vector<int>> owners;
  for (const auto& file : files) {
    std::vector<int> top;
    int top_depth = -1;
    for (const auto& match : maintainers::match_file(database, file, options)) {
      if (is_catch_all(database, sections[static_cast<std::size_t>(match.section)])) {
        continue;
      }
      if (top_depth < 0) {
        top_depth = match.depth;
      }
      if (match.depth == top_depth) {
        top.push_back(match.section);
      }
    }
    if (!top.empty()) {
      owners.push_back(std::move(top));
    }
  }
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

}  // namespace patchflow::check
