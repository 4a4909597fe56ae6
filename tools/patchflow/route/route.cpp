#include "patchflow/route/route.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_set>

#include "patchflow/core/address.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/parallel.hpp"
#include "patchflow/git/tree_read.hpp"
#include "patchflow/maintainers/owners.hpp"
#include "patchflow/patch/diff.hpp"
#include "patchflow/route/cache.hpp"

namespace patchflow::route {

namespace {

using maintainers::Recipient;

bool is_cc_role(const std::string& role) {
  // --git's recent authors and signers are people to copy, not the maintainers to send to.
  return role.starts_with("reviewer:") || role.starts_with("open list") ||
         role.starts_with("moderated list") || role.starts_with("subscriber list") ||
         role.starts_with("commit_signer:") || role.starts_with("authored:");
}

bool is_list_role(const std::string& role) { return role.find("list") != std::string::npos; }

// The caller's options when they are for the rules the MAINTAINERS was read with; else the
// defaults of those rules (a xen-rules policy routes with Xen's script's defaults).
maintainers::Options options_for(const maintainers::Source& source,
                                 const maintainers::Options& options) {
  maintainers::Options out = options.rules == source.database->rules()
                                 ? options
                                 : maintainers::default_options(source.database->rules());
  out.mailmap = &source.mailmap;
  return out;
}

bool is_xen_path(const config::Policy& policy, const std::string& path) {
  return std::any_of(policy.xen_paths.begin(), policy.xen_paths.end(),
                     [&](const std::string& glob) { return text::glob_match(glob, path); });
}

// Appends recipient unless its address is already there.
void add_unique(std::vector<Recipient>& list, const Recipient& recipient) {
  const std::string key = text::to_lower(recipient.email);
  for (const Recipient& r : list) {
    if (text::to_lower(r.email) == key) {
      return;
    }
  }
  list.push_back(recipient);
}

Recipient always_cc_recipient(const std::string& value) {
  const auto [name, email] = maintainers::parse_email(value);
  return Recipient{name, email.empty() ? value : email, "always-cc"};
}

// The first M: of a section, mapped through .mailmap, as "Name <email>".
std::string first_maintainer(const maintainers::Source& source, const maintainers::Section& s) {
  for (int i = s.first; i < s.end; ++i) {
    const maintainers::Line& line = source.database->lines()[static_cast<std::size_t>(i)];
    if (line.tag == 'M') {
      auto [name, email] = maintainers::parse_email(line.text);
      if (!email.empty()) {
        std::tie(name, email) = source.mailmap.map(name, email);
        return Recipient{name, email, {}}.address();
      }
    }
  }
  return {};
}

// Lines added plus removed per path of the patch (old and new path of a rename alike).
std::map<std::string, int> changed_lines(const PatchInput& patch) {
  std::map<std::string, int> lines;
  for (const patch::FileDiff& file : patch::parse_patch_diff(patch.text, patch.label).files) {
    const int changed = file.added() + file.removed();
    for (const std::string* path : {&file.old_path, &file.new_path}) {
      if (!path->empty()) {
        lines[*path] = std::max(lines[*path], changed);
      }
    }
  }
  return lines;
}

// lines: changed_lines(patch), computed by the caller, which may keep its paths.
PatchRoute route_patch(const maintainers::Source& source, const config::Policy& policy,
                       const PatchInput& patch, const std::map<std::string, int>& lines,
                       const maintainers::Options& options,
                       const maintainers::AddHistory& history) {
  PatchRoute route;
  route.patch = patch;
  maintainers::Scan scan;
  maintainers::scan_patch(*source.database, patch.text, options, scan);
  maintainers::Result result = maintainers::find_maintainers(*source.database, scan, options);
  if (history) {
    history(result);
  }
  for (const std::string& file : result.files) {
    if (file == "dev/null") {
      continue;  // get_maintainer's reading of "--- /dev/null"; no file of the tree
    }
    route.files.push_back(file);
    (is_xen_path(policy, file) ? route.xen_files : route.other_files).push_back(file);
  }
  for (const Recipient& recipient : result.recipients) {
    // Xen's add_maintainers.pl: mailing lists To:, people Cc:.
    const bool to = options.rules == maintainers::Rules::xen
                        ? recipient.name.empty() && is_list_role(recipient.role)
                        : !is_cc_role(recipient.role);
    add_unique(to ? route.to : route.cc, recipient);
  }
  for (const std::string& cc : policy.always_cc) {
    const Recipient recipient = always_cc_recipient(cc);
    // Already To: (Xen's rules send the lists To:): not a second time as Cc:.
    const bool in_to = std::any_of(route.to.begin(), route.to.end(), [&](const Recipient& r) {
      return text::to_lower(r.email) == text::to_lower(recipient.email);
    });
    if (!in_to) {
      add_unique(route.cc, recipient);
    }
  }
  if (route.other_files.empty()) {
    route.kind = route.xen_files.empty() ? Kind::unowned : Kind::direct;
    route.maintainer = policy.direct_maintainer;
    return route;
  }
  // The specific section covering most of the changed lines of the other files (ties: deeper
  // pattern, then name): a Broadcom board section listing arch/arm/Kconfig must not take a
  // Rockchip patch that changes one line there and thirty in arch/arm/mach-rockchip/.
  std::vector<int> counts;
  for (const std::string& file : route.other_files) {
    const auto found = lines.find(file);
    counts.push_back(found == lines.end() ? 0 : found->second);
  }
  const maintainers::Owners owners =
      maintainers::specific_owners(*source.database, route.other_files, counts, options);
  const maintainers::Section* best = nullptr;
  if (const auto main = maintainers::main_owner(*source.database, owners)) {
    best = &source.database->sections()[static_cast<std::size_t>(main->section)];
    route.reason = main->reason;
  } else {
    // Only a catch-all owns them: it is the way.
    for (const std::string& file : route.other_files) {
      const auto matches = maintainers::match_file(*source.database, file, options);
      if (!matches.empty()) {
        best = &source.database->sections()[static_cast<std::size_t>(matches.front().section)];
        route.reason = "no specific section: the catch-all";
        break;
      }
    }
  }
  if (!best) {
    route.kind = Kind::unowned;
    return route;
  }
  route.kind = route.xen_files.empty() ? Kind::via : Kind::split;
  route.section = std::string(source.database->section_name(*best));
  route.maintainer = first_maintainer(source, *best);
  return route;
}

std::string join_addresses(const std::vector<Recipient>& list) {
  std::vector<std::string> parts;
  for (const Recipient& r : list) {
    parts.push_back(r.address());
  }
  return text::join(parts, ", ");
}

nlohmann::json recipients_json(const std::vector<Recipient>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const Recipient& r : list) {
    out.push_back({{"name", r.name}, {"email", r.email}, {"role", r.role}});
  }
  return out;
}

std::vector<std::string> header_addresses(const patch::Mail& mail) {
  std::vector<std::string> out;
  for (const char* name : {"To", "Cc"}) {
    for (const patch::Header* header : mail.headers_named(name)) {
      // Split on commas outside quotes and angle brackets.
      std::string current;
      bool quoted = false;
      int angle = 0;
      auto flush = [&] {
        const auto [person, email] = maintainers::parse_email(current);
        if (!email.empty()) {
          out.push_back(email);
        }
        current.clear();
      };
      for (const char c : header->value) {
        if (c == '"') quoted = !quoted;
        if (c == '<') ++angle;
        if (c == '>') --angle;
        if (c == ',' && !quoted && angle == 0) {
          flush();
        } else {
          current += c;
        }
      }
      flush();
    }
  }
  return out;
}

}  // namespace

