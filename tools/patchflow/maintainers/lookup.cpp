#include "patchflow/maintainers/lookup.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "patchflow/core/aggregate.hpp"
#include "patchflow/core/description.hpp"
#include "patchflow/core/error.hpp"
#include "patchflow/core/regex.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::maintainers {

namespace {

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && text::is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && text::is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::string lower(std::string_view s) { return text::to_lower(s); }

// Reads a run of non-space characters at position; empty when there is none.
std::string_view non_space_run(std::string_view s, std::size_t position) {
  std::size_t end = position;
  while (end < s.size() && !text::is_space(s[end])) {
    ++end;
  }
  return s.substr(position, end - position);
}

bool only_space_from(std::string_view s, std::size_t position) {
  for (std::size_t i = position; i < s.size(); ++i) {
    if (!text::is_space(s[i])) {
      return false;
    }
  }
  return true;
}

// Perl's /\s+(\S+)/ after a fixed prefix: the first path-like word, needs at least one blank.
std::string_view word_after_blanks(std::string_view line, std::size_t position) {
  std::size_t p = position;
  while (p < line.size() && text::is_space(line[p])) {
    ++p;
  }
  if (p == position) {
    return {};
  }
  return non_space_run(line, p);
}

// get_maintainer.pl's escape_name: quote a name holding anything but [A-Za-z0-9_ -].
std::string escape_name(std::string_view name) {
  const bool needs_quotes = std::any_of(name.begin(), name.end(), [](char c) {
    return !(std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 128) &&
           c != '_' && c != ' ' && c != '-';
  });
  if (!needs_quotes) {
    return std::string(name);
  }
  std::string out = "\"";
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '"' && (i == 0 || name[i - 1] != '\\')) {
      out += '\\';
    }
    out += name[i];
  }
  out += '"';
  return out;
}

std::string clean_name(std::string_view name) {
  name = trim_spaces(name);
  if (!name.empty() && name.front() == '"') {
    name.remove_prefix(1);
  }
  if (!name.empty() && name.back() == '"') {
    name.remove_suffix(1);
  }
  return std::string(name);
}

struct Pushed {
  std::string name;
  std::string email;
  std::string role;
};

class Collector {
 public:
  Collector(const Database& database, const Options& options)
      : m_database(database), m_options(options) {}

  void add_categories(const Section& section, const std::string& suffix) {
    const std::string name = subsystem_name(section);
    const std::string title(m_database.section_name(section));
    if (std::find(m_sections.begin(), m_sections.end(), title) == m_sections.end()) {
      m_sections.push_back(title);
    }
    m_extras[2].push_back(title);
    // Xen's reviewers carry no section name: its THE REST rule tells them apart by that.
    const std::string reviewer = m_options.rules == Rules::xen ? "reviewer" : "reviewer:" + name;
    for (int i = section.first; i < section.end; ++i) {
      const Line& line = m_database.lines()[static_cast<std::size_t>(i)];
      if (line.tag == 'L') {
        add_list(line.text, name, suffix);
      } else if (line.tag == 'M' && m_options.maintainers) {
        push_email(line.text, maintainer_role(section) + ":" + name + suffix);
      } else if (line.tag == 'R' && m_options.reviewers) {
        push_email(line.text, reviewer + suffix);
      } else if (line.tag == 'T') {
        m_extras[0].emplace_back(line.text);
      } else if (line.tag == 'S') {
        m_extras[1].emplace_back(line.text);
      } else if (line.tag == 'W') {
        m_extras[3].emplace_back(line.text);
      }
    }
  }

  // The role Xen's script gives a section's M: entries ("supporter:THE REST").
  std::string section_role(const Section& section) const {
    return maintainer_role(section) + ":" + subsystem_name(section);
  }

