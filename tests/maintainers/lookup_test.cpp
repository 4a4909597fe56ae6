// get_maintainer.pl semantics on small hand-written MAINTAINERS files: every pattern kind,
// the catch-all, malformed input, order and de-duplication.
#include "patchflow/maintainers/lookup.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "patchflow/maintainers/arguments.hpp"
#include "patchflow/maintainers/database.hpp"
#include "patchflow/maintainers/kept_database.hpp"
#include "patchflow/maintainers/mailmap.hpp"
#include "patchflow/maintainers/perl_regex.hpp"
#include "patchflow/maintainers/source.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::maintainers {
namespace {

using testing::catch_error;

const char* const k_maintainers =
    "Descriptions of section entries:\n"
    "\tM: Mail patches to\n"
    "\n"
    "NETWORK\n"
    "M:\tNet Maintainer <net@example.org>\n"
    "R:\tNet Reviewer <review@example.org>\n"
    "L:\tnetdev@example.org\n"
    "S:\tMaintained\n"
    "F:\tnet/\n"
    "X:\tnet/ipv6/\n"
    "\n"
    "NET DRIVERS\n"
    "M:\tDriver Person <drivers@example.org>\n"
    "L:\tnetdev@example.org\n"
    "S:\tSupported\n"
    "F:\tdrivers/net/*\n"
    "\n"
    "PHY LIBRARY\n"
    "M:\tPhy Person <phy@example.org>\n"
    "L:\tphy-list@example.org (moderated for non-subscribers)\n"
    "S:\tOdd Fixes\n"
    "F:\tdrivers/net/phy/phy_?.c\n"
    "\n"
    "TEGRA\n"
    "M:\tTegra Person <tegra@example.org>\n"
    "S:\tMaintained\n"
    "N:\t(?<!nv)tegra\n"
    "\n"
    "SWIOTLB SUBSYSTEM\n"
    "M:\tKonrad Wilk <konrad@example.org>\n"
    "M:\tNET MAINTAINER <other@example.org>\n"
    "S:\tSupported\n"
    "F:\tlib/swiotlb.c\n"
    "K:\tswiotlb_\\w+\n"
    "\n"
    "THE REST\n"
    "M:\tChief <chief@example.org>\n"
    "L:\tlinux-kernel@example.org\n"
    "S:\tBuried alive in reporters\n"
    "F:\t*\n"
    "F:\t*/\n";

Database parse(const std::string& content = k_maintainers) {
  Database database;
  database.add_file("MAINTAINERS", content);
  return database;
}

std::vector<std::string> lines_for_paths(const Database& database,
                                         const std::vector<std::string>& paths,
                                         const Options& options = {}) {
  Scan scan;
  scan_paths(paths, scan);
  const Result result = find_maintainers(database, scan, options);
  std::vector<std::string> out;
  for (const Recipient& r : result.recipients) {
    out.push_back(r.line());
  }
  return out;
}

std::vector<std::string> section_names(const Database& database, const std::string& path) {
  std::vector<std::string> out;
  for (const SectionMatch& m : match_file(database, path, {})) {
    out.emplace_back(
        database.section_name(database.sections()[static_cast<std::size_t>(m.section)]));
  }
  return out;
}

TEST(MaintainersLookupTest, HeaderBeforeTheFirstSectionIsIgnored) {
  const Database database = parse();
  EXPECT_EQ(database.sections().size(), 6u);
  EXPECT_EQ(database.section_name(database.sections().front()), "NETWORK");
}

TEST(MaintainersLookupTest, TrailingSlashMatchesEverythingBelow) {
  const Database database = parse();
  EXPECT_EQ(section_names(database, "net/core/dev.c"),
            (std::vector<std::string>{"NETWORK", "THE REST"}));
}

TEST(MaintainersLookupTest, ExclusionWinsOverAFileMatch) {
  const Database database = parse();
  EXPECT_EQ(section_names(database, "net/ipv6/route.c"), std::vector<std::string>{"THE REST"});
}

TEST(MaintainersLookupTest, StarStaysInItsDirectory) {
  const Database database = parse();
  EXPECT_EQ(section_names(database, "drivers/net/e1000.c"),
            (std::vector<std::string>{"NET DRIVERS", "THE REST"}));
  // get_maintainer's slash count: "drivers/net/*" is not "drivers/net/**".
  EXPECT_EQ(section_names(database, "drivers/net/intel/e1000.c"),
            std::vector<std::string>{"THE REST"});
}

TEST(MaintainersLookupTest, QuestionMarkIsOneCharacter) {
  const Database database = parse();
  EXPECT_EQ(section_names(database, "drivers/net/phy/phy_a.c"),
            (std::vector<std::string>{"PHY LIBRARY", "THE REST"}));
  EXPECT_EQ(section_names(database, "drivers/net/phy/phy_ab.c"),
            std::vector<std::string>{"THE REST"});
}

// Found by fuzz_maintainers: a backtracking matcher took exponential time on many stars (the
// fuzzer's timeout); the answer must also stay right when stars have to skip ahead.
TEST(MaintainersLookupTest, ManyStarsMatchWithoutBacktracking) {
  std::string stars;
  for (int i = 0; i < 40; ++i) {
    stars += "a*";
  }
  const Database database =
      parse("STARS\nM:\tStar Person <stars@example.org>\nS:\tMaintained\nF:\tlib/" + stars +
            "b\n"
            "\nSKIP\nM:\tSkip Person <skip@example.org>\nS:\tMaintained\nF:\tlib/*x*y?z.c\n");
  const std::string many_a = "lib/" + std::string(80, 'a');
  EXPECT_TRUE(section_names(database, many_a + "c").empty());
  EXPECT_EQ(section_names(database, many_a + "b"), std::vector<std::string>{"STARS"});
  EXPECT_EQ(section_names(database, "lib/xxyxyqz.c"), std::vector<std::string>{"SKIP"});
  EXPECT_TRUE(section_names(database, "lib/xxyxyz.c").empty());
}

TEST(MaintainersLookupTest, DirectoryWithoutSlashNeedsTheTree) {
  Database without_tree;
  without_tree.add_file("MAINTAINERS", "BOARD\nM:\tB <b@example.org>\nF:\tboard/acme\n");
  EXPECT_TRUE(match_file(without_tree, "board/acme/board.c", {}).empty());
  EXPECT_EQ(match_file(without_tree, "board/acmex", {}).size(), 1u);  // a plain prefix
  Database with_tree;
  with_tree.add_file("MAINTAINERS", "BOARD\nM:\tB <b@example.org>\nF:\tboard/acme\n",
                     [](const std::string& path) { return path == "board/acme"; });
  EXPECT_EQ(match_file(with_tree, "board/acme/board.c", {}).size(), 1u);
}

TEST(MaintainersLookupTest, FilePatternsAreRegexesAfterConversion) {
  // get_maintainer.pl only rewrites '.', '*' and '?': the rest of an F: value is a Perl regex.
  Database database;
  database.add_file("MAINTAINERS",
                    "ODD\nM:\tA <a@example.org>\nF:\tdrivers/spi/rk_spi.[ch]\n"
                    "F:\tboard/k\\+p/\nF:\tfs/ext2/|fs/ext3/\n");
  EXPECT_EQ(match_file(database, "drivers/spi/rk_spi.h", {}).size(), 1u);
  EXPECT_TRUE(match_file(database, "drivers/spi/rk_spi.o", {}).empty());
  EXPECT_EQ(match_file(database, "board/k+p/board.c", {}).size(), 1u);
  EXPECT_EQ(match_file(database, "fs/ext3/inode.c", {}).size(), 1u);
}

TEST(MaintainersLookupTest, RegexEntriesMatchAnywhereWithLookbehind) {
  const Database database = parse();
  EXPECT_EQ(section_names(database, "arch/arm/mach-tegra/board.c"),
            (std::vector<std::string>{"TEGRA", "THE REST"}));
  EXPECT_EQ(section_names(database, "drivers/gpu/nvtegra.c"), std::vector<std::string>{"THE REST"});
}

TEST(MaintainersLookupTest, KeywordsMatchChangedLinesAndTheMessage) {
  const Database database = parse();
  const std::string patch =
      "Subject: [PATCH] mm: tidy\n\n---\n"
      "diff --git a/mm/a.c b/mm/a.c\n--- a/mm/a.c\n+++ b/mm/a.c\n@@ -1,2 +1,2 @@\n"
      " swiotlb_context_only();\n-old();\n+swiotlb_map_page(dev);\n";
  Scan scan;
  scan_patch(database, patch, {}, scan);
  EXPECT_EQ(scan.files, (std::vector<std::string>{"mm/a.c"}));
  const Result result = find_maintainers(database, scan, {});
  ASSERT_EQ(result.recipients.size(), 4u);
  EXPECT_EQ(result.recipients[1].line(),
            "Konrad Wilk <konrad@example.org> (supporter:SWIOTLB SUBSYSTEM:Keyword:swiotlb_\\w+)");

  Scan context_only;
  scan_patch(database, "--- a/mm/a.c\n+++ b/mm/a.c\n@@ -1 +1 @@\n swiotlb_x();\n-a\n+b\n", {},
             context_only);
  EXPECT_TRUE(context_only.keyword_lines.empty());
}

TEST(MaintainersLookupTest, CatchAllComesLastWithItsListUnnamed) {
  const Database database = parse();
  EXPECT_EQ(lines_for_paths(database, {"Makefile"}),
            (std::vector<std::string>{"Chief <chief@example.org> (chief penguin:THE REST)",
                                      "linux-kernel@example.org (open list)"}));
}

TEST(MaintainersLookupTest, MostSpecificFirstThenDeduplicated) {
  const Database database = parse();
  EXPECT_EQ(lines_for_paths(database,
                            {"drivers/net/phy/phy_a.c", "net/core/dev.c", "drivers/net/e1000.c"}),
            (std::vector<std::string>{"Phy Person <phy@example.org> (odd fixer:PHY LIBRARY)",
                                      "Chief <chief@example.org> (chief penguin:THE REST)",
                                      "Net Maintainer <net@example.org> (maintainer:NETWORK)",
                                      "Net Reviewer <review@example.org> (reviewer:NETWORK)",
                                      "Driver Person <drivers@example.org> (supporter:NET DRIVERS)",
                                      "phy-list@example.org (moderated list:PHY LIBRARY)",
                                      "linux-kernel@example.org (open list)",
                                      "netdev@example.org (open list:NETWORK)"}));
}

TEST(MaintainersLookupTest, SameNameDifferentAddressIsListedOnce) {
  const Database database = parse();
  // "NET MAINTAINER" matches "Net Maintainer" case-insensitively: get_maintainer keeps the first.
  const auto lines = lines_for_paths(database, {"net/a.c", "lib/swiotlb.c"});
  EXPECT_EQ(
      std::count_if(lines.begin(), lines.end(),
                    [](const std::string& l) { return l.find("other@") != std::string::npos; }),
      0);
}

TEST(MaintainersLookupTest, NamesWithPunctuationAreQuoted) {
  EXPECT_EQ((Recipient{"Marek Behún", "kabel@kernel.org", "maintainer:X"}.line()),
            "\"Marek Behún\" <kabel@kernel.org> (maintainer:X)");
  EXPECT_EQ(parse_email("\"A. Person\" <a@example.org>"),
            (std::pair<std::string, std::string>{"A. Person", "a@example.org"}));
}

TEST(MaintainersLookupTest, LongSectionNamesAreCut) {
  Database database;
  database.add_file("MAINTAINERS",
                    "A VERY LONG SECTION NAME THAT GOES ON AND ON AND ON FOREVER\n"
                    "M:\tP <p@example.org>\nS:\tMaintained\nF:\tx/\n");
  EXPECT_EQ(
      lines_for_paths(database, {"x/y"}),
      std::vector<std::string>{
          "P <p@example.org> (maintainer:A VERY LONG SECTION NAME THAT GOES ON AND ON AN...)"});
}

TEST(MaintainersLookupTest, MailmapGivesTheProperAddress) {
  const Database database = parse();
  const Mailmap mailmap = parse_mailmap("Net Maintainer <net@new.example.org> <net@example.org>\n");
  Options options;
  options.mailmap = &mailmap;
  EXPECT_EQ(lines_for_paths(database, {"net/a.c"}, options).front(),
            "Net Maintainer <net@new.example.org> (maintainer:NETWORK)");
}

TEST(MaintainersLookupTest, EmptyEntryIsAnErrorWithFileAndLine) {
  const Error e = catch_error([] { parse("NETWORK\nM:\tA <a@example.org>\nF:\n"); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_EQ(e.describe(), "MAINTAINERS:3: error: empty 'F:' entry");
}

TEST(MaintainersLookupTest, EntryBeforeAnySectionIsAnError) {
  Database database;
  const Error e =
      catch_error([&] { database.add_file("board/x/MAINTAINERS", "\nM:\tA <a@example.org>\n"); });
  EXPECT_EQ(e.describe(), "board/x/MAINTAINERS:2: error: 'M:' entry before any section title");
}

TEST(MaintainersLookupTest, UnsupportedRegexNamesItsLine) {
  const Database database = parse("ODD\nM:\tA <a@example.org>\nN:\t(unclosed\n");
  const Error e = catch_error([&] { match_file(database, "x.c", {}); });
  EXPECT_EQ(e.describe(), "MAINTAINERS:3: error: unsupported regex '(unclosed': missing ')'");
}

// Found by fuzz_maintainers: a nested quantifier made the backtracking matcher exponential.
TEST(MaintainersLookupTest, CatastrophicRegexIsAnErrorNamingItsLine) {
  const Database database = parse("ODD\nM:\tA <a@example.org>\nN:\t(a*)*b$\n");
  EXPECT_EQ(section_names(database, "x/aab"), std::vector<std::string>{"ODD"});
  const Error e = catch_error([&] { match_file(database, std::string(40, 'a') + "bc", {}); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_EQ(e.describe(),
            "MAINTAINERS:3: error: regex '(a*)*b$' backtracks too much (over 100000 steps on one "
            "input); simplify it");
}

TEST(MaintainersLookupTest, UnknownTagsAreKept) {
  const Database database = parse("ODD\nM:\tA <a@example.org>\nZ:\tsomething new\nF:\tx/\n");
  EXPECT_EQ(database.lines()[2].tag, 'Z');
  EXPECT_EQ(database.lines()[2].text, "something new");
}

TEST(PerlRegexTest, PerlFeaturesMaintainersUse) {
  EXPECT_TRUE(PerlRegex::compile("bcm[9]?4908", false).search("arch/arm/dts/bcm94908.dts"));
  EXPECT_TRUE(PerlRegex::compile("imx8mp.*dh[cs]o", false).search("board/imx8mp-dhcom-pdk2"));
  EXPECT_FALSE(PerlRegex::compile("(?<!uni)versal", false).search("configs/universal_defconfig"));
  EXPECT_TRUE(PerlRegex::compile("(?<!uni)versal", false).search("board/xilinx/versal/"));
  EXPECT_TRUE(PerlRegex::compile("\\b(printk|pr_(info|err))\\b", true).search("+\tpr_err(x);"));
  EXPECT_TRUE(PerlRegex::compile("a b # comment", true).search("xab"));
  EXPECT_TRUE(PerlRegex::compile("board/k\\+p/", false).match_prefix("board/k+p/x"));
  EXPECT_FALSE(PerlRegex::compile("k+p", false).match_prefix("k+p"));
  EXPECT_TRUE(PerlRegex::compile("^[+-].*foo{2,3}$", false).search("+ xfooo\n"));
}

// U-Boot's get_maintainer.pl drops its penguin chief from every answer: v2023.07's names
// "Tom Rini", so Tom Rini is not listed even as THE REST's maintainer; since 2024-01 it names
// "Tom RINI", which Perl's case-sensitive match finds nowhere. The tree's own script decides.
TEST(MaintainersLookupTest, PenguinChiefsComeFromTheTreesOwnScript) {
  const std::string maintainers =
      "ARM ROCKCHIP\nM:\tKever Yang <kever.yang@rock-chips.com>\nS:\tMaintained\n"
      "F:\tarch/arm/mach-rockchip/\n\n"
      "THE REST\nM:\tTom Rini <trini@konsulko.com>\nL:\tu-boot@lists.denx.de\nS:\tMaintained\n"
      "F:\t*\nF:\t*/\n";
  auto answer = [&](const std::string& script) {
    testing::TempDir tree;
    tree.write("MAINTAINERS", maintainers);
    if (!script.empty()) {
      tree.write("scripts/get_maintainer.pl", script);
    }
    const Source source = load_source_path(tree.path(), true);
    return lines_for_paths(*source.database, {"arch/arm/mach-rockchip/board.c"});
  };
  const std::vector<std::string> with_tom{
      "Kever Yang <kever.yang@rock-chips.com> (maintainer:ARM ROCKCHIP)",
      "Tom Rini <trini@konsulko.com> (maintainer:THE REST)", "u-boot@lists.denx.de (open list)"};
  const std::vector<std::string> without_tom{
      "Kever Yang <kever.yang@rock-chips.com> (maintainer:ARM ROCKCHIP)",
      "u-boot@lists.denx.de (open list)"};
  EXPECT_EQ(answer(""), with_tom);
  EXPECT_EQ(
      answer("my @penguin_chief = ();\npush(@penguin_chief, \"Tom Rini:trini\\@konsulko.com\");\n"),
      without_tom);
  EXPECT_EQ(
      answer("my @penguin_chief = ();\npush(@penguin_chief, \"Tom RINI:trini\\@konsulko.com\");\n"),
      with_tom);
  EXPECT_EQ(script_penguin_chiefs(
                "# push(@penguin_chief, \"A:a\\@b\");\n"
                "\tpush(@penguin_chief, \"Linus Torvalds:torvalds\\@linux-foundation.org\");\n"),
            std::vector<std::string>{"Linus Torvalds:torvalds@linux-foundation.org"});
}

// Files parsed on two threads and joined make the database the one-by-one loop makes: same
// identity, sections, line numbers and answers (line indices shifted across the join); and of
// two broken files the first in order is the one reported.
TEST(MaintainersLookupTest, FilesParsedInPartsMakeTheSameDatabase) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"MAINTAINERS", k_maintainers},
      {"board/a/MAINTAINERS",
       "BOARD A\nM:\tA Person <a@example.org>\nS:\tMaintained\nF:\tboard/a/\n"
       "X:\tboard/a/x.c\nN:\tboard_a\n"},
      {"board/b/MAINTAINERS",
       "BOARD B\nM:\tB Person <b@example.org>\nS:\tMaintained\nF:\tboard/b\n"
       "F:\tnet/b.c\nK:\tb_board\n"},
  };
  const DirectoryProbe probe = [](const std::string& path) { return path == "board/b"; };
  Database one_by_one;
  for (const auto& [name, content] : files) {
    one_by_one.add_file(name, content, probe);
  }
  Database in_parts;
  in_parts.add_files(files, probe, 2);
  EXPECT_EQ(in_parts.identity(), one_by_one.identity());
  ASSERT_EQ(in_parts.sections().size(), 8u);
  ASSERT_EQ(in_parts.lines().size(), one_by_one.lines().size());
  for (std::size_t i = 0; i < in_parts.lines().size(); ++i) {
    const Line& a = in_parts.lines()[i];
    const Line& b = one_by_one.lines()[i];
    EXPECT_EQ(std::tie(a.tag, a.text, a.file, a.line, a.pattern, a.literal),
              std::tie(b.tag, b.text, b.file, b.line, b.pattern, b.literal));
  }
  for (const char* path :
       {"board/a/a.c", "board/a/x.c", "board/b/b.c", "net/b.c", "net/core/dev.c", "Makefile"}) {
    EXPECT_EQ(lines_for_paths(in_parts, {path}), lines_for_paths(one_by_one, {path})) << path;
    EXPECT_EQ(section_names(in_parts, path), section_names(one_by_one, path)) << path;
  }
  EXPECT_EQ(section_names(in_parts, "board/b/b.c"),
            (std::vector<std::string>{"BOARD B", "THE REST"}));
  EXPECT_EQ(section_names(in_parts, "board/a/x.c"), std::vector<std::string>{"THE REST"});

  Database broken;
  const Error e = catch_error([&] {
    // Most of the bytes in the first file, so each file is a part of its own.
    broken.add_files({{"one/MAINTAINERS", std::string(k_maintainers) + "ONE\nF:\n"},
                      {"two/MAINTAINERS", "M:\tNobody <n@example.org>\n"}},
                     {}, 2);
  });
  EXPECT_EQ(e.where().file, "one/MAINTAINERS");
  EXPECT_EQ(e.where().line, 43);  // k_maintainers has 41 lines
}

// --find-maintainer-files in a work tree keeps its scan in the git directory and trusts it only
// while every directory and MAINTAINERS file keeps its modification time: an edit or a new
// MAINTAINERS is seen; an unchanged tree is answered from the scan (shown here by a content
// change whose time was put back, which only the kept scan can miss).
TEST(MaintainersLookupTest, WorkTreeScanIsReusedOnlyWhileNothingChanged) {
  namespace fs = std::filesystem;
  testing::TempDir tree;
  tree.write("MAINTAINERS",
             "THE REST\nM:\tRest Person <rest@example.org>\nS:\tMaintained\n"
             "F:\t*\nF:\t*/\n");
  tree.write("board/a/MAINTAINERS",
             "BOARD A\nM:\tA Person <a@example.org>\nS:\tMaintained\n"
             "F:\tboard/a/\n");
  tree.write("board/c/c.c", "int c;\n");
  // Enough directories that the kept scan is checked in several chunks, on several threads:
  // the changes below are in the first directories and in the very last one.
  for (int i = 0; i < 300; ++i) {
    fs::create_directories(tree.path() + "/drivers/d" + std::to_string(i));
  }
  tree.write("zz/last/z.c", "int z;\n");
  fs::create_directories(tree.path() + "/.git");
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(1);
  auto age_everything = [&] {
    for (const auto& entry : fs::recursive_directory_iterator(tree.path())) {
      fs::last_write_time(entry.path(), old_time);
    }
    fs::last_write_time(tree.path(), old_time);
  };
  auto answer = [&](const std::string& path) {
    const Source source = load_source_path(tree.path(), true);
    return lines_for_paths(*source.database, {path})[0];
  };
  age_everything();
  EXPECT_EQ(answer("board/a/a.c"), "A Person <a@example.org> (maintainer:BOARD A)");
  ASSERT_TRUE(fs::exists(tree.path() + "/.git/patchflow/worktree-index-MAINTAINERS"));

  // Same size, same time: only the kept scan answers "A Person" now.
  tree.write("board/a/MAINTAINERS",
             "BOARD A\nM:\tB Person <b@example.org>\nS:\tMaintained\n"
             "F:\tboard/a/\n");
  age_everything();
  EXPECT_EQ(answer("board/a/a.c"), "A Person <a@example.org> (maintainer:BOARD A)");
  // The edit with its own time is seen.
  fs::last_write_time(tree.path() + "/board/a/MAINTAINERS", old_time + std::chrono::minutes(1));
  EXPECT_EQ(answer("board/a/a.c"), "B Person <b@example.org> (maintainer:BOARD A)");
  // A new MAINTAINERS changes its directory's time: seen too.
  tree.write("board/c/MAINTAINERS",
             "BOARD C\nM:\tC Person <c@example.org>\nS:\tMaintained\n"
             "F:\tboard/c/\n");
  EXPECT_EQ(answer("board/c/c.c"), "C Person <c@example.org> (maintainer:BOARD C)");
  age_everything();
  EXPECT_EQ(answer("zz/last/z.c"), "Rest Person <rest@example.org> (maintainer:THE REST)");
  tree.write("zz/last/MAINTAINERS",
             "LAST\nM:\tZ Person <z@example.org>\nS:\tMaintained\n"
             "F:\tzz/last/\n");
  EXPECT_EQ(answer("zz/last/z.c"), "Z Person <z@example.org> (maintainer:LAST)");
}

// What the kept scan also watches: the top MAINTAINERS (read apart from the others), a new
// directory (get_maintainer's -d turns "F: drivers/new" into a directory pattern), and the
// rules the database was parsed under.
TEST(MaintainersLookupTest, WorkTreeScanSeesTheTopFileNewDirectoriesAndOtherRules) {
  namespace fs = std::filesystem;
  testing::TempDir tree;
  const std::string rest =
      "THE REST\nM:\tRest Person <rest@example.org>\nS:\tMaintained\nF:\t*\nF:\t*/\n";
  tree.write("MAINTAINERS", "NEW\nM:\tNew Person <new@example.org>\nS:\tMaintained\n"
                            "F:\tdrivers/new\n\n" + rest);
  tree.write("board/a/MAINTAINERS",
             "BOARD A\nM:\tA Person <a@example.org>\nS:\tMaintained\nF:\tboard/a/\n");
  fs::create_directories(tree.path() + "/drivers");
  fs::create_directories(tree.path() + "/.git");
  // Everything an hour old (a time within two seconds of a scan is not trusted, so such a scan
  // would not be kept); then each change gives a new time to what it changed and to nothing
  // else, so only that stamp can tell.
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& entry : fs::recursive_directory_iterator(tree.path())) {
    fs::last_write_time(entry.path(), old_time);
  }
  fs::last_write_time(tree.path(), old_time);
  auto answer = [&](const std::string& path) {
    return lines_for_paths(load_database_dir(tree.path(), true), {path});
  };
  const std::string new_person = "New Person <new@example.org> (maintainer:NEW)";
  const std::string rest_person = "Rest Person <rest@example.org> (maintainer:THE REST)";
  // No drivers/new directory: the pattern names a file, so a file below it is THE REST's only.
  EXPECT_EQ(answer("drivers/new/x.c"), std::vector<std::string>{rest_person});
  ASSERT_TRUE(fs::exists(tree.path() + "/.git/patchflow/worktree-index-MAINTAINERS"));
  fs::create_directories(tree.path() + "/drivers/new");
  fs::last_write_time(tree.path() + "/drivers/new", old_time + std::chrono::minutes(1));
  fs::last_write_time(tree.path() + "/drivers", old_time + std::chrono::minutes(1));
  EXPECT_EQ(answer("drivers/new/x.c"), (std::vector<std::string>{new_person, rest_person}));
  // The top MAINTAINERS edited, same size: its time tells.
  tree.write("MAINTAINERS", "NEW\nM:\tOwn Person <new@example.org>\nS:\tMaintained\n"
                            "F:\tdrivers/new\n\n" + rest);
  fs::last_write_time(tree.path() + "/MAINTAINERS", old_time + std::chrono::minutes(2));
  fs::last_write_time(tree.path(), old_time);
  EXPECT_EQ(answer("drivers/new/x.c"),
            (std::vector<std::string>{"Own Person <new@example.org> (maintainer:NEW)",
                                      rest_person}));
  // Kept under Linux's rules, asked under Xen's: parsed again, under Xen's.
  EXPECT_EQ(load_database_dir(tree.path(), true, {}, Rules::xen).rules(), Rules::xen);
  EXPECT_EQ(load_database_dir(tree.path(), true, {}, Rules::linux).rules(), Rules::linux);
}

// The kept form of a database reads back as the same database, and bytes that are not one
// whole encoding (cut anywhere, any byte changed) never crash the decoder: a miss, or a
// database whose indices all point inside it.
TEST(MaintainersLookupTest, KeptDatabaseReadsBackWholeOrNotAtAll) {
  Database database;
  database.set_rules(Rules::linux);
  database.set_penguin_chiefs({"Chief:chief@example.org"});
  database.add_files({{"MAINTAINERS", k_maintainers},
                      {"board/a/MAINTAINERS",
                       "BOARD A\nM:\tA Person <a@example.org>\nS:\tMaintained\n"
                       "F:\tboard/a/\nX:\tboard/a/dts/\nK:\tboard_a\n"}},
                     {}, 2);
  const std::string bytes = encode_database(database);
  const std::optional<Database> kept = decode_database(bytes, nullptr);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->identity(), database.identity());
  const std::vector<std::string> paths = {"net/core.c", "net/ipv6/a.c", "drivers/net/phy/phy_1.c",
                                          "drivers/tegra.c", "board/a/a.c", "board/a/dts/x.dts"};
  for (const std::string& path : paths) {
    EXPECT_EQ(lines_for_paths(*kept, {path}), lines_for_paths(database, {path})) << path;
  }
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    EXPECT_FALSE(decode_database(std::string_view(bytes).substr(0, size), nullptr)) << size;
  }
  std::string changed = bytes;
  for (std::size_t i = 0; i < changed.size(); ++i) {
    changed[i] = static_cast<char>(changed[i] ^ 0x5a);
    if (const std::optional<Database> read = decode_database(changed, nullptr)) {
      for (const std::string& path : paths) {
        try {
          lines_for_paths(*read, {path});  // answers, reading nothing out of bounds
        } catch (const Error&) {
          // or names the line whose changed regex does not compile, as for any MAINTAINERS
        }
      }
    }
    changed[i] = bytes[i];
  }
}

