// Crash safety of am and trailers: SIGKILLed at seeded random points, every topic ref holds its
// old value or a complete new one (git fsck --strict, the referee, finds nothing wrong). Ended
// by the test hook between two ref writes of one move (PATCHFLOW_TEST_ABORT_AFTER_REF_WRITES),
// the refs are mixed until the next patchflow command finishes (or undoes) the move from its
// journal.
#include <filesystem>
#include <map>
#include <random>

#include "intake/intake_fixture.hpp"
#include "reliability/kill_process.hpp"

namespace patchflow::testing {
namespace {

constexpr int k_iterations = 12;

class IntakeCrashTest : public IntakeTest {
 protected:
  void SetUp() override {
    IntakeTest::SetUp();
    if (IsSkipped()) {
      return;
    }
    git({"config", "user.name", "Jeremy Fitzhardinge"});
    git({"config", "user.email", "jeremy@goop.org"});
  }

  std::string value(const std::string& ref) {
    const ProcessResult r = run_process({"git", "rev-parse", "--verify", "-q", ref}, repo_path());
    return r.exit_code == 0 ? std::string(text::trim(r.out)) : std::string();
  }

  void expect_fsck_clean(const std::string& context) {
    const ProcessResult fsck =
        run_process({"git", "fsck", "--strict", "--no-dangling"}, repo_path());
    EXPECT_EQ(fsck.exit_code, 0) << context << "\n" << fsck.out << fsck.err;
  }

  std::vector<std::string> args(const std::vector<std::string>& command) {
    std::vector<std::string> all{"--stack", PATCHFLOW_SOURCE_DIR, "--repo", repo_path()};
    all.insert(all.end(), command.begin(), command.end());
    return all;
  }

  std::chrono::microseconds next_delay(std::chrono::microseconds run) {
    std::uniform_int_distribution<long> pick(0, run.count() * 11 / 10);
    return std::chrono::microseconds(pick(m_random));
  }

  std::mt19937 m_random{20091119};

  // The journals under .git/patchflow/ (a move under way, or one a crash left).
  std::size_t journals() {
    std::size_t count = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(repo_path() + "/.git/patchflow", ec), end;
         !ec && it != end; it.increment(ec)) {
      count += it->path().extension() == ".journal" ? 1 : 0;
    }
    return count;
  }

  // `patchflow <args>` ended by the test hook once it has written `after` refs of a move.
  ProcessResult run_aborted(const std::vector<std::string>& command, int after) {
    return run_patchflow(command, m_dir.path(),
                         {{"PATCHFLOW_TEST_ABORT_AFTER_REF_WRITES", std::to_string(after)}});
  }

  bool is_ancestor(const std::string& ancestor, const std::string& tip) {
    return run_process({"git", "merge-base", "--is-ancestor", ancestor, tip}, repo_path())
               .exit_code == 0;
  }

  // xen/core and every topic built on it, as trailers moves them: xen/core first.
  std::vector<std::string> core_and_dependents() {
    std::vector<std::string> topics{"xen/core"};
    for (const config::Topic& topic : m_stack.topics) {
      if (topic.branch != "xen/core" && topic.component == "linux" &&
          is_ancestor(value("xen/core"), value(topic.branch))) {
        topics.push_back(topic.branch);
      }
    }
    return topics;
  }

  std::string core_replies(const series::Series& v1) {
    return m_dir.write("replies.mbox",
                       reply("R <r@example.com>", "Re: [PATCH 2/2] " + v1.messages[2].subject,
                             v1.messages[2].message_id, "Reviewed-by: R <r@example.com>\n", "r@x"));
  }

