#include "patchflow/maintainers/history.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "patchflow/core/text.hpp"
#include "patchflow/git/history_walk.hpp"

namespace patchflow::maintainers {

namespace {

constexpr std::int64_t k_one_year = 365LL * 24 * 60 * 60;

// vcs_assign: count, most frequent first, capped by count and percentage.
void assign(const std::string& role, int commits, const std::vector<std::string>& people,
            const HistoryOptions& options, std::vector<Recipient>& out) {
  std::map<std::string, int> counts;
  for (const std::string& p : people) {
    ++counts[p];
  }
  std::vector<std::pair<std::string, int>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  int taken = 0;
  for (const auto& [person, count] : sorted) {
    const double percent = std::min(100.0, count * 100.0 / commits);
    if (count < options.min_signatures || ++taken > options.max_maintainers ||
        percent < options.min_percent) {
      break;
    }
    const auto [name, email] = parse_email(person);
    out.push_back({name, email,
                   role + ":" + std::to_string(count) + "/" + std::to_string(commits) + "=" +
                       std::to_string(static_cast<int>(std::lround(percent))) + "%"});
  }
}

}  // namespace

std::vector<std::string> signature_people(std::string_view message) {
  std::vector<std::string> people;
  for (std::string_view line : text::split_lines(message)) {
    line = text::trim(line);
    for (const std::string_view tag : {"Signed-off-by:", "Reviewed-by:", "Acked-by:"}) {
      if (line.substr(0, tag.size()) == tag && line.find('@') != std::string_view::npos) {
        people.emplace_back(text::trim(line.substr(tag.size())));
      }
    }
  }
  return people;
}

std::vector<Recipient> history_signals(git_repository& repo, const git::Oid& tip,
                                       const std::vector<std::string>& files,
                                       const HistoryOptions& options, const Mailmap* mailmap) {
  const std::vector<git::CommitInfo> commits = git::walk_commits(repo, tip);
  if (commits.empty()) {
    return {};
  }
  std::int64_t newest = 0;
  for (const auto& c : commits) newest = std::max(newest, c.time);
  const std::int64_t since = options.since.value_or(newest - k_one_year);
  auto canonical = [&](std::string name, std::string email) {
    if (mailmap) std::tie(name, email) = mailmap->map(name, email);
    return Recipient{name, email, {}}.address();
  };
  std::vector<Recipient> out;
  for (const std::string& file : files) {
    int touching = 0;
    std::vector<std::string> signers, authors;
    for (const git::CommitInfo& commit : commits) {
      if (commit.time < since || commit.parent_count > 1 ||
          !git::commit_changes_path(repo, commit.id, file)) {
        continue;
      }
      ++touching;
      authors.push_back(canonical(commit.author_name, commit.author_email));
      for (const std::string& who : signature_people(commit.message)) {
        const auto [name, email] = parse_email(who);
        if (!email.empty()) signers.push_back(canonical(name, email));
      }
    }
    if (touching == 0) {
      continue;
    }
    assign("commit_signer", touching, signers, options, out);
    assign("authored", touching, authors, options, out);
  }
  return out;
}

void add_history_signals(Result& result, const std::vector<Recipient>& signals) {
  auto first_list = std::find_if(result.recipients.begin(), result.recipients.end(),
                                 [](const Recipient& r) { return r.name.empty(); });
  std::vector<Recipient> added;
  for (const Recipient& signal : signals) {
    auto same = [&](const Recipient& r) {
      return text::to_lower(r.email) == text::to_lower(signal.email) ||
             (!signal.name.empty() && text::to_lower(r.name) == text::to_lower(signal.name));
    };
    auto existing = std::find_if(result.recipients.begin(), result.recipients.end(), same);
    if (existing != result.recipients.end()) {
      if (existing->role.find(signal.role) == std::string::npos)
        existing->role += "," + signal.role;
      continue;
    }
    auto earlier = std::find_if(added.begin(), added.end(), same);
    if (earlier != added.end()) {
      earlier->role += "," + signal.role;
    } else {
      added.push_back(signal);
    }
  }
  first_list =
      std::find_if(result.recipients.begin(), result.recipients.end(), [](const Recipient& r) {
        return r.name.empty() && r.role.find("list") != std::string::npos;
      });
  result.recipients.insert(first_list, added.begin(), added.end());
}

AddHistory history_for(const Arguments& arguments, git_repository& repo, const git::Oid& tip,
                       const Mailmap* mailmap, std::optional<std::int64_t> since,
                       std::int64_t now) {
  if (!arguments.git.value_or(false)) {
    return {};
  }
  HistoryOptions options;
  options.max_maintainers = arguments.git_max_maintainers.value_or(options.max_maintainers);
  options.min_percent = arguments.git_min_percent.value_or(options.min_percent);
  options.min_signatures = arguments.git_min_signatures.value_or(options.min_signatures);
  options.since = since;
  if (!options.since && arguments.git_since) {
    options.since = arguments.git_since->at(now);
  }
  return [&repo, tip, mailmap, options](Result& result) {
    std::vector<std::string> files;
    for (const std::string& file : result.files) {
      if (file != "dev/null") {
        files.push_back(file);
      }
    }
    add_history_signals(result, history_signals(repo, tip, files, options, mailmap));
  };
}

}  // namespace patchflow::maintainers