  // Xen's drop_the_rest_supporter: when no file is maintained by THE REST alone, THE REST's
  // supporters go as soon as someone other than a reviewer is listed for another section.
  void drop_the_rest_supporters() {
    if (m_email_to.size() < 2) {
      return;
    }
    const bool other = std::any_of(m_email_to.begin(), m_email_to.end(), [](const Pushed& p) {
      return p.role != k_the_rest_role && p.role != "reviewer";
    });
    if (other) {
      m_email_to.erase(std::remove_if(m_email_to.begin(), m_email_to.end(),
                                      [](const Pushed& p) { return p.role == k_the_rest_role; }),
                       m_email_to.end());
    }
  }

  // get_maintainer.pl's deduplicate_email over both lists: a later name or address seen
  // before takes the first spelling, so merge_email drops it.
  void deduplicate() {
    std::unordered_map<std::string, std::pair<std::string, std::string>> by_name, by_address;
    auto mailmap = [&](std::string& name, std::string& address) {
      if (m_options.mailmap) {
        std::tie(name, address) = m_options.mailmap->map(name, address);
      }
    };
    auto apply = [&](Pushed& entry) {
      std::string name = entry.name, address = entry.email;
      mailmap(name, address);
      if (!name.empty() && by_name.count(lower(name))) {
        std::tie(name, address) = by_name[lower(name)];
      } else if (by_address.count(lower(address))) {
        std::tie(name, address) = by_address[lower(address)];
      } else {
        by_name[lower(name)] = {name, address};
        by_address[lower(address)] = {name, address};
      }
      mailmap(name, address);
      entry.name = name;
      entry.email = address;
    };
    for (auto* list : {&m_email_to, &m_list_to}) {
      for (Pushed& entry : *list) {
        if (m_options.remove_duplicates) {
          apply(entry);
        } else {
          mailmap(entry.name, entry.email);  // Xen's default: spellings kept apart
        }
      }
    }
  }

