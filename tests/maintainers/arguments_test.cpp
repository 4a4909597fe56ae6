// The tree's routing configuration: .get_maintainer.conf read as get_maintainer.pl reads it, a
// policy's maintainers-options, the command line last; one parser for maintainers, route,
// series and check; a word it cannot honour is an error naming file:line.
#include "patchflow/maintainers/arguments.hpp"

#include <gtest/gtest.h>

#include "patchflow/maintainers/request.hpp"
#include "patchflow/maintainers/source.hpp"
#include "patchflow/route/request.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::maintainers {
namespace {

using testing::TempRepo;

// U-Boot's .get_maintainer.conf, with a comment line and a trailing comment added.
const char* const k_uboot_conf =
    "# U-Boot routing\n"
    "--find-maintainer-files\n"
    "--git\n"
    "--git-min-percent 15   # people with 15% of the commits\n"
    "--git-since 6-months-ago\n"
    "--git-max-maintainers 2\n"
    "--maintainer-path=.\n";

const char* const k_top =
    "ARM ROCKCHIP\n"
    "M:\tKever Yang <kever.yang@rock-chips.com>\n"
    "S:\tMaintained\n"
    "F:\tarch/arm/mach-rockchip/\n"
    "\n"
    "THE REST\n"
    "M:\tTom Rini <trini@konsulko.com>\n"
    "L:\tu-boot@lists.denx.de\n"
    "S:\tMaintained\n"
    "F:\t*\n"
    "F:\t*/\n";

const char* const k_board =
    "EVB-RK3399 BOARD\n"
    "M:\tBoard Keeper <board@example.org>\n"
    "S:\tMaintained\n"
    "F:\tboard/rockchip/evb_rk3399/\n";

std::vector<std::string> texts(const std::vector<Argument>& args) {
  std::vector<std::string> out;
  for (const Argument& a : args) {
    out.push_back(a.text + "@" + std::to_string(a.where.line));
  }
  return out;
}

TEST(ArgumentsTest, SplitsAnOptionsFileAsGetMaintainerDoes) {
  const auto args = split_arguments(k_uboot_conf, Where{.file = ".get_maintainer.conf"}, true);
  EXPECT_EQ(texts(args), (std::vector<std::string>{
                             "--find-maintainer-files@2", "--git@3", "--git-min-percent@4",
                             "15@4", "--git-since@5", "6-months-ago@5", "--git-max-maintainers@6",
                             "2@6", "--maintainer-path=.@7"}));
  Arguments arguments;
  apply_arguments(args, arguments);
  EXPECT_EQ(arguments.find_maintainer_files, true);
  EXPECT_EQ(arguments.git, true);
  EXPECT_EQ(arguments.git_min_percent, 15);
  EXPECT_EQ(arguments.git_max_maintainers, 2);
  ASSERT_TRUE(arguments.git_since);
  EXPECT_EQ(arguments.git_since->at(1'000'000'000), 1'000'000'000 - 6 * 30 * 86400);
  EXPECT_EQ(maintainers_path_in_tree(arguments, "x"), "MAINTAINERS");
}

TEST(ArgumentsTest, LaterWordsWinAndNegationsReadAsGetoptLong) {
  Arguments arguments;
  apply_arguments(split_arguments("--git --roles --nol", Where{.file = "conf"}, true), arguments);
  apply_arguments({{"--no-git", {}}, {"--noroles", {}}, {"--pattern-depth=2", {}}}, arguments);
  EXPECT_EQ(arguments.git, false);
  const Options options = lookup_options(arguments, Rules::xen);
  EXPECT_FALSE(options.roles);
  EXPECT_FALSE(options.lists);
  EXPECT_EQ(options.pattern_depth, 2);
}

TEST(ArgumentsTest, AnUnknownOrRefusedWordNamesItsFileAndLine) {
  const auto unknown = [](const std::string& text) {
    return testing::catch_error([&] {
      Arguments arguments;
      apply_arguments(split_arguments(text, Where{.file = ".get_maintainer.conf"}, true),
                      arguments);
    });
  };
  Error e = unknown("--git\n\n--frobnicate\n");
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_EQ(e.describe(),
            ".get_maintainer.conf:3: error: unknown get_maintainer.pl option '--frobnicate'");
  EXPECT_EQ(unknown("--git-blame").describe(),
            ".get_maintainer.conf:1: error: get_maintainer.pl option '--git-blame' is not "
            "supported by patchflow");
  EXPECT_EQ(unknown("# x\n--git-since yesterday-ish").describe(),
            ".get_maintainer.conf:2: error: '--git-since' needs a time such as '6-months-ago' "
            "or '@<epoch>', not 'yesterday-ish'");
  EXPECT_EQ(unknown("patches/0001.patch").describe(),
            ".get_maintainer.conf:1: error: unexpected argument 'patches/0001.patch' "
            "(get_maintainer.pl options only)");
  EXPECT_EQ(unknown("--git-min-percent").describe(),
            ".get_maintainer.conf:1: error: '--git-min-percent' needs a value");
}

// A U-Boot-like tree: the board's own MAINTAINERS counts only under --find-maintainer-files.
struct Tree {
  TempRepo repo;
  git::Oid base, tip;
  explicit Tree(const std::optional<std::string>& conf) {
    testing::Files files = {{"MAINTAINERS", k_top},
                            {"board/rockchip/evb_rk3399/MAINTAINERS", k_board},
                            {"board/rockchip/evb_rk3399/evb.c", "int a;\n"}};
    if (conf) {
      files[".get_maintainer.conf"] = *conf;
    }
    base = repo.commit("init", files);
    tip = repo.commit("rockchip: evb: tidy", {{"board/rockchip/evb_rk3399/evb.c", "int b;\n"}},
                      {base});
    repo.branch("master", base);
    repo.branch("topic", tip);
  }
  std::string maintainers(const std::vector<std::string>& more = {}) {
    std::vector<std::string> args = {"--repo", repo.path(), "maintainers", "master..topic"};
    args.insert(args.end(), more.begin(), more.end());
    const auto run = testing::run_patchflow(args, repo.path());
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  }
};

TEST(ArgumentsTest, TheTreesConfFindsBoardMaintainersInEveryCommand) {
  Tree with("--find-maintainer-files   # as U-Boot's\n");
  const std::string board = "Board Keeper <board@example.org> (maintainer:EVB-RK3399 BOARD)\n";
  EXPECT_NE(with.maintainers().find(board), std::string::npos);
  // route reads the same configuration
  const route::SeriesRoute routed = route::run(with.repo.repo(), nullptr, {.target = "master..topic"});
  ASSERT_EQ(routed.patches.size(), 1u);
  ASSERT_FALSE(routed.patches[0].to.empty());
  EXPECT_EQ(routed.patches[0].to[0].email, "board@example.org");

  Tree without(std::nullopt);
  EXPECT_EQ(without.maintainers().find(board), std::string::npos);
  EXPECT_NE(without.maintainers({"--find-maintainer-files"}).find(board), std::string::npos);
}

TEST(ArgumentsTest, APolicyTurnsOptionsOnAndItsBadWordNamesThePolicyFile) {
  Tree tree(std::nullopt);
  config::Policy policy;
  policy.maintainers_options = {{"--find-maintainer-files", Where{.file = "policies/u.yaml", .line = 4}}};
  SourceRequest request = source_request(policy);
  const Routing routing = load_routing(&tree.repo.repo(), tree.base, request);
  EXPECT_EQ(routing.arguments.find_maintainer_files, true);
  EXPECT_EQ(routing.source.database->file_names().size(), 2u);

  policy.maintainers_options.push_back({"--git-blame", Where{.file = "policies/u.yaml", .line = 5}});
  const Error e = testing::catch_error(
      [&] { load_routing(&tree.repo.repo(), tree.base, source_request(policy)); });
  EXPECT_EQ(e.describe(),
            "policies/u.yaml:5: error: get_maintainer.pl option '--git-blame' is not supported by "
            "patchflow");
  // --sections prints sections, not recipients: routing refuses it, `maintainers` follows it.
  policy.maintainers_options.back() = {"--sections", Where{.file = "policies/u.yaml", .line = 6}};
  EXPECT_EQ(testing::catch_error([&] {
              load_routing(&tree.repo.repo(), tree.base, source_request(policy));
            }).describe(),
            "policies/u.yaml:6: error: get_maintainer.pl options '--sections' and '--letters' "
            "only apply to 'patchflow maintainers': they print sections, not recipients");
  SourceRequest listing = source_request(policy);
  listing.prints_listing = true;
  EXPECT_TRUE(load_routing(&tree.repo.repo(), tree.base, listing).options.sections);
}

TEST(ArgumentsTest, ABadConfInTheTreeIsAUsageErrorNamingIt) {
  Tree tree("--find-maintainer-files\n--interactive\n");
  const auto run = testing::run_patchflow(
      {"--repo", tree.repo.path(), "maintainers", "master..topic"}, tree.repo.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            ".get_maintainer.conf:2: error: get_maintainer.pl option '--interactive' (in the tree "
            "of " + tree.base.short_hex() + ") is not supported by patchflow\n");
}

// `maintainers` prints get_maintainer.pl's lines on stdout whatever else is asked; --verbose
// says on stderr which revision MAINTAINERS was read from. --sections lists the sections, and a
// tree whose .get_maintainer.conf says --sections cannot be routed with (exit 2, file:line).
TEST(ArgumentsTest, MaintainersSaysItsRevisionOnlyOnStderrAndListsSections) {
  Tree tree(std::nullopt);
  const auto plain = testing::run_patchflow(
      {"--repo", tree.repo.path(), "maintainers", "master..topic"}, tree.repo.path());
  const auto verbose = testing::run_patchflow(
      {"--repo", tree.repo.path(), "--verbose", "maintainers", "master..topic"},
      tree.repo.path());
  ASSERT_EQ(verbose.exit_code, 0) << verbose.err;
  EXPECT_EQ(verbose.out, plain.out);
  EXPECT_EQ(plain.err, "");
  EXPECT_NE(verbose.err.find("patchflow: routed with MAINTAINERS at " + tree.base.short_hex() +
                             "\n"),
            std::string::npos)
      << verbose.err;

  EXPECT_EQ(tree.maintainers({"--sections", "--find-maintainer-files"}),
            std::string(k_board) + "\n" +
                "THE REST\n"
                "M:\tTom Rini <trini@konsulko.com>\n"
                "L:\tu-boot@lists.denx.de\n"
                "S:\tMaintained\n"
                "F:\t*\n"
                "F:\t*/\n"
                "\n");

  Tree listing("--sections\n");
  const auto routed = testing::run_patchflow(
      {"--repo", listing.repo.path(), "route", "master..topic"}, listing.repo.path());
  EXPECT_EQ(routed.exit_code, 2);
  EXPECT_NE(routed.err.find(".get_maintainer.conf:1: error: get_maintainer.pl options "
                            "'--sections' and '--letters' only apply to 'patchflow maintainers'"),
            std::string::npos)
      << routed.err;
}

}  // namespace
}  // namespace patchflow::maintainers
