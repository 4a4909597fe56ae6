// Routing on a small stack built in a real repository: Xen-only patches go direct, a patch
// touching lib/swiotlb.c goes via SWIOTLB, a patch mixing both is split; and the Cc check.
#include "patchflow/core/json.hpp"
#include "patchflow/route/route.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/maintainers/source.hpp"
#include "patchflow/patch/mbox.hpp"
#include "patchflow/route/request.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::route {
namespace {

using testing::TempRepo;

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
    "F:\tdrivers/xen/\n"
    "F:\tarch/x86/xen/\n"
    "\n"
    "THE REST\n"
    "M:\tLinus Torvalds <torvalds@linux-foundation.org>\n"
    "L:\tlinux-kernel@vger.kernel.org\n"
    "S:\tBuried alive in reporters\n"
    "F:\t*\n"
    "F:\t*/\n";

config::Policy xen_policy() {
  config::Policy policy;
  policy.name = "linux";
  policy.xen_paths = {"drivers/xen/**", "arch/x86/xen/**", "include/xen/**"};
  policy.always_cc = {"xen-devel@lists.xensource.com", "Xen Team <xen-team@example.org>"};
  policy.direct_maintainer = "Jeremy Fitzhardinge <jeremy@goop.org>";
  return policy;
}

struct Stack {
  TempRepo repo;
  git::Oid base, xen_only, swiotlb, mixed;
  Stack() {
    base = repo.commit("init", {{"MAINTAINERS", k_maintainers},
                                {"drivers/xen/events.c", "int a;\n"},
                                {"lib/swiotlb.c", "int s;\n"}});
    xen_only = repo.commit("xen: events tidy", {{"drivers/xen/events.c", "int b;\n"}}, {base});
    swiotlb = repo.commit("swiotlb: add xen hook", {{"lib/swiotlb.c", "int s;\nint hook;\n"}},
                          {xen_only});
    mixed = repo.commit("xen: swiotlb and events at once",
                        {{"lib/swiotlb.c", "int t;\n"}, {"drivers/xen/events.c", "int c;\n"}},
                        {swiotlb});
    repo.branch("linux-2.6", base);
    repo.branch("xen/swiotlb", mixed);
  }
  SeriesRoute route() {
    const maintainers::Source source =
        maintainers::load_source_commit(repo.repo(), mixed, "MAINTAINERS", false);
    return route_series(source, xen_policy(),
                        patches_from_commits(repo.repo(), {xen_only, swiotlb, mixed}));
  }
};

TEST(RouteTest, XenOnlyPatchGoesDirect) {
  Stack stack;
  const SeriesRoute series = stack.route();
  const PatchRoute& p = series.patches[0];
  EXPECT_EQ(p.route(), "direct");
  EXPECT_EQ(p.maintainer, "Jeremy Fitzhardinge <jeremy@goop.org>");
  EXPECT_EQ(p.files, std::vector<std::string>{"drivers/xen/events.c"});
  ASSERT_EQ(p.to.size(), 2u);
  EXPECT_EQ(p.to[0].line(),
            "Jeremy Fitzhardinge <jeremy@xensource.com> (supporter:XEN HYPERVISOR INTERFACE)");
  std::vector<std::string> cc;
  for (const auto& r : p.cc) cc.push_back(r.line());
  EXPECT_EQ(cc, (std::vector<std::string>{
                    "Xen Reviewer <reviewer@xen.org> (reviewer:XEN HYPERVISOR INTERFACE)",
                    "xen-devel@lists.xensource.com (moderated list:XEN HYPERVISOR INTERFACE)",
                    "linux-kernel@vger.kernel.org (open list)",
                    "Xen Team <xen-team@example.org> (always-cc)"}));
}

TEST(RouteTest, SwiotlbPatchGoesViaItsSubsystem) {
  Stack stack;
  const SeriesRoute series = stack.route();
  EXPECT_EQ(series.patches[1].route(),
            "via SWIOTLB SUBSYSTEM (Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>)");
  EXPECT_EQ(series.patches[1].to[0].email, "konrad.wilk@oracle.com");
}

TEST(RouteTest, MixedPatchIsSplitAndTheSeriesGroupedByRoute) {
  Stack stack;
  const SeriesRoute series = stack.route();
  EXPECT_EQ(series.patches[2].route(), "split");
  EXPECT_EQ(series.patches[2].xen_files, std::vector<std::string>{"drivers/xen/events.c"});
  EXPECT_EQ(series.patches[2].other_files, std::vector<std::string>{"lib/swiotlb.c"});
  EXPECT_EQ(series.patches[2].section, "SWIOTLB SUBSYSTEM");
  EXPECT_TRUE(series.has_split());
  ASSERT_EQ(series.groups.size(), 3u);
  EXPECT_EQ(series.groups[0].route, "direct");
  EXPECT_EQ(series.groups[2].route, "split");
  EXPECT_EQ(series.groups[2].patches, std::vector<int>{2});
  const nlohmann::json json = to_json(series);
  EXPECT_EQ(json["patches"][1]["kind"], "via");
  EXPECT_EQ(json["split"], true);
  EXPECT_NE(format_text(series).find("   split: 3\n"), std::string::npos);
}

TEST(RouteTest, TopicResolvesThroughTheStack) {
  Stack stack;
  config::StackConfig config;
  config.stack.components = {
      config::Component{.name = "linux", .mainline = "linux-2.6", .policy = "linux"}};
  config.policies = {xen_policy()};
  config.topics = {config::Topic{.name = "xen/swiotlb", .component = "linux"}};
  const SeriesRoute series = run(stack.repo.repo(), &config, Request{.target = "xen/swiotlb"});
  ASSERT_EQ(series.patches.size(), 3u);
  EXPECT_EQ(series.patches[0].patch.commit, stack.xen_only.hex());
  EXPECT_EQ(series.patches[0].route(), "direct");
}

TEST(RouteTest, CheckCcReportsWhoIsMissing) {
  testing::TempDir dir;
  const std::string maintainers = dir.write("MAINTAINERS", k_maintainers);
  const std::string mbox = dir.write(
      "0001.mbox",
      "From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\n"
      "From: A Dev <dev@example.org>\n"
      "Date: Thu, 19 Nov 2009 10:00:00 +0000\n"
      "Subject: [PATCH] swiotlb: add xen hook\n"
      "To: Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>\n"
      "Cc: \"Torvalds, Linus\" <TORVALDS@linux-foundation.org>, xen-devel@lists.xensource.com\n"
      "\n"
      "Hook for Xen.\n\nSigned-off-by: A Dev <dev@example.org>\n---\n"
      "diff --git a/lib/swiotlb.c b/lib/swiotlb.c\n"
      "--- a/lib/swiotlb.c\n+++ b/lib/swiotlb.c\n@@ -1 +1,2 @@\n int s;\n+int hook;\n"
      "-- \n2.39.5\n\n");
  const CcReport report =
      run_check_cc(nullptr, nullptr, Request{.check_cc = {mbox}, .maintainers = maintainers});
  ASSERT_EQ(report.mails.size(), 1u);
  std::vector<std::string> missing;
  for (const auto& r : report.mails[0].missing) missing.push_back(r.line());
  EXPECT_EQ(missing,
            std::vector<std::string>{"linux-kernel@vger.kernel.org (open list:SWIOTLB SUBSYSTEM)"});
  EXPECT_TRUE(report.has_missing());

  const auto run = testing::run_patchflow(
      {"route", "--check-cc", mbox, "--maintainers", maintainers}, dir.path());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("missing linux-kernel@vger.kernel.org (open list:SWIOTLB SUBSYSTEM)"),
            std::string::npos)
      << run.out << run.err;
}