  void add_fix_signers(const std::vector<std::string>& signers, const FixesPolicy& policy) {
    // vcs_assign with one commit: count each signer, most frequent first, capped.
    std::map<std::string, int> counts;
    std::vector<std::string> order;
    for (const std::string& signer : signers) {
      auto [name, address] = parse_email(signer);
      if (m_options.mailmap) {
        std::tie(name, address) = m_options.mailmap->map(name, address);
      }
      const std::string key = Recipient{name, address, {}}.address();
      if (counts[key]++ == 0) {
        order.push_back(key);
      }
    }
    std::sort(order.begin(), order.end());  // Perl sorts the lines before counting them
    std::stable_sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
      return counts[a] > counts[b];
    });
    int taken = 0;
    for (const std::string& key : order) {
      const int count = counts[key];
      const int percent = std::min(100, count * 100);
      ++taken;
      if (taken > policy.max_maintainers || percent < policy.min_percent) {
        break;
      }
      const auto [name, address] = parse_email(key);
      push_email(key, "");
      add_role(name, address,
               "blamed_fixes:" + std::to_string(count) + "/1=" + std::to_string(percent) + "%");
    }
  }

  void apply_penguin_chiefs() {
    const auto& from_tree = m_database.penguin_chiefs();
    for (const std::string& chief : from_tree ? *from_tree : m_options.penguin_chiefs) {
      const std::size_t colon = chief.rfind(':');
      if (colon == std::string::npos) {
        continue;
      }
      const Recipient person{clean_name(chief.substr(0, colon)), chief.substr(colon + 1), {}};
      if (m_options.chief_penguins) {
        m_email_to.push_back({person.name, person.email, "chief penguin"});
      } else {
        const std::string formatted = person.address();
        m_email_to.erase(std::remove_if(m_email_to.begin(), m_email_to.end(),
                                        [&](const Pushed& p) {
                                          return Recipient{p.name, p.email, {}}.address().find(
                                                     formatted) != std::string::npos;
                                        }),
                         m_email_to.end());
      }
    }
  }

  Result finish(std::vector<std::string> files) {
    Result result;
    result.files = std::move(files);
    result.sections = m_sections;
    result.format =
        OutputFormat{m_options.roles, m_options.use_name,
                     m_options.multiline && m_options.separator == ", ", m_options.separator};
    const bool wanted[4] = {m_options.scm, m_options.status, m_options.subsystem, m_options.web};
    for (std::size_t i = 0; i < 4; ++i) {
      if (wanted[i]) {
        std::vector<std::string> unique;
        for (const std::string& value : m_extras[i]) {
          if (std::find(unique.begin(), unique.end(), value) == unique.end()) {
            unique.push_back(value);
          }
        }
        result.extras.push_back(std::move(unique));
      }
    }
    std::unordered_set<std::string> seen;
    for (const auto* list : {&m_email_to, &m_list_to}) {
      if (list == &m_email_to && !m_options.email) {
        continue;
      }
      for (const Pushed& entry : *list) {
        Recipient recipient{entry.name, entry.email, entry.role};
        if (seen.insert(m_options.use_name ? recipient.address() : recipient.email).second) {
          result.recipients.push_back(std::move(recipient));
        }
      }
    }
    return result;
  }

  static constexpr std::string_view k_the_rest_role = "supporter:THE REST";

 private:
  std::string subsystem_name(const Section& section) const {
    std::string name(m_database.section_name(section));
    if (m_options.section_max_length > 0 && name.size() > m_options.section_max_length) {
      name.resize(m_options.section_max_length - 3);
      while (!name.empty() && text::is_space(name.back())) {
        name.pop_back();
      }
      name += "...";
    }
    return name;
  }

  std::string maintainer_role(const Section& section) const {
    std::string status = "unknown";
    for (int i = section.first; i < section.end; ++i) {
      const Line& line = m_database.lines()[static_cast<std::size_t>(i)];
      if (line.tag == 'S') {
        status = std::string(line.text);
      }
    }
    status = lower(status);
    static const std::map<std::string, std::string> k_roles = {
        {"supported", "supporter"},      {"maintained", "maintainer"},
        {"odd fixes", "odd fixer"},      {"orphan", "orphan minder"},
        {"obsolete", "obsolete minder"}, {"buried alive in reporters", "chief penguin"}};
    const auto it = k_roles.find(status);
    return it == k_roles.end() ? status : it->second;
  }

  void add_list(std::string_view raw, const std::string& name, const std::string& suffix) {
    // Xen's script takes the address out of the value first, so what follows it ("(moderated
    // for non-subscribers)") never reaches the list kind: every Xen list is an open list.
    const std::string parsed =
        m_options.rules == Rules::xen ? parse_email(raw).second : std::string();
    const std::string_view value = m_options.rules == Rules::xen ? std::string_view(parsed) : raw;
    std::string_view address = value;
    std::string_view additional;
    // m/([^\s]+)\s+(.*)$/: the first word, then whatever follows the blanks after it.
    std::size_t start = 0;
    while (start < value.size() && text::is_space(value[start])) {
      ++start;
    }
    const std::string_view word = non_space_run(value, start);
    const std::size_t after = start + word.size();
    if (!word.empty() && after < value.size()) {
      std::size_t rest = after;
      while (rest < value.size() && text::is_space(value[rest])) {
        ++rest;
      }
      address = word;
      additional = value.substr(rest);
    }
    const std::string list_role = name == "THE REST" ? std::string() : ":" + name;
    const std::string key = lower(address);
    if (additional.find("subscribers-only") != std::string_view::npos) {
      if (m_options.subscriber_lists && m_list_hash.insert(key).second) {
        m_list_to.push_back({"", std::string(address), "subscriber list" + list_role + suffix});
      }
      return;
    }
    if (!m_options.lists || m_list_hash.count(key)) {
      return;
    }
    if (additional.find("moderated") != std::string_view::npos) {
      if (m_options.moderated_lists) {
        m_list_hash.insert(key);
        m_list_to.push_back({"", std::string(address), "moderated list" + list_role + suffix});
      }
      return;
    }
    m_list_hash.insert(key);
    m_list_to.push_back({"", std::string(address), "open list" + list_role + suffix});
  }

  // push_email_address: first spelling of a name or an address wins.
  void push_email(std::string_view value, const std::string& role) {
    auto [name, address] = parse_email(value);
    if (address.empty()) {
      return;  // get_maintainer.pl warns "Invalid MAINTAINERS address" and goes on
    }
    if (!m_options.remove_duplicates) {
      m_email_to.push_back({std::move(name), std::move(address), role});
      return;
    }
    const std::string name_key = lower(name), address_key = lower(address);
    if ((!name.empty() && m_names.count(name_key)) || m_addresses.count(address_key)) {
      return;
    }
    if (!name.empty()) {
      m_names.insert(name_key);
    }
    m_addresses.insert(address_key);
    m_email_to.push_back({std::move(name), std::move(address), role});
  }

  void add_role(const std::string& name, const std::string& address, const std::string& role) {
    for (Pushed& entry : m_email_to) {
      if ((entry.name == name || entry.email == address) &&
          entry.role.find(role) == std::string::npos) {
        entry.role = entry.role.empty() ? role : entry.role + "," + role;
      }
    }
  }

  const Database& m_database;
  const Options& m_options;
  std::vector<Pushed> m_email_to, m_list_to;
  std::unordered_set<std::string> m_names, m_addresses, m_list_hash;
  std::vector<std::string> m_sections;
  std::vector<std::string> m_extras[4];  // T:, S:, section titles, W:
};

}  // namespace

