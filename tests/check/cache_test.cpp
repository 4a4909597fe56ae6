// check's results kept between runs (.git/patchflow/cache/): a kept answer equals a fresh one
// and is reused; a changed input (the commit, .checkpatch.conf and the checkpatch options,
// MAINTAINERS, the policy, a commit the message cites, the attribute files that shape a commit's
// diff, patchflow's build) is never answered from the cache; a bad entry is ignored; --no-cache
// reads and writes nothing; builds are kept per tree and command.
#include "patchflow/check/cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "patchflow/check/request.hpp"
#include "patchflow/core/build_id.hpp"
#include "patchflow/core/json.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::check {
namespace {

using testing::TempDir;
using testing::TempRepo;
namespace fs = std::filesystem;

const std::string k_xen_lib_maintainers =
    "XEN HYPERVISOR INTERFACE\n"
    "M:\tJeremy Fitzhardinge <jeremy@goop.org>\n"
    "F:\tdrivers/xen/\n"
    "\n"
    "LIBRARY\n"
    "M:\tLib Rarian <lib@example.org>\n"
    "F:\tlib/\n"
    "\n"
    "THE REST\n"
    "M:\tLinus Torvalds <torvalds@linux-foundation.org>\n"
    "F:\t*\n"
    "F:\t*/\n";

using testing::k_signoff;

// Enough changed lines in drivers/xen/ and lib/ that neither is glue to the other: two
// subsystems. The events line is over 40 columns and ends in a space.
const std::string k_events =
    "int a;\nint events_table_size_for_dom0_is_large = 1; \nint e1;\nint e2;\nint e3;\n"
    "int e4;\nint e5;\nint e6;\n";
// Enough changed lines in lib/ that it is no glue to the Xen change: a second subsystem.
const std::string k_string = "int s;\nint t;\nint u;\nint v;\nint w;\nint x;\nint y;\n";

// A mainline with MAINTAINERS and two directories, and a topic of one commit touching both
// with a style defect (a line over 40 columns, a trailing space).
struct Stack {
  TempRepo r;
  git::Oid base;
  git::Oid cited;  // a commit on a side branch that the topic's message cites
  git::Oid topic;
  Stack() {
    base = r.commit("init", {{"MAINTAINERS", k_xen_lib_maintainers},
                             {"drivers/xen/events.c", "int a;\n"},
                             {"lib/string.c", "int s;\n"}});
    r.branch("mainline", base);
    cited = r.commit("xen: the cited change", {{"drivers/xen/cited.c", "int x;\n"}}, {base});
    r.branch("side", cited);
    const std::string cited_id = cited.hex().substr(0, 12);
    topic =
        add("xen/events: grow the event table\n\nThe table is too small for dom0; this is\n"
            "commit " +
                cited_id +
                " (\"xen: the cited change\") done right.\n\n"
                "Fixes: " +
                cited_id + " (\"xen: the cited change\")" + k_signoff,
            {{"drivers/xen/events.c", k_events}, {"lib/string.c", k_string}}, base);
  }
  git::Oid add(const std::string& message, const testing::Files& files, const git::Oid& parent) {
    const git::Oid commit = r.commit(message, files, {parent});
    r.branch("topic", commit);
    return commit;
  }
  fs::path cache_dir() { return fs::path(r.path()) / ".git" / "patchflow" / "cache" / "check"; }
};

std::string check_text(git_repository& repo, bool cache, std::vector<std::string> args = {},
                       const std::string& maintainers = "") {
  Request request;
  request.inputs = {"mainline..topic"};
  request.cache = cache;
  request.checkpatch_args = std::move(args);
  request.maintainers = maintainers;
  const Context context{[](bool) -> const config::StackConfig* { return nullptr; },
                        [&repo](bool) { return &repo; }};
  const Result result = run(request, context);
  return format_text(result) + patchflow::dump_json(to_json(result), 1);
}

// The keys of every entry below dir.
std::vector<std::string> keys_in(const fs::path& dir) {
  std::vector<std::string> keys;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) {
      keys.push_back(it->path().parent_path().filename().string() + it->path().filename().string());
    }
  }
  return keys;
}