// get_maintainer lists Konrad for lib/swiotlb.c; as the mail's sender, or as the patch's author
// (in-body From:), he has the patch already and is not "missing".
TEST(RouteTest, CheckCcNeverListsTheSenderOrTheAuthor) {
  testing::TempDir dir;
  const std::string maintainers = dir.write("MAINTAINERS", k_maintainers);
  auto mail = [](const std::string& from, const std::string& in_body) {
    return "From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\n"
           "From: " + from + "\n"
           "Date: Thu, 19 Nov 2009 10:00:00 +0000\n"
           "Subject: [PATCH] swiotlb: add xen hook\n"
           "To: \"Torvalds, Linus\" <torvalds@linux-foundation.org>\n"
           "Cc: linux-kernel@vger.kernel.org, xen-devel@lists.xensource.com\n"
           "\n" + in_body +
           "Hook for Xen.\n\nSigned-off-by: A Dev <dev@example.org>\n---\n"
           "diff --git a/lib/swiotlb.c b/lib/swiotlb.c\n"
           "--- a/lib/swiotlb.c\n+++ b/lib/swiotlb.c\n@@ -1 +1,2 @@\n int s;\n+int hook;\n"
           "-- \n2.39.5\n\n";
  };
  for (const auto& [from, in_body] : std::vector<std::pair<std::string, std::string>>{
           {"Konrad Rzeszutek Wilk <Konrad.Wilk@oracle.com>", ""},
           {"A Dev <dev@example.org>", "From: Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>\n\n"}}) {
    const std::string mbox = dir.write("0001.mbox", mail(from, in_body));
    const CcReport report =
        run_check_cc(nullptr, nullptr, Request{.check_cc = {mbox}, .maintainers = maintainers});
    ASSERT_EQ(report.mails.size(), 1u);
    EXPECT_TRUE(report.mails[0].missing.empty()) << format_text(report);
    EXPECT_FALSE(report.has_missing()) << from;
  }
  // referee for the premise: the same mail from someone else does miss Konrad
  const std::string other = dir.write("0002.mbox", mail("A Dev <dev@example.org>", ""));
  const CcReport report =
      run_check_cc(nullptr, nullptr, Request{.check_cc = {other}, .maintainers = maintainers});
  ASSERT_EQ(report.mails.size(), 1u);
  ASSERT_EQ(report.mails[0].missing.size(), 1u) << format_text(report);
  EXPECT_EQ(report.mails[0].missing[0].email, "konrad.wilk@oracle.com");
}

