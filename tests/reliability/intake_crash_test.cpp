// Crash safety of am and trailers: SIGKILLed at seeded random points, every topic ref holds its
// old value or a complete new one (git fsck --strict, the referee, finds nothing wrong).
#include <filesystem>
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

}  // namespace
}  // namespace patchflow::testing
