// Crash safety: compose, materialize and upstream are SIGKILLed at seeded random points of their
// run; afterwards every ref they write holds either its old value or the complete new one, and
// `git fsck --strict` (the git CLI as referee) finds nothing wrong. A rerun then completes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "compose/compose_fixture.hpp"
#include "materialize/mini_stack.hpp"
#include "patchflow/core/text.hpp"
#include "reliability/kill_process.hpp"
#include "support/process.hpp"

namespace patchflow {
namespace {

using testing::run_git;
using testing::TempDir;

constexpr int k_iterations = 20;
constexpr unsigned k_seed = 20091119;

std::string rev_parse(const std::string& repo, const std::string& revision) {
  return std::string(text::trim(run_git({"rev-parse", "--verify", "-q", revision}, repo)));
}

// The value of ref, or "" when it does not exist.
std::string ref_value(const std::string& repo, const std::string& ref) {
  const testing::ProcessResult r =
      testing::run_process({"git", "rev-parse", "--verify", "-q", ref}, repo);
  return r.exit_code == 0 ? std::string(text::trim(r.out)) : std::string();
}

void expect_fsck_clean(const std::string& repo, const std::string& context) {
  const testing::ProcessResult fsck =
      testing::run_process({"git", "fsck", "--strict", "--no-dangling"}, repo);
  EXPECT_EQ(fsck.exit_code, 0) << context << "\n" << fsck.out << fsck.err;
  // "notice: HEAD points to an unborn branch" is how a fresh repository looks, not damage
  const std::string output = fsck.out + fsck.err;
  for (const std::string_view line : text::split_lines(output)) {
    EXPECT_EQ(line.rfind("notice: ", 0), 0u) << context << ": " << line;
  }
}

// Uniform delays over one uninterrupted run (plus a little), from a fixed seed.
class Delays {
 public:
  explicit Delays(std::chrono::microseconds run) : m_run(run) {}
  std::chrono::microseconds next() {
    std::uniform_int_distribution<long> pick(0, m_run.count() * 11 / 10);
    return std::chrono::microseconds(pick(m_random));
  }

