// One meaning of a topic in every command (issue 12): on the bundled stack, series, check,
// route, maintainers and report see, for every topic, the commits `git format-patch` lists for
// the topic's branch minus its mainline and the branches of the topics it depends on.
#include "patchflow/stack/target.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "patchflow/check/request.hpp"
#include "patchflow/config/loader.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/maintainers/request.hpp"
#include "patchflow/materialize/materialize.hpp"
#include "patchflow/report/report.hpp"
#include "patchflow/route/request.hpp"
#include "patchflow/series/series.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::stack {
using testing::run_git;
using testing::TempDir;

namespace {

class BundledTargetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(PATCHFLOW_SOURCE_DIR "/stack/stack.yaml")) {
      GTEST_SKIP() << "the bundled stack is not in this checkout";
    }
    m_stack = config::load_stack(PATCHFLOW_SOURCE_DIR);
    materialize::materialize_at(repo_path(), m_stack, {});
    m_repo = git::open_repository(repo_path());
  }
  std::string repo_path() const { return m_dir.path() + "/repo"; }

  // The referee: the commits `git format-patch` mails for branch ^mainline ^each dependency's
  // branch (the dependencies read from the topic files, transitively), oldest first, short ids.
  std::vector<std::string> format_patch_commits(const config::Topic& topic) {
    std::vector<std::string> args{"format-patch", "--stdout", topic.branch,
                                  "^" + m_stack.component(topic.component).mainline};
    std::set<std::string> seen;
    std::vector<std::string> todo = topic.depends;
    while (!todo.empty()) {
      const std::string name = todo.back();
      todo.pop_back();
      if (seen.insert(name).second) {
        args.push_back("^" + m_stack.topic(name).branch);
        const auto& more = m_stack.topic(name).depends;
        todo.insert(todo.end(), more.begin(), more.end());
      }
    }
    std::vector<std::string> commits;
    // kept in a variable: the views split_lines returns must not outlive the text (C++20)
    const std::string mails = run_git(args, repo_path());
    for (std::string_view line : text::split_lines(mails)) {
      // each mail starts "From <sha1> Mon Sep 17 00:00:00 2001"
      if (line.size() > 45 && line.substr(0, 5) == "From " &&
          line.substr(45) == " Mon Sep 17 00:00:00 2001") {
        commits.push_back(std::string(line.substr(5, 12)));
      }
    }
    return commits;
  }

  static std::vector<std::string> short_ids(const std::vector<git::Oid>& commits) {
    std::vector<std::string> ids;
    for (const git::Oid& commit : commits) {
      ids.push_back(commit.short_hex());
    }
    return ids;
  }

  TempDir m_dir;
  config::StackConfig m_stack;
  git::Repository m_repo;
};

// git format-patch is the referee: every command lists the commits it mails.
TEST_F(BundledTargetTest, EveryCommandSeesTheTopicsOwnCommitsAsFormatPatchDoes) {
  const std::string maintainers = m_dir.write("MAINTAINERS", "THE REST\nM:\tA <a@example.org>\n"
                                                             "V:\txen-maintainers-1\n"
                                                             "F:\t*\nF:\t*/\n");
  report::Report report = report::build_report(*m_repo, m_stack, {});
  std::size_t with_dependencies = 0;
  for (std::size_t t = 0; t < m_stack.topics.size(); ++t) {
    const config::Topic& topic = m_stack.topics[t];
    SCOPED_TRACE(topic.name);
    const std::vector<std::string> expected = format_patch_commits(topic);
    ASSERT_FALSE(expected.empty());
    with_dependencies += !topic.depends.empty();

    const series::Range range = resolve_target(*m_repo, &m_stack, topic.name);
    EXPECT_EQ(short_ids(range.commits), expected);
    series::Options options;
    options.identity = {"A", "a@example.org"};
    options.cover_letter = false;
    std::vector<std::string> mailed;
    for (const series::Message& message :
         series::build_series(*m_repo, range, &topic, options).messages) {
      mailed.push_back(message.commit.short_hex());
    }
    EXPECT_EQ(mailed, expected) << "series";

    check::Context context{[this](bool) { return &m_stack; },
                           [this](bool) { return m_repo.get(); }};
    std::vector<std::string> checked;
    for (const check::CommitReport& commit :
         check::run({.inputs = {topic.name}, .maintainers = maintainers}, context).commits) {
      checked.push_back(commit.commit.substr(0, 12));
    }
    EXPECT_EQ(checked, expected) << "check";

    std::vector<std::string> routed;
    for (const route::PatchRoute& patch :
         route::run(*m_repo, &m_stack, {.target = topic.name, .maintainers = maintainers})
             .patches) {
      routed.push_back(patch.patch.commit.substr(0, 12));
    }
    EXPECT_EQ(routed, expected) << "route";

    maintainers::Request request{.inputs = {topic.name}, .stack = &m_stack,
                                 .maintainers = maintainers};
    std::vector<std::string> addressed;
    for (const auto& [label, result] : maintainers::run_each(request, [this]() -> git_repository& {
           return *m_repo;
         })) {
      addressed.push_back(label);
    }
    EXPECT_EQ(addressed, expected) << "maintainers";

    ASSERT_EQ(report.topics[t].status.name, topic.name);
    EXPECT_EQ(short_ids(report.topics[t].status.commits), expected) << "report/topics";
    ASSERT_TRUE(report.topics[t].check) << report.topics[t].check_error;
    EXPECT_EQ(report.topics[t].check->patches, expected.size()) << "report check";

    // Dependencies are named as prerequisites, in the stack's order, never as own commits.
    std::vector<std::string> prerequisite_topics;
    for (const std::string& name : m_stack.topic_names()) {
      const auto& deps = report.topics[t].status.prerequisites;
      if (std::find(deps.begin(), deps.end(), name) != deps.end()) {
        prerequisite_topics.push_back(name);
      }
    }
    EXPECT_EQ(report.topics[t].status.prerequisites, prerequisite_topics);
    EXPECT_EQ(range.prerequisite_topics, report.topics[t].status.prerequisites);
    EXPECT_EQ(topic.depends.empty(), range.prerequisite_topics.empty());
  }
  EXPECT_GT(with_dependencies, 0u) << "the bundled stack must exercise dependencies";
}