std::string kind_name(Kind kind) {
  switch (kind) {
    case Kind::direct:
      return "direct";
    case Kind::via:
      return "via";
    case Kind::split:
      return "split";
    case Kind::unowned:
      return "unowned";
  }
  return "unowned";
}

std::string PatchRoute::route() const {
  switch (kind) {
    case Kind::direct:
      return "direct";
    case Kind::via:
      return "via " + section + (maintainer.empty() ? "" : " (" + maintainer + ")");
    case Kind::split:
      return "split";
    case Kind::unowned:
      return "unowned";
  }
  return "unowned";
}

bool SeriesRoute::has_split() const {
  return std::any_of(patches.begin(), patches.end(),
                     [](const PatchRoute& p) { return p.kind == Kind::split; });
}

namespace {

// Adds route as the next patch of series: its recipients, its group.
void add_patch(SeriesRoute& series, PatchRoute route) {
  series.patches.push_back(std::move(route));
  const PatchRoute& added = series.patches.back();
  for (const Recipient& r : added.to) add_unique(series.to, r);
  for (const Recipient& r : added.cc) add_unique(series.cc, r);
  const std::string name = added.route();
  auto group = std::find_if(series.groups.begin(), series.groups.end(),
                            [&](const RouteGroup& g) { return g.route == name; });
  if (group == series.groups.end()) {
    series.groups.push_back({name, {}});
    group = series.groups.end() - 1;
  }
  group->patches.push_back(static_cast<int>(series.patches.size()) - 1);
}

// Once every patch is added: someone both To and Cc across patches is To for the series.
void finish_series(SeriesRoute& series) {
  std::erase_if(series.cc, [&](const Recipient& r) {
    return std::any_of(series.to.begin(), series.to.end(), [&](const Recipient& t) {
      return text::to_lower(t.email) == text::to_lower(r.email);
    });
  });
}

PatchInput patch_from_text(const git::Oid& commit, std::string text) {
  PatchInput patch;
  patch.commit = commit.hex();
  patch.text = std::move(text);
  const std::size_t end = patch.text.find('\n');
  patch.subject = patch.text.substr(9, end - 9);  // after "Subject: "
  patch.label = commit.short_hex() + " " + patch.subject;
  return patch;
}

PatchInput patch_from_commit(git_repository& repo, const git::Oid& commit) {
  return patch_from_text(commit, git::commit_patch_text(repo, commit));
}

}  // namespace