 private:
  std::chrono::microseconds m_run;
  std::mt19937 m_random{k_seed};
};

// A writer killed between taking a ref's lock and renaming it leaves '<ref>.lock' behind, as git
// does (StaleRefLockLeftByAKilledWriterIsNamed covers what the user is told). The loops clear it
// like the user would, so the next iteration starts from the state the kill left.
void remove_stale_lock(const std::string& repo, const std::string& ref) {
  std::filesystem::remove(repo + "/.git/" + ref + ".lock");
}

TEST(CrashSafetyTest, KilledComposeLeavesTheOldTipOrTheCompleteNewOne) {
  testing::ComposeFixture f;
  f.write_stack_files();
  const std::string repo = f.r.path();
  const std::string old_tip = f.base.hex();
  const std::vector<std::string> args = {"--stack", f.stack_dir.path(), "--repo",
                                         repo,      "compose",          "xen/master"};
  // the complete result, from one uninterrupted run: its tree and its first-parent shape
  f.r.branch("xen/master", f.base);
  Delays delays(testing::time_patchflow(args, repo));
  const std::string complete_tree = rev_parse(repo, "xen/master^{tree}");
  int killed = 0;
  for (int i = 0; i < k_iterations; ++i) {
    f.r.branch("xen/master", f.base);
    const auto delay = delays.next();
    killed += testing::run_patchflow_and_kill(args, repo, delay).killed ? 1 : 0;
    remove_stale_lock(repo, "refs/heads/xen/master");
    const std::string context = "iteration " + std::to_string(i) + ", killed after " +
                                std::to_string(delay.count()) + " us";
    const std::string tip = ref_value(repo, "refs/heads/xen/master");
    if (tip != old_tip) {
      EXPECT_EQ(rev_parse(repo, tip + "^{tree}"), complete_tree) << context;
      EXPECT_EQ(rev_parse(repo, tip + "~2"), old_tip) << context;
      EXPECT_EQ(rev_parse(repo, tip + "^2"), f.r.resolve("refs/heads/xen/b").hex()) << context;
      EXPECT_EQ(rev_parse(repo, tip + "~1^2"), f.r.resolve("refs/heads/xen/a").hex()) << context;
    }
    expect_fsck_clean(repo, context);
  }
  EXPECT_GT(killed, 0) << "no run was interrupted: the delays are too long";
  // and a rerun after the last kill completes
  f.r.branch("xen/master", f.base);
  EXPECT_EQ(testing::run_patchflow(args, repo).exit_code, 0);
  EXPECT_EQ(rev_parse(repo, "xen/master^{tree}"), complete_tree);
}

TEST(CrashSafetyTest, KilledMaterializeLeavesEveryBranchAbsentOrComplete) {
  const testing::MiniStack s;
  const std::vector<std::string> branches = {
      "linux-2.6", "xen-unstable", "xen/core", "xen/dom0/core", "xen/dom0/backend/netback",
      "hv/physdev"};
  TempDir work;
  std::map<std::string, std::string> complete;
  for (const std::string& branch : branches) {
    complete[branch] = s.source_oid(branch);
  }
  Delays delays(testing::time_patchflow(
      {"--stack", s.root(), "--repo", work.path() + "/reference", "materialize"}, work.path()));
  int killed = 0;
  for (int i = 0; i < k_iterations; ++i) {
    // half the runs create the repository, half fill an existing empty one
    const std::string repo = work.path() + "/repo" + std::to_string(i);
    if (i % 2 == 1) {
      run_git({"init", "-q", repo}, work.path());
    }
    const std::vector<std::string> args = {"--stack", s.root(), "--repo", repo, "materialize"};
    const auto delay = delays.next();
    killed += testing::run_patchflow_and_kill(args, work.path(), delay).killed ? 1 : 0;
    const std::string context = "iteration " + std::to_string(i) + ", killed after " +
                                std::to_string(delay.count()) + " us";
    if (!std::filesystem::exists(repo + "/.git/HEAD") && !std::filesystem::exists(repo + "/HEAD")) {
      continue;  // killed before the repository existed: nothing to check, nothing to lose
    }
    for (const std::string& branch : branches) {
      const std::string value = ref_value(repo, "refs/heads/" + branch);
      EXPECT_TRUE(value.empty() || value == complete[branch])
          << context << ": " << branch << " at " << value;
    }
    expect_fsck_clean(repo, context);
    // a rerun completes what the killed run started; a kill while a ref was locked leaves
    // '<ref>.lock' (as git does), which the rerun names: removing it is the user's recovery
    testing::ProcessResult rerun = testing::run_patchflow(args, work.path());
    for (int locks = 0; rerun.exit_code == 3 && locks < 6; ++locks) {
      const std::size_t open = rerun.err.find("is locked: '");
      ASSERT_NE(open, std::string::npos) << context << "\n" << rerun.err;
      const std::size_t start = open + 12;
      const std::string lock = rerun.err.substr(start, rerun.err.find('\'', start) - start);
      EXPECT_TRUE(std::filesystem::remove(lock)) << context << ": " << lock;
      rerun = testing::run_patchflow(args, work.path());
    }
    EXPECT_EQ(rerun.exit_code, 0) << context << "\n" << rerun.err;
    for (const std::string& branch : branches) {
      EXPECT_EQ(ref_value(repo, "refs/heads/" + branch), complete[branch]) << context;
    }
    std::filesystem::remove_all(repo);
  }
  EXPECT_GT(killed, 0) << "no run was interrupted: the delays are too long";
}

TEST(CrashSafetyTest, KilledUpstreamLeavesNoBranchOrTheCompleteOne) {
  testing::ComposeFixture f;
  f.write_stack_files();
  const std::string repo = f.r.path();
  f.r.git({"config", "user.name", "Jeremy Fitzhardinge"});
  f.r.git({"config", "user.email", "jeremy@goop.org"});
  // mainline moves on; xen/b is picked onto the new tip
  const git::Oid tip = f.r.commit("mainline: more", {{"README", "linux 2.6.32\n"}}, {f.base});
  f.r.branch("master", tip);
  const std::vector<std::string> args = {"--stack", f.stack_dir.path(), "--repo",
                                         repo,      "upstream",         "xen/b"};
  const std::string ref = "refs/heads/upstream/xen/b";
  // exit 1 is fine: the fixture's commits carry no Signed-off-by, which upstream's checks report
  // after the branch is created
  Delays delays(testing::time_patchflow(args, repo, /*also_ok=*/1));
  const std::string complete_tree = rev_parse(repo, ref + "^{tree}");
  const std::string complete_message = run_git({"log", "-1", "--format=%B", ref}, repo);
  int killed = 0;
  for (int i = 0; i < k_iterations; ++i) {
    run_git({"update-ref", "-d", ref}, repo);
    const auto delay = delays.next();
    killed += testing::run_patchflow_and_kill(args, repo, delay).killed ? 1 : 0;
    remove_stale_lock(repo, ref);
    const std::string context = "iteration " + std::to_string(i) + ", killed after " +
                                std::to_string(delay.count()) + " us";
    const std::string value = ref_value(repo, ref);
    if (!value.empty()) {
      EXPECT_EQ(rev_parse(repo, value + "^{tree}"), complete_tree) << context;
      EXPECT_EQ(rev_parse(repo, value + "^"), tip.hex()) << context;
      EXPECT_EQ(run_git({"log", "-1", "--format=%B", value}, repo), complete_message) << context;
    }
    expect_fsck_clean(repo, context);
  }
  EXPECT_GT(killed, 0) << "no run was interrupted: the delays are too long";
}

// A writer killed while holding a ref's lock leaves '<ref>.lock' behind (git does the same). The
// next compose must say so, not claim the branch "moved meanwhile", and must move nothing.
TEST(CrashSafetyTest, StaleRefLockLeftByAKilledWriterIsNamed) {
  testing::ComposeFixture f;
  f.write_stack_files();
  f.r.branch("xen/master", f.base);
  const std::string lock = f.r.path() + "/.git/refs/heads/xen/master.lock";
  { std::ofstream(lock) << "half-written\n"; }
  const testing::ProcessResult r = testing::run_patchflow(
      {"--stack", f.stack_dir.path(), "--repo", f.r.path(), "compose", "xen/master"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err, "patchflow: error: 'refs/heads/xen/master' is locked: '" + lock +
                       "' exists (another git or patchflow is writing it; if none is running, "
                       "remove the file); not updated\n");
  EXPECT_EQ(f.r.resolve("refs/heads/xen/master"), f.base);
  std::filesystem::remove(lock);
  EXPECT_EQ(testing::run_patchflow(
                {"--stack", f.stack_dir.path(), "--repo", f.r.path(), "compose", "xen/master"})
                .exit_code,
            0);
}

}  // namespace
}  // namespace patchflow
