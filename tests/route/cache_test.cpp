// route's results kept between runs (.git/patchflow/cache/route): a kept route equals a fresh one
// and is reused; a changed input (the commit, MAINTAINERS, the lookup options and the policy,
// .mailmap, the .gitattributes that decide how a file diffs, patchflow's build) is never
// answered from the cache; a bad entry is ignored; --no-cache reads and writes nothing; routes
// that add --git history are not kept.
#include "patchflow/core/json.hpp"
#include "patchflow/route/cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "patchflow/core/build_id.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/maintainers/source.hpp"
#include "patchflow/route/request.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::route {
namespace {

using testing::TempDir;
using testing::TempRepo;
namespace fs = std::filesystem;

const char* const k_kept_maintainers =
    "SWIOTLB SUBSYSTEM\n"
    "M:\tKonrad Rzeszutek Wilk <konrad.wilk@oracle.com>\n"
    "L:\tlinux-kernel@vger.kernel.org\n"
    "S:\tSupported\n"
    "F:\tlib/swiotlb.c\n"
    "\n"
    "XEN HYPERVISOR INTERFACE\n"
    "M:\tJeremy Fitzhardinge <jeremy@xensource.com>\n"
    "R:\tXen Reviewer <reviewer@xen.org>\n"
    "S:\tSupported\n"
    "F:\tdrivers/xen/\n"
    "\n"
    "THE REST\n"
    "M:\tLinus Torvalds <torvalds@linux-foundation.org>\n"
    "L:\tlinux-kernel@vger.kernel.org\n"
    "S:\tBuried alive in reporters\n"
    "F:\t*\n"
    "F:\t*/\n";

// Three commits on mainline: Xen only, lib/swiotlb.c only, and both (3 changed lines in
// lib/swiotlb.c, 2 in drivers/xen/events.c: via SWIOTLB SUBSYSTEM).
struct KeptStack {
  TempRepo r;
  git::Oid base, xen_only, swiotlb, mixed;
  KeptStack() {
    base = r.commit("init",
                    {{"MAINTAINERS", k_kept_maintainers},
                     {".mailmap", "Konrad Wilk <konrad@kernel.org> <konrad.wilk@oracle.com>\n"},
                     {"drivers/xen/events.c", "int a;\n"},
                     {"lib/swiotlb.c", "int s;\n"}});
    xen_only = r.commit("xen: events tidy", {{"drivers/xen/events.c", "int b;\n"}}, {base});
    swiotlb =
        r.commit("swiotlb: add xen hook", {{"lib/swiotlb.c", "int s;\nint hook;\n"}}, {xen_only});
    mixed =
        r.commit("xen: swiotlb and events at once",
                 {{"lib/swiotlb.c", "int t;\n"}, {"drivers/xen/events.c", "int c;\n"}}, {swiotlb});
    r.branch("mainline", base);
    r.branch("topic", mixed);
  }
  fs::path cache_dir() { return fs::path(r.path()) / ".git" / "patchflow" / "cache" / "route"; }
};

std::string kept_route_text(git_repository& repo, bool cache, const std::string& maintainers = "") {
  Request request{.target = "mainline..topic", .maintainers = maintainers};
  request.cache = cache;
  const SeriesRoute series = run(repo, nullptr, request);
  return format_text(series, /*verbose=*/true) + patchflow::dump_json(to_json(series), 1);
}

std::vector<std::string> kept_keys_in(const fs::path& dir) {
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

// Rewrites every kept route, validly, so that a reused one shows: its maintainer and reason
// become "KEPT". Returns how many entries it marked.
int mark_kept_routes(const fs::path& dir) {
  const git::ResultCache cache(dir);
  int marked = 0;
  for (const std::string& key : kept_keys_in(dir)) {
    const auto value = cache.find(key);
    if (!value) {
      continue;
    }
    auto entry = patchflow::parse_json(*value);
    entry["maintainer"] = "KEPT";
    entry["reason"] = "KEPT";
    cache.store(key, patchflow::dump_json(entry));
    ++marked;
  }
  return marked;
}

bool is_kept(const std::string& text) { return text.find("KEPT") != std::string::npos; }

TEST(RouteCacheTest, KeptRouteEqualsTheFreshOneAndIsReused) {
  KeptStack s;
  const std::string fresh = kept_route_text(s.r.repo(), false);
  EXPECT_FALSE(fs::exists(s.cache_dir()));
  EXPECT_EQ(kept_route_text(s.r.repo(), true), fresh);
  EXPECT_EQ(kept_keys_in(s.cache_dir()).size(), 3u);
  EXPECT_EQ(kept_route_text(s.r.repo(), true), fresh);
  // the kept routes are of several kinds, with reasons and .mailmap's names
  EXPECT_NE(fresh.find("via SWIOTLB SUBSYSTEM (Konrad Wilk <konrad@kernel.org>)"),
            std::string::npos)
      << fresh;
  EXPECT_NE(fresh.find("why: 3 of 5 changed lines"), std::string::npos) << fresh;
  ASSERT_EQ(mark_kept_routes(s.cache_dir()), 3);
  EXPECT_TRUE(is_kept(kept_route_text(s.r.repo(), true)));
}

TEST(RouteCacheTest, NoCacheNeitherReadsNorWrites) {
  KeptStack s;
  const std::string fresh = kept_route_text(s.r.repo(), true);
  ASSERT_EQ(mark_kept_routes(s.cache_dir()), 3);
  EXPECT_EQ(kept_route_text(s.r.repo(), false), fresh);
  // through the CLI too (another build: its own entries, kept by its first run)
  const auto first = testing::run_patchflow({"--repo", s.r.path(), "route", "mainline..topic"});
  EXPECT_EQ(mark_kept_routes(s.cache_dir()), 6) << first.out << first.err;
  const auto run =
      testing::run_patchflow({"--repo", s.r.path(), "route", "--no-cache", "mainline..topic"});
  EXPECT_EQ(run.out, first.out);
  EXPECT_FALSE(is_kept(run.out)) << run.out;
  const auto cached = testing::run_patchflow({"--repo", s.r.path(), "route", "mainline..topic"});
  EXPECT_TRUE(is_kept(cached.out)) << cached.out << cached.err;
}

TEST(RouteCacheTest, ChangedCommitIsRoutedAgain) {
  KeptStack s;
  kept_route_text(s.r.repo(), true);
  ASSERT_EQ(mark_kept_routes(s.cache_dir()), 3);
  // the last commit amended: the same message, lib/swiotlb.c no longer changed
  const git::Oid amended = s.r.commit("xen: swiotlb and events at once",
                                      {{"drivers/xen/events.c", "int c;\n"}}, {s.swiotlb});
  s.r.branch("topic", amended);
  const SeriesRoute series = run(s.r.repo(), nullptr, Request{.target = "mainline..topic"});
  ASSERT_EQ(series.patches.size(), 3u);
  EXPECT_EQ(series.patches[0].reason, "KEPT");  // the two commits before it are the same
  EXPECT_NE(series.patches[2].reason, "KEPT");
  EXPECT_EQ(series.patches[2].route(),
            "via XEN HYPERVISOR INTERFACE (Jeremy Fitzhardinge <jeremy@xensource.com>)");
  EXPECT_EQ(series.patches[2].files, std::vector<std::string>{"drivers/xen/events.c"});
}

TEST(RouteCacheTest, ChangedMaintainersIsRoutedAgain) {
  // MAINTAINERS is read from the series' base, which the commits fix: what can change under the
  // same commits is a MAINTAINERS given with --maintainers.
  KeptStack s;
  TempDir dir;
  const std::string file = dir.write("MAINTAINERS", k_kept_maintainers);
  const std::string before = kept_route_text(s.r.repo(), true, file);
  ASSERT_EQ(mark_kept_routes(s.cache_dir()), 3);
  std::string changed = k_kept_maintainers;
  changed.replace(changed.find("F:\tlib/swiotlb.c"), 16, "F:\tlib/other.c");
  std::ofstream(file, std::ios::trunc) << changed;
  const std::string after = kept_route_text(s.r.repo(), true, file);
  EXPECT_FALSE(is_kept(after)) << after;
  EXPECT_EQ(after, kept_route_text(s.r.repo(), false, file));
  EXPECT_NE(before.find("via SWIOTLB SUBSYSTEM"), std::string::npos) << before;
  EXPECT_EQ(after.find("via SWIOTLB SUBSYSTEM"), std::string::npos) << after;
}

TEST(RouteCacheTest, ChangedOptionPolicyOrMailmapIsNeverAnsweredFromTheCache) {
  KeptStack s;
  const maintainers::Source source =
      maintainers::load_source_commit(s.r.repo(), s.base, "MAINTAINERS", false);
  struct Inputs {
    maintainers::Source source;
    config::Policy policy;
    maintainers::Options options;
  };
  const std::vector<std::pair<std::string, std::function<void(Inputs&)>>> changes = {
      {"no reviewers", [](Inputs& i) { i.options.reviewers = false; }},
      {"no lists", [](Inputs& i) { i.options.lists = false; }},
      {"pattern depth", [](Inputs& i) { i.options.pattern_depth = 1; }},
      {"xen paths", [](Inputs& i) { i.policy.xen_paths = {"drivers/xen/**"}; }},
      {"always cc", [](Inputs& i) { i.policy.always_cc = {"xen-devel@example.org"}; }},
      {"direct maintainer",
       [](Inputs& i) {
         i.policy.xen_paths = {"drivers/xen/**"};
         i.policy.direct_maintainer = "Direct <direct@example.org>";
       }},
      {"mailmap", [](Inputs& i) { i.source.mailmap = {}; }},
  };
  auto route = [&](const Inputs& inputs, bool cache) {
    const SeriesRoute series =
        route_commits(s.r.repo(), {s.xen_only, s.swiotlb, s.mixed}, inputs.source, inputs.policy,
                      inputs.options, {}, cache);
    return format_text(series, true) + patchflow::dump_json(to_json(series), 1);
  };
  const Inputs plain{source, {}, {}};
  const std::string fresh = route(plain, true);
  for (const auto& [name, change] : changes) {
    ASSERT_GE(mark_kept_routes(s.cache_dir()), 3) << name;
    Inputs changed = plain;
    change(changed);
    const std::string text = route(changed, true);
    EXPECT_FALSE(is_kept(text)) << name << "\n" << text;
    EXPECT_EQ(text, route(changed, false)) << name;
  }
  EXPECT_TRUE(is_kept(route(plain, true)));
}

TEST(RouteCacheTest, ChangedAttributesAreRoutedAgain) {
  // .gitattributes in the work tree decide whether a file diffs as text: lib/swiotlb.c made
  // binary has no changed lines, so the mixed commit goes via the Xen section.
  KeptStack s;
  const std::string before = kept_route_text(s.r.repo(), true);
  ASSERT_EQ(mark_kept_routes(s.cache_dir()), 3);
  fs::create_directories(fs::path(s.r.path()) / "lib");
  std::ofstream(fs::path(s.r.path()) / "lib" / ".gitattributes") << "swiotlb.c -diff\n";
  // git is the referee: lib/swiotlb.c diffs as binary now
  EXPECT_EQ(s.r.git({"diff", "--numstat", s.swiotlb.hex(), s.mixed.hex(), "--", "lib"}),
            "-\t-\tlib/swiotlb.c\n");
  const SeriesRoute after = run(s.r.repo(), nullptr, Request{.target = "mainline..topic"});
  const SeriesRoute fresh = run(s.r.repo(), nullptr, [] {
    Request request{.target = "mainline..topic"};
    request.cache = false;
    return request;
  }());
  ASSERT_EQ(after.patches.size(), 3u);
  EXPECT_NE(before.find("3 of 5 changed lines"), std::string::npos) << before;
  EXPECT_EQ(after.patches[2].route(), fresh.patches[2].route());
  EXPECT_EQ(after.patches[2].reason, fresh.patches[2].reason);
  EXPECT_EQ(after.patches[2].route(),
            "via XEN HYPERVISOR INTERFACE (Jeremy Fitzhardinge <jeremy@xensource.com>)");
  EXPECT_NE(after.patches[1].reason, "KEPT");  // lib/swiotlb.c alone: its attributes changed
  // the Xen-only commit's directories have the same attributes: its kept route still serves
  EXPECT_EQ(after.patches[0].reason, "KEPT");
}

TEST(RouteCacheTest, ChangedInfoAttributesAreRoutedAgain) {
  // <git dir>/info/attributes applies to every path: no kept route serves once it changes.
  KeptStack s;
  kept_route_text(s.r.repo(), true);
  ASSERT_EQ(mark_kept_routes(s.cache_dir()), 3);
  fs::create_directories(fs::path(s.r.path()) / ".git" / "info");
  std::ofstream(fs::path(s.r.path()) / ".git" / "info" / "attributes") << "swiotlb.c -diff\n";
  const std::string after = kept_route_text(s.r.repo(), true);
  EXPECT_FALSE(is_kept(after)) << after;
  EXPECT_EQ(after, kept_route_text(s.r.repo(), false));
  EXPECT_NE(after.find("route: via XEN HYPERVISOR INTERFACE"), std::string::npos) << after;
}

TEST(RouteCacheTest, BadEntryIsIgnoredAndReplaced) {
  KeptStack s;
  const std::string fresh = kept_route_text(s.r.repo(), true);
  const auto keys = kept_keys_in(s.cache_dir());
  ASSERT_EQ(keys.size(), 3u);
  for (const auto& key : keys) {
    git::ResultCache(s.cache_dir()).store(key, "{\"label\": 3}");
  }
  EXPECT_EQ(kept_route_text(s.r.repo(), true), fresh);
  EXPECT_EQ(kept_route_text(s.r.repo(), true), fresh);
}

TEST(RouteCacheTest, RoutesWithHistoryAreNotKept) {
  KeptStack s;
  Request request{.target = "mainline..topic"};
  request.arguments = {{"--git", {}}};
  run(s.r.repo(), nullptr, request);
  EXPECT_FALSE(fs::exists(s.cache_dir()));
}

TEST(RouteCacheTest, RunInputsNameThisBuildOfPatchflow) {
  KeptStack s;
  const maintainers::Source source =
      maintainers::load_source_commit(s.r.repo(), s.base, "MAINTAINERS", false);
  const std::string inputs = describe_run_inputs(s.r.repo(), source, {}, {});
  ASSERT_FALSE(program_build_id().empty());
  EXPECT_NE(inputs.find(program_build_id()), std::string::npos);
  EXPECT_NE(inputs.find(source.database->identity_digest()), std::string::npos);
}

// Rewrites every kept route's To: to one address only a reused route can give.
int readdress_kept_routes(const fs::path& dir) {
  const git::ResultCache cache(dir);
  int marked = 0;
  for (const std::string& key : kept_keys_in(dir)) {
    const auto value = cache.find(key);
    if (!value) {
      continue;
    }
    auto entry = patchflow::parse_json(*value);
    entry["to"] = nlohmann::json::array({nlohmann::json::array({"Kept", "kept@example.org", ""})});
    cache.store(key, patchflow::dump_json(entry));
    ++marked;
  }
  return marked;
}

// series routes as route does (one owner): it keeps and reuses the same routes, so formatting a
// series again does not diff every commit a second time for routing; --no-cache ignores them.
TEST(RouteCacheTest, SeriesAddressesWithTheKeptRoutesUnlessNoCache) {
  KeptStack s;
  const std::vector<std::string> series = {"--repo", s.r.path(), "series", "--no-cover-letter",
                                           "mainline..topic"};
  const auto first = testing::run_patchflow(series);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("To: Jeremy Fitzhardinge <jeremy@xensource.com>"), std::string::npos)
      << first.out;
  // the routes series kept are route's: route answers from them
  ASSERT_EQ(mark_kept_routes(s.cache_dir()), 3);
  const auto route = testing::run_patchflow({"--repo", s.r.path(), "route", "mainline..topic"});
  EXPECT_TRUE(is_kept(route.out)) << route.out << route.err;
  // and series reads them back
  ASSERT_EQ(readdress_kept_routes(s.cache_dir()), 3);
  const auto kept = testing::run_patchflow(series);
  EXPECT_NE(kept.out.find("To: Kept <kept@example.org>"), std::string::npos) << kept.out;
  auto no_cache = series;
  no_cache.insert(no_cache.begin() + 3, "--no-cache");
  const auto fresh = testing::run_patchflow(no_cache);
  EXPECT_EQ(fresh.out.find("kept@example.org"), std::string::npos) << fresh.out;
  EXPECT_NE(fresh.out.find("To: Jeremy Fitzhardinge <jeremy@xensource.com>"), std::string::npos)
      << fresh.out;
}

}  // namespace
}  // namespace patchflow::route
