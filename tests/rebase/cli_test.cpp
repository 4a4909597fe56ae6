// patchflow rebase end to end: exit 0 when clean, 3 on a conflict (nothing moved), 2 for an
// unknown topic; --undo and resolve --rebase through the binary.
#include <gtest/gtest.h>

#include "rebase/rebase_fixture.hpp"
#include "support/process.hpp"

namespace patchflow {
namespace {

using testing::RebaseFixture;
using testing::run_patchflow;

void write_stack(RebaseFixture& f) {
  f.stack_dir.write("stack/stack.yaml",
                    "name: t\ncomponents:\n  - name: linux\n    mainline: master\n");
  f.stack_dir.write("topics/xen-a.yaml", "name: xen/a\ncomponent: linux\n");
  f.stack_dir.write("topics/xen-b.yaml", "name: xen/b\ncomponent: linux\ndepends: [xen/a]\n");
  f.stack_dir.write("topics/xen-c.yaml", "name: xen/c\ncomponent: linux\n");
  f.r.git({"config", "user.name", "Rebase Tester"});
  f.r.git({"config", "user.email", "rebase@example.org"});
}

std::vector<std::string> with(const RebaseFixture& f, std::vector<std::string> args) {
  args.insert(args.begin(), {"--stack", f.stack_dir.path(), "--repo", f.r.path()});
  return args;
}

TEST(RebaseCliTest, RebaseExitsZeroAndUndoRestores) {
  RebaseFixture f;
  write_stack(f);
  const git::Oid old_b = f.tip("xen/b");
  f.advance("mainline: readme", {{"README", "linux 2.6.33\n"}});
  const testing::ProcessResult dry = run_patchflow(with(f, {"rebase", "--dry-run"}));
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("3 branches would move (dry run)"), std::string::npos) << dry.out;
  EXPECT_EQ(f.tip("xen/b"), old_b);
  const testing::ProcessResult moved = run_patchflow(with(f, {"rebase"}));
  EXPECT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_NE(moved.out.find("3 branches moved; undo: patchflow rebase --undo"), std::string::npos)
      << moved.out;
  EXPECT_NE(f.tip("xen/b"), old_b);
  const testing::ProcessResult undone = run_patchflow(with(f, {"rebase", "--undo"}));
  EXPECT_EQ(undone.exit_code, 0) << undone.err;
  EXPECT_EQ(f.tip("xen/b"), old_b);
  const testing::ProcessResult unknown = run_patchflow(with(f, {"rebase", "xen/nope"}));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err, "patchflow: error: unknown topic 'xen/nope'\n");
}

TEST(RebaseCliTest, ConflictExitsThreeThenResolveRebaseRecordsTheFix) {
  RebaseFixture f;
  write_stack(f);
  const git::Oid old_a = f.tip("xen/a");
  f.advance("mainline: events", {{"drivers/xen/events.c", "int a;\nint z;\n"}});
  const testing::ProcessResult conflict = run_patchflow(with(f, {"rebase"}));
  EXPECT_EQ(conflict.exit_code, 3);
  EXPECT_NE(conflict.out.find("    drivers/xen/events.c: content, 1 hunk at line"),
            std::string::npos)
      << conflict.out;
  EXPECT_NE(conflict.err.find("conflicts in 'drivers/xen/events.c'; no ref moved"),
            std::string::npos)
      << conflict.err;
  EXPECT_EQ(f.tip("xen/a"), old_a);
  const std::string resolved = f.stack_dir.write("work/events.c", "int a;\nint z;\nint b;\n");
  const testing::ProcessResult recorded =
      run_patchflow(with(f, {"resolve", "--rebase", "xen/a", "drivers/xen/events.c", resolved}));
  EXPECT_EQ(recorded.exit_code, 0) << recorded.err;
  const testing::ProcessResult rebased = run_patchflow(with(f, {"rebase"}));
  EXPECT_EQ(rebased.exit_code, 0) << rebased.err;
  EXPECT_NE(rebased.out.find("resolved drivers/xen/events.c with the recorded resolution"),
            std::string::npos)
      << rebased.out;
  EXPECT_EQ(f.r.read(f.tip("xen/b"), "drivers/xen/events.c"), "int a;\nint z;\nint b;\n");
}

}  // namespace
}  // namespace patchflow
