// Concurrency: two composes of one merge branch at once, and a compose racing a user's push to a
// topic. Exactly one outcome wins, the loser says so, and the repository stays consistent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <latch>
#include <thread>

#include "compose/compose_fixture.hpp"
#include "patchflow/core/text.hpp"
#include "reliability/kill_process.hpp"
#include "support/process.hpp"

namespace patchflow {
namespace {

using testing::run_git;

void expect_fsck_strictly_clean(const std::string& repo) {
  const testing::ProcessResult fsck =
      testing::run_process({"git", "fsck", "--strict", "--no-dangling"}, repo);
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
  EXPECT_EQ(fsck.err, "");
}

// Two patchflow processes compose xen/master at once; both read the old tip, then both pause
// just before the compare-and-swap (the CLI's test hook), so their writes really race.
TEST(ConcurrencyTest, TwoComposeProcessesExactlyOneWinsTheOtherExitsThree) {
  testing::ComposeFixture f;
  f.write_stack_files();
  f.r.branch("xen/master", f.base);
  const std::vector<std::string> args = {"--stack",  f.stack_dir.path(), "--repo",
                                         f.r.path(), "compose",          "xen/master"};
  const std::string err_dir = f.stack_dir.path() + "/err";
  std::filesystem::create_directories(err_dir);
  setenv("PATCHFLOW_TEST_PAUSE_BEFORE_REF_UPDATE_MS", "1500", 1);
  const testing::Running first = testing::start_patchflow(args, f.r.path(), err_dir + "/1");
  const testing::Running second = testing::start_patchflow(args, f.r.path(), err_dir + "/2");
  unsetenv("PATCHFLOW_TEST_PAUSE_BEFORE_REF_UPDATE_MS");
  const int codes[] = {testing::wait_patchflow(first), testing::wait_patchflow(second)};
  const std::string errs[] = {text::read_file(err_dir + "/1"), text::read_file(err_dir + "/2")};
  const int winner = codes[0] == 0 ? 0 : 1;
  const int loser = 1 - winner;
  ASSERT_EQ(codes[winner], 0) << errs[winner];
  ASSERT_EQ(codes[loser], 3) << errs[loser];
  const git::Oid tip = f.r.resolve("refs/heads/xen/master");
  EXPECT_NE(tip, f.base);
  EXPECT_EQ(errs[loser], "patchflow: error: 'refs/heads/xen/master' moved meanwhile (expected " +
                             f.base.short_hex() + ", found " + tip.short_hex() +
                             "); not updated\n");
  // the winner's result is complete: both topics merged on the base
  EXPECT_EQ(run_git({"rev-parse", "xen/master~2", "xen/master^2", "xen/master~1^2"}, f.r.path()),
            f.base.hex() + "\n" + f.r.resolve("refs/heads/xen/b").hex() + "\n" +
                f.r.resolve("refs/heads/xen/a").hex() + "\n");
  // exactly one reflog entry: the loser wrote nothing to the ref
  const std::string reflog =
      run_git({"reflog", "show", "--format=%H", "refs/heads/xen/master"}, f.r.path());
  EXPECT_EQ(text::split_lines(reflog).size(), 2u);
  expect_fsck_strictly_clean(f.r.path());
}

// The same race in one process, two threads with their own repository handles: deterministic,
// because both wait for each other just before the compare-and-swap.
TEST(ConcurrencyTest, TwoComposeThreadsExactlyOneMovesTheBranch) {
  testing::ComposeFixture f;
  f.r.branch("xen/master", f.base);
  std::latch both_computed(2);
  std::optional<compose::ComposeResult> results[2];
  std::optional<Error> errors[2];
  auto run = [&](int i) {
    git::Repository repo = git::open_repository(f.r.path());
    compose::Options options{.merge_branch = "xen/master",
                             .identity = "racer " + std::to_string(i) + " <r@example.org>",
                             .before_ref_update = [&] { both_computed.arrive_and_wait(); }};
    try {
      results[i] = compose::run(*repo, f.stack, options);
    } catch (const Error& e) {
      errors[i] = e;
    }
  };
  std::thread one(run, 0);
  std::thread two(run, 1);
  one.join();
  two.join();
  ASSERT_EQ(results[0].has_value() + results[1].has_value(), 1);
  const int winner = results[0] ? 0 : 1;
  ASSERT_TRUE(errors[1 - winner].has_value());
  EXPECT_EQ(errors[1 - winner]->exit_code(), ExitCode::git);
  EXPECT_EQ(f.r.resolve("refs/heads/xen/master"), *results[winner]->new_tip);
  EXPECT_NE(std::string(errors[1 - winner]->what()).find("moved meanwhile"), std::string::npos)
      << errors[1 - winner]->what();
  expect_fsck_strictly_clean(f.r.path());
}

// A user pushes a new commit to topic xen/a while compose runs (after compose read it, before
// the merge branch moves). The compose result is consistent with what it read, and the next
// compose picks the push up: nothing of the push is lost, nothing half-merged.
TEST(ConcurrencyTest, ComposeRacingAPushToATopicMergesWhatItReadAndTheNextPicksItUp) {
  testing::ComposeFixture f;
  f.r.branch("xen/master", f.base);
  const git::Oid read_tip = f.r.resolve("refs/heads/xen/a");
  const git::Oid pushed = f.r.commit(
      "xen/a: more", {{"drivers/xen/Makefile", "obj-y += events.o grant.o\n"}}, {read_tip});
  const compose::ComposeResult raced = f.compose({.before_ref_update = [&] {
    f.r.git({"update-ref", "refs/heads/xen/a", pushed.hex()});
  }});
  ASSERT_TRUE(raced.moved);
  EXPECT_EQ(raced.topics[0].tip, read_tip);
  EXPECT_EQ(f.r.resolve("refs/heads/xen/a"), pushed);  // the push survived
  const std::string tip = f.r.resolve("refs/heads/xen/master").hex();
  EXPECT_EQ(run_git({"rev-parse", tip + "~1^2"}, f.r.path()), read_tip.hex() + "\n");
  EXPECT_EQ(f.r.read(*raced.new_tip, "drivers/xen/Makefile"), "obj-y += events.o\n");
  expect_fsck_strictly_clean(f.r.path());

  const compose::ComposeResult next = f.compose();
  ASSERT_TRUE(next.moved);
  EXPECT_EQ(next.topics[0].tip, pushed);
  EXPECT_EQ(f.r.read(*next.new_tip, "drivers/xen/Makefile"), "obj-y += events.o grant.o\n");
  EXPECT_EQ(run_git({"merge-base", "--is-ancestor", pushed.hex(), next.new_tip->hex()}, f.r.path()),
            "");
  expect_fsck_strictly_clean(f.r.path());
}

}  // namespace
}  // namespace patchflow
