// The binary end to end, one test per exit code (needs config::load_stack).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compose/compose_fixture.hpp"
#include "patchflow/core/json.hpp"
#include "support/process.hpp"

namespace patchflow {
namespace {

using testing::ComposeFixture;
using testing::run_patchflow;

// The fixture's stack written as files, so the CLI loads it.
void write_stack(ComposeFixture& f, const std::string& topics) {
  f.stack_dir.write("stack/stack.yaml",
                    "name: t\ncomponents:\n  - name: linux\n    mainline: master\n");
  for (const char* name : {"a", "b", "c"}) {
    f.stack_dir.write(std::string("topics/xen-") + name + ".yaml",
                      std::string("name: xen/") + name + "\ncomponent: linux\n");
  }
  f.stack_dir.write("merge-branches/xen-master.yaml",
                    "name: xen/master\ncomponent: linux\nbase: master\ntopics: " + topics + "\n");
}

TEST(ComposeCliTest, ComposeSucceedsWithExitZeroAndRecomposeIsUpToDate) {
  ComposeFixture f;
  write_stack(f, "[xen/a, xen/b]");
  const std::vector<std::string> args = {"--stack",  f.stack_dir.path(), "--repo",
                                         f.r.path(), "compose",          "xen/master"};
  const testing::ProcessResult first = run_patchflow(args);
  EXPECT_EQ(first.exit_code, 0) << first.err;
  const git::Oid tip = f.r.resolve("refs/heads/xen/master");
  EXPECT_NE(first.out.find("moved xen/master (none) -> " + tip.short_hex() + " (2 new commits)"),
            std::string::npos)
      << first.out;
  const testing::ProcessResult again = run_patchflow(args);
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("xen/master is up to date at " + tip.short_hex()), std::string::npos);
  std::vector<std::string> json_args = args;
  json_args.insert(json_args.begin(), "--json");
  const testing::ProcessResult json = run_patchflow(json_args);
  const nlohmann::json parsed = patchflow::parse_json(json.out);
  EXPECT_EQ(parsed["new_tip"], tip.hex());
  EXPECT_EQ(parsed["new_commits"], 0);
}

TEST(ComposeCliTest, ConflictExitsThreeAndMovesNothing) {
  ComposeFixture f;
  write_stack(f, "[xen/a, xen/b, xen/c]");
  f.r.branch("xen/master", f.base);
  const testing::ProcessResult result =
      run_patchflow({"--stack", f.stack_dir.path(), "--repo", f.r.path(), "compose", "xen/master"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.err,
            "patchflow: error: 'xen/c' conflicts with 'xen/a' in 'drivers/xen/events.c'; "
            "'xen/master' not moved\n");
  EXPECT_EQ(f.r.resolve("refs/heads/xen/master"), f.base);
}

TEST(ComposeCliTest, ResolveRecordsAndTheNextComposeUsesIt) {
  ComposeFixture f;
  write_stack(f, "[xen/a, xen/b, xen/c]");
  const std::string resolved = f.stack_dir.write("work/events.c", "int b;\nint c;\n");
  const std::vector<std::string> global = {"--stack", f.stack_dir.path(), "--repo", f.r.path()};
  std::vector<std::string> args = global;
  args.insert(args.end(), {"resolve", "xen/master", "xen/c", "drivers/xen/events.c", resolved});
  const testing::ProcessResult recorded = run_patchflow(args);
  EXPECT_EQ(recorded.exit_code, 0) << recorded.err;
  args = global;
  args.insert(args.end(), {"compose", "xen/master"});
  const testing::ProcessResult composed = run_patchflow(args);
  EXPECT_EQ(composed.exit_code, 0) << composed.err;
  EXPECT_NE(composed.out.find("resolved drivers/xen/events.c with the recorded resolution"),
            std::string::npos)
      << composed.out;
  EXPECT_EQ(f.r.read(f.r.resolve("refs/heads/xen/master"), "drivers/xen/events.c"),
            "int b;\nint c;\n");
}

TEST(ComposeCliTest, VerifyFindingsExitOneAndUnknownMergeBranchExitsTwo) {
  ComposeFixture f;
  write_stack(f, "[xen/a, xen/b]");
  f.r.branch("xen/c",
             f.r.commit("xen/c: on a", {{"c.c", "c\n"}}, {f.r.resolve("refs/heads/xen/a")}));
  const testing::ProcessResult verify =
      run_patchflow({"--stack", f.stack_dir.path(), "--repo", f.r.path(), "verify"});
  EXPECT_EQ(verify.exit_code, 1) << verify.err;
  EXPECT_NE(verify.out.find("topics/xen-c.yaml:1:1: error: [UNDECLARED_DEPENDENCY] topic "
                            "'xen/c' contains commit"),
            std::string::npos)
      << verify.out;
  const testing::ProcessResult unknown =
      run_patchflow({"--stack", f.stack_dir.path(), "--repo", f.r.path(), "compose", "xen/nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err, "patchflow: error: unknown merge branch 'xen/nope'\n");
}

}  // namespace
}  // namespace patchflow
