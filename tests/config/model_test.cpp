// What CI loops over: the stack's topic names, and its merge branches in an order they compose in.
#include "patchflow/config/model.hpp"

#include <gtest/gtest.h>

#include "patchflow/config/loader.hpp"

namespace patchflow::config {
namespace {

MergeBranch merge_branch(const std::string& name, const std::string& base) {
  MergeBranch m;
  m.name = name;
  m.base = base;
  return m;
}

TEST(StackNamesTest, TopicNamesInTheStacksOrder) {
  StackConfig stack;
  for (const char* name : {"xen/core", "xen/dom0/core", "hv/mca-dom0"}) {
    Topic topic;
    topic.name = name;
    stack.topics.push_back(topic);
  }
  EXPECT_EQ(stack.topic_names(),
            (std::vector<std::string>{"xen/core", "xen/dom0/core", "hv/mca-dom0"}));
  EXPECT_EQ(StackConfig{}.topic_names(), std::vector<std::string>{});
}

TEST(StackNamesTest, MergeBranchesComeAfterTheMergeBranchTheyAreBasedOn) {
  StackConfig stack;
  stack.merge_branches = {
      merge_branch("xen/dev", "xen/next"), merge_branch("hv/master", "xen-unstable"),
      merge_branch("xen/next", "xen/master"), merge_branch("xen/master", "linux-2.6")};
  EXPECT_EQ(stack.merge_branch_names(),
            (std::vector<std::string>{"hv/master", "xen/master", "xen/next", "xen/dev"}));
  // bases on mainline only: the stack's order
  stack.merge_branches = {merge_branch("b", "m"), merge_branch("a", "m")};
  EXPECT_EQ(stack.merge_branch_names(), (std::vector<std::string>{"b", "a"}));
  // a cycle (which validation rejects) still lists every merge branch once
  stack.merge_branches = {merge_branch("x", "y"), merge_branch("y", "x"), merge_branch("z", "m")};
  EXPECT_EQ(stack.merge_branch_names(), (std::vector<std::string>{"z", "x", "y"}));
}

TEST(StackNamesTest, TheBundledStacksMergeBranchesComposeInOrder) {
  const StackConfig stack = load_stack(PATCHFLOW_SOURCE_DIR);
  const auto names = stack.merge_branch_names();
  ASSERT_EQ(names.size(), stack.merge_branches.size());
  for (const auto& m : stack.merge_branches) {
    const auto at = std::find(names.begin(), names.end(), m.name);
    ASSERT_NE(at, names.end()) << m.name;
    if (stack.find_merge_branch(m.base) != nullptr) {
      EXPECT_LT(std::find(names.begin(), names.end(), m.base), at) << m.name << " on " << m.base;
    }
  }
}

}  // namespace
}  // namespace patchflow::config