TEST(RouteTest, MaintainersCommandReadsARangeFromTheRepository) {
  Stack stack;
  const auto run = testing::run_patchflow(
      {"--repo", stack.repo.path(), "maintainers", "linux-2.6..xen/swiotlb"}, stack.repo.path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "Jeremy Fitzhardinge <jeremy@xensource.com> (supporter:XEN HYPERVISOR INTERFACE)\n"
            "Xen Reviewer <reviewer@xen.org> (reviewer:XEN HYPERVISOR INTERFACE)\n"
            "Linus Torvalds <torvalds@linux-foundation.org> (chief penguin:THE REST)\n"
            "Konrad Rzeszutek Wilk <konrad.wilk@oracle.com> (supporter:SWIOTLB SUBSYSTEM)\n"
            "xen-devel@lists.xensource.com (moderated list:XEN HYPERVISOR INTERFACE)\n"
            "linux-kernel@vger.kernel.org (open list)\n");
}

TEST(RouteTest, RouteCommandRoutesARangeWithoutAStack) {
  Stack stack;
  // No stack: the default policy knows no Xen paths, so nothing is direct or split.
  const auto run = testing::run_patchflow(
      {"--repo", stack.repo.path(), "--json", "route", "linux-2.6..xen/swiotlb"},
      stack.repo.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = patchflow::parse_json(run.out);
  ASSERT_EQ(json["patches"].size(), 3u);
  EXPECT_EQ(json["patches"][0]["route"],
            "via XEN HYPERVISOR INTERFACE (Jeremy Fitzhardinge <jeremy@xensource.com>)");
  // The mixed patch changes 3 lines of lib/swiotlb.c and 2 of drivers/xen/events.c.
  EXPECT_EQ(json["patches"][2]["route"],
            "via SWIOTLB SUBSYSTEM (Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>)");
  EXPECT_EQ(json["patches"][2]["reason"],
            "3 of 5 changed lines (next: XEN HYPERVISOR INTERFACE, 2)");
  EXPECT_EQ(json["groups"].size(), 2u);
}

// A U-Boot-like tree: the top MAINTAINERS, a MAINTAINERS per board (read only under
// --find-maintainer-files, which the tree's .get_maintainer.conf turns on), and a topic whose
// own commits change a board's MAINTAINERS. Every command routes with the tree of the series'
// base, so what `series` addresses is what `route --check-cc` asks for.
TEST(RouteTest, SeriesPassesCheckCcByConstruction) {
  TempRepo repo;
  const char* const top =
      "ARM ROCKCHIP\n"
      "M:\tKever Yang <kever.yang@rock-chips.com>\n"
      "L:\tu-boot@lists.denx.de\n"
      "S:\tMaintained\n"
      "F:\tarch/arm/mach-rockchip/\n"
      "\n"
      "THE REST\n"
      "M:\tTom Rini <trini@konsulko.com>\n"
      "L:\tu-boot@lists.denx.de\n"
      "S:\tMaintained\n"
      "F:\t*\n"
      "F:\t*/\n";
  auto board = [](const std::string& name, const std::string& who) {
    return "EVB " + name + " BOARD\nM:\t" + who + "\nS:\tMaintained\nF:\tboard/rockchip/" +
           name + "/\nF:\tconfigs/" + name + "_defconfig\n";
  };
  const git::Oid base = repo.commit(
      "init", {{"MAINTAINERS", top},
               {".get_maintainer.conf", "--find-maintainer-files\n"},
               {"board/rockchip/evb/MAINTAINERS", board("evb", "Evb Keeper <evb@example.org>")},
               {"board/rockchip/evb/evb.c", "int a;\n"},
               {"board/rockchip/rock/MAINTAINERS", board("rock", "Rock Keeper <rock@example.org>")},
               {"board/rockchip/rock/rock.c", "int r;\n"},
               {"configs/rock_defconfig", "CONFIG_A=y\n"},
               {"arch/arm/mach-rockchip/board.c", "int b;\n"}});
  const git::Oid one = repo.commit(
      "rockchip: board: tidy", {{"arch/arm/mach-rockchip/board.c", "int c;\n"},
                                {"board/rockchip/evb/evb.c", "int d;\n"}},
      {base});
  // The topic hands the rock board to someone else: the mail still goes to who maintains it
  // where the series applies, and check-cc must agree.
  const git::Oid two = repo.commit(
      "rock: new maintainer", {{"board/rockchip/rock/MAINTAINERS",
                                board("rock", "New Keeper <new@example.org>")},
                               {"board/rockchip/rock/rock.c", "int s;\n"},
                               {"configs/rock_defconfig", "CONFIG_B=y\n"}},
      {one});
  repo.branch("master", base);
  repo.branch("rockchip", two);
  repo.git({"config", "user.name", "A Dev"});
  repo.git({"config", "user.email", "dev@example.org"});
  testing::TempDir out;
  const std::string mbox = out.path() + "/series.mbox";
  const auto series = testing::run_patchflow(
      {"--repo", repo.path(), "series", "master..rockchip", "--mbox", mbox}, repo.path());
  ASSERT_EQ(series.exit_code, 0) << series.err;
  EXPECT_NE(series.out.find("routed with MAINTAINERS at " + base.short_hex() + "\n"),
            std::string::npos)
      << series.out;
  // The rock patch goes to who maintains the board where the series applies.
  const std::vector<patch::Mail> mails = patch::parse_mbox(text::read_file(mbox), mbox);
  ASSERT_EQ(mails.size(), 3u);
  const auto addressed = [](const patch::Mail& mail) {
    std::string all;
    for (const char* name : {"To", "Cc"}) {
      for (const patch::Header* header : mail.headers_named(name)) {
        all += header->value + "\n";
      }
    }
    return all;
  };
  EXPECT_NE(addressed(mails[1]).find("Evb Keeper <evb@example.org>"), std::string::npos);
  EXPECT_NE(addressed(mails[2]).find("Rock Keeper <rock@example.org>"), std::string::npos);
  EXPECT_EQ(addressed(mails[2]).find("new@example.org"), std::string::npos);

  const auto checked = testing::run_patchflow(
      {"--repo", repo.path(), "--json", "route", "--check-cc", mbox}, repo.path());
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  const auto json = patchflow::parse_json(checked.out);
  EXPECT_EQ(json["maintainers"]["revision"], base.hex());
  EXPECT_EQ(json["mails"].size(), 2u);  // two patches (the cover letter has no diff)
  EXPECT_EQ(json["missing"], false);

  // The referee for "same revision": checked against the tip's tree instead, the rock patch
  // lacks its new maintainer.
  const auto at_tip = testing::run_patchflow(
      {"--repo", repo.path(), "route", "--check-cc", mbox, "--rev", "rockchip"}, repo.path());
  EXPECT_EQ(at_tip.exit_code, 1) << at_tip.out << at_tip.err;
  EXPECT_NE(at_tip.out.find("missing New Keeper <new@example.org> (maintainer:EVB rock BOARD)"),
            std::string::npos)
      << at_tip.out;

  // route says which revision it routed with, in text and JSON.
  const auto routed =
      testing::run_patchflow({"--repo", repo.path(), "route", "master..rockchip"}, repo.path());
  EXPECT_EQ(routed.out.rfind("routed with MAINTAINERS at " + base.short_hex() + "\n", 0), 0u)
      << routed.out;
}

// get_maintainer.pl's --git in route and series, as `maintainers` reads it: given on the
// command line or in the tree's .get_maintainer.conf, recent signers of the touched files are
// Cc'd (history from the series' tip); --git-fallback, which patchflow does not do, is refused.
TEST(RouteTest, RouteAndSeriesHonourGitAsMaintainersDoes) {
  TempRepo repo;
  const git::Oid init = repo.commit("init", {{"MAINTAINERS", k_maintainers},
                                             {"drivers/xen/events.c", "int a;\n"},
                                             {"lib/swiotlb.c", "int s;\n"}});
  const git::Oid base = repo.commit(
      "swiotlb: earlier work\n\nSigned-off-by: Ian Signer <ian@example.org>\n",
      {{"lib/swiotlb.c", "int s2;\n"}}, {init});
  const git::Oid tip =
      repo.commit("swiotlb: tidy", {{"lib/swiotlb.c", "int s3;\n"}}, {base});
  repo.branch("linux-2.6", base);
  repo.branch("topic", tip);
  repo.git({"config", "user.name", "A Dev"});
  repo.git({"config", "user.email", "dev@example.org"});
  const std::string ian = "Ian Signer <ian@example.org>";
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--repo", repo.path()});
    return testing::run_patchflow(args, repo.path());
  };
  // maintainers is the referee: what --git adds there, route and series add too.
  const auto referee = run({"maintainers", "--git", "linux-2.6..topic"});
  ASSERT_EQ(referee.exit_code, 0) << referee.err;
  ASSERT_NE(referee.out.find(ian + " (commit_signer:1/3=33%)"), std::string::npos)
      << referee.out;

  const auto plain = run({"route", "linux-2.6..topic"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out.find(ian), std::string::npos) << plain.out;
  const auto routed = run({"--json", "route", "--git", "linux-2.6..topic"});
  ASSERT_EQ(routed.exit_code, 0) << routed.err;
  const auto json = patchflow::parse_json(routed.out);
  EXPECT_EQ(json["patches"][0]["to"][0]["email"], "konrad.wilk@oracle.com");
  EXPECT_NE(patchflow::dump_json(json["patches"][0]["cc"]).find(
                R"({"email":"ian@example.org","name":"Ian Signer","role":"commit_signer:1/3=33%"})"),
            std::string::npos)
      << patchflow::dump_json(json["patches"][0]["cc"]);

  testing::TempDir out;
  const std::string mbox = out.path() + "/series.mbox";
  const auto series = run({"series", "--git", "linux-2.6..topic", "--mbox", mbox});
  ASSERT_EQ(series.exit_code, 0) << series.err;
  EXPECT_NE(text::read_file(mbox).find(ian), std::string::npos);
  // The series passes a --check-cc that reads history the same way (from HEAD, as
  // `maintainers` does for patch files).
  repo.git({"checkout", "-q", "topic"});
  const auto checked = run({"route", "--git", "--check-cc", mbox});
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;

  // The tree's .get_maintainer.conf says --git: honoured (it was read but ignored).
  const git::Oid conf_base = repo.commit(
      "conf", {{".get_maintainer.conf", "--git\n"}}, {base});
  const git::Oid conf_tip = repo.commit("swiotlb: again", {{"lib/swiotlb.c", "int s4;\n"}},
                                        {conf_base});
  repo.branch("conf-base", conf_base);
  repo.branch("conf-topic", conf_tip);
  const auto by_conf = run({"route", "conf-base..conf-topic"});
  ASSERT_EQ(by_conf.exit_code, 0) << by_conf.err;
  EXPECT_NE(by_conf.out.find(ian), std::string::npos) << by_conf.out;

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"route", "--git-fallback", "linux-2.6..topic"},
        std::vector<std::string>{"series", "--git-fallback", "linux-2.6..topic", "--mbox", mbox}}) {
    const auto refused = run(args);
    EXPECT_EQ(refused.exit_code, 2) << args[0];
    EXPECT_NE(refused.err.find("'--git-fallback' on the command line: patchflow does not fall "
                               "back to history"),
              std::string::npos)
        << refused.err;
  }
  const auto no_route = run({"series", "--git", "--no-route", "linux-2.6..topic", "--mbox", mbox});
  EXPECT_EQ(no_route.exit_code, 2);
  EXPECT_NE(no_route.err.find("'--git' chooses recipients by MAINTAINERS: not with --no-route"),
            std::string::npos)
      << no_route.err;
}

