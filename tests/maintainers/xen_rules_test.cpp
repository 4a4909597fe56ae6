// Xen's scripts/get_maintainer.pl rules (maintainers::Rules::xen), one rule per test, on small
// MAINTAINERS files. Each expectation is what Xen's script prints for the same MAINTAINERS and
// patch (checked by running it in a scratch tree: xen.git c447b7308b13, scripts/).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "patchflow/maintainers/arguments.hpp"
#include "patchflow/maintainers/database.hpp"
#include "patchflow/maintainers/lookup.hpp"
#include "patchflow/maintainers/source.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::maintainers {
namespace {

const char* const k_xen_maintainers_excerpt =
    "\tList of maintainers\n"
    "\n"
    "ARM (W/ VIRTUALISATION EXTENSIONS) ARCHITECTURE\n"
    "M:\tStefano Stabellini <sstabellini@kernel.org>\n"
    "M:\tJulien Grall <julien@xen.org>\n"
    "R:\tBertrand Marquis <bertrand.marquis@arm.com>\n"
    "S:\tSupported\n"
    "L:\txen-devel@lists.xenproject.org\n"
    "T:\tgit https://xenbits.xen.org/git-http/xen.git\n"
    "F:\txen/arch/arm/\n"
    "\n"
    "KEXEC\n"
    "M:\tAndrew Cooper <andrew.cooper3@citrix.com>\n"
    "S:\tSupported\n"
    "F:\txen/common/{kexec,kimage}.c\n"
    "\n"
    "DOCUMENTATION\n"
    "R:\tDoc Reviewer <docs@example.org>\n"
    "S:\tSupported\n"
    "F:\tdocs/\n"
    "\n"
    "X86 ARCHITECTURE\n"
    "M:\tJan Beulich <jbeulich@suse.com>\n"
    "M:\tAndrew Cooper <andrew.cooper3@citrix.com>\n"
    "M:\tRoger Pau Monné <roger@xenproject.org>\n"
    "L:\tx86-list@example.org (moderated for non-subscribers)\n"
    "S:\tSupported\n"
    "W:\thttps://wiki.xenproject.org/wiki/X86\n"
    "F:\txen/arch/x86/\n"
    "K:\tx86_emulate\n"
    "\n"
    "THE REST\n"
    "M:\tAndrew Cooper <andrew.cooper3@citrix.com>\n"
    "M:\tJan Beulich <JBeulich@suse.com>\n"
    "M:\tJulien Grall <julien@xen.org>\n"
    "L:\txen-devel@lists.xenproject.org\n"
    "S:\tSupported\n"
    "F:\t*\n"
    "F:\t*/\n"
    "V:\txen-maintainers-1\n";

Database xen_database(const std::string& text = k_xen_maintainers_excerpt) {
  Database database;
  database.set_rules(Rules::xen);
  database.add_file("MAINTAINERS", text);
  return database;
}

std::string patch_of(const std::vector<std::string>& files, const std::string& message = "",
                     const std::string& added = "+new\n") {
  std::string out = "From: A <a@example.org>\nSubject: [PATCH] x\n\n" + message + "---\n";
  for (const std::string& file : files) {
    out += "diff --git a/" + file + " b/" + file + "\n--- a/" + file + "\n+++ b/" + file +
           "\n@@ -1,1 +1,1 @@\n-old\n" + added;
  }
  return out;
}

std::string run(const Database& database, const std::string& patch,
                Options options = default_options(Rules::xen)) {
  Scan scan;
  scan_patch(database, patch, options, scan);
  return format_text(find_maintainers(database, scan, options));
}

TEST(XenRulesTest, PrintsAddressesWithoutRolesPeopleThenLists) {
  EXPECT_EQ(run(xen_database(), patch_of({"xen/arch/arm/setup.c"})),
            "Stefano Stabellini <sstabellini@kernel.org>\n"
            "Julien Grall <julien@xen.org>\n"
            "Bertrand Marquis <bertrand.marquis@arm.com>\n"
            "xen-devel@lists.xenproject.org\n");
}

TEST(XenRulesTest, FileOnlyTheRestCoversGetsAllOfTheRest) {
  // README is THE REST's alone, so THE REST's supporters stay for the whole patch.
  EXPECT_EQ(run(xen_database(), patch_of({"README", "xen/arch/arm/setup.c"})),
            "Andrew Cooper <andrew.cooper3@citrix.com>\n"
            "Jan Beulich <JBeulich@suse.com>\n"
            "Julien Grall <julien@xen.org>\n"
            "Stefano Stabellini <sstabellini@kernel.org>\n"
            "Bertrand Marquis <bertrand.marquis@arm.com>\n"
            "xen-devel@lists.xenproject.org\n");
}

TEST(XenRulesTest, ReviewersAloneDoNotDropTheRest) {
  EXPECT_EQ(run(xen_database(), patch_of({"docs/misc/x.txt"})),
            "Doc Reviewer <docs@example.org>\n"
            "Andrew Cooper <andrew.cooper3@citrix.com>\n"
            "Jan Beulich <JBeulich@suse.com>\n"
            "Julien Grall <julien@xen.org>\n"
            "xen-devel@lists.xenproject.org\n");
}

TEST(XenRulesTest, NoDropTheRestSupporterKeepsThem) {
  Options options = default_options(Rules::xen);
  options.drop_the_rest = false;
  EXPECT_EQ(run(xen_database(), patch_of({"xen/arch/arm/setup.c"}), options),
            "Stefano Stabellini <sstabellini@kernel.org>\n"
            "Julien Grall <julien@xen.org>\n"
            "Bertrand Marquis <bertrand.marquis@arm.com>\n"
            "Andrew Cooper <andrew.cooper3@citrix.com>\n"
            "Jan Beulich <JBeulich@suse.com>\n"
            "xen-devel@lists.xenproject.org\n");
}

TEST(XenRulesTest, KeepsOtherSpellingsUnlessRemoveDuplicates) {
  // "Jan Beulich" with two spellings of his address: both printed by default.
  const std::string patch = patch_of({"README", "xen/arch/x86/setup.c"});
  EXPECT_EQ(run(xen_database(), patch),
            "Andrew Cooper <andrew.cooper3@citrix.com>\n"
            "Jan Beulich <JBeulich@suse.com>\n"
            "Julien Grall <julien@xen.org>\n"
            "Jan Beulich <jbeulich@suse.com>\n"
            "\"Roger Pau Monné\" <roger@xenproject.org>\n"
            "xen-devel@lists.xenproject.org\n"
            "x86-list@example.org\n");
  Options options = default_options(Rules::xen);
  options.remove_duplicates = true;
  EXPECT_EQ(run(xen_database(), patch, options),
            "Andrew Cooper <andrew.cooper3@citrix.com>\n"
            "Jan Beulich <JBeulich@suse.com>\n"
            "Julien Grall <julien@xen.org>\n"
            "\"Roger Pau Monné\" <roger@xenproject.org>\n"
            "xen-devel@lists.xenproject.org\n"
            "x86-list@example.org\n");
}

TEST(XenRulesTest, RolesShortenSectionNamesToTwentyCharacters) {
  Options options = default_options(Rules::xen);
  options.roles = true;
  EXPECT_EQ(run(xen_database(), patch_of({"xen/arch/arm/setup.c"}), options),
            "Stefano Stabellini <sstabellini@kernel.org> (supporter:ARM (W/ VIRTUALIS...)\n"
            "Julien Grall <julien@xen.org> (supporter:ARM (W/ VIRTUALIS...)\n"
            "Bertrand Marquis <bertrand.marquis@arm.com> (reviewer)\n"
            "xen-devel@lists.xenproject.org (open list:ARM (W/ VIRTUALIS...)\n");
}

TEST(XenRulesTest, SelectionSwitches) {
  const std::string patch = patch_of({"xen/arch/arm/setup.c"});
  Options no_lists = default_options(Rules::xen);
  no_lists.lists = false;
  EXPECT_EQ(run(xen_database(), patch, no_lists),
            "Stefano Stabellini <sstabellini@kernel.org>\n"
            "Julien Grall <julien@xen.org>\n"
            "Bertrand Marquis <bertrand.marquis@arm.com>\n");
  Options no_reviewers = default_options(Rules::xen);
  no_reviewers.reviewers = false;
  EXPECT_EQ(run(xen_database(), patch, no_reviewers),
            "Stefano Stabellini <sstabellini@kernel.org>\n"
            "Julien Grall <julien@xen.org>\n"
            "xen-devel@lists.xenproject.org\n");
  // Without maintainers only the reviewer is a person: THE REST is not dropped.
  Options no_maintainers = default_options(Rules::xen);
  no_maintainers.maintainers = false;
  EXPECT_EQ(run(xen_database(), patch, no_maintainers),
            "Bertrand Marquis <bertrand.marquis@arm.com>\n"
            "xen-devel@lists.xenproject.org\n");
  Options bare = default_options(Rules::xen);
  bare.use_name = false;
  bare.separator = ", ";
  bare.multiline = false;
  EXPECT_EQ(run(xen_database(), patch, bare),
            "sstabellini@kernel.org, julien@xen.org, bertrand.marquis@arm.com, "
            "xen-devel@lists.xenproject.org\n");
}

TEST(XenRulesTest, ScmStatusSubsystemWebFollowTheAddresses) {
  Options options = default_options(Rules::xen);
  options.scm = options.status = options.subsystem = options.web = true;
  EXPECT_EQ(run(xen_database(), patch_of({"xen/arch/x86/x.c"}), options),
            "Jan Beulich <jbeulich@suse.com>\n"
            "Andrew Cooper <andrew.cooper3@citrix.com>\n"
            "\"Roger Pau Monné\" <roger@xenproject.org>\n"
            "x86-list@example.org\n"
            "xen-devel@lists.xenproject.org\n"
            "Supported\n"
            "X86 ARCHITECTURE\n"
            "THE REST\n"
            "https://wiki.xenproject.org/wiki/X86\n");
}

TEST(XenRulesTest, BraceExpansionInFilePatterns) {
  EXPECT_EQ(run(xen_database(), patch_of({"xen/common/kimage.c"})),
            "Andrew Cooper <andrew.cooper3@citrix.com>\n"
            "xen-devel@lists.xenproject.org\n");
  // Linux's rules read the braces literally: only THE REST.
  Database linux;
  linux.add_file("MAINTAINERS", k_xen_maintainers_excerpt);
  Options options = default_options(Rules::linux);
  Scan scan;
  scan_patch(linux, patch_of({"xen/common/kimage.c"}), options, scan);
  const Result result = find_maintainers(linux, scan, options);
  EXPECT_EQ(result.sections, std::vector<std::string>{"THE REST"});
}

TEST(XenRulesTest, SectionsPrintsEachFilesSectionsAsTheScriptRestoresThem) {
  // Xen's script, --sections: per file (sorted), each matching section, most specific first,
  // with F:/X: turned back from regexes: braces return, a directory gains its '/', and the
  // script's own lossy '?' restore ("x?y?z" -> "x?y.z") is kept.
  const std::string text =
      "\tCrafted Xen-style MAINTAINERS\n"
      "\n"
      "ARM ARCHITECTURE\n"
      "M:\tAlice Arm <alice@example.org>\n"
      "R:  Rob Reviewer <rob@example.org>\n"
      "S:\tSupported\n"
      "L:\txen-devel@lists.example.org\n"
      "F:\txen/arch/arm/\n"
      "F:\txen/include/public\n"
      "X:\txen/arch/arm/ignored.c\n"
      "\n"
      "BRACES\n"
      "M:\tBob <bob@example.org>\n"
      "S:\tMaintained\n"
      "F:\txen/common/{sched,timer}.c\n"
      "F:\ttools/{a,b,c}/\n"
      "F:\tdocs/x?y?z.txt\n"
      "N:\tarm\n"
      "\n"
      "THE REST\n"
      "M:\tRest One <rest@example.org>\n"
      "L:\txen-devel@lists.example.org\n"
      "S:\tSupported\n"
      "F:\t*\n"
      "F:\t*/\n"
      "V:\txen-maintainers-1\n";
  Database database;
  database.set_rules(Rules::xen);
  database.add_file("MAINTAINERS", text,
                    [](const std::string& path) { return path == "xen/include/public"; });
  Arguments arguments;
  apply_arguments(split_arguments("--sections", Where{}, false), arguments);
  const Options options = lookup_options(arguments, Rules::xen);
  const std::string rest =
      "THE REST\n"
      "M:\tRest One <rest@example.org>\n"
      "L:\txen-devel@lists.example.org\n"
      "S:\tSupported\n"
      "F:\t*\n"
      "F:\t*/\n"
      "V:\txen-maintainers-1\n"
      "\n";
  EXPECT_EQ(run(database, patch_of({"xen/include/public/io.h", "tools/b/x.c"}), options),
            "BRACES\n"
            "M:\tBob <bob@example.org>\n"
            "S:\tMaintained\n"
            "F:\txen/common/{sched,timer}.c\n"
            "F:\ttools/{a,b,c}/\n"
            "F:\tdocs/x?y.z.txt\n"
            "N:\tarm\n"
            "\n" +
                rest +
                "ARM ARCHITECTURE\n"
                "M:\tAlice Arm <alice@example.org>\n"
                "R:\tRob Reviewer <rob@example.org>\n"
                "S:\tSupported\n"
                "L:\txen-devel@lists.example.org\n"
                "F:\txen/arch/arm/\n"
                "F:\txen/include/public/\n"
                "X:\txen/arch/arm/ignored.c\n"
                "\n" +
                rest);
  // Xen's fork has no --letters (its Getopt::Long refuses it).
  Arguments letters;
  apply_arguments(split_arguments("--letters MR", Where{.file = ".get_maintainer.conf"}, true),
                  letters);
  EXPECT_EQ(testing::catch_error([&] { lookup_options(letters, Rules::xen); }).describe(),
            ".get_maintainer.conf:1: error: '--letters' is not an option of Xen's "
            "get_maintainer.pl");
}

TEST(XenRulesTest, KeywordsAddTheirSectionAfterTheRestIsDropped) {
  // K: matched on an added line; the keyword section's people carry no ":Keyword:" suffix.
  Options options = default_options(Rules::xen);
  options.roles = true;
  EXPECT_EQ(
      run(xen_database(), patch_of({"xen/arch/arm/setup.c"}, "", "+x86_emulate();\n"), options),
      "Stefano Stabellini <sstabellini@kernel.org> (supporter:ARM (W/ VIRTUALIS...)\n"
      "Julien Grall <julien@xen.org> (supporter:ARM (W/ VIRTUALIS...)\n"
      "Bertrand Marquis <bertrand.marquis@arm.com> (reviewer)\n"
      "Jan Beulich <jbeulich@suse.com> (supporter:X86 ARCHITECTURE)\n"
      "Andrew Cooper <andrew.cooper3@citrix.com> (supporter:X86 ARCHITECTURE)\n"
      "\"Roger Pau Monné\" <roger@xenproject.org> (supporter:X86 ARCHITECTURE)\n"
      "xen-devel@lists.xenproject.org (open list:ARM (W/ VIRTUALIS...)\n"
      "x86-list@example.org (open list:X86 ARCHITECTURE)\n");
}

TEST(XenRulesTest, DevNullIsNoFileAndFixesIsNoTag) {
  const std::string patch =
      "From: A <a@example.org>\nSubject: [PATCH] x\n\nFixes: 123456789abc (\"y\")\n---\n"
      "diff --git a/xen/arch/arm/new.c b/xen/arch/arm/new.c\nnew file mode 100644\n"
      "--- /dev/null\n+++ b/xen/arch/arm/new.c\n@@ -0,0 +1,1 @@\n+new\n";
  const Database database = xen_database();
  Options options = default_options(Rules::xen);
  Scan scan;
  scan_patch(database, patch, options, scan);
  EXPECT_EQ(scan.files, std::vector<std::string>{"xen/arch/arm/new.c"});
  EXPECT_TRUE(scan.fixes.empty());
}

TEST(XenRulesTest, RefusesMaintainersWithoutXenVersion) {
  const testing::TempDir dir;
  std::string text = k_xen_maintainers_excerpt;
  text.erase(text.find("V:\t"));
  const std::string path = dir.write("MAINTAINERS", text);
  const std::string error =
      testing::catch_error([&] { load_source_path(path, false, Rules::xen); }).what();
  EXPECT_NE(error.find("xen-maintainers"), std::string::npos) << error;
  EXPECT_NE(error.find("MAINTAINERS"), std::string::npos) << error;
  EXPECT_NO_THROW(load_source_path(path, false, Rules::linux));
}

}  // namespace
}  // namespace patchflow::maintainers
