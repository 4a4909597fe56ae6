// The bundled stack (PATCHFLOW_SOURCE_DIR) formatted as series: git am (the referee) applies a
// topic's series on its base giving the topic's tree, and routing addresses the swiotlb hook
// patches to the SWIOTLB maintainer.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "patchflow/config/loader.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/materialize/materialize.hpp"
#include "patchflow/series/addressing.hpp"
#include "patchflow/series/series.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {
namespace {

class BundledSeriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(PATCHFLOW_SOURCE_DIR "/stack/stack.yaml")) {
      GTEST_SKIP() << "the bundled stack is not in this checkout";
    }
    m_stack = config::load_stack(PATCHFLOW_SOURCE_DIR);
    materialize::materialize_at(m_dir.path() + "/repo", m_stack, {});
    m_repo = git::open_repository(m_dir.path() + "/repo");
  }

  series::Series format(const std::string& topic) {
    const series::Range range = stack::resolve_target(*m_repo, &m_stack, topic);
    m_addressing = series::route_addressing(*m_repo, range, range.policy);
    series::Options options;
    options.identity = {"Jeremy Fitzhardinge", "jeremy@goop.org"};
    options.now = 1258624800;
    options.recipients = series::recipients_from(m_addressing);
    return series::build_series(*m_repo, range, m_stack.find_topic(topic), options);
  }

  std::string git(const std::vector<std::string>& args, const std::string& dir = "") {
    return std::string(text::trim(run_git(args, dir.empty() ? m_dir.path() + "/repo" : dir)));
  }

  // git am of the series' patches (no cover letter) on the parent of its first commit.
  void expect_git_am_gives_topic_tree(const std::string& topic) {
    const series::Series series = format(topic);
    std::string mbox;
    for (const series::Message& message : series.messages) {
      if (message.number > 0) {
        mbox += (mbox.empty() ? "" : "\n") + message.text;
      }
    }
    const std::string file = m_dir.write(topic_slug(topic) + ".mbox", mbox);
    const std::string work = m_dir.path() + "/am-" + topic_slug(topic);
    const git::Oid first = series.range.commits.front();
    git({"worktree", "add", "-q", "--detach", work, first.hex() + "~1"});
    run_git({"am", "-q", "--keep-cr", file}, work);
    EXPECT_EQ(git({"rev-parse", "HEAD^{tree}"}, work),
              git({"rev-parse", series.range.tip.hex() + "^{tree}"}))
        << topic;
    EXPECT_EQ(git({"rev-list", "--count", first.hex() + "~1..HEAD"}, work),
              std::to_string(series.range.commits.size()));
  }

  static std::string topic_slug(std::string name) {
    std::replace(name.begin(), name.end(), '/', '-');
    return name;
  }

  TempDir m_dir;
  config::StackConfig m_stack;
  git::Repository m_repo;
  series::Addressing m_addressing;
};

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST_F(BundledSeriesTest, GitAmAppliesNetbackSeriesOnItsBaseGivingTheTopicTree) {
  expect_git_am_gives_topic_tree("xen/dom0/backend/netback");
}

TEST_F(BundledSeriesTest, GitAmAppliesSwiotlbSeriesOnItsBaseGivingTheTopicTree) {
  expect_git_am_gives_topic_tree("xen/swiotlb");
}

TEST_F(BundledSeriesTest, SwiotlbHookPatchesGoToTheSwiotlbMaintainer) {
  const series::Series series = format("xen/swiotlb");
  ASSERT_EQ(series.messages.size(), 5u);  // cover + 4
  const std::string fujita = "FUJITA Tomonori <fujita.tomonori@lab.ntt.co.jp>";
  const std::string konrad = "Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>";
  const series::Message& hook = series.messages[1];
  EXPECT_EQ(hook.subject, "swiotlb: let the platform provide the bounce buffer");
  EXPECT_TRUE(contains(hook.to, fujita)) << text::join(hook.to, ", ");
  EXPECT_TRUE(contains(hook.cc, "xen-devel@lists.xensource.com")) << text::join(hook.cc, ", ");
  EXPECT_NE(hook.text.find("\nTo: " + fujita), std::string::npos);
  EXPECT_TRUE(contains(series.messages[2].to, fujita));
  // swiotlb-xen itself is Konrad's, not the SWIOTLB maintainer's.
  const series::Message& xen = series.messages[4];
  EXPECT_TRUE(contains(xen.to, konrad)) << text::join(xen.to, ", ");
  EXPECT_FALSE(contains(xen.to, fujita));
  // The cover letter reaches both.
  EXPECT_TRUE(contains(series.messages[0].to, fujita));
  EXPECT_TRUE(contains(series.messages[0].to, konrad));
}

}  // namespace
}  // namespace patchflow::testing
