// MULTIPLE_SUBSYSTEMS: MAINTAINERS sections as subsystems, catch-all sections ignored.
#include "patchflow/check/subsystems.hpp"

#include <gtest/gtest.h>

#include "patchflow/check/check.hpp"
#include "patchflow/maintainers/owners.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::check {
namespace {

const std::string k_xen_x86_maintainers =
    "XEN HYPERVISOR INTERFACE\n"
    "M:\tJeremy Fitzhardinge <jeremy@goop.org>\n"
    "F:\tdrivers/xen/\n"
    "F:\tinclude/xen/\n"
    "\n"
    "XEN EVENTS\n"
    "M:\tEvent Person <events@example.com>\n"
    "F:\tdrivers/xen/events.c\n"
    "\n"
    "X86 ARCHITECTURE\n"
    "M:\tIngo Molnar <mingo@redhat.com>\n"
    "F:\tarch/x86/\n"
    "\n"
    "X86 PARAVIRT\n"
    "M:\tParavirt Person <pv@example.com>\n"
    "F:\tarch/x86/\n"
    "\n"
    "EVERYTHING LIST\n"
    "L:\tlinux-kernel@vger.kernel.org\n"
    "F:\t*/\n"
    "\n"
    "THE REST\n"
    "M:\tLinus Torvalds <torvalds@linux-foundation.org>\n"
    "F:\t*\n";

maintainers::Database database() {
  maintainers::Database db;
  db.add_file("MAINTAINERS", k_xen_x86_maintainers);
  return db;
}

TEST(SubsystemsTest, CatchAllSectionsAreTheRestAndBareStars) {
  const auto db = database();
  std::vector<std::string> catch_all;
  for (const auto& section : db.sections()) {
    if (maintainers::is_catch_all(db, section)) {
      catch_all.emplace_back(db.section_name(section));
    }
  }
  EXPECT_EQ(catch_all, (std::vector<std::string>{"EVERYTHING LIST", "THE REST"}));
}

TEST(SubsystemsTest, MostSpecificSectionOfEachFileDecides) {
  const auto db = database();
  // events.c: XEN EVENTS is more specific than XEN HYPERVISOR INTERFACE; include/xen is only
  // the latter: two subsystems.
  EXPECT_EQ(distinct_subsystems(db, {"drivers/xen/events.c", "include/xen/events.h"}),
            (std::vector<std::string>{"XEN EVENTS", "XEN HYPERVISOR INTERFACE"}));
  // one section for both files
  EXPECT_EQ(distinct_subsystems(db, {"drivers/xen/balloon.c", "include/xen/balloon.h"}),
            (std::vector<std::string>{"XEN HYPERVISOR INTERFACE"}));
  // two sections equally specific for arch/x86: either owns both files
  EXPECT_EQ(distinct_subsystems(db, {"arch/x86/xen/enlighten.c", "arch/x86/kernel/setup.c"}),
            (std::vector<std::string>{"X86 ARCHITECTURE"}));
  // files only the catch-all sections claim do not count
  EXPECT_EQ(distinct_subsystems(db, {"drivers/xen/balloon.c", "Makefile", "README"}),
            (std::vector<std::string>{"XEN HYPERVISOR INTERFACE"}));
  EXPECT_EQ(distinct_subsystems(db, {"Makefile"}), (std::vector<std::string>{}));
  EXPECT_EQ(distinct_subsystems(db, {"drivers/xen/balloon.c", "arch/x86/kernel/setup.c"}),
            (std::vector<std::string>{"XEN HYPERVISOR INTERFACE", "X86 ARCHITECTURE"}));
}

const std::string k_two_subsystems =
    "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
    "From: Jeremy Fitzhardinge <jeremy@goop.org>\n"
    "Date: Thu, 19 Nov 2009 10:00:00 +0800\n"
    "Subject: [PATCH] xen: balloon and setup\n"
    "\n"
    "Both need the new limit because the old one overflows.\n"
    "\n"
    "Signed-off-by: Jeremy Fitzhardinge <jeremy@goop.org>\n"
    "---\n"
    "diff --git a/drivers/xen/balloon.c b/drivers/xen/balloon.c\n"
    "index 1111111..2222222 100644\n"
    "--- a/drivers/xen/balloon.c\n"
    "+++ b/drivers/xen/balloon.c\n"
    "@@ -1 +1,6 @@\n"
    "-int a;\n"
    "+int b1;\n+int b2;\n+int b3;\n+int b4;\n+int b5;\n+int b6;\n"
    "diff --git a/arch/x86/kernel/setup.c b/arch/x86/kernel/setup.c\n"
    "index 3333333..4444444 100644\n"
    "--- a/arch/x86/kernel/setup.c\n"
    "+++ b/arch/x86/kernel/setup.c\n"
    "@@ -1 +1,6 @@\n"
    "-int x;\n"
    "+int y1;\n+int y2;\n+int y3;\n+int y4;\n+int y5;\n+int y6;\n"
    "-- \n2.39.5\n\n";

TEST(SubsystemsTest, CommitAcrossTwoSectionsIsAFindingNamingThem) {
  const auto db = database();
  Options options;
  options.maintainers = &db;
  const PatchInput input{"0001.patch", "0001.patch", k_two_subsystems, {}, {}, {}};
  const Result result = check_patches({input}, options, nullptr);
  ASSERT_EQ(result.commits.size(), 1u);
  std::vector<Finding> found;
  for (const auto& f : result.commits[0].findings) {
    if (f.id == "MULTIPLE_SUBSYSTEMS") {
      found.push_back(f);
    }
  }
  ASSERT_EQ(found.size(), 1u) << format_text(result);
  EXPECT_EQ(found[0].format(),
            "0001.patch:10: warning: [MULTIPLE_SUBSYSTEMS] changes 2 subsystems ('XEN HYPERVISOR "
            "INTERFACE', 'X86 ARCHITECTURE' in MAINTAINERS): split it per subsystem");
  // a subsystem that only gets glue lines (a hook) does not count next to the real change
  std::string hook = k_two_subsystems;
  hook.replace(hook.find("@@ -1 +1,6 @@\n-int x;"), std::string::npos,
               "@@ -1 +1 @@\n-int x;\n+int y;\n-- \n2.39.5\n\n");
  // keep each result alive: a range-for over a member of a temporary would dangle
  const auto hook_result =
      check_patches({{"0001.patch", "0001.patch", hook, {}, {}, {}}}, options, nullptr);
  for (const auto& f : hook_result.commits[0].findings) {
    EXPECT_NE(f.id, "MULTIPLE_SUBSYSTEMS") << f.format();
  }
  // without MAINTAINERS the rule does not run
  const auto plain_result = check_patches({input}, {}, nullptr);
  for (const auto& f : plain_result.commits[0].findings) {
    EXPECT_NE(f.id, "MULTIPLE_SUBSYSTEMS");
  }
}

}  // namespace
}  // namespace patchflow::check