SeriesRoute route_series(const maintainers::Source& source, const config::Policy& policy,
                         const std::vector<PatchInput>& patches,
                         const maintainers::Options& options,
                         const maintainers::AddHistory& history) {
  const maintainers::Options with_mailmap = options_for(source, options);
  SeriesRoute series;
  for (const PatchInput& patch : patches) {
    add_patch(series,
              route_patch(source, policy, patch, changed_lines(patch), with_mailmap, history));
  }
  finish_series(series);
  return series;
}

SeriesRoute route_commits(git_repository& repo, const std::vector<git::Oid>& commits,
                          const maintainers::Source& source, const config::Policy& policy,
                          const maintainers::Options& options,
                          const maintainers::AddHistory& history, bool use_cache, int jobs,
                          const PatchTextFor& text_for) {
  const maintainers::Options with_mailmap = options_for(source, options);
  // History grows under the same commits: routes that add it are never kept.
  const RouteCache cache = use_cache && !history ? RouteCache(git::ResultCache::of(repo, "route"),
                                                              repo, source, policy, with_mailmap)
                                                 : RouteCache();
  std::vector<std::optional<PatchRoute>> kept(commits.size());
  std::vector<git::Oid> missing;
  for (std::size_t i = 0; i < commits.size(); ++i) {
    kept[i] = cache.find(commits[i]);
    if (!kept[i]) {
      missing.push_back(commits[i]);
    }
  }
  // The diffs, most of the work, on threads; routing itself stays in order on this thread
  // (history and the cache are not shared between threads).
  std::vector<PatchInput> patches = patches_from_commits(repo, missing, jobs, text_for);
  SeriesRoute series;
  std::size_t next_patch = 0;
  for (std::size_t i = 0; i < commits.size(); ++i) {
    if (kept[i]) {
      add_patch(series, std::move(*kept[i]));
      continue;
    }
    const PatchInput patch = std::move(patches[next_patch++]);
    const std::map<std::string, int> lines = changed_lines(patch);
    PatchRoute route = route_patch(source, policy, patch, lines, with_mailmap, history);
    route.patch.text.clear();  // read by nobody after routing; a report holds many series
    if (cache.enabled()) {
      std::vector<std::string> paths;
      for (const auto& [path, count] : lines) {
        paths.push_back(path);
      }
      cache.store(commits[i], route, paths);
    }
    add_patch(series, std::move(route));
  }
  finish_series(series);
  return series;
}

std::vector<PatchInput> patches_from_commits(git_repository& repo,
                                             const std::vector<git::Oid>& commits, int jobs,
                                             const PatchTextFor& text_for) {
  std::vector<PatchInput> patches(commits.size());
  std::vector<std::size_t> to_diff;
  for (std::size_t i = 0; i < commits.size(); ++i) {
    std::optional<std::string> text = text_for ? text_for(commits[i]) : std::nullopt;
    if (text) {
      patches[i] = patch_from_text(commits[i], std::move(*text));
    } else {
      to_diff.push_back(i);
    }
  }
  git::for_each_with_repository(repo, to_diff.size(), jobs, [&](git_repository& own, std::size_t k) {
    patches[to_diff[k]] = patch_from_commit(own, commits[to_diff[k]]);
  });
  return patches;
}

std::vector<PatchInput> patches_from_mails(const std::vector<patch::Mail>& mails) {
  std::vector<PatchInput> patches;
  for (const patch::Mail& mail : mails) {
    if (!mail.has_diff()) {
      continue;
    }
    PatchInput patch;
    patch.label = mail.label();
    patch.commit = mail.envelope_commit;
    patch.subject = mail.subject;
    patch.text = mail.message + "\n---\n" + mail.diff;
    patches.push_back(std::move(patch));
  }
  return patches;
}

namespace {

std::string with_text(const RoutedWith& with) {
  return with.origin.empty() ? std::string() : "routed with " + with.origin + "\n";
}

nlohmann::json with_json(const RoutedWith& with) {
  return {{"origin", with.origin}, {"revision", with.revision}};
}

}  // namespace

