// Recorded resolutions per conflict region (issue 11): a resolution settles its conflict and
// nothing else, is part of what makes a merge commit reusable, and compose keeps hand commits.
#include "patchflow/compose/resolution.hpp"

#include <gtest/gtest.h>

#include "patchflow/compose/compose.hpp"
#include "patchflow/compose/record.hpp"
#include "patchflow/config/loader.hpp"
#include "patchflow/core/text.hpp"
#include "support/temp_repo.hpp"

namespace patchflow {
namespace {

using testing::catch_error;
using testing::TempDir;
using testing::TempRepo;

// "line 1\n" ... "line 12\n" with some lines replaced.
std::string events(const std::map<int, std::string>& replaced = {}, const std::string& top = "") {
  std::string out = top;
  for (int i = 1; i <= 12; ++i) {
    const auto found = replaced.find(i);
    out += found != replaced.end() ? found->second : "line " + std::to_string(i) + "\n";
  }
  return out;
}

const char* const k_resolution = "merge-branches/resolutions/xen-master/xen-c/events.c";

// Mainline master, xen/a and xen/c both rewrite line 6 of events.c; xen/master merges both, as
// YAML files loaded the way the CLI loads them.
struct RerereFixture {
  TempRepo r;
  TempDir dir;
  git::Oid base;
  config::StackConfig stack;

  RerereFixture() {
    base = r.commit("init", {{"events.c", events()}, {"README", "r\n"}});
    r.branch("master", base);
    r.branch("xen/a", r.commit("xen/a: six", {{"events.c", events({{6, "a six\n"}})}}, {base}));
    r.branch("xen/c", r.commit("xen/c: six", {{"events.c", events({{6, "c six\n"}})}}, {base}));
    dir.write("stack/stack.yaml", "name: t\ncomponents:\n  - name: linux\n    mainline: master\n");
    dir.write("topics/xen-a.yaml", "name: xen/a\ncomponent: linux\n");
    dir.write("topics/xen-c.yaml", "name: xen/c\ncomponent: linux\n");
    dir.write("merge-branches/xen-master.yaml",
              "name: xen/master\ncomponent: linux\nbase: master\ntopics: [xen/a, xen/c]\n");
  }

  void load() { stack = config::load_stack(dir.path()); }

  compose::RecordResult record(const std::string& resolved) {
    load();
    return compose::record_resolution(r.repo(), stack, {.merge_branch = "xen/master"}, "xen/c",
                                      "events.c", resolved);
  }

  compose::ComposeResult compose(bool force = false) {
    load();
    return compose::run(r.repo(), stack, {.merge_branch = "xen/master", .force = force});
  }

