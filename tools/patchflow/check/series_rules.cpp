// Rules about a series as a whole: where it is based, whether it applies, duplicates, already
// merged.
#include <algorithm>
#include <map>

#include "patchflow/check/check.hpp"
#include "patchflow/git/apply.hpp"
#include "patchflow/git/diff_format.hpp"
#include "patchflow/git/libgit2.hpp"
#include "patchflow/git/object_batch.hpp"
#include "patchflow/git/patch_id.hpp"
#include "patchflow/git/replay.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::check {

std::vector<Finding> check_series(git_repository& repo, const std::string& mainline,
                                  const std::vector<PatchInput>& patches, const Options& options,
                                  const std::vector<git::Oid>& prerequisites) {
  std::vector<Finding> findings;
  auto add = [&](const std::string& id, std::string message, const std::string& commit) {
    Severity fallback = Severity::error;
    const Severity severity = severity_for(options.policy, id, fallback);
    if (severity == Severity::off) {
      return;
    }
    Finding f;
    f.where.ref = commit.empty() ? mainline : commit.substr(0, 12);
    f.severity = severity;
    f.id = id;
    f.message = std::move(message);
    f.commit = commit;
    findings.push_back(std::move(f));
  };
  std::vector<git::Oid> commits;
  for (const auto& p : patches) {
    if (!p.commit.empty()) {
      commits.push_back(git::Oid::from_hex(p.commit));
    }
  }
  if (commits.empty()) {
    return findings;
  }
  const git::Oid tip = git::resolve_commit(repo, mainline);
  const auto parents = git::commit_parents(*git::lookup_commit(repo, commits.front()));
  const bool on_prerequisite =
      !parents.empty() &&
      std::find(prerequisites.begin(), prerequisites.end(), parents.front()) != prerequisites.end();
  if (parents.empty() || (!on_prerequisite && !git::is_ancestor(repo, parents.front(), tip))) {
    add("SERIES_BASE", "the series is not based on a commit of '" + mainline + "'",
        commits.front().hex());
  }
  std::vector<git::Oid> applied = prerequisites;
  applied.insert(applied.end(), commits.begin(), commits.end());
  if (const auto bad = git::first_commit_not_applying(repo, tip, applied)) {
    if (*bad < prerequisites.size()) {
      add("SERIES_APPLY",
          "prerequisite " + applied[*bad].short_hex() + " does not apply to the tip of '" +
              mainline + "' (" + tip.short_hex() + "): the series cannot be applied",
          commits.front().hex());
    } else {
      add("SERIES_APPLY",
          "commit does not apply to the tip of '" + mainline + "' (" + tip.short_hex() +
              "): rebase the series",
          applied[*bad].hex());
    }
  }
  // Equal patch-ids mean equal changed paths, and the paths cost a walk of the trees where the
  // id costs a diff of the contents: only commits sharing their paths with another get an id.
  git::PatchIdCache ids;
  std::map<std::vector<std::string>, std::vector<git::Oid>> by_paths;
  for (const auto& c : commits) {
    by_paths[ids.paths(repo, c)].push_back(c);
  }
  std::map<git::Oid, git::Oid> first_with_id;  // patch-id -> the first series commit with it
  for (const auto& c : commits) {
    if (by_paths.at(ids.paths(repo, c)).size() < 2) {
      continue;
    }
    const auto [it, inserted] = first_with_id.emplace(ids.patch_id(repo, c), c);
    if (!inserted) {
      add("SERIES_DUPLICATE",
          "same change as " + it->second.hex().substr(0, 12) + " earlier in the series", c.hex());
    }
  }
  const auto base = git::merge_base(repo, commits.back(), tip);
  if (base) {
    for (const auto& m : git::commits_between(repo, {*base}, tip)) {
      if (!ids.has_one_parent(repo, m)) {
        continue;
      }
      const auto same_paths = by_paths.find(ids.paths(repo, m));
      if (same_paths == by_paths.end()) {
        continue;
      }
      const git::Oid& id = ids.patch_id(repo, m);
      for (const auto& c : same_paths->second) {
        if (ids.patch_id(repo, c) == id) {
          add("SERIES_ALREADY_MERGED", "already in '" + mainline + "' as " + m.short_hex(),
              c.hex());
          break;
        }
      }
    }
  }
  return findings;
}