std::string format_text(const SeriesRoute& series, bool verbose) {
  std::string out = with_text(series.with);
  for (std::size_t i = 0; i < series.patches.size(); ++i) {
    const PatchRoute& p = series.patches[i];
    out += std::to_string(i + 1) + ". " + p.patch.label + "\n";
    out += "   route: " + p.route();
    if (p.kind == Kind::direct && !p.maintainer.empty()) {
      out += " (up through " + p.maintainer + ")";
    }
    if (p.kind == Kind::split) {
      out += ": Xen-specific " + text::join(p.xen_files, ", ") + " and " +
             text::join(p.other_files, ", ") + " (via " + p.section + ") need separate patches";
    }
    if (verbose && !p.reason.empty()) {
      out += "\n   why: " + p.reason;
    }
    out += "\n   To: " + join_addresses(p.to) + "\n   Cc: " + join_addresses(p.cc) + "\n";
  }
  out += "series:\n";
  for (const RouteGroup& group : series.groups) {
    std::vector<std::string> numbers;
    for (const int index : group.patches) {
      numbers.push_back(std::to_string(index + 1));
    }
    out += "   " + group.route + ": " + text::join(numbers, ", ") + "\n";
  }
  out += "   To: " + join_addresses(series.to) + "\n   Cc: " + join_addresses(series.cc) + "\n";
  return out;
}

nlohmann::json to_json(const SeriesRoute& series) {
  nlohmann::json patches = nlohmann::json::array();
  for (const PatchRoute& p : series.patches) {
    patches.push_back({{"label", p.patch.label},
                       {"commit", p.patch.commit},
                       {"subject", p.patch.subject},
                       {"files", p.files},
                       {"xen_files", p.xen_files},
                       {"other_files", p.other_files},
                       {"kind", kind_name(p.kind)},
                       {"route", p.route()},
                       {"section", p.section},
                       {"maintainer", p.maintainer},
                       {"reason", p.reason},
                       {"to", recipients_json(p.to)},
                       {"cc", recipients_json(p.cc)}});
  }
  nlohmann::json groups = nlohmann::json::array();
  for (const RouteGroup& g : series.groups) {
    groups.push_back({{"route", g.route}, {"patches", g.patches}});
  }
  return {{"maintainers", with_json(series.with)},
          {"patches", patches},
          {"groups", groups},
          {"to", recipients_json(series.to)},
          {"cc", recipients_json(series.cc)},
          {"split", series.has_split()}};
}

bool CcReport::has_missing() const {
  return std::any_of(mails.begin(), mails.end(), [](const Entry& e) { return !e.missing.empty(); });
}

CcReport check_cc(const maintainers::Source& source, const config::Policy& policy,
                  const std::vector<patch::Mail>& mails, const maintainers::Options& options,
                  const maintainers::AddHistory& history) {
  CcReport report;
  for (const patch::Mail& mail : mails) {
    if (!mail.has_diff()) {
      continue;
    }
    const SeriesRoute routed =
        route_series(source, policy, patches_from_mails({mail}), options, history);
    CcReport::Entry entry;
    entry.label = mail.label();
    entry.addressed = header_addresses(mail);
    std::unordered_set<std::string> have;
    for (const std::string& a : entry.addressed) {
      have.insert(text::to_lower(a));
    }
    // Whoever sent the mail, and whoever wrote the patch (an in-body From:), has it already:
    // send-email never copies the sender, and nobody Cc's an author on their own patch.
    if (const patch::Header* from = mail.header("From")) {
      have.insert(address::mailbox_key(from->value));
    }
    if (!mail.author.email.empty()) {
      have.insert(address::mailbox_key(mail.author.email));
    }
    for (const auto* list : {&routed.to, &routed.cc}) {
      for (const Recipient& r : *list) {
        if (!have.count(text::to_lower(r.email))) {
          entry.missing.push_back(r);
        }
      }
    }
    report.mails.push_back(std::move(entry));
  }
  return report;
}

std::string format_text(const CcReport& report) {
  std::string out = with_text(report.with);
  for (const CcReport::Entry& e : report.mails) {
    if (e.missing.empty()) {
      out += e.label + ": all recipients addressed\n";
      continue;
    }
    for (const Recipient& r : e.missing) {
      out += e.label + ": missing " + r.line() + "\n";
    }
  }
  return out;
}

nlohmann::json to_json(const CcReport& report) {
  nlohmann::json mails = nlohmann::json::array();
  for (const CcReport::Entry& e : report.mails) {
    mails.push_back(
        {{"label", e.label}, {"addressed", e.addressed}, {"missing", recipients_json(e.missing)}});
  }
  return {
      {"maintainers", with_json(report.with)}, {"mails", mails}, {"missing", report.has_missing()}};
}

}  // namespace patchflow::route
