// `patchflow init` on real repositories: which branches become topics, what their guessed
// dependencies are, that the written stack loads and works, and that nothing is overwritten.
#include "patchflow/core/json.hpp"
#include "patchflow/init/init.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "patchflow/config/loader.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/init/skeleton.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::init {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::TempRepo;

// master; xen/a; xen/b on xen/a; xen/dom0/c on xen/b; xen/e on master (another file);
// other/x; xen/master merging xen/a and xen/e (a merge branch); xen/orphan (no common history).
class InitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const git::Oid base = r.commit("init", {{"README", "hello\n"}});
    r.branch("master", base);
    const git::Oid a = r.commit("xen: a", {{"a.c", "a\n"}}, {base});
    const git::Oid b = r.commit("xen: b", {{"b.c", "b\n"}}, {a});
    const git::Oid c = r.commit("xen: c", {{"c.c", "c\n"}}, {b});
    const git::Oid e = r.commit("xen: e", {{"e.c", "e\n"}}, {base});
    r.branch("xen/a", a);
    r.branch("xen/b", b);
    r.branch("xen/dom0/c", c);
    r.branch("xen/e", e);
    r.branch("other/x", r.commit("other: x", {{"x.c", "x\n"}}, {base}));
    r.branch("xen/master", r.commit("Merge xen/e", {{"e.c", "e\n"}}, {a, e}));
    r.branch("xen/orphan", r.commit("orphan", {{"o.c", "o\n"}}));
  }

  std::vector<std::string> listed_by_git(const std::string& pattern) {
    const std::string listed = r.git({"branch", "--list", "--format=%(refname:short)", pattern});
    std::vector<std::string> names;
    for (const std::string_view line : text::split_lines(listed)) {
      names.emplace_back(line);
    }
    return names;
  }

  testing::ProcessResult init_cli(const std::string& stack, std::vector<std::string> args) {
    args.insert(args.begin(), {"--repo", r.path(), "--stack", stack, "init"});
    return testing::run_patchflow(args);
  }

  TempRepo r;
  TempDir scratch;
};

TEST_F(InitTest, DiscoversTheBranchesGitListsForThePatternAndSkipsNonTopics) {
  const Discovery found = discover_topics(r.repo(), "master", "xen/*", {});
  std::vector<std::string> seen;
  for (const DiscoveredTopic& topic : found.topics) {
    seen.push_back(topic.branch);
  }
  for (const SkippedBranch& skipped : found.skipped) {
    seen.push_back(skipped.branch);
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, listed_by_git("xen/*"));  // '*' crosses '/' as in git: xen/dom0/c is there
  ASSERT_EQ(found.topics.size(), 4u);
  EXPECT_EQ(found.topics[0].branch, "xen/a");
  EXPECT_EQ(found.topics[0].depends, std::vector<std::string>{});
  EXPECT_EQ(found.topics[1].branch, "xen/b");
  EXPECT_EQ(found.topics[1].depends, std::vector<std::string>{"xen/a"});
  // xen/a is reached through xen/b: only the direct dependency is declared
  EXPECT_EQ(found.topics[2].branch, "xen/dom0/c");
  EXPECT_EQ(found.topics[2].depends, std::vector<std::string>{"xen/b"});
  EXPECT_EQ(found.topics[2].ahead, 3u);
  EXPECT_EQ(found.topics[3].branch, "xen/e");
  ASSERT_EQ(found.skipped.size(), 2u);
  EXPECT_EQ(found.skipped[0].branch, "xen/master");
  EXPECT_EQ(found.skipped[0].reason, "has merge commits: a merge branch, not a topic");
  EXPECT_EQ(found.skipped[1].branch, "xen/orphan");
  EXPECT_EQ(found.skipped[1].reason, "shares no history with 'master'");
  EXPECT_EQ(dependency_order(found.topics),
            (std::vector<std::string>{"xen/a", "xen/b", "xen/dom0/c", "xen/e"}));
}