std::pair<std::string, std::string> parse_email(std::string_view text) {
  std::string name, address;
  const std::size_t open = text.find('<');
  bool found = false;
  // /^([^<]+)<(.+\@.*)>.*$/: the last '>' that leaves an '@' after the first character.
  if (open != std::string_view::npos && open > 0 && text.find('\n') == std::string_view::npos) {
    for (std::size_t close = text.size(); close-- > open + 1;) {
      if (text[close] != '>') {
        continue;
      }
      const std::string_view inside = text.substr(open + 1, close - open - 1);
      const std::size_t at = inside.find('@', 1);
      if (at != std::string_view::npos) {
        name = std::string(text.substr(0, open));
        address = std::string(inside);
        found = true;
        break;
      }
    }
  }
  if (!found) {
    std::size_t start = 0;
    while (start < text.size() && text::is_space(text[start])) {
      ++start;
    }
    // /^\s*<(.+\@\S*)>.*$/
    if (start < text.size() && text[start] == '<') {
      const std::string_view rest = text.substr(start + 1);
      for (std::size_t at = rest.size(); at-- > 1 && !found;) {
        if (rest[at] != '@') {
          continue;
        }
        std::size_t end = at + 1;
        while (end < rest.size() && !text::is_space(rest[end])) {
          ++end;
        }
        for (std::size_t close = end; close-- > at + 1 && !found;) {
          if (rest[close] == '>') {
            address = std::string(rest.substr(0, close));
            found = true;
          }
        }
      }
    }
  }
  if (!found) {
    // /^(.+\@\S*).*$/
    const std::size_t at = text.rfind('@');
    if (at != std::string_view::npos && at > 0) {
      std::size_t end = at + 1;
      while (end < text.size() && !text::is_space(text[end])) {
        ++end;
      }
      address = std::string(text.substr(0, end));
    }
  }
  return {clean_name(name), std::string(trim_spaces(address))};
}

std::optional<Rules> parse_rules(std::string_view name) {
  if (name == "linux") {
    return Rules::linux;
  }
  if (name == "xen") {
    return Rules::xen;
  }
  return std::nullopt;
}

std::string_view rules_name(Rules rules) { return rules == Rules::xen ? "xen" : "linux"; }