// Rewrites every kept report and series, validly, so that a reused one shows: each gets a
// finding whose message is "KEPT" (series entries only when series). Returns how many entries it
// marked.
int mark_entries(const fs::path& dir, bool series = true) {
  const git::ResultCache cache(dir);
  int marked = 0;
  for (const std::string& key : keys_in(dir)) {
    const auto value = cache.find(key);
    if (!value) {
      continue;
    }
    auto entry = patchflow::parse_json(*value);
    if (!series && entry.contains("series")) {
      continue;
    }
    // a patch's entry, or the series findings of a range
    entry[entry.contains("series") ? "series" : "findings"].push_back(
        {"kept.patch", 1, 0, "", "error", "KEPT", "KEPT", ""});
    cache.store(key, patchflow::dump_json(entry));
    ++marked;
  }
  return marked;
}

bool answered_from_cache(const std::string& report) {
  return report.find("KEPT") != std::string::npos;
}

TEST(CheckCacheTest, KeptAnswerEqualsTheFreshOneAndIsReused) {
  Stack s;
  const std::string fresh = check_text(s.r.repo(), false);
  EXPECT_FALSE(fs::exists(s.cache_dir()));
  const std::string first = check_text(s.r.repo(), true);
  EXPECT_EQ(first, fresh);
  EXPECT_EQ(keys_in(s.cache_dir()).size(), 2u);  // the one commit's and the series'
  const std::string second = check_text(s.r.repo(), true);
  EXPECT_EQ(second, fresh);
  // The topic has findings of several kinds (so the kept report is not trivially empty).
  EXPECT_NE(fresh.find("[MULTIPLE_SUBSYSTEMS]"), std::string::npos) << fresh;
  EXPECT_NE(fresh.find("[TRAILING_WHITESPACE]"), std::string::npos) << fresh;
  ASSERT_EQ(mark_entries(s.cache_dir()), 2);
  EXPECT_TRUE(answered_from_cache(check_text(s.r.repo(), true)));
}

TEST(CheckCacheTest, NoCacheNeitherReadsNorWrites) {
  Stack s;
  check_text(s.r.repo(), false);
  EXPECT_FALSE(fs::exists(s.cache_dir()));
  const std::string fresh = check_text(s.r.repo(), true);
  ASSERT_EQ(mark_entries(s.cache_dir()), 2);
  EXPECT_EQ(check_text(s.r.repo(), false), fresh);
  // through the CLI too (another build: its own entries, kept by its first run)
  const auto first = testing::run_patchflow({"--repo", s.r.path(), "check", "mainline..topic"});
  EXPECT_EQ(mark_entries(s.cache_dir()), 4) << first.out << first.err;
  const auto run =
      testing::run_patchflow({"--repo", s.r.path(), "check", "--no-cache", "mainline..topic"});
  EXPECT_EQ(run.out.find("KEPT"), std::string::npos) << run.out;
  EXPECT_EQ(run.out, first.out);
  EXPECT_NE(run.out.find("[MULTIPLE_SUBSYSTEMS]"), std::string::npos) << run.out << run.err;
  const auto cached = testing::run_patchflow({"--repo", s.r.path(), "check", "mainline..topic"});
  EXPECT_NE(cached.out.find("KEPT"), std::string::npos) << cached.out << cached.err;
}

TEST(CheckCacheTest, ChangedCommitIsCheckedAgain) {
  Stack s;
  check_text(s.r.repo(), true);
  ASSERT_EQ(mark_entries(s.cache_dir()), 2);
  // the same change with another message (an amended commit)
  s.add("xen/events: grow the event table for dom0\n\nThe table is too small for dom0 guests." +
            k_signoff,
        {{"drivers/xen/events.c", k_events}, {"lib/string.c", k_string}}, s.base);
  const std::string changed = check_text(s.r.repo(), true);
  EXPECT_FALSE(answered_from_cache(changed)) << changed;
  EXPECT_EQ(changed, check_text(s.r.repo(), false));
}

