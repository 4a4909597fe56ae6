// Addressing from routing: each patch's To/Cc come from MAINTAINERS at the series' base and the
// component's policy, --to/--cc are added, and the cover letter gets the union.
#include "patchflow/core/json.hpp"
#include "patchflow/series/addressing.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "patchflow/series/series.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {
namespace {

using Addresses = std::vector<std::string>;

const char* const k_maintainers =
    "SWIOTLB SUBSYSTEM\n"
    "M:\tKonrad Rzeszutek Wilk <konrad.wilk@oracle.com>\n"
    "L:\tlinux-kernel@vger.kernel.org\n"
    "S:\tSupported\n"
    "F:\tlib/swiotlb.c\n"
    "\n"
    "XEN HYPERVISOR INTERFACE\n"
    "M:\tJeremy Fitzhardinge <jeremy@xensource.com>\n"
    "R:\tXen Reviewer <reviewer@xen.org>\n"
    "L:\txen-devel@lists.xensource.com (moderated for non-subscribers)\n"
    "S:\tSupported\n"
    "F:\tdrivers/xen/\n";

// linux-2.6 (MAINTAINERS, two files) <- "xen: events tidy" <- "swiotlb: add xen hook".
struct AddressedStack {
  TempRepo repo;
  git::Oid base, xen_only, swiotlb;
  config::StackConfig config;
  AddressedStack() {
    base = repo.commit("init", {{"MAINTAINERS", k_maintainers},
                                {"drivers/xen/events.c", "int a;\n"},
                                {"lib/swiotlb.c", "int s;\n"}});
    xen_only = repo.commit("xen: events tidy", {{"drivers/xen/events.c", "int b;\n"}}, {base});
    swiotlb = repo.commit("swiotlb: add xen hook", {{"lib/swiotlb.c", "int s;\nint hook;\n"}},
                          {xen_only});
    repo.branch("linux-2.6", base);
    repo.branch("xen/swiotlb", swiotlb);
    config::Policy policy;
    policy.name = "linux";
    policy.xen_paths = {"drivers/xen/**"};
    policy.always_cc = {"xen-devel@lists.xensource.com", "Xen Team <xen-team@example.org>"};
    config.policies = {policy};
    config.stack.components = {
        config::Component{.name = "linux", .mainline = "linux-2.6", .policy = "linux"}};
    config.topics = {config::Topic{.name = "xen/swiotlb", .component = "linux"}};
  }
};

series::Options addressed_options() {
  series::Options options;
  options.identity = {"C Ommitter", "c@example.com"};
  options.now = 1258624800;
  options.to = {"Extra <extra@example.org>"};
  options.cc = {"KONRAD.WILK@oracle.com"};  // routed as To for patch 2: no Cc there
  return options;
}

TEST(SeriesAddressingTest, PerPatchToCcFromRoutingAndTheirUnionOnTheCover) {
  AddressedStack s;
  const series::Range range = stack::resolve_target(s.repo.repo(), &s.config, "xen/swiotlb");
  const series::Addressing addressing =
      series::route_addressing(s.repo.repo(), range, range.policy);
  EXPECT_EQ(addressing.origin, "MAINTAINERS at " + s.base.short_hex());
  series::Options options = addressed_options();
  options.recipients = series::recipients_from(addressing);
  const series::Series series =
      series::build_series(s.repo.repo(), range, s.config.find_topic("xen/swiotlb"), options);
  ASSERT_EQ(series.messages.size(), 3u);

  const series::Message& xen = series.messages[1];
  EXPECT_EQ(xen.commit, s.xen_only);
  EXPECT_EQ(xen.to,
            (Addresses{"Extra <extra@example.org>", "Jeremy Fitzhardinge <jeremy@xensource.com>"}));
  EXPECT_EQ(xen.cc,
            (Addresses{"KONRAD.WILK@oracle.com", "Xen Reviewer <reviewer@xen.org>",
                       "xen-devel@lists.xensource.com", "Xen Team <xen-team@example.org>"}));

  const series::Message& hook = series.messages[2];
  EXPECT_EQ(hook.to, (Addresses{"Extra <extra@example.org>",
                                "Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>"}));
  EXPECT_EQ(hook.cc, (Addresses{"linux-kernel@vger.kernel.org", "xen-devel@lists.xensource.com",
                                "Xen Team <xen-team@example.org>"}));
  EXPECT_NE(hook.text.find("Subject: [PATCH 2/2] swiotlb: add xen hook\n"
                           "To: Extra <extra@example.org>,\n"
                           "    Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>\n"
                           "Cc: linux-kernel@vger.kernel.org,\n"
                           "    xen-devel@lists.xensource.com,\n"
                           "    Xen Team <xen-team@example.org>\n\n"),
            std::string::npos)
      << hook.text;

  // The cover: every patch's To, then every Cc not already in To.
  const series::Message& cover = series.messages[0];
  EXPECT_EQ(cover.to,
            (Addresses{"Extra <extra@example.org>", "Jeremy Fitzhardinge <jeremy@xensource.com>",
                       "Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>"}));
  EXPECT_EQ(cover.cc,
            (Addresses{"Xen Reviewer <reviewer@xen.org>", "xen-devel@lists.xensource.com",
                       "Xen Team <xen-team@example.org>", "linux-kernel@vger.kernel.org"}));
}

// Long series diff their commits on two threads for routing (git::for_each_with_repository
// starts at 8): each commit keeps its own recipients, in order.
TEST(SeriesAddressingTest, RoutingOnTwoThreadsAddressesEachCommitAsOnOne) {
  AddressedStack s;
  git::Oid tip = s.swiotlb;
  for (int i = 0; i < 10; ++i) {
    const bool xen = i % 3 == 0;
    tip = s.repo.commit(
        "change " + std::to_string(i),
        {{xen ? "drivers/xen/events.c" : "lib/swiotlb.c", "int v" + std::to_string(i) + ";\n"}},
        {tip});
  }
  s.repo.branch("xen/swiotlb", tip);
  const series::Range range = stack::resolve_target(s.repo.repo(), &s.config, "xen/swiotlb");
  ASSERT_EQ(range.commits.size(), 12u);
  const series::Addressing one =
      series::route_addressing(s.repo.repo(), range, range.policy, {}, 0, /*jobs=*/1);
  const series::Addressing two =
      series::route_addressing(s.repo.repo(), range, range.policy, {}, 0, /*jobs=*/2);
  ASSERT_EQ(two.by_commit.size(), range.commits.size());
  for (std::size_t i = 0; i < range.commits.size(); ++i) {
    const series::Recipients& expected = one.by_commit.at(range.commits[i]);
    const series::Recipients& got = two.by_commit.at(range.commits[i]);
    EXPECT_EQ(got.to, expected.to) << i;
    EXPECT_EQ(got.cc, expected.cc) << i;
  }
  // Commits 3, 6, 9, 12 touch drivers/xen/: routed to the Xen maintainer, the others are not.
  EXPECT_EQ(two.by_commit.at(range.commits[2]).to,
            (Addresses{"Jeremy Fitzhardinge <jeremy@xensource.com>"}));
  EXPECT_EQ(two.by_commit.at(range.commits[3]).to,
            (Addresses{"Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>"}));
}

// series diffs each commit once: routing reads the mails' diffs (CommitDiffs) instead of
// diffing the commits again. It must address every commit as routing from its own diff does,
// for a rename (both paths routed) and a K: keyword found in an added line.
TEST(SeriesAddressingTest, RoutingFromTheMailsDiffsAddressesAsFromItsOwnDiffs) {
  TempRepo repo;
  const std::string maintainers = std::string(k_maintainers) +
                                  "\nHOOK KEEPERS\n"
                                  "M:\tHook Keeper <hook@example.org>\n"
                                  "S:\tMaintained\n"
                                  "K:\txen_hook\n";
  std::string swiotlb;
  for (int i = 0; i < 40; ++i) {
    swiotlb += "int s" + std::to_string(i) + ";\n";
  }
  const git::Oid base = repo.commit("init", {{"MAINTAINERS", maintainers},
                                             {"drivers/xen/events.c", "int a;\n"},
                                             {"lib/swiotlb.c", swiotlb}});
  const git::Oid renamed = repo.commit(
      "swiotlb: move to xen", {{"lib/swiotlb.c", std::nullopt},
                               {"drivers/xen/swiotlb.c", swiotlb + "int moved;\n"}},
      {base});
  const git::Oid hooked =
      repo.commit("xen: add a hook", {{"drivers/xen/events.c", "int a;\nint xen_hook;\n"}},
                  {renamed});
  repo.branch("linux-2.6", base);
  repo.branch("topic", hooked);
  const series::Range range = stack::resolve_target(repo.repo(), nullptr, "linux-2.6..topic");
  ASSERT_EQ(range.commits.size(), 2u);
  series::CommitDiffs diffs(repo.repo());
  diffs.add(repo.repo(), range.commits, 1);
  const series::Addressing diffed_again = series::route_addressing(
      repo.repo(), range, range.policy, {}, 0, 1, /*keep_routes=*/false);
  const series::Addressing shared = series::route_addressing(
      repo.repo(), range, range.policy, {}, 0, 1, /*keep_routes=*/false, &diffs);
  for (const git::Oid& commit : range.commits) {
    EXPECT_EQ(shared.by_commit.at(commit).to, diffed_again.by_commit.at(commit).to);
    EXPECT_EQ(shared.by_commit.at(commit).cc, diffed_again.by_commit.at(commit).cc);
  }
  // The rename reaches both sections; the keyword reaches its keeper.
  const auto everyone = [&](const git::Oid& commit) {
    Addresses all = shared.by_commit.at(commit).to;
    const Addresses& cc = shared.by_commit.at(commit).cc;
    all.insert(all.end(), cc.begin(), cc.end());
    return all;
  };
  const auto has = [](const Addresses& all, const std::string& who) {
    return std::find(all.begin(), all.end(), who) != all.end();
  };
  EXPECT_TRUE(has(everyone(renamed), "Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>"));
  EXPECT_TRUE(has(everyone(renamed), "Jeremy Fitzhardinge <jeremy@xensource.com>"));
  EXPECT_TRUE(has(everyone(hooked), "Hook Keeper <hook@example.org>"));
  EXPECT_FALSE(has(everyone(renamed), "Hook Keeper <hook@example.org>"));
}

TEST(SeriesAddressingTest, NoMaintainersAtTheTipMeansNoRoutedRecipients) {
  TempRepo repo;
  const git::Oid base = repo.commit("init", {{"a.c", "int a;\n"}});
  const git::Oid tip = repo.commit("edit a", {{"a.c", "int b;\n"}}, {base});
  repo.branch("master", tip);
  const series::Range range = stack::resolve_target(repo.repo(), nullptr, "master");
  const series::Addressing addressing = series::route_addressing(repo.repo(), range, {});
  EXPECT_EQ(addressing.origin, "");
  EXPECT_TRUE(addressing.by_commit.empty());
}

TEST(SeriesAddressingTest, CliRoutesARangeUnlessNoRoute) {
  AddressedStack s;
  const ProcessResult routed =
      run_patchflow({"--repo", s.repo.path(), "--json", "series", "linux-2.6..xen/swiotlb"});
  ASSERT_EQ(routed.exit_code, 0) << routed.err;
  const nlohmann::json json = patchflow::parse_json(routed.out);
  // A plain range uses the default policy: no xen-paths, no always-cc.
  EXPECT_EQ(json["messages"][2]["to"],
            nlohmann::json({"Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>"}));
  EXPECT_EQ(json["messages"][2]["cc"], nlohmann::json({"linux-kernel@vger.kernel.org"}));
  const ProcessResult plain = run_patchflow(
      {"--repo", s.repo.path(), "--json", "series", "linux-2.6..xen/swiotlb", "--no-route"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const nlohmann::json plain_json = patchflow::parse_json(plain.out);
  EXPECT_EQ(plain_json["messages"][0]["to"], nlohmann::json::array());
  EXPECT_EQ(plain_json["messages"][2]["cc"], nlohmann::json::array());
}

}  // namespace
}  // namespace patchflow::testing
