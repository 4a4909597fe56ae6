#pragma once
// The checks of one patch (its mail, message, sign-offs and diff) as one object that collects
// findings; internal to check/. Its rules live in message_rules.cpp (mail, message,
// sign-offs) and diff_rules.cpp (the diff, checkpatch style, checkpatch.pl); check.cpp runs it.
#include <string>
#include <vector>

#include "patchflow/check/check.hpp"
#include "patchflow/check/checkpatch.hpp"
#include "patchflow/git/libgit2.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::check {

// The commit a Fixes: tag's id names (git rev-parse "<id>^{commit}"), as hex; "" when none.
std::string fixes_answer(git_repository& repo, const std::string& id);

class PatchChecker {
 public:
  PatchChecker(const PatchInput& input, const Options& options, git_repository* repo)
      : m_input(input), m_options(options), m_repo(repo) {}

  CommitReport run();
  // What the checks asked of the repository and the tree while running, in order.
  const Lookups& lookups() const { return m_lookups; }

 private:
  void add(const std::string& id, std::string message, int line, std::string file = {});
  void add_with(const std::string& id, Severity fallback, std::string message, int line,
                std::string file);
  void check_encoding(const patch::Mail& mail);
  void check_message(const patch::Mail& mail);
  void check_fixes(const std::string& value, int line);
  void check_signoffs(const patch::Mail& mail);
  void check_diff(const patch::Mail& mail);
  void check_style();
  // COMMIT_MESSAGE and MISSING_SIGN_OFF are patchflow rules too (check_message, check_signoffs),
  // which name the line and follow the policy; checkpatch's copy of the same defect is dropped.
  bool reported_by_own_rule(const std::string& type) const;
  static void merge(std::vector<StyleFinding>& into, const std::vector<StyleFinding>& more);
  // perl is a tool of its own, not git: running the tree's checkpatch.pl is allowed. It runs at
  // the top of its tree, so the tree's .checkpatch.conf applies as it would for its developers.
  std::vector<StyleFinding> run_checkpatch_pl();

  const PatchInput& m_input;
  const Options& m_options;
  git_repository* m_repo;
  std::vector<Finding> m_findings;
  std::vector<std::string> m_moved_files;  // added, deleted, renamed or copied
  Lookups m_lookups;
};

}  // namespace patchflow::check