TEST(CheckCacheTest, ChangedCheckpatchConfOrOptionIsCheckedAgain) {
  Stack s;
  const std::string before = check_text(s.r.repo(), true);
  ASSERT_EQ(mark_entries(s.cache_dir()), 2);
  // .checkpatch.conf is read at the tip: a later commit of the topic changes it for every one
  s.add("checkpatch: no trailing whitespace check" + k_signoff,
        {{".checkpatch.conf", "--ignore TRAILING_WHITESPACE\n"}}, s.topic);
  const std::string conf = check_text(s.r.repo(), true);
  EXPECT_FALSE(answered_from_cache(conf)) << conf;
  EXPECT_EQ(conf, check_text(s.r.repo(), false));
  EXPECT_EQ(conf.find("[TRAILING_WHITESPACE]"), std::string::npos) << conf;
  // an option on the command line
  // the first range's commit and series, the second's two commits and series
  ASSERT_EQ(mark_entries(s.cache_dir()), 5);
  const std::string strict = check_text(s.r.repo(), true, {"--max-line-length", "30"});
  EXPECT_FALSE(answered_from_cache(strict)) << strict;
  EXPECT_EQ(strict, check_text(s.r.repo(), false, {"--max-line-length", "30"}));
  EXPECT_NE(strict.find("[LONG_LINE]"), std::string::npos) << strict;
  EXPECT_NE(before, conf);
}

TEST(CheckCacheTest, ChangedMaintainersIsCheckedAgain) {
  // MAINTAINERS is read from the series' base, which a commit's id fixes: what can change under
  // the same commits is a MAINTAINERS given with --maintainers.
  Stack s;
  TempDir dir;
  const std::string file = (fs::path(dir.path()) / "MAINTAINERS").string();
  std::ofstream(file) << k_xen_lib_maintainers;
  const std::string before = check_text(s.r.repo(), true, {}, file);
  ASSERT_EQ(mark_entries(s.cache_dir()), 2);
  // the library section no longer claims lib/string.c: one subsystem now
  std::string maintainers = k_xen_lib_maintainers;
  maintainers.replace(maintainers.find("F:\tlib/"), 7, "F:\tlib/other/");
  std::ofstream(file, std::ios::trunc) << maintainers;
  const std::string after = check_text(s.r.repo(), true, {}, file);
  EXPECT_FALSE(answered_from_cache(after)) << after;
  EXPECT_EQ(after, check_text(s.r.repo(), false, {}, file));
  EXPECT_NE(before.find("[MULTIPLE_SUBSYSTEMS]"), std::string::npos) << before;
  EXPECT_EQ(after.find("[MULTIPLE_SUBSYSTEMS]"), std::string::npos) << after;
}

TEST(CheckCacheTest, ChangedAnswerAboutACitedCommitIsCheckedAgain) {
  Stack s;
  const std::string before = check_text(s.r.repo(), true);
  EXPECT_EQ(before.find("FIXES_UNKNOWN_COMMIT"), std::string::npos) << before;
  // the series rules ask nothing about the cited commit: their entry stays good
  ASSERT_EQ(mark_entries(s.cache_dir(), /*series=*/false), 1);
  // the cited commit leaves the repository (its branch and its object)
  s.r.git({"branch", "-D", "side"});
  const std::string hex = s.cited.hex();
  ASSERT_TRUE(
      fs::remove(fs::path(s.r.path()) / ".git" / "objects" / hex.substr(0, 2) / hex.substr(2)));
  const std::string after = check_text(s.r.repo(), true);
  EXPECT_FALSE(answered_from_cache(after)) << after;
  EXPECT_NE(after.find("[FIXES_UNKNOWN_COMMIT]"), std::string::npos) << after;
  EXPECT_EQ(after, check_text(s.r.repo(), false));
}

TEST(CheckCacheTest, BadEntryIsIgnoredAndReplaced) {
  Stack s;
  const std::string fresh = check_text(s.r.repo(), true);
  const auto keys = keys_in(s.cache_dir());
  ASSERT_EQ(keys.size(), 2u);
  std::map<std::string, std::string> whole;
  auto path = [&](const std::string& key) {
    return (s.cache_dir() / key.substr(0, 2) / key.substr(2)).string();
  };
  for (const auto& key : keys) {
    whole[key] = text::read_file(path(key));
    // a run killed while writing, without the rename: half a file
    text::write_file_atomically(path(key), whole[key].substr(0, whole[key].size() / 2));
  }
  EXPECT_EQ(check_text(s.r.repo(), true), fresh);
  for (const auto& key : keys) {
    EXPECT_EQ(text::read_file(path(key)), whole[key]);  // replaced by a whole entry
    // a whole entry of another shape
    git::ResultCache(s.cache_dir()).store(key, "{\"label\": 3}");
  }
  EXPECT_EQ(check_text(s.r.repo(), true), fresh);
  for (const auto& key : keys) {
    // bytes changed after the header
    std::string flipped = whole[key];
    flipped.back() = flipped.back() == '}' ? ']' : '}';
    text::write_file_atomically(path(key), flipped);
  }
  EXPECT_EQ(check_text(s.r.repo(), true), fresh);
}