Rules rules_named(std::string_view name) {
  const auto rules = parse_rules(name);
  if (!rules) {
    throw_usage("unknown get_maintainer rules '" + std::string(name) + "' (linux or xen)");
  }
  return *rules;
}

Options default_options(Rules rules) {
  Options options;
  options.rules = rules;
  if (rules == Rules::xen) {
    options.roles = false;
    options.remove_duplicates = false;
    options.section_max_length = 20;
    options.penguin_chiefs = {"Linus Torvalds:torvalds@linux-foundation.org"};
  }
  return options;
}

// A new field fails the build here until describe names it: a kept route never ignores it.
static_assert(field_count<Options>() == 25,
              "Options changed: describe the new field, then count it");

void describe(const Options& options, Description& out) {
  out.add("rules", options.rules == Rules::xen ? "xen" : "linux")
      .add("pattern_depth", options.pattern_depth)
      .add("keywords", options.keywords)
      .add("maintainers", options.maintainers)
      .add("reviewers", options.reviewers)
      .add("lists", options.lists)
      .add("subscriber_lists", options.subscriber_lists)
      .add("moderated_lists", options.moderated_lists)
      .add("chief_penguins", options.chief_penguins)
      .add_all("penguin_chiefs", options.penguin_chiefs)
      .add("section_max_length", static_cast<long long>(options.section_max_length))
      .add("email", options.email)
      .add("remove_duplicates", options.remove_duplicates)
      .add("drop_the_rest", options.drop_the_rest)
      .add("roles", options.roles)
      .add("use_name", options.use_name)
      .add("scm", options.scm)
      .add("status", options.status)
      .add("subsystem", options.subsystem)
      .add("web", options.web)
      .add("multiline", options.multiline)
      .add("separator", options.separator)
      .add("sections", options.sections)
      .add("letters", options.letters);
  out.add("mailmap", options.mailmap != nullptr);
  if (options.mailmap != nullptr) {
    out.add("mailmap.names", static_cast<long long>(options.mailmap->names.size()));
    for (const auto& [from, to] : options.mailmap->names) {
      out.add("mailmap.name", from).add("mailmap.to", to);
    }
    out.add("mailmap.addresses", static_cast<long long>(options.mailmap->addresses.size()));
    for (const auto& [from, to] : options.mailmap->addresses) {
      out.add("mailmap.address", from).add("mailmap.to", to);
    }
  }
}

std::string Recipient::address() const {
  const std::string quoted = escape_name(name);
  return quoted.empty() ? email : quoted + " <" + email + ">";
}

std::string Recipient::line() const { return address() + " (" + role + ")"; }

