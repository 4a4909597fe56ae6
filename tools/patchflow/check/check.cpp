// Runs the checks of every patch, in parallel.
#include "patchflow/check/check.hpp"

#include <thread>

#include "patchflow/check/cache.hpp"
#include "patchflow/check/patch_checker.hpp"
#include "patchflow/core/parallel.hpp"
#include "patchflow/core/progress.hpp"
#include "patchflow/git/diff_format.hpp"
#include "patchflow/git/libgit2.hpp"
#include "patchflow/git/parallel.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::check {

CommitReport PatchChecker::run() {
  CommitReport report;
  report.label = m_input.label;
  report.commit = m_input.commit;
  report.source = m_input.source;
  const auto mails = patch::parse_mbox(m_input.text, m_input.source);
  if (mails.empty()) {
    add("NO_DIFF", "patch has no mail and no diff", 0);
    report.findings = std::move(m_findings);
    return report;
  }
  // One mail per input; blank lines kept before it (so line numbers are the file's) may parse
  // as an empty mail of their own, so the mail is the last one.
  const patch::Mail& mail = mails.back();
  report.subject = mail.subject;
  check_encoding(mail);
  check_message(mail);
  check_signoffs(mail);
  check_diff(mail);
  check_style();
  report.findings = std::move(m_findings);
  return report;
}

void PatchChecker::add(const std::string& id, std::string message, int line, std::string file) {
  Severity fallback = Severity::warning;
  for (const auto& rule : rules()) {
    if (rule.id == id) {
      fallback = rule.severity;
    }
  }
  add_with(id, fallback, std::move(message), line, std::move(file));
}

void PatchChecker::add_with(const std::string& id, Severity fallback, std::string message, int line,
                            std::string file) {
  const Severity severity = severity_for(m_options.policy, id, fallback);
  if (severity == Severity::off) {
    return;
  }
  Finding f;
  f.where.file = file.empty() ? m_input.source : file;
  f.where.line = line;
  f.severity = severity;
  f.id = id;
  f.message = std::move(message);
  f.commit = m_input.commit.empty() ? m_input.label : m_input.commit;
  m_findings.push_back(std::move(f));
}

namespace {

// Checks one patch and keeps its result when there is a cache.
CommitReport check_one(const PatchInput& patch, const Options& options, git_repository* repo) {
  PatchChecker checker(patch, options, repo);
  CommitReport report = checker.run();
  if (options.cache) {
    options.cache->store(patch, report, checker.lookups());
  }
  return report;
}

}  // namespace

Result check_patches(const std::vector<PatchInput>& patches, const Options& options,
                     git_repository* repo) {
  Result result;
  result.commits.resize(patches.size());
  ProgressCounter progress(options.progress, "check", patches.size());
  const std::string repo_path = repo != nullptr ? git_repository_path(repo) : "";
  const std::thread::id caller = std::this_thread::get_id();
  std::optional<git::AttributeIndexScope> attributes;
  if (repo != nullptr) {
    attributes.emplace(*repo);
  }
  parallel_for_each_thread(patches.size(), options.jobs, [&]() -> Worker {
    // Rendering reads many objects: each thread renders and checks a commit through a repository
    // handle no other thread renders with. The calling thread keeps the caller's, whose cache
    // already holds the trees and commits the range and MAINTAINERS were read from (a fresh
    // handle reads them all again); the others open theirs when first needed.
    auto own = std::make_shared<std::optional<git::WorkerRepository>>();
    const bool on_caller = std::this_thread::get_id() == caller;
    return [&, own, on_caller](std::size_t i) {
      const PatchInput& patch = patches[i];
      std::optional<CommitReport> kept;
      if (options.cache) {
        kept = options.cache->find(patch);
      }
      if (kept) {
        result.commits[i] = std::move(*kept);
        progress.finished_one();
        return;
      }
      if (patch.text.empty() && !patch.commit.empty() && repo != nullptr) {
        if (!on_caller && !*own) {
          own->emplace(repo_path);
        }
        git_repository* handle = on_caller ? repo : (*own)->repository.get();
        PatchInput rendered = patch;
        rendered.text = git::format_commit_as_patch(*handle, git::Oid::from_hex(patch.commit));
        result.commits[i] = check_one(rendered, options, handle);
      } else {
        result.commits[i] = check_one(patch, options, repo);
      }
      progress.finished_one();
    };
  });
  return result;
}

}  // namespace patchflow::check
