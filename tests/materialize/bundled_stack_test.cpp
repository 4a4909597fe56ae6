// The bundled stack (PATCHFLOW_SOURCE_DIR) materialized end to end.
#include <gtest/gtest.h>

#include <filesystem>

#include "patchflow/config/loader.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/materialize/materialize.hpp"
#include "patchflow/stack/topic_status.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::materialize {
using testing::run_git;
using testing::TempDir;

namespace {

class BundledStackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(PATCHFLOW_SOURCE_DIR "/stack/stack.yaml")) {
      GTEST_SKIP() << "the bundled stack is not in this checkout";
    }
    m_stack = config::load_stack(PATCHFLOW_SOURCE_DIR);
    m_result = materialize_at(m_dir.path(), m_stack, {});
  }

  std::string git(const std::vector<std::string>& args) {
    return std::string(text::trim(run_git(args, m_dir.path())));
  }

  TempDir m_dir;
  config::StackConfig m_stack;
  Result m_result;
};

}  // namespace

// One work tree per component, switched from topic to topic: git rewrites only the files a
// topic changes, so make rebuilds only those; each tip is still built, and fully checked.
TEST_F(BundledStackTest, EveryTopicTipBuildsWithItsComponentsBuildCommand) {
  TempDir trees;
  for (const config::Component& component : m_stack.stack.components) {
    const std::string build = m_stack.policy_for(component.name).build;
    ASSERT_FALSE(build.empty()) << component.name;
    const std::string tree = trees.path() + "/" + component.name;
    git({"worktree", "add", "-q", "--detach", tree, "refs/heads/" + component.mainline});
    for (const config::Topic& topic : m_stack.topics) {
      if (topic.component != component.name) {
        continue;
      }
      run_git({"checkout", "-q", "--detach", "refs/heads/" + topic.branch}, tree);
      const auto r = testing::run_process({"/bin/sh", "-c", build}, tree);
      EXPECT_EQ(r.exit_code, 0) << topic.name << ":\n" << r.out << r.err;
    }
  }
}

TEST_F(BundledStackTest, EveryBranchIsCreatedAndASecondRunChangesNothing) {
  std::size_t topics_with_series = 0;
  for (const config::Topic& topic : m_stack.topics) {
    topics_with_series += topic.series.empty() ? 0 : 1;
  }
  EXPECT_EQ(m_result.refs.size(), m_stack.stack.components.size() + topics_with_series);
  for (const RefResult& ref : m_result.refs) {
    EXPECT_EQ(ref.status, RefStatus::created) << ref.ref;
  }
  const std::string refs = git({"for-each-ref", "--format=%(refname) %(objectname)"});
  const Result again = materialize_at(m_dir.path(), m_stack, {});
  for (const RefResult& ref : again.refs) {
    EXPECT_EQ(ref.status, RefStatus::up_to_date) << ref.ref;
  }
  EXPECT_EQ(git({"for-each-ref", "--format=%(refname) %(objectname)"}), refs);
  // Reproducible: another repository gets the very same commit ids.
  TempDir other;
  const Result elsewhere = materialize_at(other.path(), m_stack, {});
  for (std::size_t i = 0; i < elsewhere.refs.size(); ++i) {
    EXPECT_EQ(elsewhere.refs[i].target, m_result.refs[i].target) << elsewhere.refs[i].ref;
  }
}

TEST_F(BundledStackTest, GitAmOfEachTopicGivesTheSameTree) {
  for (const config::Topic& topic : m_stack.topics) {
    if (topic.series.empty()) {
      continue;
    }
    const std::string base = topic.depends.empty() ? m_stack.component(topic.component).mainline
                                                   : m_stack.topic(topic.depends[0]).branch;
    git({"checkout", "-q", "--detach", "refs/heads/" + base});
    git({"am", "-q", m_stack.path(topic.series)});
    EXPECT_EQ(git({"rev-parse", "HEAD^{tree}"}),
              git({"rev-parse", "refs/heads/" + topic.branch + "^{tree}"}))
        << topic.name;
    EXPECT_EQ(git({"rev-list", "--count", "refs/heads/" + base + "..HEAD"}),
              git({"rev-list", "--count", "refs/heads/" + base + ".." + topic.branch}))
        << topic.name;
  }
}

TEST_F(BundledStackTest, NetbackDeclaresDom0CoreAndReallyContainsIt) {
  const git::Repository repo = git::open_repository(m_dir.path());
  const stack::TopicsReport report = stack::topic_status(*repo, m_stack);
  bool found = false;
  for (const stack::TopicStatus& t : report.topics) {
    EXPECT_TRUE(t.based_on_mainline) << t.name;
    EXPECT_GT(t.ahead, 0u) << t.name;
    if (t.name == "xen/dom0/backend/netback") {
      found = true;
      EXPECT_NE(std::find(t.declared_depends.begin(), t.declared_depends.end(), "xen/dom0/core"),
                t.declared_depends.end());
      EXPECT_NE(std::find(t.actual_depends.begin(), t.actual_depends.end(), "xen/dom0/core"),
                t.actual_depends.end());
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace patchflow::materialize