void scan_patch(const Database& database, std::string_view patch, const Options& options,
                Scan& scan) {
  bool in_diff = false;  // get_maintainer's $patch_prefix: "" then "^[+-].*"
  std::size_t position = 0;
  while (position < patch.size()) {
    std::size_t end = patch.find('\n', position);
    end = end == std::string_view::npos ? patch.size() : end + 1;
    const std::string_view line = patch.substr(position, end - position);  // keeps its '\n'
    position = end;
    if (line.starts_with(" mode change ")) {
      // m/^ mode change [0-7]+ => [0-7]+ (\S+)\s*$/
      std::size_t p = 13;
      auto octal = [&] {
        const std::size_t from = p;
        while (p < line.size() && line[p] >= '0' && line[p] <= '7') {
          ++p;
        }
        return p > from;
      };
      if (octal() && line.substr(p, 4) == " => " && (p += 4, octal()) && p < line.size() &&
          line[p] == ' ') {
        const std::string_view name = non_space_run(line, p + 1);
        if (!name.empty() && only_space_from(line, p + 1 + name.size())) {
          scan.files.emplace_back(name);
          continue;
        }
      }
    } else if (line.starts_with("rename from ") || line.starts_with("rename to ")) {
      const std::size_t p = line[7] == 'f' ? 12 : 10;
      const std::string_view name = non_space_run(line, p);
      if (!name.empty() && only_space_from(line, p + name.size())) {
        scan.files.emplace_back(name);
        continue;
      }
    } else if (line.starts_with("diff --git a/")) {
      const std::string_view first = non_space_run(line, 13);
      const std::size_t p = 13 + first.size();
      if (!first.empty() && line.substr(p, 3) == " b/") {
        const std::string_view second = non_space_run(line, p + 3);
        if (!second.empty() && only_space_from(line, p + 3 + second.size())) {
          scan.files.emplace_back(first);
          scan.files.emplace_back(second);
          continue;
        }
      }
    } else if (line.starts_with("Fixes:") && options.rules == Rules::linux) {
      std::size_t p = 6;
      while (p < line.size() && text::is_space(line[p])) {
        ++p;
      }
      std::size_t q = p;
      while (q < line.size() && q - p < 40 && std::isxdigit(static_cast<unsigned char>(line[q]))) {
        ++q;
      }
      if (p > 6 && q - p >= 6) {
        scan.fixes.emplace_back(line.substr(p, q - p));
        continue;
      }
    }
    if (line.starts_with("+++") || line.starts_with("---")) {
      const std::string_view word = word_after_blanks(line, 3);
      if (!word.empty() && options.rules == Rules::xen && word == "/dev/null") {
        in_diff = true;  // Xen's script skips the placeholder but is in the diff from here
        continue;
      }
      if (!word.empty()) {
        std::string name(word);
        const std::size_t slash = name.find('/');
        if (slash != std::string::npos) {
          name.erase(0, slash + 1);
        }
        scan.files.push_back(std::move(name));
        in_diff = true;
        continue;
      }
    }
    if (line.starts_with("@@ -")) {
      std::size_t p = 4;
      while (p < line.size() && std::isdigit(static_cast<unsigned char>(line[p]))) {
        ++p;
      }
      if (p > 4 && p + 1 < line.size() && line[p] == ',' &&
          std::isdigit(static_cast<unsigned char>(line[p + 1]))) {
        continue;
      }
    }
    if (options.keywords) {
      for (const int keyword : database.keyword_lines()) {
        if (database.keyword_matches(keyword, in_diff ? "^[+-].*" : "", line)) {
          scan.keyword_lines.push_back(keyword);
        }
      }
    }
  }
  std::sort(scan.files.begin(), scan.files.end());
  scan.files.erase(std::unique(scan.files.begin(), scan.files.end()), scan.files.end());
}

void scan_paths(const std::vector<std::string>& paths, Scan& scan) {
  scan.files.insert(scan.files.end(), paths.begin(), paths.end());
}

