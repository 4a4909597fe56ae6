#include "patchflow/materialize/materialize.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "materialize/mini_stack.hpp"
#include "patchflow/config/loader.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "support/process.hpp"

namespace patchflow::materialize {
using testing::catch_error;
using testing::MiniStack;
using testing::run_git;
using testing::TempDir;

namespace {

// Every ref and its target, from the git CLI (the referee).
std::string ref_snapshot(const std::string& repo) {
  return run_git({"for-each-ref", "--format=%(refname) %(objectname)"}, repo);
}

std::string rev_parse(const std::string& repo, const std::string& revision) {
  return std::string(text::trim(run_git({"rev-parse", revision}, repo)));
}

// Checks out commit with the git CLI into a fresh directory and runs build there.
testing::ProcessResult build_commit(const std::string& repo, const std::string& commit,
                                    const std::string& build) {
  TempDir tree;
  run_git({"--work-tree=" + tree.path(), "checkout", commit, "--", "."}, repo);
  return testing::run_process({"/bin/sh", "-c", build}, tree.path());
}

const std::vector<std::string> k_mini_branches = {
    "linux-2.6", "xen-unstable", "xen/core", "xen/dom0/core", "xen/dom0/backend/netback",
    "hv/physdev"};

}  // namespace

TEST(MaterializeTest, ReproducesTheSourceCommitIdsExactly) {
  MiniStack s;
  TempDir dir;
  const std::string repo = dir.path() + "/repo";
  const Result result = materialize_at(repo, config::load_stack(s.root()), {});
  EXPECT_TRUE(result.created_repository);
  ASSERT_EQ(result.refs.size(), 6u);
  for (const std::string& branch : k_mini_branches) {
    EXPECT_EQ(rev_parse(repo, "refs/heads/" + branch), s.source_oid(branch)) << branch;
  }
  EXPECT_EQ(result.refs[0].ref, "refs/heads/linux-2.6");
  EXPECT_EQ(result.refs[0].commits, 2u);
  EXPECT_EQ(result.refs[0].status, RefStatus::created);
  // dependencies first: xen/core before xen/dom0/core before netback
  EXPECT_EQ(result.refs[1].ref, "refs/heads/xen-unstable");
  EXPECT_EQ(result.refs[2].name, "hv/physdev");  // topic files in name order ...
  EXPECT_EQ(result.refs[2].kind, RefKind::topic);
  EXPECT_EQ(result.refs[3].name, "xen/core");  // ... but dependencies before netback
  EXPECT_EQ(result.refs[4].name, "xen/dom0/core");
  EXPECT_EQ(result.refs[5].name, "xen/dom0/backend/netback");
  EXPECT_EQ(result.refs[5].before, std::nullopt);
}

TEST(MaterializeTest, KeepsAuthorDateMessageAndTrailers) {
  MiniStack s;
  TempDir dir;
  materialize_at(dir.path(), config::load_stack(s.root()), {});
  EXPECT_EQ(run_git({"log", "-1", "--format=%an <%ae> %ad|%cn <%ce> %cd|%B", "--date=iso",
                     "xen/dom0/backend/netback"},
                    dir.path()),
            "Ian Campbell <ian.campbell@citrix.com> 2009-11-20 09:30:00 +0000|Ian Campbell "
            "<ian.campbell@citrix.com> 2009-11-20 09:30:00 +0000|xen/netback: drop the old "
            "driver\n\nNetback replaces it.\n\nSigned-off-by: Ian Campbell "
            "<ian.campbell@citrix.com>\n\n");
}

TEST(MaterializeTest, FreshRepositoryHasHeadOnTheFirstMainlineCheckedOut) {
  MiniStack s;
  TempDir dir;
  const std::string repo = dir.path() + "/new/repo";
  materialize_at(repo, config::load_stack(s.root()), {});
  EXPECT_EQ(run_git({"symbolic-ref", "HEAD"}, repo), "refs/heads/linux-2.6\n");
  EXPECT_EQ(run_git({"status", "--porcelain"}, repo), "");
  EXPECT_TRUE(std::filesystem::exists(repo + "/drivers/net/loopback.c"));
  EXPECT_EQ(run_git({"rev-parse", "--is-bare-repository"}, repo), "false\n");
}

TEST(MaterializeTest, RunningTwiceChangesNothing) {
  MiniStack s;
  TempDir dir;
  const config::StackConfig stack = config::load_stack(s.root());
  materialize_at(dir.path(), stack, {});
  const std::string refs = ref_snapshot(dir.path());
  const std::string reflog = run_git({"reflog", "show", "xen/core"}, dir.path());
  const Result again = materialize_at(dir.path(), stack, {});
  EXPECT_FALSE(again.created_repository);
  for (const RefResult& ref : again.refs) {
    EXPECT_EQ(ref.status, RefStatus::up_to_date) << ref.ref;
    EXPECT_EQ(ref.before, ref.target) << ref.ref;
  }
  EXPECT_EQ(ref_snapshot(dir.path()), refs);
  EXPECT_EQ(run_git({"reflog", "show", "xen/core"}, dir.path()), reflog);
  EXPECT_NE(reflog.find("patchflow materialize: topics/xen-core.mbox"), std::string::npos);
}

TEST(MaterializeTest, EveryTopicTipBuildsWithItsComponentsBuildCommand) {
  MiniStack s;
  TempDir dir;
  const config::StackConfig stack = config::load_stack(s.root());
  materialize_at(dir.path(), stack, {});
  for (const config::Topic& topic : stack.topics) {
    const std::string build = stack.policy_for(topic.component).build;
    const auto r = build_commit(dir.path(), "refs/heads/" + topic.branch, build);
    EXPECT_EQ(r.exit_code, 0) << topic.name << ": " << r.out << r.err;
  }
  // The build really compiles: a broken file fails it.
  TempDir broken;
  broken.write("Makefile", text::read_file(s.source_path() + "/Makefile"));
  broken.write("bad.c", "int x = ;\n");
  EXPECT_NE(testing::run_process({"/bin/sh", "-c", "make -s check"}, broken.path()).exit_code, 0);
}

TEST(MaterializeTest, GitAmOfATopicGivesTheSameTreeAndCommits) {
  MiniStack s;
  TempDir dir;
  materialize_at(dir.path(), config::load_stack(s.root()), {});
  run_git({"checkout", "-q", "-b", "referee", "xen/core"}, dir.path());
  // committer = author, as materialize records it, so the commit ids must match too
  run_git({"am", "-q", "--committer-date-is-author-date", s.root() + "/topics/xen-dom0-core.mbox"},
          dir.path(),
          {{"GIT_COMMITTER_NAME", "Jeremy Fitzhardinge"},
           {"GIT_COMMITTER_EMAIL", "jeremy.fitzhardinge@citrix.com"}});
  run_git(
      {"am", "-q", "--committer-date-is-author-date", s.root() + "/topics/netback.mbox"},
      dir.path(),
      {{"GIT_COMMITTER_NAME", "Ian Campbell"}, {"GIT_COMMITTER_EMAIL", "ian.campbell@citrix.com"}});
  EXPECT_EQ(rev_parse(dir.path(), "referee^{tree}"),
            rev_parse(dir.path(), "xen/dom0/backend/netback^{tree}"));
  EXPECT_EQ(rev_parse(dir.path(), "referee"), rev_parse(dir.path(), "xen/dom0/backend/netback"));
}

TEST(MaterializeTest, CorruptMboxNamesFileAndPatchAndMovesNoRef) {
  MiniStack s;
  TempDir dir;
  materialize_at(dir.path(), config::load_stack(s.root()), {});
  const std::string refs = ref_snapshot(dir.path());
  // netback patch 2: drop the last line of its final hunk, so the hunk is short
  std::string mbox = s.read("topics/netback.mbox");
  const std::size_t cut = mbox.find("+int netback_queues;\n");
  ASSERT_NE(cut, std::string::npos);
  mbox.erase(cut, std::string("+int netback_queues;\n").size());
  s.write("topics/netback.mbox", mbox);
  const Error e = catch_error(
      [&] { materialize_at(dir.path(), config::load_stack(s.root()), {.force = true}); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_EQ(std::string(e.what()).rfind("malformed patch 2 of 'topics/netback.mbox': ", 0), 0u)
      << e.what();
  EXPECT_EQ(e.where().file, "topics/netback.mbox");
  EXPECT_EQ(ref_snapshot(dir.path()), refs);
}

TEST(MaterializeTest, CorruptMboxCreatesNoRepository) {
  MiniStack s;
  s.write("topics/xen-core.mbox", s.read("topics/xen-core.mbox").substr(0, 700));
  TempDir dir;
  const std::string repo = dir.path() + "/repo";
  const Error e = catch_error([&] { materialize_at(repo, config::load_stack(s.root()), {}); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_NE(std::string(e.what()).find("'topics/xen-core.mbox'"), std::string::npos) << e.what();
  EXPECT_FALSE(std::filesystem::exists(repo));
}

TEST(MaterializeTest, PatchThatDoesNotApplyNamesTheFileAndMovesNoRef) {
  MiniStack s;
  TempDir dir;
  const std::string repo = dir.path() + "/repo";
  // patch 2 of xen/core expects "\treturn 0;" in init/main.c; give it another context line
  std::string mbox = s.read("topics/xen-core.mbox");
  const std::size_t at = mbox.find("-\treturn 0;");
  ASSERT_NE(at, std::string::npos);
  mbox.replace(at, 11, "-\treturn 1;");
  s.write("topics/xen-core.mbox", mbox);
  // a repository being created by this run is removed again
  const Error fresh = catch_error([&] { materialize_at(repo, config::load_stack(s.root()), {}); });
  EXPECT_EQ(fresh.exit_code(), ExitCode::git);
  EXPECT_FALSE(std::filesystem::exists(repo));
  // an existing repository stays, untouched
  run_git({"init", "-q", repo}, dir.path());
  const Error e = catch_error([&] { materialize_at(repo, config::load_stack(s.root()), {}); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_EQ(std::string(e.what()).rfind(
                "patch 2 of 'topics/xen-core.mbox' does not apply to 'init/main.c': ", 0),
            0u)
      << e.what();
  EXPECT_EQ(ref_snapshot(repo), "");  // the mainlines applied, but no ref moved
  // and no object reached the disk: they stay in memory until everything applied
  EXPECT_EQ(run_git({"count-objects"}, repo), "0 objects, 0 kilobytes\n");
  EXPECT_EQ(std::filesystem::is_empty(repo + "/.git/objects/pack"), true);
}

TEST(MaterializeTest, WritesOnePackAndNoLooseObjects) {
  MiniStack s;
  TempDir dir;
  const config::StackConfig stack = config::load_stack(s.root());
  materialize_at(dir.path(), stack, {});
  const std::string counts = run_git({"count-objects", "-v"}, dir.path());
  // exactly the objects the source repository's branches reach: nothing stray
  const std::string objects = run_git({"rev-list", "--objects", "--all"}, s.source_path());
  const std::string reachable = std::to_string(text::split_lines(objects).size());
  EXPECT_EQ(counts.substr(0, counts.find("size-pack")),
            "count: 0\nsize: 0\nin-pack: " + reachable + "\npacks: 1\n");
  run_git({"fsck", "--strict"}, dir.path());  // throws when the pack or a commit is broken
  materialize_at(dir.path(), stack, {});      // nothing new: no second pack
  EXPECT_NE(run_git({"count-objects", "-v"}, dir.path()).find("packs: 1\n"), std::string::npos);
}

TEST(MaterializeTest, DivergedTopicIsKeptUnlessForced) {
  MiniStack s;
  TempDir dir;
  const config::StackConfig stack = config::load_stack(s.root());
  materialize_at(dir.path(), stack, {});
  const std::string other = std::string(text::trim(
      run_git({"commit-tree", "-p", "linux-2.6", "-m", "someone else's work", "linux-2.6^{tree}"},
              dir.path())));
  run_git({"branch", "-f", "xen/dom0/core", other}, dir.path());
  const std::string moved = rev_parse(dir.path(), "xen/dom0/core");
  const Result kept = materialize_at(dir.path(), stack, {});
  EXPECT_TRUE(kept.has_diverged());
  EXPECT_EQ(kept.refs[4].status, RefStatus::diverged);
  EXPECT_EQ(rev_parse(dir.path(), "xen/dom0/core"), moved);
  EXPECT_NE(format_text(kept).find("diverged   xen/dom0/core"), std::string::npos)
      << format_text(kept);
  // netback is still built on the mbox's xen/dom0/core, not on the diverged branch
  EXPECT_EQ(kept.refs[5].status, RefStatus::up_to_date);

  const Result forced = materialize_at(dir.path(), stack, {.force = true});
  EXPECT_EQ(forced.refs[4].status, RefStatus::forced);
  EXPECT_EQ(rev_parse(dir.path(), "xen/dom0/core"), s.source_oid("xen/dom0/core"));
}

TEST(MaterializeTest, GrownSeriesFastForwardsTheBranch) {
  MiniStack s;
  TempDir dir;
  const std::string full = s.read("topics/xen-core.mbox");
  const std::size_t second = full.find("\nFrom ", 1);
  ASSERT_NE(second, std::string::npos);
  s.write("topics/xen-core.mbox", full.substr(0, second + 1));
  materialize_at(dir.path(), config::load_stack(s.root()), {});
  const std::string one = rev_parse(dir.path(), "xen/core");
  s.write("topics/xen-core.mbox", full);
  const Result grown = materialize_at(dir.path(), config::load_stack(s.root()), {});
  EXPECT_EQ(grown.refs[3].status, RefStatus::updated);
  EXPECT_EQ(grown.refs[3].before->hex(), one);
  EXPECT_EQ(rev_parse(dir.path(), "xen/core"), s.source_oid("xen/core"));
  EXPECT_EQ(rev_parse(dir.path(), "xen/core~1"), one);
}

TEST(MaterializeTest, SecondDependencyMustBeContainedInTheFirst) {
  MiniStack s;
  s.write("topics/netback.yaml",
          "name: xen/dom0/backend/netback\ncomponent: linux\n"
          "depends: [xen/core, xen/dom0/core]\nseries: topics/netback.mbox\n");
  TempDir dir;
  const Error e =
      catch_error([&] { materialize_at(dir.path(), config::load_stack(s.root()), {}); });
  EXPECT_EQ(e.describe(),
            "topics/netback.yaml:3:21: error: topic 'xen/dom0/backend/netback' depends on "
            "'xen/core' and 'xen/dom0/core', but 'xen/core' does not contain 'xen/dom0/core'; "
            "list first the dependency that contains the others");
}

TEST(MaterializeTest, JsonListsEveryRef) {
  MiniStack s;
  TempDir dir;
  const nlohmann::json json = to_json(materialize_at(dir.path(), config::load_stack(s.root()), {}));
  EXPECT_EQ(json["created_repository"], true);  // an empty directory counts as new
  ASSERT_EQ(json["refs"].size(), 6u);
  EXPECT_EQ(json["refs"][1]["ref"], "refs/heads/xen-unstable");
  EXPECT_EQ(json["refs"][1]["kind"], "mainline");
  EXPECT_EQ(json["refs"][1]["status"], "created");
  EXPECT_EQ(json["refs"][1]["before"], nullptr);
  EXPECT_EQ(json["refs"][1]["target"], s.source_oid("xen-unstable"));
  EXPECT_EQ(json["refs"][1]["source"], "stack/xen/mainline.mbox");
}

}  // namespace patchflow::materialize

namespace patchflow::materialize {

TEST(MaterializeTest, ComponentWithoutHistoryBuildsTopicsOnTheExistingMainline) {
  testing::MiniStack s;
  testing::TempDir dir;
  materialize_at(dir.path(), config::load_stack(s.root()), {});
  std::string yaml = s.read("stack/stack.yaml");
  yaml.erase(yaml.find("    history: stack/xen/mainline.mbox\n"),
             std::string("    history: stack/xen/mainline.mbox\n").size());
  s.write("stack/stack.yaml", yaml);
  const config::StackConfig stack = config::load_stack(s.root());
  const Result again = materialize_at(dir.path(), stack, {});
  ASSERT_EQ(again.refs.size(), 5u);  // no xen mainline to build
  EXPECT_EQ(again.refs[1].name, "hv/physdev");
  EXPECT_EQ(again.refs[1].status, RefStatus::up_to_date);

  testing::TempDir empty;
  const Error e = testing::catch_error([&] { materialize_at(empty.path(), stack, {}); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_STREQ(e.what(),
               "component 'xen' has no mbox in the stack and no branch 'xen-unstable' in the "
               "repository");
}

}  // namespace patchflow::materialize
