// The bundled stack (PATCHFLOW_SOURCE_DIR) materialized, then composed and verified.
#include <gtest/gtest.h>

#include <filesystem>

#include "patchflow/compose/compose.hpp"
#include "patchflow/compose/verify.hpp"
#include "patchflow/config/loader.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/materialize/materialize.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow {
namespace {

using testing::TempDir;

class BundledComposeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(PATCHFLOW_SOURCE_DIR "/merge-branches/xen-master.yaml")) {
      GTEST_SKIP() << "the bundled stack is not in this checkout";
    }
    m_stack = config::load_stack(PATCHFLOW_SOURCE_DIR);
    materialize::materialize_at(m_dir.path(), m_stack, {});
    m_repo = git::open_repository(m_dir.path());
  }

  compose::ComposeResult compose(const std::string& name) {
    return compose::run(*m_repo, m_stack, {.merge_branch = name});
  }

  TempDir m_dir;
  config::StackConfig m_stack;
  git::Repository m_repo;
};

TEST_F(BundledComposeTest, XenMasterAndXenNextComposeAndTheTreeBuilds) {
  const compose::ComposeResult master = compose("xen/master");
  ASSERT_TRUE(master.ok()) << master.error << compose::format_text(master, false);
  const config::MergeBranch& def = m_stack.merge_branch("xen/master");
  ASSERT_EQ(master.topics.size(), def.topics.size());
  for (std::size_t i = 0; i < def.topics.size(); ++i) {
    EXPECT_EQ(git::commit_message(*m_repo, master.topics[i].commit),
              "Merge branch '" + def.topics[i] + "' into xen/master\n");
  }
  // The apic/pci conflict in drivers/xen/events.c is settled by the recorded resolution.
  bool resolved = false;
  for (const compose::TopicStep& step : master.topics) {
    resolved = resolved || !step.resolved.empty();
  }
  EXPECT_TRUE(resolved);
  EXPECT_EQ(git::resolve_ref(*m_repo, "xen/master"), master.new_tip);
  const compose::ComposeResult next = compose("xen/next");
  ASSERT_TRUE(next.ok()) << next.error;
  EXPECT_EQ(git::commit_parents(*git::lookup_commit(*m_repo, next.topics.front().commit)).front(),
            *master.new_tip);
  // Nothing changed: nothing new.
  EXPECT_EQ(compose("xen/master").new_commits(), 0u);
  // The composed tree builds with the policy's command, as git sees it.
  TempDir tree;
  testing::run_git({"--work-tree=" + tree.path(), "checkout", "xen/master", "--", "."},
                   m_dir.path());
  const std::string build = m_stack.policy_for("linux").build;
  const testing::ProcessResult built = testing::run_process({"/bin/sh", "-c", build}, tree.path());
  EXPECT_EQ(built.exit_code, 0) << built.out << built.err;
  // And the rules hold on the composed repository.
  const compose::VerifyResult verified = compose::verify(*m_repo, m_stack, {});
  EXPECT_FALSE(has_errors(verified.findings)) << compose::format_text(verified, false);
}

TEST_F(BundledComposeTest, FastPathAndFullMergeGiveTheSameXenMaster) {
  const compose::ComposeResult fast =
      compose::run(*m_repo, m_stack, {.merge_branch = "xen/master", .dry_run = true});
  const compose::ComposeResult full = compose::run(
      *m_repo, m_stack, {.merge_branch = "xen/master", .dry_run = true, .full_merge_only = true});
  ASSERT_TRUE(fast.ok() && full.ok());
  EXPECT_EQ(fast.new_tip->hex(), full.new_tip->hex());
}

}  // namespace
}  // namespace patchflow
