#include "patchflow/compose/record.hpp"

#include <gtest/gtest.h>

#include "compose/compose_fixture.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow {
namespace {

using testing::catch_error;
using testing::ComposeFixture;

config::Resolution entry() {
  return {.topic = "xen/c",
          .path = "drivers/xen/events.c",
          .resolved = "merge-branches/resolutions/xen-master/xen-c/drivers/xen/events.c"};
}

TEST(RecordYamlTest, AppendsAResolutionsBlockKeepingTheRest) {
  EXPECT_EQ(compose::add_resolution_to_yaml("name: xen/master  # the tree\nbase: linux-2.6\n"
                                            "topics:\n  - xen/a\n",
                                            entry()),
            "name: xen/master  # the tree\nbase: linux-2.6\ntopics:\n  - xen/a\nresolutions:\n"
            "  - topic: xen/c\n    path: drivers/xen/events.c\n"
            "    resolved: merge-branches/resolutions/xen-master/xen-c/drivers/xen/events.c\n");
}

TEST(RecordYamlTest, AddsToAnExistingBlockBeforeTheNextKey) {
  EXPECT_EQ(compose::add_resolution_to_yaml("resolutions:\n- topic: t\n  path: p\n"
                                            "  resolved: r\n\n"
                                            "topics: [xen/a]\n",
                                            entry()),
            "resolutions:\n- topic: t\n  path: p\n  resolved: r\n"
            "- topic: xen/c\n  path: drivers/xen/events.c\n"
            "  resolved: merge-branches/resolutions/xen-master/xen-c/drivers/xen/events.c\n\n"
            "topics: [xen/a]\n");
  EXPECT_EQ(
      compose::add_resolution_to_yaml("resolutions: []\ntopics: [xen/a]\n", entry()).substr(0, 30),
      "resolutions:\n  - topic: xen/c\n");
}

TEST(RecordTest, RecordedResolutionIsReappliedAndADifferentConflictIsAnError) {
  ComposeFixture f;
  f.r.branch("xen/master", f.base);
  f.master().topics = {"xen/a", "xen/b", "xen/c"};
  f.stack_dir.write("merge-branches/xen-master.yaml",
                    "name: xen/master\nbase: master\ntopics:\n  - xen/a\n  - xen/b\n  - xen/c\n");
  const compose::RecordResult recorded =
      compose::record_resolution(f.r.repo(), f.stack, {.merge_branch = "xen/master"}, "xen/c",
                                 "drivers/xen/events.c", "int b;\nint c;\n");
  EXPECT_EQ(recorded.resolved_file,
            "merge-branches/resolutions/xen-master/xen-c/drivers/xen/events.c");
  EXPECT_EQ(recorded.conflicts, 1u);
  const std::string file = text::read_file(f.stack.path(recorded.resolved_file));
  EXPECT_EQ(file.substr(file.find("\nconflict\n")),
            "\nconflict\nours:\n| int b;\ntheirs:\n| int c;\nresolved:\n| int b;\n| int c;\n");
  EXPECT_EQ(text::read_file(f.stack.path("merge-branches/xen-master.yaml")),
            "name: xen/master\nbase: master\ntopics:\n  - xen/a\n  - xen/b\n  - xen/c\n"
            "resolutions:\n  - topic: xen/c\n    path: drivers/xen/events.c\n"
            "    resolved: " +
                recorded.resolved_file + "\n");
  EXPECT_EQ(f.r.resolve("refs/heads/xen/master"), f.base);  // recording moves no ref
  // What the loader would now read:
  f.master().resolutions.push_back(
      config::Resolution{.topic = "xen/c",
                         .path = "drivers/xen/events.c",
                         .resolved = recorded.resolved_file,
                         .hunks = config::parse_resolution_file(file, recorded.resolved_file),
                         .where = {.file = "m.yaml", .line = 8}});
  const compose::ComposeResult result = f.compose();
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.topics[2].resolved, std::vector<std::string>{"drivers/xen/events.c"});
  EXPECT_EQ(f.r.read(*result.new_tip, "drivers/xen/events.c"), "int b;\nint c;\n");
  EXPECT_NE(compose::format_text(result, false)
                .find("resolved drivers/xen/events.c with the recorded resolution"),
            std::string::npos);
  // xen/c now conflicts differently in the same file: the recorded resolution must not apply.
  f.r.branch("xen/c",
             f.r.commit("xen/c: other", {{"drivers/xen/events.c", "long c;\n"}}, {f.base}));
  const Error e = catch_error([&] { f.compose(); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_STREQ(e.what(),
               "recorded resolution 'merge-branches/resolutions/xen-master/xen-c/drivers/xen/"
               "events.c' does not match the conflict of 'xen/c' in 'drivers/xen/events.c': "
               "conflict 1 differs in theirs (recorded 'int c;', now 'long c;'); record it again "
               "with patchflow resolve; 'xen/master' not moved");
  EXPECT_EQ(e.where().prefix(), "m.yaml:8");
  EXPECT_EQ(f.r.resolve("refs/heads/xen/master"), *result.new_tip);
}

TEST(RecordTest, RefusesContentWithConflictMarkersAndCleanMerges) {
  ComposeFixture f;
  f.master().topics = {"xen/a", "xen/b", "xen/c"};
  Error e = catch_error([&] {
    compose::record_resolution(f.r.repo(), f.stack, {.merge_branch = "xen/master"}, "xen/c",
                               "drivers/xen/events.c", "<<<<<<< ours\nint b;\n");
  });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_STREQ(e.what(), "the resolution of 'drivers/xen/events.c' still has conflict markers");
  e = catch_error([&] {
    compose::record_resolution(f.r.repo(), f.stack, {.merge_branch = "xen/master"}, "xen/b",
                               "README", "x\n");
  });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_STREQ(e.what(),
               "'xen/b' does not conflict in 'README' when composing 'xen/master'; nothing to "
               "record");
  f.master().topics = {"xen/a", "xen/c", "xen/b"};
  f.stack.topics[1].depends = {"xen/c"};
  e = catch_error([&] {
    compose::record_resolution(f.r.repo(), f.stack, {.merge_branch = "xen/master"}, "xen/b",
                               "README", "x\n");
  });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_STREQ(e.what(),
               "'xen/c' conflicts with 'xen/a' in 'drivers/xen/events.c'; 'xen/master' not moved"
               " before 'xen/b' is merged; record that resolution first");
}

}  // namespace
}  // namespace patchflow
