#include "patchflow/maintainers/owners.hpp"

#include <algorithm>

namespace patchflow::maintainers {

bool is_catch_all(const Database& database, const Section& section) {
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

Owners specific_owners(const Database& database, const std::vector<std::string>& files,
                       const std::vector<int>& changed_lines, const Options& options) {
  const auto& sections = database.sections();
  Owners owners;
  for (std::size_t f = 0; f < files.size(); ++f) {
    const int lines = f < changed_lines.size() ? changed_lines[f] : 0;
    owners.total_lines += lines;
    // How specifically each section names the file: its deepest matching pattern.
    std::vector<SectionMatch> matches = match_file(database, files[f], options);
    std::erase_if(matches, [&](const SectionMatch& match) {
      return is_catch_all(database, sections[static_cast<std::size_t>(match.section)]);
    });
    std::stable_sort(matches.begin(), matches.end(),
                     [](const SectionMatch& a, const SectionMatch& b) {
                       return a.deepest > b.deepest;
                     });
    std::vector<int> top;
    const int top_depth = matches.empty() ? -1 : matches.front().deepest;
    for (const SectionMatch& match : matches) {
      if (match.deepest == top_depth) {
        top.push_back(match.section);
      }
    }
    if (top.empty()) {
      continue;
    }
    for (const int section : top) {
      Owners::Weight& weight = owners.sections[section];
      weight.lines += lines;
      weight.depth = std::max(weight.depth, top_depth);
    }
    owners.per_file.push_back(std::move(top));
  }
  return owners;
}

std::optional<MainOwner> main_owner(const Database& database, const Owners& owners) {
  if (owners.sections.empty()) {
    return std::nullopt;
  }
  const auto& sections = database.sections();
  const auto name = [&](int section) {
    return database.section_name(sections[static_cast<std::size_t>(section)]);
  };
  std::vector<std::pair<int, Owners::Weight>> ranked(owners.sections.begin(),
                                                     owners.sections.end());
  std::sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
    if (a.second.lines != b.second.lines) {
      return a.second.lines > b.second.lines;
    }
    if (a.second.depth != b.second.depth) {
      return a.second.depth > b.second.depth;
    }
    if (name(a.first) != name(b.first)) {
      return name(a.first) < name(b.first);
    }
    return a.first < b.first;
  });
  const auto& [best, weight] = ranked.front();
  MainOwner out{.section = best,
                .reason = std::to_string(weight.lines) + " of " +
                          std::to_string(owners.total_lines) + " changed lines"};
  if (ranked.size() > 1) {
    const auto& [next, next_weight] = ranked[1];
    out.reason += " (next: " + std::string(name(next)) + ", " + std::to_string(next_weight.lines);
    if (next_weight.lines == weight.lines) {
      out.reason += next_weight.depth == weight.depth
                        ? "; tie on lines and pattern depth " + std::to_string(weight.depth) +
                              ": first by name"
                        : "; tie on lines: pattern depth " + std::to_string(weight.depth) +
                              " over " + std::to_string(next_weight.depth);
    }
    out.reason += ")";
  }
  return out;
}

}  // namespace patchflow::maintainers