// The real case (U-Boot bcbd9a6f5c26, "rockchip: board: Remove dwc3 usb init and gadget handler
// functions"): 30 lines of arch/arm/mach-rockchip/board.c, one line of arch/arm/Kconfig (also
// listed by a Broadcom board's section) and five defconfigs (each its board's). It goes via
// ARM ROCKCHIP, the section covering most changed lines, not via the deepest pattern met first.
TEST(RouteTest, ViaIsTheSectionCoveringMostChangedLines) {
  const char* const maintainers =
      "ARM\n"
      "M:\tTom Rini <trini@konsulko.com>\n"
      "S:\tMaintained\n"
      "F:\tarch/arm/\n"
      "\n"
      "ARM ROCKCHIP\n"
      "M:\tSimon Glass <sjg@chromium.org>\n"
      "M:\tKever Yang <kever.yang@rock-chips.com>\n"
      "S:\tMaintained\n"
      "F:\tarch/arm/mach-rockchip/\n"
      "F:\tboard/rockchip/\n"
      "\n"
      "TARGET_BCMNS3\n"
      "M:\tRayagonda Kokatanur <rayagonda.kokatanur@broadcom.com>\n"
      "S:\tMaintained\n"
      "F:\tboard/broadcom/bcmns3/\n"
      "F:\tarch/arm/Kconfig\n"
      "\n"
      "THE REST\n"
      "M:\tTom Rini <trini@konsulko.com>\n"
      "L:\tu-boot@lists.denx.de\n"
      "S:\tMaintained\n"
      "F:\t*\n"
      "F:\t*/\n";
  const std::vector<std::string> boards = {"nanopc-t6-rk3588", "orangepi-5-plus-rk3588",
                                           "orangepi-5-rk3588s", "rock5a-rk3588s",
                                           "rock5b-rk3588"};
  TempRepo repo;
  std::string board_c;
  for (int i = 0; i < 30; ++i) {
    board_c += "int usb_" + std::to_string(i) + ";\n";
  }
  testing::Files before = {{"MAINTAINERS", maintainers},
                           {"arch/arm/Kconfig", "config ARCH_ROCKCHIP\n"},
                           {"arch/arm/mach-rockchip/board.c", board_c}};
  testing::Files after = {{"arch/arm/Kconfig", "config ARCH_ROCKCHIP\n\tselect DM_USB_GADGET\n"}};
  for (const std::string& b : boards) {
    before["board/radxa/" + b + "/MAINTAINERS"] = b + " BOARD\nM:\tBoard Keeper <" + b +
                                                   "@example.org>\nS:\tMaintained\nF:\tconfigs/" +
                                                   b + "_defconfig\n";
    before["configs/" + b + "_defconfig"] = "CONFIG_USB_DWC3=y\nCONFIG_X=y\n";
    after["configs/" + b + "_defconfig"] = "CONFIG_X=y\n";
  }
  // 30 changed lines in board.c: 15 lines replaced by 15 others.
  std::string replaced;
  for (int i = 0; i < 30; ++i) {
    replaced += i < 15 ? "int gadget_" + std::to_string(i) + ";\n"
                       : "int usb_" + std::to_string(i) + ";\n";
  }
  after["arch/arm/mach-rockchip/board.c"] = replaced;
  const git::Oid base = repo.commit("init", before);
  const git::Oid patch = repo.commit(
      "rockchip: board: Remove dwc3 usb init and gadget handler functions", after, {base});
  const maintainers::Source source = maintainers::load_source_commit(
      repo.repo(), base, "MAINTAINERS", /*find_maintainer_files=*/true);
  const SeriesRoute series =
      route_series(source, config::Policy{}, patches_from_commits(repo.repo(), {patch}));
  ASSERT_EQ(series.patches.size(), 1u);
  const PatchRoute& p = series.patches[0];
  EXPECT_EQ(p.route(), "via ARM ROCKCHIP (Simon Glass <sjg@chromium.org>)");
  // git's own count is the referee for the changed lines.
  EXPECT_EQ(repo.git({"diff", "--shortstat", base.hex(), patch.hex()}),
            " 7 files changed, 16 insertions(+), 20 deletions(-)\n");
  EXPECT_EQ(p.reason, "30 of 36 changed lines (next: TARGET_BCMNS3, 1)");
  EXPECT_EQ(to_json(series)["patches"][0]["reason"], p.reason);
  EXPECT_NE(format_text(series, /*verbose=*/true).find("   why: 30 of 36 changed lines"),
            std::string::npos);
}