TEST(CheckCacheTest, ChangedAttributesAreCheckedAgain) {
  // .gitattributes in the work tree decide whether a file diffs as text: lib/string.c made
  // binary has no lines to check, which no key holds (the commit is the same).
  Stack s;
  const std::string before = check_text(s.r.repo(), true);
  ASSERT_EQ(mark_entries(s.cache_dir()), 2);
  // a directory the commit does not touch: the kept answers still serve
  fs::create_directories(fs::path(s.r.path()) / "doc");
  std::ofstream(fs::path(s.r.path()) / "doc" / ".gitattributes") << "*.c -diff\n";
  EXPECT_TRUE(answered_from_cache(check_text(s.r.repo(), true)));
  fs::create_directories(fs::path(s.r.path()) / "lib");
  std::ofstream(fs::path(s.r.path()) / "lib" / ".gitattributes") << "string.c -diff\n";
  // git is the referee: lib/string.c diffs as binary now
  EXPECT_EQ(s.r.git({"diff", "--numstat", s.base.hex(), s.topic.hex(), "--", "lib"}),
            "-\t-\tlib/string.c\n");
  const std::string after = check_text(s.r.repo(), true);
  EXPECT_FALSE(answered_from_cache(after)) << after;
  EXPECT_EQ(after, check_text(s.r.repo(), false));
  EXPECT_NE(after, before);
  EXPECT_NE(after.find("[BINARY_DIFF]"), std::string::npos) << after;
}

TEST(CheckCacheTest, ChangedInfoAttributesAreCheckedAgain) {
  // <git dir>/info/attributes applies to every path: no kept answer serves once it changes.
  Stack s;
  check_text(s.r.repo(), true);
  ASSERT_EQ(mark_entries(s.cache_dir()), 2);
  fs::create_directories(fs::path(s.r.path()) / ".git" / "info");
  std::ofstream(fs::path(s.r.path()) / ".git" / "info" / "attributes") << "events.c -diff\n";
  const std::string after = check_text(s.r.repo(), true);
  EXPECT_FALSE(answered_from_cache(after)) << after;
  EXPECT_EQ(after, check_text(s.r.repo(), false));
  EXPECT_NE(after.find("[BINARY_DIFF]"), std::string::npos) << after;
}

TEST(CheckCacheTest, ChangedPolicyOrRunInputIsNeverAnsweredFromTheCache) {
  Stack s;
  const std::vector<std::pair<std::string, std::function<void(Options&)>>> changes = {
      {"policy max_line_length", [](Options& o) { o.policy.max_line_length = 20; }},
      {"policy severity", [](Options& o) { o.policy.severities["LONG_LINE"] = Severity::error; }},
      {"policy subject prefix", [](Options& o) { o.policy.subject_prefix = "^lib: "; }},
      {"policy min body lines", [](Options& o) { o.policy.min_body_lines = 9; }},
      {"checkpatch strict", [](Options& o) { o.checkpatch.strict = true; }},
      {"checkpatch ignore", [](Options& o) { o.checkpatch.ignore.insert("TRAILING_WHITESPACE"); }},
      {"sender", [](Options& o) { o.committer_email = "someone@example.org"; }},
  };
  const std::vector<PatchInput> patches = load_commits(s.r.repo(), {s.topic}, false);
  const fs::path dir = fs::path(s.r.path()) / "policy-cache";
  auto check = [&](Options options, bool cached) {
    if (cached) {
      options.cache =
          std::make_shared<const CheckCache>(git::ResultCache(dir), options, &s.r.repo());
    }
    const Result result = check_patches(patches, options, &s.r.repo());
    return format_text(result);
  };
  const Options plain;
  check(plain, true);
  for (const auto& [name, change] : changes) {
    ASSERT_GE(mark_entries(dir), 1) << name;
    Options changed;
    change(changed);
    EXPECT_NE(describe_run_inputs(changed, &s.r.repo()), describe_run_inputs(plain, &s.r.repo()))
        << name;
    const std::string text = check(changed, true);
    EXPECT_FALSE(answered_from_cache(text)) << name << "\n" << text;
    EXPECT_EQ(text, check(changed, false)) << name;
  }
  EXPECT_TRUE(answered_from_cache(check(plain, true)));
}