TEST_F(InitTest, PatternIsAShellGlobAsGitBranchListReadsIt) {
  for (const char* pattern : {"*", "xen/?", "xen/[ab]", "*/x", "other/*", "nothing/*"}) {
    std::vector<std::string> matched;
    for (const std::string& ref :
         {std::string("master"), std::string("other/x"), std::string("xen/a"), std::string("xen/b"),
          std::string("xen/dom0/c"), std::string("xen/e"), std::string("xen/master"),
          std::string("xen/orphan")}) {
      if (matches_pattern(pattern, ref)) {
        matched.push_back(ref);
      }
    }
    EXPECT_EQ(matched, listed_by_git(pattern)) << pattern;
  }
}

TEST_F(InitTest, WrittenStackLoadsListsTopicsAndComposesTheMergeBranch) {
  const std::string stack_dir = scratch.path() + "/stack";
  const Result result = run(r.repo(), {.stack_dir = stack_dir,
                                       .mainline = "master",
                                       .pattern = "xen/*",
                                       .component = "linux",
                                       .merge_branch = "xen/next"});
  EXPECT_EQ(result.files,
            (std::vector<std::string>{"merge-branches/xen-next.yaml", "policies/linux.yaml",
                                      "stack/stack.yaml", "topics/xen-a.yaml", "topics/xen-b.yaml",
                                      "topics/xen-dom0-c.yaml", "topics/xen-e.yaml"}));
  const config::StackConfig stack = config::load_stack(stack_dir);
  EXPECT_EQ(stack.stack.components.at(0).mainline, "master");
  EXPECT_EQ(stack.path(stack.stack.repository), r.path());
  ASSERT_EQ(stack.topics.size(), 4u);
  EXPECT_EQ(stack.topic("xen/dom0/c").depends, std::vector<std::string>{"xen/b"});
  EXPECT_EQ(stack.topic("xen/dom0/c").component, "linux");
  EXPECT_EQ(stack.merge_branch("xen/next").topics,
            (std::vector<std::string>{"xen/a", "xen/b", "xen/dom0/c", "xen/e"}));
  EXPECT_EQ(stack.policy_for("linux").name, "linux");

  const auto topics = testing::run_patchflow({"--stack", stack_dir, "--repo", r.path(), "topics"});
  EXPECT_EQ(topics.exit_code, 0) << topics.err;
  for (const config::Topic& topic : stack.topics) {
    EXPECT_NE(topics.out.find("\n" + topic.name + " "), std::string::npos) << topics.out;
  }
  // The stack names its repository: no --repo needed, and the merge branch composes.
  const auto json = testing::run_patchflow({"--stack", stack_dir, "--json", "topics"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(patchflow::parse_json(json.out)["topics"][2]["actual_depends"],
            (nlohmann::json{"xen/a", "xen/b"}));
  const auto compose = testing::run_patchflow({"--stack", stack_dir, "compose", "xen/next"});
  EXPECT_EQ(compose.exit_code, 0) << compose.out << compose.err;
  for (const config::Topic& topic : stack.topics) {
    r.git({"merge-base", "--is-ancestor", topic.branch, "xen/next"});
  }
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(scratch.path())) {
    ++entries;
  }
  EXPECT_EQ(entries, 1u);  // the stack, no staging directory left
}

TEST_F(InitTest, WithoutMergeBranchAnExampleTheLoaderIgnores) {
  fs::create_directory(scratch.path() + "/s");  // an empty directory is filled the same way
  const auto run = init_cli(scratch.path() + "/s/", {"--mainline", "master", "--pattern", "xen/*"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("topic    xen/dom0/c  3 commit(s)  depends on xen/b\n"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("skipped  xen/master  has merge commits: a merge branch, not a topic\n"),
            std::string::npos)
      << run.out;
  const std::string example = scratch.path() + "/s/merge-branches/example.yaml.sample";
  ASSERT_TRUE(fs::exists(example));
  const config::StackConfig stack = config::load_stack(scratch.path() + "/s");
  EXPECT_TRUE(stack.merge_branches.empty());
  // the component is named after the repository's directory
  EXPECT_EQ(stack.stack.components.at(0).name, slug(fs::path(r.path()).filename().string()));
  EXPECT_EQ(std::distance(fs::directory_iterator(scratch.path()), fs::directory_iterator()), 1);
  // renamed, the example is a valid merge branch
  fs::rename(example, scratch.path() + "/s/merge-branches/example.yaml");
  EXPECT_EQ(config::load_stack(scratch.path() + "/s").merge_branches.at(0).topics.size(), 4u);
}

TEST_F(InitTest, RefusesToOverwriteAStackAndWritesNothing) {
  const std::string stack_dir = scratch.path() + "/s";
  ASSERT_EQ(init_cli(stack_dir, {"--mainline", "master", "--pattern", "xen/*"}).exit_code, 0);
  const std::string before = text::read_file(stack_dir + "/stack/stack.yaml");
  r.branch("xen/new", r.resolve("refs/heads/xen/a"));
  const auto again = init_cli(stack_dir, {"--mainline", "master", "--pattern", "xen/*"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.err, stack_dir + "/stack/stack.yaml: error: a stack is already in '" + stack_dir +
                           "': 'stack/stack.yaml' exists; nothing written\n");
  EXPECT_EQ(text::read_file(stack_dir + "/stack/stack.yaml"), before);
  EXPECT_FALSE(fs::exists(stack_dir + "/topics/xen-new.yaml"));

  // A topics/*.yaml alone is a stack in the making: refused too, and no file appears.
  const std::string partial = scratch.path() + "/partial";
  scratch.write("partial/topics/mine.yaml", "name: mine\n");
  const auto refused = init_cli(partial, {"--mainline", "master"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("'topics/mine.yaml' exists; nothing written"), std::string::npos)
      << refused.err;
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(partial)) {
    files.push_back(fs::relative(entry.path(), partial).string());
  }
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{"topics", "topics/mine.yaml"}));
}

TEST_F(InitTest, StackInsideTheRepositoryNamesItRelatively) {
  const auto run = init_cli(r.path(), {"--mainline", "master", "--pattern", "xen/a"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const config::StackConfig stack = config::load_stack(r.path());
  EXPECT_EQ(stack.stack.repository, ".");
  EXPECT_EQ(stack.topics.size(), 1u);
  EXPECT_EQ(testing::run_patchflow({"--stack", r.path(), "topics"}).exit_code, 0);
}

TEST_F(InitTest, NoMatchingBranchOrNoMainlineIsAnErrorAndNothingIsWritten) {
  const std::string stack_dir = scratch.path() + "/s";
  const auto none = init_cli(stack_dir, {"--mainline", "master", "--pattern", "nope/*"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err, "patchflow: error: no topic branch matches 'nope/*'; nothing written\n");
  const auto mainline = init_cli(stack_dir, {"--mainline", "linus", "--pattern", "xen/*"});
  EXPECT_EQ(mainline.exit_code, 3);
  EXPECT_EQ(mainline.err,
            "patchflow: error: no branch 'linus' to take as mainline (a local branch, or a full "
            "ref name such as 'refs/remotes/origin/master')\n");
  const auto no_repo = testing::run_patchflow({"--stack", stack_dir, "init", "--mainline", "m"});
  EXPECT_EQ(no_repo.exit_code, 2);
  EXPECT_FALSE(fs::exists(stack_dir));
}

TEST(SkeletonTest, ScalarsAndSlugs) {
  EXPECT_EQ(yaml_scalar("xen/dom0/core"), "xen/dom0/core");
  EXPECT_EQ(yaml_scalar("linux-2.6"), "linux-2.6");
  EXPECT_EQ(yaml_scalar("yes"), "\"yes\"");
  EXPECT_EQ(yaml_scalar("2.6"), "\"2.6\"");
  EXPECT_EQ(yaml_scalar("a: b"), "\"a: b\"");
  EXPECT_EQ(yaml_scalar("q\"\\"), "\"q\\\"\\\\\"");
  EXPECT_EQ(yaml_scalar("."), "\".\"");
  EXPECT_EQ(slug("xen/dom0/backend-netback"), "xen-dom0-backend-netback");
  EXPECT_EQ(slug("../x"), "x");
}

TEST(SkeletonTest, NamesThatSlugAlikeGetDistinctFiles) {
  Discovery discovery{.mainline = "m", .pattern = "*"};
  discovery.topics = {{.branch = "xen/a-b"}, {.branch = "xen-a/b"}};
  const Files files =
      make_skeleton(discovery, {.stack_name = "s", .component = "c", .repository = ".."});
  EXPECT_EQ(files.count("topics/xen-a-b.yaml"), 1u);
  EXPECT_EQ(files.count("topics/xen-a-b-2.yaml"), 1u);
}

}  // namespace
}  // namespace patchflow::init