std::vector<SectionMatch> match_file(const Database& database, std::string_view path,
                                     const Options& options) {
  const auto& lines = database.lines();
  const int file_depth = static_cast<int>(std::count(path.begin(), path.end(), '/'));
  std::vector<int> candidates;
  database.candidate_file_lines(path, candidates);
  // Per section the last matching line decides the depth (get_maintainer overwrites $hash{$tvi}).
  std::unordered_map<int, std::pair<int, int>> decided;  // section -> (line, depth)
  std::unordered_map<int, int> deepest;                  // section -> deepest matching pattern
  std::unordered_map<int, bool> excluded;
  auto is_excluded = [&](int section_index) {
    const auto it = excluded.find(section_index);
    if (it != excluded.end()) {
      return it->second;
    }
    const Section& section = database.sections()[static_cast<std::size_t>(section_index)];
    bool out = false;
    for (const int x : section.excludes) {
      if (database.matches_file(lines[static_cast<std::size_t>(x)], path)) {
        out = true;
        break;
      }
    }
    excluded[section_index] = out;
    return out;
  };
  auto record = [&](int line_index, int depth) {
    const Section* section = database.section_of(line_index);
    const int section_index = static_cast<int>(section - database.sections().data());
    if (is_excluded(section_index)) {
      return;
    }
    auto [it, inserted] = decided.try_emplace(section_index, line_index, depth);
    if (!inserted && it->second.first < line_index) {
      it->second = {line_index, depth};
    }
    auto [deep, first] = deepest.try_emplace(section_index, depth);
    if (!first && deep->second < depth) {
      deep->second = depth;
    }
  };
  for (const int line_index : candidates) {
    const Line& line = lines[static_cast<std::size_t>(line_index)];
    if (!database.matches_file(line, path)) {
      continue;
    }
    const int depth = database.patterns()[static_cast<std::size_t>(line.pattern)].depth;
    if (options.pattern_depth == 0 || file_depth - depth < options.pattern_depth) {
      record(line_index, depth);
    }
  }
  for (const int line_index : database.regex_lines()) {
    if (database.regex_matches(line_index, path)) {
      record(line_index, 0);
    }
  }
  std::vector<SectionMatch> matches;
  for (const auto& [section, line_depth] : decided) {
    matches.push_back({section, line_depth.second, deepest[section]});
  }
  std::sort(matches.begin(), matches.end(), [](const SectionMatch& a, const SectionMatch& b) {
    return a.depth != b.depth ? a.depth > b.depth : a.section < b.section;
  });
  return matches;
}

Result find_maintainers(const Database& database, const Scan& scan, const Options& options,
                        const FixesPolicy& fixes) {
  Collector collector(database, options);
  const bool xen = options.rules == Rules::xen;
  bool some_file_only_the_rest = false;
  for (const std::string& file : scan.files) {
    bool only_the_rest = true;  // Xen: a file nothing specific covers keeps all of THE REST
    for (const SectionMatch& match : match_file(database, file, options)) {
      const Section& section = database.sections()[static_cast<std::size_t>(match.section)];
      collector.add_categories(section, "");
      if (xen && collector.section_role(section) != Collector::k_the_rest_role) {
        only_the_rest = false;
      }
    }
    some_file_only_the_rest = some_file_only_the_rest || only_the_rest;
  }
  if (xen && options.drop_the_rest && !some_file_only_the_rest) {
    collector.drop_the_rest_supporters();
  }
  if (options.keywords) {
    // sort_and_uniq in Perl: the indices compare as strings.
    std::vector<std::string> keys;
    for (const int line : scan.keyword_lines) {
      keys.push_back(std::to_string(line));
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const std::string& key : keys) {
      const int line = std::stoi(key);
      collector.add_categories(
          *database.section_of(line),
          xen ? std::string()
              : ":Keyword:" + std::string(database.lines()[static_cast<std::size_t>(line)].text));
    }
  }
  collector.deduplicate();
  collector.apply_penguin_chiefs();
  if (fixes.signers && !options.sections) {
    std::vector<std::string> unique_fixes;
    for (const std::string& fix : scan.fixes) {
      if (std::find(unique_fixes.begin(), unique_fixes.end(), fix) == unique_fixes.end()) {
        unique_fixes.push_back(fix);
      }
    }
    for (const std::string& fix : unique_fixes) {
      if (const auto signers = fixes.signers(fix)) {
        collector.add_fix_signers(*signers, fixes);
      }
    }
  }
  Result result = collector.finish(scan.files);
  if (options.sections) {
    result.listing = format_sections(database, scan.files, options);
  }
  return result;
}