  // A copy of the bundled stack that am --new may write topics/<name>.yaml into.
  std::string copy_stack() {
    const std::string dir = m_dir.path() + "/stack-copy";
    std::filesystem::create_directories(dir);
    for (const char* folder : {"stack", "topics", "merge-branches", "policies"}) {
      std::filesystem::copy(std::string(PATCHFLOW_SOURCE_DIR) + "/" + folder, dir + "/" + folder,
                            std::filesystem::copy_options::recursive);
    }
    return dir;
  }
};

TEST_F(IntakeCrashTest, KilledAmLeavesTheOldTipOrTheWholeSeries) {
  const series::Series v1 = format("xen/dom0/apic", 1);
  const std::string complete_tree = value("xen/dom0/apic^{tree}");
  const std::string base = value("xen/dom0/apic~3");
  const std::vector<std::string> am =
      args({"am", m_dir.write("thread.mbox", mbox_of(v1)), "--topic", "xen/dom0/apic"});
  git({"branch", "-f", "xen/dom0/apic", base});
  const auto run = time_patchflow(am, m_dir.path());
  int killed = 0;
  for (int i = 0; i < k_iterations; ++i) {
    git({"branch", "-f", "xen/dom0/apic", base});
    const auto delay = next_delay(run);
    killed += run_patchflow_and_kill(am, m_dir.path(), delay).killed ? 1 : 0;
    std::filesystem::remove(repo_path() + "/.git/refs/heads/xen/dom0/apic.lock");
    const std::string context = "iteration " + std::to_string(i);
    const std::string tip = value("refs/heads/xen/dom0/apic");
    if (tip != base) {
      EXPECT_EQ(value(tip + "^{tree}"), complete_tree) << context;
      EXPECT_EQ(value(tip + "~3"), base) << context;
    }
    expect_fsck_clean(context);
  }
  EXPECT_GT(killed, 0) << "no run was interrupted: the delays are too long";
}

TEST_F(IntakeCrashTest, KilledTrailersLeavesEachTopicOldOrComplete) {
  const series::Series v1 = format("xen/core", 1);
  const std::string replies = m_dir.write(
      "replies.mbox", reply("R <r@example.com>", "Re: [PATCH 2/2] " + v1.messages[2].subject,
                            v1.messages[2].message_id, "Reviewed-by: R <r@example.com>\n", "r@x"));
  std::vector<std::string> topics;
  std::map<std::string, std::string> old_tips, trees;
  for (const config::Topic& topic : m_stack.topics) {
    if (topic.component == "linux") {
      topics.push_back(topic.branch);
      old_tips[topic.branch] = value(topic.branch);
      trees[topic.branch] = value(topic.branch + "^{tree}");
    }
  }
  const std::vector<std::string> command = args({"trailers", "xen/core", "--from", replies});
  auto reset = [&] {
    for (const std::string& t : topics) {
      git({"branch", "-f", t, old_tips[t]});
    }
  };
  const auto run = time_patchflow(command, m_dir.path());
  int killed = 0;
  for (int i = 0; i < k_iterations; ++i) {
    reset();
    const auto delay = next_delay(run);
    killed += run_patchflow_and_kill(command, m_dir.path(), delay).killed ? 1 : 0;
    const std::string context = "iteration " + std::to_string(i);
    for (const std::string& t : topics) {
      std::filesystem::remove(repo_path() + "/.git/refs/heads/" + t + ".lock");
      const std::string tip = value("refs/heads/" + t);
      EXPECT_EQ(value(tip + "^{tree}"), trees[t]) << context << " " << t;
      if (tip != old_tips[t]) {
        EXPECT_EQ(git({"rev-list", "--count", "linux-2.6.." + tip}),
                  git({"rev-list", "--count", "linux-2.6.." + old_tips[t]}))
            << context << " " << t;
      }
    }
    expect_fsck_clean(context);
  }
  EXPECT_GT(killed, 0) << "no run was interrupted: the delays are too long";
}

TEST_F(IntakeCrashTest, TrailersAbortedAfterItsFirstRefWriteIsFinishedByTheNextCommand) {
  const series::Series v1 = format("xen/core", 1);
  const std::vector<std::string> topics = core_and_dependents();
  ASSERT_GE(topics.size(), 4u);
  std::map<std::string, std::string> old_tips;
  for (const std::string& t : topics) {
    old_tips[t] = value(t);
  }
  const ProcessResult aborted =
      run_aborted(args({"trailers", "xen/core", "--from", core_replies(v1)}), 1);
  EXPECT_EQ(aborted.exit_code, 137) << aborted.out << aborted.err;
  // what a crash between two ref writes leaves: xen/core moved, the topics on it not yet
  const std::string new_core = value("xen/core");
  EXPECT_NE(new_core, old_tips["xen/core"]);
  for (std::size_t i = 1; i < topics.size(); ++i) {
    EXPECT_EQ(value(topics[i]), old_tips[topics[i]]) << topics[i];
  }
  EXPECT_EQ(journals(), 1u);

  const ProcessResult next = run_patchflow(args({"topics"}), m_dir.path());
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(next.err.rfind("patchflow: finished an interrupted move (patchflow trailers: 1 "
                           "replies from " +
                               m_dir.path() + "/replies.mbox): refs/heads/",
                           0),
            0u)
      << next.err;
  EXPECT_EQ(value("xen/core"), new_core);
  for (const std::string& t : topics) {
    EXPECT_NE(value(t), old_tips[t]) << t;
    EXPECT_TRUE(is_ancestor(new_core, t)) << t;
    EXPECT_EQ(value(t + "^{tree}"), value(old_tips[t] + "^{tree}")) << t;
    EXPECT_EQ(git({"rev-list", "--count", "linux-2.6.." + t}),
              git({"rev-list", "--count", "linux-2.6.." + old_tips[t]}))
        << t;
  }
  EXPECT_EQ(journals(), 0u);
  expect_fsck_clean("after recovery");
  // nothing left to recover: the next command says nothing about it
  EXPECT_EQ(run_patchflow(args({"topics"}), m_dir.path()).err, "");
}

TEST_F(IntakeCrashTest, TrailersAbortedAndATopicPushedMeanwhileIsUndoneAndThatTopicLeftAlone) {
  const series::Series v1 = format("xen/core", 1);
  const std::vector<std::string> topics = core_and_dependents();
  ASSERT_GE(topics.size(), 4u);
  std::map<std::string, std::string> old_tips;
  for (const std::string& t : topics) {
    old_tips[t] = value(t);
  }
  const ProcessResult aborted =
      run_aborted(args({"trailers", "xen/core", "--from", core_replies(v1)}), 2);
  EXPECT_EQ(aborted.exit_code, 137) << aborted.out << aborted.err;
  EXPECT_NE(value(topics[1]), old_tips[topics[1]]);
  // before any patchflow runs again, someone resets the last topic
  const std::string& pushed = topics.back();
  git({"branch", "-f", pushed, old_tips[pushed] + "~1"});
  const std::string pushed_tip = value(pushed);

  const ProcessResult next = run_patchflow(args({"topics"}), m_dir.path());
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(next.err.rfind("patchflow: undid an interrupted move (patchflow trailers: ", 0), 0u)
      << next.err;
  EXPECT_NE(next.err.find("patchflow: warning: 'refs/heads/" + pushed + "' is at " +
                          pushed_tip.substr(0, 7)),
            std::string::npos)
      << next.err;
  for (const std::string& t : topics) {
    EXPECT_EQ(value(t), t == pushed ? pushed_tip : old_tips[t]) << t;
  }
  EXPECT_EQ(journals(), 0u);
  expect_fsck_clean("after recovery");
}

TEST_F(IntakeCrashTest, AmNewAbortedBetweenItsRefAndItsYamlGetsBothFromTheNextCommand) {
  const std::string stack = copy_stack();
  const std::string yaml = stack + "/topics/xen-swiotlb-take2.yaml";
  const series::Series v1 = format("xen/swiotlb", 1);
  const std::vector<std::string> am = {"--stack", stack,
                                       "--repo",  repo_path(),
                                       "am",      m_dir.write("thread.mbox", mbox_of(v1)),
                                       "--topic", "xen/swiotlb-take2",
                                       "--new"};
  const ProcessResult aborted = run_aborted(am, 1);
  EXPECT_EQ(aborted.exit_code, 137) << aborted.out << aborted.err;
  // the window: the ref is there, its topic file not
  const std::string tip = value("refs/heads/xen/swiotlb-take2");
  EXPECT_NE(tip, "");
  EXPECT_FALSE(std::filesystem::exists(yaml));
  EXPECT_EQ(journals(), 1u);

  const ProcessResult next =
      run_patchflow({"--stack", stack, "--repo", repo_path(), "topics"}, m_dir.path());
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(next.err.rfind("patchflow: finished an interrupted move (patchflow am: ", 0), 0u)
      << next.err;
  EXPECT_TRUE(next.err.ends_with("/thread.mbox): " + yaml + "\n")) << next.err;
  EXPECT_EQ(value("refs/heads/xen/swiotlb-take2"), tip);
  EXPECT_EQ(value(tip + "^{tree}"), value("xen/swiotlb^{tree}"));
  ASSERT_TRUE(std::filesystem::exists(yaml));
  const config::StackConfig reloaded = config::load_stack(stack);
  const config::Topic& topic = reloaded.topic("xen/swiotlb-take2");
  EXPECT_EQ(topic.component, "linux");
  EXPECT_EQ(topic.branch, "xen/swiotlb-take2");
  EXPECT_EQ(journals(), 0u);
  expect_fsck_clean("after recovery");
}

TEST_F(IntakeCrashTest, AmNewAbortedBeforeItsRefGetsRefAndYamlFromTheNextCommand) {
  const std::string stack = copy_stack();
  const std::string yaml = stack + "/topics/xen-swiotlb-take2.yaml";
  const series::Series v1 = format("xen/swiotlb", 1);
  const ProcessResult aborted = run_aborted(
      {"--stack", stack, "--repo", repo_path(), "am", m_dir.write("thread.mbox", mbox_of(v1)),
       "--topic", "xen/swiotlb-take2", "--new"},
      0);
  EXPECT_EQ(aborted.exit_code, 137) << aborted.out << aborted.err;
  EXPECT_EQ(value("refs/heads/xen/swiotlb-take2"), "");
  EXPECT_FALSE(std::filesystem::exists(yaml));

  const ProcessResult next =
      run_patchflow({"--stack", stack, "--repo", repo_path(), "topics"}, m_dir.path());
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(value("refs/heads/xen/swiotlb-take2^{tree}"), value("xen/swiotlb^{tree}"));
  EXPECT_TRUE(std::filesystem::exists(yaml));
  EXPECT_EQ(journals(), 0u);
  expect_fsck_clean("after recovery");
}

}  // namespace
}  // namespace patchflow::testing