TEST_F(BundledTargetTest, NetbackIsItsOwnTwoPatchesWithTheRestAsPrerequisites) {
  // The example: series mailed 2 patches, check and route worked on 7.
  const Target target = resolve_target(*m_repo, &m_stack, "xen/dom0/backend/netback");
  const std::string mainline = m_stack.component("linux").mainline;
  EXPECT_EQ(std::to_string(target.commits.size()),
            text::trim(run_git({"rev-list", "--count", "--no-merges", "xen/dom0/backend/netback",
                                "^" + mainline, "^xen/dom0/core", "^xen/core"},
                               repo_path())));
  // base-commit..tip minus the own commits: what prerequisite-patch-id lines name
  EXPECT_EQ(std::to_string(target.prerequisites.size() + target.commits.size()),
            text::trim(run_git({"rev-list", "--count", "--no-merges",
                                target.base_commit.hex() + "..xen/dom0/backend/netback"},
                               repo_path())));
  EXPECT_EQ(target.kind, TargetKind::topic);
  EXPECT_EQ(target.component, "linux");
  EXPECT_EQ(target.mainline, mainline);
}

TEST_F(BundledTargetTest, RangesAndRevisionsAreWhatGitListsAndARangeFromMainlineGetsItsPolicy) {
  const std::string mainline = m_stack.component("linux").mainline;
  const Target range = resolve_target(*m_repo, &m_stack, mainline + "..xen/dom0/backend/netback");
  EXPECT_EQ(range.kind, TargetKind::range);
  EXPECT_EQ(std::to_string(range.commits.size()),
            text::trim(run_git({"rev-list", "--count", "--no-merges",
                                mainline + "..xen/dom0/backend/netback"},
                               repo_path())));
  EXPECT_EQ(range.component, "linux");
  EXPECT_EQ(range.policy.name, m_stack.policy_for("linux").name);
  const Target one = resolve_target(*m_repo, &m_stack, "xen/dom0/backend/netback~1");
  EXPECT_EQ(one.kind, TargetKind::revision);
  ASSERT_EQ(one.commits.size(), 1u);
  EXPECT_EQ(one.commits.front().hex(),
            text::trim(run_git({"rev-parse", "xen/dom0/backend/netback~1"}, repo_path())));
  // in a stack, a word that is neither a topic nor a revision is a mistyped topic (usage)
  EXPECT_EQ(testing::catch_error([&] { resolve_target(*m_repo, &m_stack, "xen/nope"); })
                .exit_code(),
            ExitCode::usage);
  // without a stack it is an unknown revision
  EXPECT_EQ(testing::catch_error([&] { resolve_target(*m_repo, nullptr, "xen/nope"); })
                .exit_code(),
            ExitCode::git);
}

// An empty commit (git commit --allow-empty) is part of the history but carries no patch:
// git format-patch skips it, and so does the resolver (the referee lists what git mails).
TEST(TargetTest, EmptyCommitsAreNotPatchesAsForFormatPatch) {
  testing::TempRepo repo;
  const git::Oid base = repo.commit("base\n", {{"a.c", "int a;\n"}});
  const git::Oid one = repo.commit("one\n", {{"a.c", "int a1;\n"}}, {base});
  const git::Oid empty = repo.commit("nothing\n", {}, {one});
  const git::Oid two = repo.commit("two\n", {{"a.c", "int a2;\n"}}, {empty});
  repo.branch("main", base);
  repo.branch("topic", two);
  const Target target = resolve_target(repo.repo(), nullptr, "main..topic");
  std::vector<std::string> mailed;
  const std::string mails = repo.git({"format-patch", "--stdout", "main..topic"});
  for (std::string_view line : text::split_lines(mails)) {
    if (line.starts_with("From ") && line.ends_with(" Mon Sep 17 00:00:00 2001")) {
      mailed.emplace_back(line.substr(5, 40));
    }
  }
  std::vector<std::string> resolved;
  for (const git::Oid& commit : target.commits) {
    resolved.push_back(commit.hex());
  }
  EXPECT_EQ(resolved, mailed);
  EXPECT_EQ(resolved, (std::vector<std::string>{one.hex(), two.hex()}));
}

}  // namespace
}  // namespace patchflow::stack
