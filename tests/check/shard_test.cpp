// check --shard K/N: each shard checks and builds its own patches, shard 1 runs the series rules,
// and the shards together report what one unsharded run reports.
#include "patchflow/check/shard.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "patchflow/check/request.hpp"
#include "patchflow/core/text.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::check {
namespace {

using testing::TempDir;
using testing::TempRepo;

using testing::k_signoff;

// A range master..topic of six commits with findings of every kind: per-commit ones (no
// prefix, no sign-off, a long line) and series ones (a change mainline already has, a change
// made twice, so the series does not apply either).
struct ShardFixture {
  TempRepo r;
  std::vector<git::Oid> commits;

  ShardFixture() {
    const git::Oid base = r.commit("init", {{"a.c", "int a;\n"}, {"b.c", "int b;\n"}});
    const git::Oid u = r.commit("c: add u" + k_signoff, {{"c.c", "int u;\n"}}, {base});
    r.branch("master", r.commit("b: rename b" + k_signoff, {{"b.c", "int b2;\n"}}, {u}));
    auto add = [&](const std::string& message, const testing::Files& files) {
      commits.push_back(r.commit(message, files, {commits.empty() ? base : commits.back()}));
    };
    add("a: rename a\n\nNeeded because a clashes." + k_signoff, {{"a.c", "int a1;\n"}});
    add("rename b\n\nNeeded because b clashes.\n", {{"b.c", "int b1;\n"}});
    add("c: add u\n\nNeeded because u is missing." + k_signoff, {{"c.c", "int u;\n"}});
    add("a: rename back\n\nNeeded because a1 breaks callers." + k_signoff, {{"a.c", "int a;\n"}});
    add("a: rename a again\n\nNeeded because a clashes after all." + k_signoff,
        {{"a.c", "int a1;\n"}});
    add("b: add a long line\n\nNeeded because b needs a value." + k_signoff,
        {{"b.c", "int b1;\nint b_with_a_name_long_enough = " + std::string(100, '1') + ";\n"}});
    r.branch("topic", commits.back());
  }

  Result check(const Request& request, const config::StackConfig* stack = nullptr) {
    Context context;
    context.stack = [stack](bool required) -> const config::StackConfig* {
      if (required && stack == nullptr) {
        throw_usage("no stack in this test");
      }
      return stack;
    };
    context.repo = [this](bool) { return &r.repo(); };
    return run(request, context);
  }
};

// Every finding of a result as one comparable line.
std::vector<std::string> findings_of(const Result& result) {
  std::vector<std::string> out;
  auto add = [&](const Finding& f) {
    out.push_back(f.commit + " " + f.format() + " @" + f.where.ref);
  };
  for (const auto& c : result.commits) {
    std::for_each(c.findings.begin(), c.findings.end(), add);
  }
  std::for_each(result.series.begin(), result.series.end(), add);
  return out;
}

std::vector<std::string> labels_of(const Result& result) {
  std::vector<std::string> out;
  for (const auto& c : result.commits) {
    out.push_back(c.label);
  }
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

bool has_id(const std::vector<std::string>& findings, const std::string& id) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const std::string& f) { return f.find("[" + id + "]") != f.npos; });
}

TEST(ShardTest, ParsesKOfNAndPlacesPatchIModuloN) {
  const Shard two = parse_shard("2/3");
  EXPECT_EQ(two.index, 2);
  EXPECT_EQ(two.count, 3);
  std::vector<std::size_t> mine;
  for (std::size_t i = 0; i < 8; ++i) {
    if (two.contains(i)) {
      mine.push_back(i);
    }
  }
  EXPECT_EQ(mine, (std::vector<std::size_t>{1, 4, 7}));
  EXPECT_FALSE(two.has_series_rules());
  EXPECT_TRUE(parse_shard("1/3").has_series_rules());
  EXPECT_TRUE(parse_shard("1/1").contains(5));
}

TEST(ShardTest, BadSpecIsAUsageErrorNamingIt) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0/2", "--shard '0/2' is not K/N (two positive numbers, e.g. 1/4)"},
      {"3/2", "--shard '3/2': K is 3, past the 2 shards (1 <= K <= N)"},
      {"x", "--shard 'x' is not K/N (two positive numbers, e.g. 1/4)"},
      {"1/", "--shard '1/' is not K/N (two positive numbers, e.g. 1/4)"},
      {"1/2/3", "--shard '1/2/3' is not K/N (two positive numbers, e.g. 1/4)"},
      {"-1/2", "--shard '-1/2' is not K/N (two positive numbers, e.g. 1/4)"},
      {" 1/2", "--shard ' 1/2' is not K/N (two positive numbers, e.g. 1/4)"},
      {"1/99999999999", "--shard '1/99999999999' is not K/N (two positive numbers, e.g. 1/4)"},
  };
  for (const auto& [spec, message] : cases) {
    const Error e = testing::catch_error([&spec] { parse_shard(spec); });
    EXPECT_EQ(e.exit_code(), ExitCode::usage) << spec;
    EXPECT_STREQ(e.what(), message.c_str()) << spec;
  }
}