  // A new commit on topic (a branch) changing events.c to content.
  void advance(const std::string& topic, const std::string& content) {
    r.branch(topic, r.commit(topic + ": more", {{"events.c", content}},
                             {r.resolve("refs/heads/" + topic)}));
  }
};

TEST(ResolutionFileTest, FormatAndParseGiveBackTheHunks) {
  const std::vector<config::ResolvedHunk> hunks = {
      {.ours = "  indented\n| bar\n\n", .theirs = "no newline", .resolved = ""},
      {.ours = "x\n", .theirs = "\ty \n", .resolved = "x\n\ty \n"}};
  const std::string text = config::format_resolution_file(hunks, {"header"});
  EXPECT_EQ(text,
            "# header\n\nconflict\nours:\n|   indented\n| | bar\n|\ntheirs:\n| no newline\n"
            "\\ No newline at end of file\nresolved:\n\nconflict\nours:\n| x\ntheirs:\n| \ty \n"
            "resolved:\n| x\n| \ty \n");
  const std::vector<config::ResolvedHunk> parsed = config::parse_resolution_file(text, "r");
  ASSERT_EQ(parsed.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(parsed[i].ours, hunks[i].ours);
    EXPECT_EQ(parsed[i].theirs, hunks[i].theirs);
    EXPECT_EQ(parsed[i].resolved, hunks[i].resolved);
  }
  EXPECT_EQ(parsed[1].line, 13);
}

// Issue 11: the resolution was replayed as the whole file recorded before xen/a changed the top
// and line 11 of events.c, so both changes vanished from the merge branch.
TEST(ResolutionTest, CleanChangesOfAnEarlierTopicSurviveTheResolution) {
  RerereFixture f;
  f.record(events({{6, "a six\nc six\n"}}));
  compose::ComposeResult result = f.compose();
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(f.r.read(*result.new_tip, "events.c"), events({{6, "a six\nc six\n"}}));
  f.advance("xen/a", events({{6, "a six\n"}, {11, "a eleven\n"}}, "top from a\n"));
  f.advance("xen/c", events({{2, "c two\n"}, {6, "c six\n"}}));
  result = f.compose();
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.topics[1].resolved, std::vector<std::string>{"events.c"});
  EXPECT_EQ(f.r.read(*result.new_tip, "events.c"),
            events({{2, "c two\n"}, {6, "a six\nc six\n"}, {11, "a eleven\n"}}, "top from a\n"));
}

// Issue 11: compose said "up to date" after the resolution file was edited.
TEST(ResolutionTest, EditingTheResolutionRebuildsTheMerge) {
  RerereFixture f;
  f.record(events({{6, "a six\nc six\n"}}));
  const compose::ComposeResult first = f.compose();
  ASSERT_TRUE(first.ok()) << first.error;
  const compose::ComposeResult again = f.compose();
  EXPECT_FALSE(again.moved);
  EXPECT_EQ(again.new_commits(), 0u);
  const std::string path = f.dir.path() + "/" + k_resolution;
  std::vector<config::ResolvedHunk> hunks =
      config::parse_resolution_file(text::read_file(path), k_resolution);
  ASSERT_EQ(hunks.size(), 1u);
  hunks[0].resolved = "c six\na six\n";
  text::write_file_atomically(path, config::format_resolution_file(hunks, {}));
  const compose::ComposeResult edited = f.compose();
  ASSERT_TRUE(edited.ok()) << edited.error;
  EXPECT_TRUE(edited.moved);
  EXPECT_EQ(edited.new_commits(), 1u);
  EXPECT_TRUE(edited.topics[0].reused);
  EXPECT_EQ(f.r.read(*edited.new_tip, "events.c"), events({{6, "c six\na six\n"}}));
  EXPECT_EQ(f.r.resolve("refs/heads/xen/master"), *edited.new_tip);
}

// Issue 11: a commit added by hand on the merge branch was dropped without a word.
TEST(ResolutionTest, HandCommitOnTheMergeBranchIsNotDroppedWithoutForce) {
  RerereFixture f;
  f.record(events({{6, "a six\nc six\n"}}));
  const compose::ComposeResult first = f.compose();
  ASSERT_TRUE(first.ok()) << first.error;
  const git::Oid hand = f.r.commit("fix by hand\n\nbody\n", {{"README", "x\n"}}, {*first.new_tip});
  f.r.branch("xen/master", hand);
  f.advance("xen/c", events({{2, "c two\n"}, {6, "c six\n"}}));
  const Error e = catch_error([&] { f.compose(); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_EQ(std::string(e.what()),
            "'xen/master' has commits compose did not make: " + hand.hex().substr(0, 12) +
                " 'fix by hand'; not moved (--force drops them)");
  EXPECT_EQ(f.r.resolve("refs/heads/xen/master"), hand);
  const compose::ComposeResult forced = f.compose(/*force=*/true);
  ASSERT_TRUE(forced.moved);
  EXPECT_EQ(f.r.resolve("refs/heads/xen/master"), *forced.new_tip);
  // Compose's own commits are not "foreign": a topic change rebuilds without --force.
  f.advance("xen/a", events({{6, "a six\n"}, {11, "a eleven\n"}}));
  const compose::ComposeResult rebuilt = f.compose();
  EXPECT_TRUE(rebuilt.moved);
}

TEST(ResolutionTest, StaleOrMisplacedResolutionsAreErrorsAndMoveNothing) {
  RerereFixture f;
  f.record(events({{6, "a six\nc six\n"}}));
  const std::string yaml = text::read_file(f.dir.path() + "/merge-branches/xen-master.yaml");
  // A path that exists on neither side: a configuration error at the path's line.
  std::string misnamed = yaml;
  misnamed.replace(misnamed.find("path: events.c"), 14, "path: event.c");
  f.dir.write("merge-branches/xen-master.yaml", misnamed);
  Error e = catch_error([&] { f.compose(); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_STREQ(e.what(),
               "resolution path 'event.c' does not exist in 'xen/c' nor in 'xen/master' before it");
  EXPECT_EQ(e.where().prefix(), "merge-branches/xen-master.yaml:7:11");
  f.dir.write("merge-branches/xen-master.yaml", yaml);
  // xen/c no longer conflicts: the resolution is stale, never silently carried.
  f.r.branch("xen/c", f.r.commit("xen/c: two", {{"events.c", events({{2, "c two\n"}})}}, {f.base}));
  e = catch_error([&] { f.compose(); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_EQ(std::string(e.what()), std::string("recorded resolution '") + k_resolution +
                                       "' is for a conflict of 'xen/c' in 'events.c' that does "
                                       "not occur; remove it; 'xen/master' not moved");
  EXPECT_EQ(e.where().prefix(), "merge-branches/xen-master.yaml:6:5");
  EXPECT_TRUE(f.r.resolve("refs/heads/xen/master").is_zero());
}

TEST(ResolutionTest, RecordRefusesChangesOutsideTheConflict) {
  RerereFixture f;
  const Error e = catch_error([&] { f.record(events({{1, "one\n"}, {6, "a six\nc six\n"}})); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_STREQ(e.what(),
               "the resolution of 'events.c' drops or changes 'line 1', which the merge does not "
               "conflict on; a resolution may only change conflict regions");
  const Error added = catch_error([&] { f.record(events({{6, "a six\n"}}, "extra\n")); });
  EXPECT_STREQ(added.what(),
               "the resolution of 'events.c' adds 'extra' outside the conflict regions; a "
               "resolution may only change conflict regions");
}

}  // namespace
}  // namespace patchflow