// U-Boot's scripts/get_maintainer.pl (Linux's rules), --sections and --letters, on a crafted
// tree: the expected text is what the script printed for the same MAINTAINERS and files.
TEST(MaintainersLookupTest, SectionsAndLettersListTheMatchingSections) {
  Database database;
  database.add_file("MAINTAINERS",
                    "List of maintainers\n"
                    "-------------------\n"
                    "\n"
                    "ARM\n"
                    "M:\tAlice Arm <alice@example.org>\n"
                    "S:\tMaintained\n"
                    "T:\tgit https://example.org/arm.git\n"
                    "F:\tarch/arm/\n"
                    "F:\tinclude/*.h\n"
                    "X:\tarch/arm/dts/\n"
                    "\n"
                    "NET\n"
                    "M:\tNat Net <nat@example.org>\n"
                    "R:\tRita <rita@example.org>\n"
                    "L:\tnet@lists.example.org\n"
                    "S:\tMaintained\n"
                    "F:\tdrivers/net\n"
                    "F:\tnet/v?.?.c\n"
                    "K:\tethernet\n"
                    "\n"
                    "THE REST\n"
                    "M:\tTom <tom@example.org>\n"
                    "L:\tu-boot@lists.example.org\n"
                    "S:\tMaintained\n"
                    "F:\t*\n"
                    "F:\t*/\n",
                    [](const std::string& path) { return path == "drivers/net"; });
  const auto listing = [&](const std::string& words) {
    Arguments arguments;
    apply_arguments(split_arguments(words, Where{}, false), arguments);
    Scan scan;
    scan_paths({"arch/arm/cpu.c", "drivers/net/eth.c", "net/v1.2.c"}, scan);
    return format_text(
        find_maintainers(database, scan, lookup_options(arguments, Rules::linux)));
  };
  const std::string rest =
      "THE REST\n"
      "M:\tTom <tom@example.org>\n"
      "L:\tu-boot@lists.example.org\n"
      "S:\tMaintained\n"
      "F:\t*\n"
      "F:\t*/\n"
      "\n";
  const std::string net =
      "NET\n"
      "M:\tNat Net <nat@example.org>\n"
      "R:\tRita <rita@example.org>\n"
      "L:\tnet@lists.example.org\n"
      "S:\tMaintained\n"
      "F:\tdrivers/net/\n"
      "F:\tnet/v?.?.c\n"
      "K:\tethernet\n"
      "\n";
  EXPECT_EQ(listing("--sections"),
            "ARM\n"
            "M:\tAlice Arm <alice@example.org>\n"
            "S:\tMaintained\n"
            "T:\tgit https://example.org/arm.git\n"
            "F:\tarch/arm/\n"
            "F:\tinclude/*.h\n"
            "X:\tarch/arm/dts/\n"
            "\n" +
                rest + net + rest + net + rest);
  const std::string net_people =
      "NET\n"
      "M:\tNat Net <nat@example.org>\n"
      "R:\tRita <rita@example.org>\n"
      "\n"
      "THE REST\n"
      "M:\tTom <tom@example.org>\n"
      "\n";
  EXPECT_EQ(listing("--letters mr"),
            "ARM\n"
            "M:\tAlice Arm <alice@example.org>\n"
            "\n"
            "THE REST\n"
            "M:\tTom <tom@example.org>\n"
            "\n" +
                net_people + net_people);
}

}  // namespace
}  // namespace patchflow::maintainers