namespace {

// Applies the mails, in order, to base's tree; the first that does not apply stops the series
// and is handed to fail. Returns the tree after each mail that applied.
template <class Fail>
std::vector<BuildTarget> apply_in_order(git_repository& repo, const git::Oid& base,
                                        const std::vector<PatchInput>& patches, Fail fail) {
  std::vector<BuildTarget> targets;
  git::Oid tree = git::commit_tree_id(*git::lookup_commit(repo, base));
  for (const auto& patch : patches) {
    const auto mails = patch::parse_mbox(patch.text, patch.source);
    if (mails.empty() || !mails.back().has_diff()) {
      continue;  // a cover letter or an empty mail changes nothing (NO_DIFF says so)
    }
    git::ApplyFailure failure;
    const auto applied = git::apply_diff(repo, tree, mails.back().diff, failure);
    if (!applied) {
      fail(patch, mails.back().diff_line, failure);
      break;
    }
    tree = *applied;
    targets.push_back({patch.label, {}, tree});
  }
  return targets;
}

// "at 'path': reason", as much of it as libgit2 told.
std::string failure_text(const git::ApplyFailure& failure) {
  return (failure.path.empty() ? std::string() : " at '" + failure.path + "'") +
         (failure.message.empty() ? std::string() : ": " + failure.message);
}

// A finding about one mail of a series, at the line where its diff starts.
void add_mail_finding(std::vector<Finding>& findings, const Options& options, const std::string& id,
                      const PatchInput& patch, int line, std::string message) {
  const Severity severity = severity_for(options.policy, id, Severity::error);
  if (severity == Severity::off) {
    return;
  }
  Finding f;
  f.where.file = patch.source;
  f.where.line = line;
  f.severity = severity;
  f.id = id;
  f.message = std::move(message);
  f.commit = patch.label;
  findings.push_back(std::move(f));
}

}  // namespace

std::vector<BuildTarget> apply_mails(git_repository& repo, const git::Oid& base,
                                     const std::string& base_name,
                                     const std::vector<PatchInput>& patches, const Options& options,
                                     std::vector<Finding>& findings) {
  return apply_in_order(repo, base, patches,
                        [&](const PatchInput& patch, int line, const git::ApplyFailure& failure) {
                          add_mail_finding(findings, options, "SERIES_APPLY", patch, line,
                                           "patch does not apply to '" + base_name + "' (" +
                                               base.short_hex() + ")" + failure_text(failure) +
                                               "; it and the patches after it are not built");
                        });
}

std::vector<Finding> check_mail_series(git_repository& repo, const MailSeriesTarget& target,
                                       const std::vector<PatchInput>& patches,
                                       const Options& options) {
  std::vector<Finding> findings;
  {
    // Applied through a private handle whose writes stay in memory: the batch is dropped
    // without commit(), so checking mails never adds an object to the user's repository.
    const git::Repository scratch = git::reopen_repository(repo);
    const git::ObjectBatch in_memory(*scratch);
    apply_in_order(*scratch, target.tip, patches,
                   [&](const PatchInput& patch, int line, const git::ApplyFailure& failure) {
                     add_mail_finding(findings, options, "SERIES_APPLY", patch, line,
                                      "patch does not apply to the tip of '" + target.mainline +
                                          "' (" + target.tip.short_hex() + ")" +
                                          failure_text(failure) + ": rebase the series");
                   });
  }
  struct MailId {
    const PatchInput* patch;
    int line;
  };
  std::map<std::string, MailId> series_ids;
  std::vector<std::string> ids_in_order;  // each id once, in mail order, for the report
  for (const auto& patch : patches) {
    const auto mails = patch::parse_mbox(patch.text, patch.source);
    if (mails.empty() || !mails.back().has_diff()) {
      continue;
    }
    const auto id = git::diff_text_patch_id(mails.back().diff);
    if (!id) {
      continue;  // unparsable diff: the mail's own checks report it
    }
    const MailId mail{&patch, mails.back().diff_line};
    const auto [it, inserted] = series_ids.emplace(id->hex(), mail);
    if (inserted) {
      ids_in_order.push_back(id->hex());
    } else {
      add_mail_finding(findings, options, "SERIES_DUPLICATE", patch, mail.line,
                       "same change as " + it->second.patch->label + " earlier in the series");
    }
  }
  if (series_ids.empty()) {
    return findings;
  }
  // The mainline commits the series could already be in: those since its base; without a known
  // base, the latest k_unbased_look_back (older ones would have been noticed by the author, and
  // a full walk of a kernel history costs seconds per check).
  constexpr std::size_t k_unbased_look_back = 1000;
  const std::vector<git::Oid> mainline_commits =
      target.base ? git::commits_between(repo, {*target.base}, target.tip)
                  : git::latest_commits(repo, target.tip, k_unbased_look_back);
  std::map<std::string, git::Oid> merged_as;
  for (const auto& m : mainline_commits) {
    if (git::commit_parents(*git::lookup_commit(repo, m)).size() != 1) {
      continue;  // merges carry no patch of their own
    }
    const std::string id = git::commit_patch_id(repo, m).hex();
    if (series_ids.contains(id)) {
      merged_as.emplace(id, m);
    }
  }
  for (const auto& id : ids_in_order) {
    const auto it = merged_as.find(id);
    if (it != merged_as.end()) {
      const MailId& mail = series_ids.at(id);
      add_mail_finding(findings, options, "SERIES_ALREADY_MERGED", *mail.patch, mail.line,
                       "already in '" + target.mainline + "' as " + it->second.short_hex());
    }
  }
  return findings;
}

}  // namespace patchflow::check
