#include "patchflow/stack/topic_status.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "materialize/mini_stack.hpp"
#include "patchflow/config/loader.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/materialize/materialize.hpp"
#include "patchflow/stack/sent.hpp"
#include "support/process.hpp"

namespace patchflow::stack {
using testing::catch_error;
using testing::MiniStack;
using testing::run_git;
using testing::TempDir;

namespace {

class TopicStatusTest : public ::testing::Test {
 protected:
  TopicStatusTest()
      : m_stack(config::load_stack(m_mini.root())),
        m_repo((materialize::materialize_at(m_dir.path(), m_stack, {}),
                git::open_repository(m_dir.path()))) {}

  std::string git(const std::vector<std::string>& args) {
    return std::string(text::trim(run_git(args, m_dir.path())));
  }
  git::Oid oid(const std::string& revision) {
    return git::Oid::from_hex(git({"rev-parse", revision}));
  }
  const TopicStatus& row(const TopicsReport& report, const std::string& name) {
    for (const TopicStatus& t : report.topics) {
      if (t.name == name) {
        return t;
      }
    }
    throw std::runtime_error("no row " + name);
  }
  TopicsReport report() { return topic_status(*m_repo, m_stack); }

  MiniStack m_mini;
  TempDir m_dir;
  config::StackConfig m_stack;
  git::Repository m_repo;
};

}  // namespace

TEST_F(TopicStatusTest, ReportsBaseAheadBehindAndDeclaredVersusActualDependencies) {
  const TopicsReport r = report();
  ASSERT_EQ(r.topics.size(), 4u);
  const TopicStatus& netback = row(r, "xen/dom0/backend/netback");
  EXPECT_EQ(netback.tip, oid("xen/dom0/backend/netback"));
  EXPECT_EQ(netback.base, oid("linux-2.6"));
  EXPECT_TRUE(netback.based_on_mainline);
  EXPECT_EQ(netback.ahead, 5u);
  EXPECT_EQ(netback.behind, 0u);
  EXPECT_EQ(netback.declared_depends, std::vector<std::string>{"xen/dom0/core"});
  EXPECT_EQ(netback.actual_depends, (std::vector<std::string>{"xen/core", "xen/dom0/core"}));
  EXPECT_EQ(netback.merge_branches, std::vector<std::string>{"xen/master"});
  EXPECT_EQ(netback.last_sent_version, std::nullopt);
  const TopicStatus& physdev = row(r, "hv/physdev");
  EXPECT_EQ(physdev.mainline, "xen-unstable");
  EXPECT_EQ(physdev.base, oid("xen-unstable"));
  EXPECT_EQ(physdev.ahead, 1u);
  EXPECT_TRUE(physdev.actual_depends.empty());
  EXPECT_TRUE(physdev.merge_branches.empty());
}

TEST_F(TopicStatusTest, CountsCommitsBehindAnAdvancedMainline) {
  const git::Oid old_tip = oid("linux-2.6");
  git({"update-ref", "refs/heads/linux-2.6",
       git({"commit-tree", "-p", "linux-2.6", "-m", "Linux 2.6.32-rc6", "linux-2.6^{tree}"})});
  // keep the report alive: row() returns a reference into it (ASan: heap-use-after-free)
  const TopicsReport r = report();
  const TopicStatus& core = row(r, "xen/core");
  EXPECT_EQ(core.behind, 1u);
  EXPECT_EQ(core.ahead, 2u);
  EXPECT_EQ(core.base, old_tip);
  EXPECT_TRUE(core.based_on_mainline);
}

TEST_F(TopicStatusTest, TopicRootedInAMergeBranchIsNotBasedOnMainline) {
  const std::string merge = git({"commit-tree", "-p", "linux-2.6", "-p", "hv/physdev", "-p",
                                 "xen/dom0/core", "-m", "Merge", "xen/dom0/core^{tree}"});
  git({"branch", "xen/master", merge});
  git({"branch", "-f", "xen/core",
       git({"commit-tree", "-p", merge, "-m", "xen/core: on top of xen/master",
            merge + "^{tree}"})});
  const TopicsReport r = report();
  EXPECT_FALSE(row(r, "xen/core").based_on_mainline);
  EXPECT_TRUE(row(r, "xen/dom0/core").based_on_mainline);
}

// Reads what `patchflow series --record` writes: v<N>.json records on refs/patchflow/sent/<topic>.
TEST_F(TopicStatusTest, LastSentVersionIsTheHighestRecordedBySeries) {
  for (const int version : {1, 10, 3}) {
    stack::SentRecord record;
    record.topic = "xen/core";
    record.version = version;
    stack::record_sent(*m_repo, "xen/core", record);
  }
  stack::SentRecord other;
  other.topic = "xen/dom0/core";
  other.version = 99;
  stack::record_sent(*m_repo, "xen/dom0/core", other);
  const TopicsReport r = report();
  EXPECT_EQ(row(r, "xen/core").last_sent_version, 10);
  EXPECT_EQ(row(r, "xen/dom0/core").last_sent_version, 99);
  EXPECT_EQ(row(r, "hv/physdev").last_sent_version, std::nullopt);
}

TEST_F(TopicStatusTest, MissingBranchIsAReportedRowNotAnError) {
  git({"branch", "-D", "hv/physdev"});
  const TopicsReport r = report();
  EXPECT_EQ(row(r, "hv/physdev").tip, std::nullopt);
  EXPECT_NE(format_text(r).find("\nhv/physdev                -             missing"),
            std::string::npos)
      << format_text(r);
}

TEST_F(TopicStatusTest, MissingMainlineIsAnError) {
  git({"checkout", "-q", "--detach"});
  git({"branch", "-D", "xen-unstable"});
  const Error e = catch_error([&] { report(); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_STREQ(e.what(),
               "no branch 'xen-unstable' (mainline of 'xen'); run 'patchflow materialize'");
}

TEST_F(TopicStatusTest, TextAndJsonCarryTheSameRow) {
  const TopicsReport r = report();
  const std::string base = oid("linux-2.6").short_hex();
  EXPECT_NE(format_text(r).find("xen/dom0/core             " + base +
                                "  yes          3      0       xen/core / xen/core"),
            std::string::npos)
      << format_text(r);
  const nlohmann::json json = to_json(r);
  EXPECT_EQ(json["topics"][3]["name"], "xen/dom0/core");
  EXPECT_EQ(json["topics"][3]["base"], oid("linux-2.6").hex());
  EXPECT_EQ(json["topics"][3]["ahead"], 3);
  EXPECT_EQ(json["topics"][3]["actual_depends"], nlohmann::json::array({"xen/core"}));
  EXPECT_EQ(json["topics"][3]["last_sent_version"], nullptr);
}

}  // namespace patchflow::stack