TEST(CheckCacheTest, RunInputsNameThisBuildOfPatchflow) {
  ASSERT_FALSE(program_build_id().empty());
  // referee: the build id readelf reads from this test program, when readelf is installed
  if (!testing::find_program("readelf").empty()) {
    const auto notes =
        testing::run_process({"readelf", "-n", fs::read_symlink("/proc/self/exe").string()});
    EXPECT_NE(notes.out.find("Build ID: " + program_build_id()), std::string::npos) << notes.out;
  }
  const Options options;
  EXPECT_NE(describe_run_inputs(options, nullptr).find(program_build_id()), std::string::npos);
}

TEST(ResultCacheTest, StoresWholeEntriesAndMissesOtherwise) {
  TempDir dir;
  const git::ResultCache cache(dir.path() + "/c");
  const std::string key = git::digest("inputs");
  // git's blob hash of the text (referee: git hash-object)
  EXPECT_EQ(
      key,
      text::trim(
          testing::run_process({"git", "hash-object", "--stdin"}, dir.path(), {}, "inputs").out));
  EXPECT_FALSE(cache.find(key));
  cache.store(key, "value\nwith lines");
  EXPECT_EQ(cache.find(key), "value\nwith lines");
  // an entry copied under another key is not that key's
  const std::string other = git::digest("other inputs");
  fs::create_directories(dir.path() + "/c/" + other.substr(0, 2));
  fs::copy_file(dir.path() + "/c/" + key.substr(0, 2) + "/" + key.substr(2),
                dir.path() + "/c/" + other.substr(0, 2) + "/" + other.substr(2));
  EXPECT_FALSE(cache.find(other));
  // no temporary file is left behind
  int files = 0;
  for (const auto& f : fs::recursive_directory_iterator(dir.path() + "/c")) {
    files += f.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(files, 2);
  // off: nothing read or written
  const git::ResultCache off;
  off.store(key, "x");
  EXPECT_FALSE(off.find(key));
}

TEST(BuildCacheTest, BuildIsKeptPerTreeAndCommand) {
  Stack s;
  const git::Oid second =
      s.add("lib: another" + k_signoff, {{"lib/string.c", "int fail;\n"}}, s.topic);
  TempDir work;
  const std::string log = work.path() + "/builds.log";
  Options options;
  options.jobs = 1;
  options.build_cache = git::ResultCache(fs::path(s.r.path()) / "build-cache");
  // fails where lib/string.c has "int fail;", logs every run
  options.policy.build = "echo run >> " + log + "; echo compiling; ! grep -q fail lib/string.c";
  const std::vector<BuildTarget> targets = {
      {"first", s.topic.hex(), git::commit_tree_id(*git::lookup_commit(s.r.repo(), s.topic))},
      {"second", second.hex(), git::commit_tree_id(*git::lookup_commit(s.r.repo(), second))}};
  auto lines = [&] {
    const std::string content = fs::exists(log) ? text::read_file(log) : "";
    return text::split_lines(content).size();
  };
  const auto fresh = build_targets(s.r.repo(), targets, options, work.path() + "/b");
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].id, "BUILD_FAILED");
  EXPECT_EQ(fresh[0].where.ref, "second");
  EXPECT_EQ(lines(), 2u);
  const auto kept = build_targets(s.r.repo(), targets, options, work.path() + "/b");
  EXPECT_EQ(lines(), 2u);  // both answers kept, the failure too
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].message, fresh[0].message);
  EXPECT_EQ(kept[0].where.ref, fresh[0].where.ref);
  // another command: built again
  options.policy.build += " # v2";
  build_targets(s.r.repo(), targets, options, work.path() + "/b");
  EXPECT_EQ(lines(), 4u);
  // another tree: only it is built
  const git::Oid third =
      s.add("lib: third" + k_signoff, {{"lib/string.c", "int s;\nint v;\n"}}, second);
  build_targets(
      s.r.repo(),
      {targets[0],
       {"third", third.hex(), git::commit_tree_id(*git::lookup_commit(s.r.repo(), third))}},
      options, work.path() + "/b");
  EXPECT_EQ(lines(), 5u);
}

}  // namespace
}  // namespace patchflow::check
