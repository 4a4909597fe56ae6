#include "patchflow/series/request_pull.hpp"

#include <cstdio>
#include <map>

#include "patchflow/core/text.hpp"
#include "patchflow/git/config.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_diff.hpp"

namespace patchflow::series {
namespace {

// "%s (%ci)": subject and ISO-like committer date, as request-pull's git show prints them.
std::string subject_and_date(git_repository& repo, const git::Oid& id) {
  git::Commit commit = git::lookup_commit(repo, id);
  const git_signature* committer = git_commit_committer(commit.get());
  const std::string rfc = format_rfc2822_date(committer->when.time, committer->when.offset);
  // Reuse the RFC 2822 calendar maths, then lay it out as "YYYY-MM-DD HH:MM:SS +ZZZZ".
  static const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char month_name[4] = {};
  int day = 0, month = 0;
  long long year = 0;
  char time[9] = {}, zone[6] = {};
  std::sscanf(rfc.c_str() + 5, "%d %3s %lld %8s %5s", &day, month_name, &year, time, zone);
  for (int i = 0; i < 12; ++i) {
    if (std::string(k_months[i]) == month_name) {
      month = i + 1;
    }
  }
  char date[64];
  std::snprintf(date, sizeof(date), "%04lld-%02d-%02d %s %s", year, month, day, time, zone);
  return commit_title(git_commit_message(commit.get())) + " (" + date + ")";
}

}  // namespace

std::string format_plain_shortlog(git_repository& repo, const std::vector<git::Oid>& commits) {
  std::map<std::string, std::vector<std::string>> by_author;
  for (const git::Oid& id : commits) {
    git::Commit commit = git::lookup_commit(repo, id);
    by_author[git_commit_author(commit.get())->name].push_back(
        commit_title(git_commit_message(commit.get())));
  }
  std::string out;
  for (const auto& [author, subjects] : by_author) {
    out += author + " (" + std::to_string(subjects.size()) + "):\n";
    for (const std::string& subject : subjects) {
      out += "      " + subject + "\n";
    }
    out += "\n";
  }
  return out;
}

PullRequest resolve_pull_request(git_repository& repo, const std::string& start,
                                 const std::string& url, const std::string& end) {
  PullRequest request{.start = git::resolve_commit(repo, start), .url = url};
  const auto last_colon = end.rfind(':');
  std::string local = last_colon == std::string::npos ? end : end.substr(0, last_colon);
  local = local.empty() ? "HEAD" : local;
  std::string remote = end.substr(end.find(':') == std::string::npos ? 0 : end.find(':') + 1);
  for (const char* prefix : {"refs/", "heads/"}) {
    if (remote.rfind(prefix, 0) == 0) {
      remote = remote.substr(std::string(prefix).size());
    }
  }
  // git: symbolic-ref, then show-ref --heads --tags (a match at a '/' boundary), then rev-parse.
  std::string head;
  if (const std::optional<std::string> target = git::symbolic_target(repo, local)) {
    head = *target;
  } else {
    std::vector<std::string> matches;
    for (const char* kind : {"refs/heads/", "refs/tags/"}) {
      for (const std::string& ref : git::list_refs(repo, kind)) {
        if (ref.size() > local.size() &&
            ref.compare(ref.size() - local.size(), local.size(), local) == 0 &&
            ref[ref.size() - local.size() - 1] == '/') {
          matches.push_back(ref);
        }
      }
    }
    if (matches.size() > 1) {
      throw Error(ExitCode::git, "ambiguous revision '" + local + "': " + text::join(matches, ", "),
                  Where{.ref = local});
    }
    head = matches.empty() ? local : matches.front();
  }
  request.tip = git::resolve_commit(repo, head);
  const bool is_ref = head.rfind("refs/", 0) == 0;
  const git::Oid object = is_ref ? git::resolve_ref(repo, head).value_or(request.tip) : request.tip;
  if (const std::optional<std::string> message = git::tag_message(repo, object)) {
    std::string kept;
    for (const std::string_view line : text::split_lines(*message)) {
      if (line.rfind("-----BEGIN PGP ", 0) == 0 || line.rfind("-----BEGIN SSH ", 0) == 0 ||
          line.rfind("-----BEGIN SIGNED ", 0) == 0) {
        break;
      }
      kept += std::string(line) + "\n";
    }
    request.tag_message = kept;
  }
  if (head.rfind("refs/tags/", 0) == 0 && !remote.empty() && remote.rfind("tags/", 0) != 0) {
    remote = "tags/" + remote;
  }
  request.remote = remote;
  const git::Config config = git::open_config(&repo);
  if (head.rfind("refs/heads/", 0) == 0) {
    const std::string branch = head.substr(std::string("refs/heads/").size());
    if (const auto description = git::config_string(*config, "branch." + branch + ".description")) {
      request.branch = branch;
      request.branch_description = *description;
    }
  }
  // git ls-remote --get-url: a configured remote's name stands for its URL.
  if (const auto remote_url = git::config_string(*config, "remote." + url + ".url")) {
    request.url = *remote_url;
  }
  return request;
}

std::string request_pull(git_repository& repo, const PullRequest& request) {
  const git::Oid& start = request.start;
  const git::Oid& tip = request.tip;
  const auto base = git::merge_base(repo, start, tip);
  if (!base) {
    throw Error(ExitCode::git,
                "no merge base between '" + start.short_hex() + "' and '" + tip.short_hex() + "'",
                Where{.ref = tip.hex()});
  }
  const std::string rule(64, '-');
  std::string out = "The following changes since commit " + base->hex() + ":\n\n  " +
                    subject_and_date(repo, *base) +
                    "\n\nare available in the Git repository at:\n\n  " + request.url + " " +
                    request.remote + "\n\nfor you to fetch changes up to " + tip.hex() + ":\n\n  " +
                    subject_and_date(repo, tip) + "\n\n" + rule + "\n";
  if (request.tag_message) {
    out += *request.tag_message + "\n" + rule + "\n";
  }
  if (!request.branch.empty()) {
    out += "(from the branch description for " + request.branch + " local branch)\n\n" +
           request.branch_description + "\n" + rule + "\n";
  }
  // git shortlog lists merges too; git log order then reversed per author is oldest first.
  out += format_plain_shortlog(repo, git::commits_between(repo, {start}, tip));
  git::Commit base_commit = git::lookup_commit(repo, *base);
  git::Commit tip_commit = git::lookup_commit(repo, tip);
  const auto changes = git::diff_trees(repo, git::commit_tree_id(*base_commit),
                                       git::commit_tree_id(*tip_commit), {.binary_patches = false});
  out += format_diffstat(changes, 80) + format_summary(changes);
  return out;
}

}  // namespace patchflow::series