// Ties on changed lines go to the deeper pattern, then to the name that sorts first.
TEST(RouteTest, ViaTiesGoToTheDeeperPatternThenTheName) {
  const char* const maintainers =
      "ZED DRIVER\nM:\tZed <zed@example.org>\nS:\tMaintained\nF:\tdrivers/zed/deep/\n\n"
      "ALPHA\nM:\tAlpha <alpha@example.org>\nS:\tMaintained\nF:\tlib/\n\n"
      "BETA\nM:\tBeta <beta@example.org>\nS:\tMaintained\nF:\tinclude/\n";
  TempRepo repo;
  const git::Oid base = repo.commit("init", {{"MAINTAINERS", maintainers},
                                             {"drivers/zed/deep/z.c", "int z;\n"},
                                             {"lib/a.c", "int a;\n"},
                                             {"include/b.h", "int b;\n"}});
  const git::Oid deeper = repo.commit(
      "zed and lib", {{"drivers/zed/deep/z.c", "int y;\n"}, {"lib/a.c", "int c;\n"}}, {base});
  const git::Oid named = repo.commit(
      "lib and include", {{"lib/a.c", "int d;\n"}, {"include/b.h", "int e;\n"}}, {deeper});
  const maintainers::Source source =
      maintainers::load_source_commit(repo.repo(), base, "MAINTAINERS", false);
  const SeriesRoute series = route_series(source, config::Policy{},
                                          patches_from_commits(repo.repo(), {deeper, named}));
  EXPECT_EQ(series.patches[0].route(), "via ZED DRIVER (Zed <zed@example.org>)");
  EXPECT_EQ(series.patches[0].reason,
            "2 of 4 changed lines (next: ALPHA, 2; tie on lines: pattern depth 3 over 1)");
  EXPECT_EQ(series.patches[1].route(), "via ALPHA (Alpha <alpha@example.org>)");
  EXPECT_EQ(series.patches[1].reason,
            "2 of 4 changed lines (next: BETA, 2; tie on lines and pattern depth 1: first by "
            "name)");
}