TEST(ShardTest, ShardsOfARangeAreDisjointAndTogetherGiveTheUnshardedFindings) {
  ShardFixture f;
  Request request;
  request.inputs = {"master..topic"};
  const Result whole = f.check(request);
  const auto all = findings_of(whole);
  // the fixture has findings of both kinds, or the comparison would prove little
  for (const char* id : {"SUBJECT_PREFIX", "MISSING_SIGN_OFF", "LONG_LINE", "SERIES_APPLY",
                         "SERIES_ALREADY_MERGED", "SERIES_DUPLICATE"}) {
    EXPECT_TRUE(has_id(all, id)) << id << "\n" << format_text(whole);
  }
  ASSERT_EQ(whole.commits.size(), 6u);
  for (const int n : {2, 3, 6}) {
    std::vector<std::string> united, labels;
    for (int k = 1; k <= n; ++k) {
      request.shard = parse_shard(std::to_string(k) + "/" + std::to_string(n));
      const Result part = f.check(request);
      // shard k holds patches k-1, k-1+n, ... of the series, in series order
      std::vector<std::string> expected;
      for (std::size_t i = static_cast<std::size_t>(k - 1); i < whole.commits.size(); i += n) {
        expected.push_back(whole.commits[i].label);
      }
      EXPECT_EQ(labels_of(part), expected) << k << "/" << n;
      EXPECT_EQ(part.series.empty(), k != 1) << k << "/" << n;
      const auto found = findings_of(part);
      united.insert(united.end(), found.begin(), found.end());
      const auto mine = labels_of(part);
      labels.insert(labels.end(), mine.begin(), mine.end());
    }
    EXPECT_EQ(sorted(united), sorted(all)) << n << " shards";
    EXPECT_EQ(sorted(labels), sorted(labels_of(whole))) << n << " shards";
    EXPECT_EQ(std::set<std::string>(labels.begin(), labels.end()).size(), labels.size())
        << n << " shards share a commit";
  }
}

TEST(ShardTest, ShardsOfMailsTogetherGiveTheUnshardedFindings) {
  ShardFixture f;
  TempDir dir;
  const std::string mbox =
      dir.write("series.mbox", f.r.git({"format-patch", "--stdout", "master..topic"}));
  Request request;
  request.inputs = {mbox};
  request.mainline = "master";
  const auto all = findings_of(f.check(request));
  EXPECT_TRUE(has_id(all, "SERIES_DUPLICATE")) << text::join(all, "\n");
  EXPECT_TRUE(has_id(all, "MISSING_SIGN_OFF")) << text::join(all, "\n");
  request.shard = parse_shard("1/2");
  const Result first = f.check(request);
  request.shard = parse_shard("2/2");
  const Result second = f.check(request);
  auto united = findings_of(first);
  const auto more = findings_of(second);
  united.insert(united.end(), more.begin(), more.end());
  EXPECT_EQ(sorted(united), sorted(all));
  EXPECT_EQ(labels_of(first),
            (std::vector<std::string>{"series.mbox #1", "series.mbox #3", "series.mbox #5"}));
  EXPECT_EQ(labels_of(second),
            (std::vector<std::string>{"series.mbox #2", "series.mbox #4", "series.mbox #6"}));
}

TEST(ShardTest, BuildBuildsOnlyTheShardsCommitsAndTheEarliestBreakIsTheUnshardedOne) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"n", "base\n"}});
  r.branch("master", base);
  std::vector<git::Oid> commits;
  // commit 1 breaks the build, 2 keeps it broken, 3 repairs it
  const std::vector<testing::Files> changes = {{{"n", "0\n"}},
                                               {{"n", "1\n"}, {"broken", "x\n"}},
                                               {{"n", "2\n"}},
                                               {{"n", "3\n"}, {"broken", std::nullopt}}};
  for (std::size_t i = 0; i < changes.size(); ++i) {
    commits.push_back(r.commit("a: step " + std::to_string(i) + "\n\nNeeded because." + k_signoff,
                               changes[i], {commits.empty() ? base : commits.back()}));
  }
  r.branch("topic", commits.back());
  TempDir work;
  const std::string log = work.path() + "/built";
  config::StackConfig stack;
  stack.stack.components.push_back({.name = "c", .mainline = "master", .policy = "p"});
  stack.policies.push_back({.name = "p"});
  stack.policies[0].build = "cat n >> '" + log + "'; test ! -f broken";
  Context context;
  context.stack = [&stack](bool) { return &stack; };
  context.repo = [&r](bool) { return &r.repo(); };
  auto build = [&](const std::string& shard) {
    Request request;
    request.inputs = {"master..topic"};
    request.build = true;
    request.build_dir = work.path() + "/scratch";
    request.shard = parse_shard(shard);
    std::filesystem::remove(log);
    const Result result = run(request, context);
    std::vector<std::string> broken;
    for (const auto& f : result.series) {
      if (f.id == "BUILD_FAILED") {
        broken.push_back(f.commit);
      }
    }
    // what was built, by the step number each tree holds
    auto built = text::split(text::read_file(log), '\n');
    std::erase(built, "");
    return std::make_pair(sorted(built), broken);
  };
  const auto [all_built, all_broken] = build("1/1");
  EXPECT_EQ(all_built, (std::vector<std::string>{"0", "1", "2", "3"}));
  EXPECT_EQ(all_broken, (std::vector<std::string>{commits[1].hex()}));
  const auto [first_built, first_broken] = build("1/2");
  EXPECT_EQ(first_built, (std::vector<std::string>{"0", "2"}));
  EXPECT_EQ(first_broken, (std::vector<std::string>{commits[2].hex()}));
  const auto [second_built, second_broken] = build("2/2");
  EXPECT_EQ(second_built, (std::vector<std::string>{"1", "3"}));
  // each shard names the first of its own commits that breaks; the unsharded run names the
  // earliest of those (commit 2 only inherits commit 1's break)
  EXPECT_EQ(second_broken, (std::vector<std::string>{commits[1].hex()}));
}

}  // namespace
}  // namespace patchflow::check