namespace {

// get_maintainer.pl's "Restore file patterns" of --sections, on "F:regex": '.' back to '?',
// "\." to '.', ".*" to '*', and (Xen's fork) "(a|b)" back to "{a,b}". std::regex's ECMAScript
// grammar backtracks as Perl does for these expressions, and regex_replace's global replace
// resumes after each match as s///g does.
std::string restore_pattern(std::string line, Rules rules) {
  static const Regex dot_inside(R"(([^\\])\.([^\*]))");
  static const Regex dot_last(R"(([^\\])\.$)");
  static const Regex escaped_dot(R"(\\\.)");
  static const Regex any_run(R"(\.\*)");
  static const Regex three_way(R"(([^\\])\((|[^)|]*[^|\\])\|((|[^)|]*[^|\\])\|(|[^)]*[^\\]))\))");
  static const Regex two_way(R"(([^\\])\((|[^)|]*[^|\\])\|(|[^)]*[^\\])\))");
  line = dot_inside.replace_all(line, "$1?$2");
  line = dot_last.replace_all(line, "$1?");
  line = escaped_dot.replace_all(line, ".");
  line = any_run.replace_all(line, "*");
  if (rules == Rules::xen) {
    // One '|' of a 3+-way group turns into ',' per pass, until none is left.
    for (std::string next = three_way.replace_all(line, "$1($2,$3)"); next != line;
         next = three_way.replace_all(line, "$1($2,$3)")) {
      line = std::move(next);
    }
    line = two_way.replace_all(line, "$1{$2,$3}");
  }
  return line;
}

}  // namespace

std::string format_sections(const Database& database, const std::vector<std::string>& files,
                            const Options& options) {
  const auto& lines = database.lines();
  std::string out;
  for (const std::string& file : files) {
    for (const SectionMatch& match : match_file(database, file, options)) {
      const Section& section = database.sections()[static_cast<std::size_t>(match.section)];
      out += database.section_name(section);
      out += '\n';
      for (int i = section.first; i < section.end; ++i) {
        const Line& line = lines[static_cast<std::size_t>(i)];
        if (!options.letters.empty() &&
            text::to_lower(options.letters).find(static_cast<char>(std::tolower(line.tag))) ==
                std::string::npos) {
          continue;
        }
        std::string entry(1, line.tag);
        entry += ':';
        if (line.tag == 'F' || line.tag == 'X') {
          entry.append(database.patterns()[static_cast<std::size_t>(line.pattern)].regex);
          entry = restore_pattern(std::move(entry), options.rules);
        } else {
          entry += line.text;
        }
        out += entry.substr(0, 2) + '\t' + entry.substr(2) + '\n';
      }
      out += '\n';
    }
  }
  return out;
}

std::string format_text(const Result& result) {
  if (result.listing) {
    return *result.listing;
  }
  const OutputFormat& format = result.format;
  std::string out;
  // get_maintainer.pl's output(): one entry per line, or all on one line joined.
  auto output = [&](const std::vector<std::string>& entries) {
    if (format.multiline) {
      for (const std::string& entry : entries) {
        out += entry;
        out += '\n';
      }
    } else {
      out += text::join(entries, format.separator);
      out += '\n';
    }
  };
  std::vector<std::string> addresses;
  for (const Recipient& recipient : result.recipients) {
    std::string entry = format.use_name ? recipient.address() : recipient.email;
    if (format.roles) {
      entry += " (" + recipient.role + ")";
    }
    addresses.push_back(std::move(entry));
  }
  if (!addresses.empty()) {
    output(addresses);
  }
  for (const auto& extra : result.extras) {
    output(extra);
  }
  return out;
}

nlohmann::json to_json(const Result& result) {
  nlohmann::json entries = nlohmann::json::array();
  for (const Recipient& recipient : result.recipients) {
    entries.push_back(
        {{"name", recipient.name}, {"email", recipient.email}, {"role", recipient.role}});
  }
  nlohmann::json out = {
      {"files", result.files}, {"sections", result.sections}, {"entries", entries}};
  if (!result.origin.empty()) {
    out["maintainers"] = {{"origin", result.origin}, {"revision", result.revision}};
  }
  if (result.listing) {
    out["listing"] = *result.listing;
  }
  return out;
}

}  // namespace patchflow::maintainers