// A report routes and checks every topic on one base: that tree's MAINTAINERS is parsed once.
TEST(RouteTest, MaintainersOfOneCommitAreParsedOnceAndShared) {
  TempRepo repo;
  const git::Oid base = repo.commit(
      "init", {{"MAINTAINERS", "LIB\nM:\tLib <lib@example.org>\nS:\tMaintained\nF:\tlib/\n"},
               {"lib/a.c", "int a;\n"}});
  const maintainers::Source first =
      maintainers::load_source_commit(repo.repo(), base, "MAINTAINERS", false);
  const maintainers::Source again =
      maintainers::load_source_commit(repo.repo(), base, "MAINTAINERS", false);
  EXPECT_EQ(first.database.get(), again.database.get());
  EXPECT_EQ(first.database->identity_digest(), git::digest(first.database->identity()));
  // Another question about the same tree is parsed on its own.
  const maintainers::Source with_files =
      maintainers::load_source_commit(repo.repo(), base, "MAINTAINERS", true);
  EXPECT_NE(with_files.database.get(), first.database.get());
}

TEST(RouteTest, RouteCommandNeedsATarget) {
  testing::TempDir dir;
  const auto run = testing::run_patchflow({"route"}, dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(
      run.err,
      "patchflow: error: route needs a topic, a range (base..tip) or --check-cc mbox files\n");
}

}  // namespace
}  // namespace patchflow::route
