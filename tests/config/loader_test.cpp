#include "patchflow/config/loader.hpp"

#include <gtest/gtest.h>

#include "config/stack_fixture.hpp"

namespace patchflow::config {
using testing::StackFixture;

TEST(LoaderTest, LoadsEveryFieldOfAValidStack) {
  StackFixture s;
  const StackConfig c = s.load();
  EXPECT_EQ(c.root, s.root());
  EXPECT_EQ(c.stack.name, "demo");
  EXPECT_EQ(c.stack.description, "a test stack");
  EXPECT_EQ(c.stack.repository, "repo");
  ASSERT_EQ(c.stack.components.size(), 1u);
  EXPECT_EQ(c.stack.components[0].mainline, "linux-2.6");
  EXPECT_EQ(c.stack.components[0].history, "stack/linux/mainline.mbox");
  EXPECT_EQ(c.stack.components[0].where.prefix(), "stack/stack.yaml:5:5");

  const Policy& p = c.policy_for("linux");
  EXPECT_EQ(p.xen_paths, (std::vector<std::string>{"arch/x86/xen/**", "drivers/xen/**"}));
  EXPECT_EQ(p.subject_prefix, "^xen/");
  EXPECT_EQ(p.build, "make -s check");
  EXPECT_EQ(p.max_line_length, 80);
  EXPECT_EQ(p.max_subject_length, 75);  // default kept
  EXPECT_TRUE(p.allow_merges_in_topics);
  EXPECT_EQ(p.official_domains, std::vector<std::string>{"citrix.com"});
  EXPECT_EQ(p.severities.at("LONG_LINE"), Severity::warning);
  // a retired ID still works: it names the check that replaced it
  EXPECT_EQ(p.severities.at("COMMIT_MESSAGE"), Severity::off);
  EXPECT_EQ(p.severities.count("BODY_MISSING"), 0u);
  EXPECT_EQ(p.file, "policies/linux.yaml");

  ASSERT_EQ(c.topics.size(), 3u);  // sorted by file name
  EXPECT_EQ(c.topics[0].name, "xen/dom0/backend/netback");
  EXPECT_EQ(c.topic("xen/dom0/backend/netback").branch, "xen/netback");
  EXPECT_EQ(c.topic("xen/core").branch, "xen/core");  // defaults to the name
  EXPECT_EQ(c.topic("xen/dom0/core").depends, std::vector<std::string>{"xen/core"});
  EXPECT_EQ(c.topic("xen/dom0/core").depends_where[0].prefix(), "topics/xen-dom0-core.yaml:3:11");
  EXPECT_EQ(c.topic("xen/dom0/core").version, 2);
  EXPECT_EQ(c.topic("xen/core").series, "topics/xen-core.mbox");
  EXPECT_EQ(c.topic("xen/core").summary, "core Xen support");

  const MergeBranch& next = c.merge_branch("xen/next");
  EXPECT_EQ(next.component, "linux");  // from its base, xen/master
  EXPECT_EQ(next.file, "merge-branches/xen-next.yaml");
  EXPECT_EQ(c.merge_branch("xen/master").topics,
            (std::vector<std::string>{"xen/core", "xen/dom0/core"}));
  EXPECT_EQ(c.merge_branch("xen/master").topic_where[1].prefix(),
            "merge-branches/xen-master.yaml:6:5");
}

TEST(LoaderTest, UnknownKeyNamesTheKey) {
  StackFixture s;
  s.write("topics/xen-core.yaml", "name: xen/core\ncomponent: linux\n  \nsummery: typo\n");
  EXPECT_EQ(s.load_error(), "topics/xen-core.yaml:4:1: error: unknown key 'summery' in topic");
}

TEST(LoaderTest, StringWhereAListIsExpected) {
  StackFixture s;
  s.write("topics/xen-core.yaml", "name: xen/core\ncomponent: linux\ndepends: xen/swiotlb\n");
  EXPECT_EQ(s.load_error(),
            "topics/xen-core.yaml:3:10: error: 'depends' must be a list of strings, not "
            "'xen/swiotlb'");
}

TEST(LoaderTest, MappingInsideAStringList) {
  StackFixture s;
  s.write("policies/linux.yaml", "name: linux\nalways-cc:\n  - a@b.org\n  - {x: y}\n");
  EXPECT_EQ(s.load_error(),
            "policies/linux.yaml:4:5: error: 'always-cc' items must be strings, not a mapping");
}

TEST(LoaderTest, NonIntegerVersion) {
  StackFixture s;
  s.write("topics/xen-core.yaml", "name: xen/core\ncomponent: linux\nversion: 1.5\n");
  EXPECT_EQ(s.load_error(),
            "topics/xen-core.yaml:3:10: error: 'version' must be an integer, not '1.5'");
}

TEST(LoaderTest, NonBooleanFlag) {
  StackFixture s;
  s.write("policies/linux.yaml", "name: linux\nallow-merges-in-topics: sometimes\n");
  EXPECT_EQ(s.load_error(),
            "policies/linux.yaml:2:25: error: 'allow-merges-in-topics' must be true or false, "
            "not 'sometimes'");
}

TEST(LoaderTest, MaintainersRulesAreLinuxOrXen) {
  StackFixture s;
  s.write("policies/linux.yaml", "name: linux\nmaintainers-rules: xen\n");
  EXPECT_EQ(s.load().policy_for("linux").maintainers_rules, "xen");
  s.write("policies/linux.yaml", "name: linux\nmaintainers-rules: uboot\n");
  const std::string error = s.load_error();
  EXPECT_EQ(error.rfind("policies/linux.yaml:2:", 0), 0u) << error;
  EXPECT_NE(error.find("unknown rules 'uboot' (linux or xen)"), std::string::npos) << error;
}

TEST(LoaderTest, MissingRequiredField) {
  StackFixture s;
  s.write("topics/xen-core.yaml", "# the core\nname: xen/core\nseries: topics/xen-core.mbox\n");
  EXPECT_EQ(s.load_error(),
            "topics/xen-core.yaml:2:1: error: missing required key 'component' in topic");
}

TEST(LoaderTest, EmptyRequiredValueCountsAsMissing) {
  StackFixture s;
  s.write("merge-branches/xen-next.yaml", "name: xen/next\nbase: xen/master\ntopics:\n");
  EXPECT_EQ(s.load_error(),
            "merge-branches/xen-next.yaml:1:1: error: missing required key 'topics' in merge "
            "branch");
}

TEST(LoaderTest, TopLevelMustBeAMapping) {
  StackFixture s;
  s.write("topics/xen-core.yaml", "- name: xen/core\n");
  EXPECT_EQ(s.load_error(), "topics/xen-core.yaml:1:1: error: topic must be a mapping, not a list");
}

TEST(LoaderTest, YamlSyntaxError) {
  StackFixture s;
  s.write("merge-branches/xen-master.yaml", "name: xen/master\nbase: linux-2.6\ntopics: [a, b\n");
  EXPECT_EQ(s.load_error(),
            "merge-branches/xen-master.yaml:4:1: error: invalid YAML: end of sequence flow not "
            "found");
}

TEST(LoaderTest, TopicDefinedTwice) {
  StackFixture s;
  s.write("topics/xen-core2.yaml", "component: linux\nname: xen/core\n");
  EXPECT_EQ(s.load_error(),
            "topics/xen-core2.yaml:2:7: error: topic 'xen/core' defined twice (first at "
            "topics/xen-core.yaml:1:7)");
}

TEST(LoaderTest, TopicListedTwiceInAMergeBranch) {
  StackFixture s;
  s.write("merge-branches/xen-master.yaml",
          "name: xen/master\nbase: linux-2.6\ntopics:\n  - xen/core\n  - xen/dom0/core\n"
          "  - xen/core\n");
  EXPECT_EQ(s.load_error(),
            "merge-branches/xen-master.yaml:6:5: error: topic 'xen/core' listed twice (first at "
            "merge-branches/xen-master.yaml:4:5)");
}

TEST(LoaderTest, UnknownTopicInAMergeBranch) {
  StackFixture s;
  s.write("merge-branches/xen-master.yaml",
          "name: xen/master\nbase: linux-2.6\ntopics: [xen/core, xen/dom0/pcii]\n");
  EXPECT_EQ(s.load_error(),
            "merge-branches/xen-master.yaml:3:20: error: unknown topic 'xen/dom0/pcii'");
}

TEST(LoaderTest, UnknownBaseOfAMergeBranch) {
  StackFixture s;
  s.write("merge-branches/xen-next.yaml", "name: xen/next\nbase: xen/mastr\ntopics: []\n");
  EXPECT_EQ(s.load_error(),
            "merge-branches/xen-next.yaml:2:7: error: unknown base 'xen/mastr': not a mainline "
            "or a merge branch");
}

TEST(LoaderTest, MergeBranchBaseCycle) {
  StackFixture s;
  s.write("merge-branches/xen-master.yaml", "name: xen/master\nbase: xen/next\ntopics: []\n");
  EXPECT_EQ(s.load_error(),
            "merge-branches/xen-next.yaml:2:7: error: merge branch base cycle: 'xen/master' -> "
            "'xen/next' -> 'xen/master'");
}

TEST(LoaderTest, UnknownComponent) {
  StackFixture s;
  s.write("topics/xen-core.yaml", "name: xen/core\ncomponent: linus\n");
  EXPECT_EQ(s.load_error(), "topics/xen-core.yaml:2:12: error: unknown component 'linus'");
}

TEST(LoaderTest, UnknownPolicyOfAComponent) {
  StackFixture s;
  s.remove("policies/linux.yaml");
  EXPECT_EQ(s.load_error(), "stack/stack.yaml:8:13: error: unknown policy 'linux'");
}

TEST(LoaderTest, TopicOfAnotherComponentInAMergeBranch) {
  StackFixture s;
  s.write("stack/stack.yaml",
          "name: demo\ncomponents:\n  - {name: linux, mainline: linux-2.6}\n"
          "  - {name: xen, mainline: xen-unstable}\n");
  s.write("topics/xen-core.yaml", "name: xen/core\ncomponent: xen\n");
  EXPECT_EQ(s.load_error(),
            "topics/xen-dom0-core.yaml:3:11: error: topic 'xen/dom0/core' of component 'linux' "
            "depends on 'xen/core' of component 'xen'");
}

TEST(LoaderTest, DependencyOnAnUnknownTopic) {
  StackFixture s;
  s.write("topics/xen-core.yaml", "name: xen/core\ncomponent: linux\ndepends: [xen/swiotlb]\n");
  EXPECT_EQ(s.load_error(),
            "topics/xen-core.yaml:3:11: error: topic 'xen/core' depends on unknown topic "
            "'xen/swiotlb'");
}

TEST(LoaderTest, DependencyCycleIsNamed) {
  StackFixture s;
  s.write("topics/xen-core.yaml",
          "name: xen/core\ncomponent: linux\ndepends:\n  - xen/dom0/backend/netback\n");
  // netback.yaml sorts first: netback -> dom0/core -> core -> netback
  EXPECT_EQ(s.load_error(),
            "topics/xen-core.yaml:4:5: error: dependency cycle: 'xen/dom0/backend/netback' -> "
            "'xen/dom0/core' -> 'xen/core' -> 'xen/dom0/backend/netback'");
}

TEST(LoaderTest, SelfDependencyIsACycle) {
  StackFixture s;
  s.write("topics/xen-core.yaml", "name: xen/core\ncomponent: linux\ndepends: [xen/core]\n");
  EXPECT_EQ(s.load_error(),
            "topics/xen-core.yaml:3:11: error: dependency cycle: 'xen/core' -> 'xen/core'");
}

TEST(LoaderTest, MissingSeriesMbox) {
  StackFixture s;
  s.remove("topics/xen-dom0-core.mbox");
  EXPECT_EQ(s.load_error(),
            "topics/xen-dom0-core.yaml:4:9: error: missing mbox file 'topics/xen-dom0-core.mbox'");
}

// Found by fuzz_yaml: a name longer than PATH_MAX made std::filesystem throw past the loader.
TEST(LoaderTest, OverlongMboxNameIsAMissingFileNotACrash) {
  StackFixture s;
  const std::string name(5000, 'm');
  s.write("topics/xen-dom0-core.yaml",
          "name: xen/dom0/core\ncomponent: linux\ndepends: [xen/core]\nseries: " + name + "\n");
  EXPECT_EQ(s.load_error(), "topics/xen-dom0-core.yaml:4:9: error: missing mbox file '" + name + "'");
}

TEST(LoaderTest, MissingHistoryMbox) {
  StackFixture s;
  s.remove("stack/linux/mainline.mbox");
  EXPECT_EQ(s.load_error(),
            "stack/stack.yaml:7:14: error: missing mbox file 'stack/linux/mainline.mbox'");
}

TEST(LoaderTest, MissingFixupAndResolutionFiles) {
  StackFixture s;
  s.write("merge-branches/xen-next.yaml",
          "name: xen/next\nbase: xen/master\ntopics: [xen/dom0/backend/netback]\nfixups:\n"
          "  - name: fix-build\n    mbox: merge-branches/fix-build.mbox\n");
  EXPECT_EQ(s.load_error(),
            "merge-branches/xen-next.yaml:6:11: error: missing mbox file "
            "'merge-branches/fix-build.mbox'");
  s.write("merge-branches/fix-build.mbox", "");
  s.write("merge-branches/xen-next.yaml",
          "name: xen/next\nbase: xen/master\ntopics: [xen/dom0/backend/netback]\nresolutions:\n"
          "  - topic: xen/dom0/backend/netback\n    path: drivers/xen/events.c\n"
          "    resolved: merge-branches/events.c\n");
  EXPECT_EQ(s.load_error(),
            "merge-branches/xen-next.yaml:7:15: error: missing resolution file "
            "'merge-branches/events.c'");
  s.write("merge-branches/events.c",
          "# a comment\n\nconflict\nours:\n| int a;\n|\ntheirs:\n| int b;\n"
          "\\ No newline at end of file\nresolved:\n");
  const StackConfig c = s.load();
  ASSERT_EQ(c.merge_branch("xen/next").resolutions.size(), 1u);
  const Resolution& r = c.merge_branch("xen/next").resolutions[0];
  ASSERT_EQ(r.hunks.size(), 1u);
  EXPECT_EQ(r.hunks[0].ours, "int a;\n\n");
  EXPECT_EQ(r.hunks[0].theirs, "int b;");
  EXPECT_EQ(r.hunks[0].resolved, "");
  EXPECT_EQ(r.hunks[0].line, 3);
  EXPECT_EQ(r.path_where.line, 6);
}

TEST(LoaderTest, OldAndMalformedResolutionFilesAreConfigurationErrors) {
  StackFixture s;
  s.write("merge-branches/xen-next.yaml",
          "name: xen/next\nbase: xen/master\ntopics: [xen/dom0/backend/netback]\nresolutions:\n"
          "  - topic: xen/dom0/backend/netback\n    path: drivers/xen/events.c\n"
          "    resolved: merge-branches/events.c\n");
  // A whole resolved file, as the old format stored it.
  s.write("merge-branches/events.c", "// SPDX-License-Identifier: GPL-2.0\nint x;\n");
  EXPECT_EQ(s.load_error(),
            "merge-branches/events.c:1: error: not a patchflow resolution (expected 'conflict'); "
            "an old whole-file resolution? record it again with patchflow resolve");
  s.write("merge-branches/events.c", "conflict\nours:\n| a\nresolved:\n| b\n");
  EXPECT_EQ(s.load_error(),
            "merge-branches/events.c:4: error: unexpected 'resolved:' (each conflict has "
            "'ours:', 'theirs:', 'resolved:' in that order)");
  s.write("merge-branches/events.c", "conflict\nours:\n|a\n");
  EXPECT_EQ(s.load_error(), "merge-branches/events.c:3: error: text lines start with '| '");
  s.write("merge-branches/events.c", "conflict\nours:\ntheirs:\nresolved:\n");
  s.write("merge-branches/xen-next.yaml",
          "name: xen/next\nbase: xen/master\ntopics: [xen/dom0/backend/netback]\nresolutions:\n"
          "  - topic: xen/dom0/backend/netback\n    path: drivers/xen/events.c\n"
          "    conflict-key: 1234abcd\n    resolved: merge-branches/events.c\n");
  EXPECT_EQ(s.load_error(),
            "merge-branches/xen-next.yaml:7:19: error: 'conflict-key' is no longer used: delete "
            "this entry and its resolution file, then record it again with patchflow resolve");
}

TEST(LoaderTest, InvalidSeverityValue) {
  StackFixture s;
  s.write("policies/linux.yaml", "name: linux\nseverities:\n  LONG_LINE: fatal\n");
  EXPECT_EQ(s.load_error(),
            "policies/linux.yaml:3:14: error: invalid severity 'fatal' for 'LONG_LINE' (expected "
            "error, warning, check or off)");
}

// A misspelt ID used to be kept as an override that never applied: the check stayed an error.
TEST(LoaderTest, UnknownCheckIdInSeveritiesNamesItsKey) {
  StackFixture s;
  s.write("policies/linux.yaml",
          "name: linux\nseverities:\n  LONG_LINE: warning\n  LONG_LNE: off\n");
  EXPECT_EQ(s.load_error(), "policies/linux.yaml:4:3: error: unknown check ID 'LONG_LNE' in 'severities'");
  s.write("policies/linux.yaml", "name: linux\nseverities: {PRINTK_WITHOUT_KERN_LEVEL: off, x: off}\n");
  EXPECT_EQ(s.load_error(), "policies/linux.yaml:2:46: error: unknown check ID 'x' in 'severities'");
}

TEST(LoaderTest, RetiredCheckIdAndItsSuccessorTogetherAreAnError) {
  StackFixture s;
  s.write("policies/linux.yaml",
          "name: linux\nseverities:\n  MISSING_SIGN_OFF: warning\n  SIGN_OFF_MISSING: off\n");
  EXPECT_EQ(s.load_error(),
            "policies/linux.yaml:4:3: error: 'SIGN_OFF_MISSING' and 'MISSING_SIGN_OFF' name the same "
            "check in 'severities'");
}

TEST(LoaderTest, InvalidSubjectPrefixRegex) {
  StackFixture s;
  s.write("policies/linux.yaml", "name: linux\nsubject-prefix: \"^(xen\"\n");
  const std::string e = s.load_error();
  EXPECT_EQ(e.rfind("policies/linux.yaml:2:17: error: invalid regex in 'subject-prefix': ", 0), 0u)
      << e;
}

TEST(LoaderTest, MissingStackFile) {
  StackFixture s;
  s.remove("stack/stack.yaml");
  EXPECT_EQ(s.load_error(),
            "stack/stack.yaml: error: no stack in '" + s.root() + "': missing 'stack/stack.yaml'");
}

}  // namespace patchflow::config
