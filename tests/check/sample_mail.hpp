#pragma once
// One format-patch mail for check tests: a one-line change to drivers/xen/events.c (line 2 of
// the file), whose header From, in-body From (a forwarded patch) and sign-offs a test chooses.
#include <string>
#include <vector>

namespace patchflow::testing {

struct SampleMail {
  std::string from = "Jeremy Fitzhardinge <jeremy@goop.org>";
  std::string body_from;  // empty: none (the sender is the author)
  std::vector<std::string> signoffs = {"Jeremy Fitzhardinge <jeremy@goop.org>"};
  std::string added = "int c;";  // the line replacing "int b;"
};

inline std::string sample_mail(const SampleMail& mail) {
  std::string text =
      "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
      "From: " +
      mail.from +
      "\n"
      "Date: Thu, 19 Nov 2009 10:00:00 +0800\n"
      "Subject: [PATCH] xen/events: fix irq leak\n"
      "\n";
  if (!mail.body_from.empty()) {
    text += "From: " + mail.body_from + "\n\n";
  }
  text += "The irq is never freed because the error path returns early.\n\n";
  for (const auto& signoff : mail.signoffs) {
    text += "Signed-off-by: " + signoff + "\n";
  }
  return text +
         "---\n"
         "diff --git a/drivers/xen/events.c b/drivers/xen/events.c\n"
         "index 1111111..2222222 100644\n"
         "--- a/drivers/xen/events.c\n"
         "+++ b/drivers/xen/events.c\n"
         "@@ -1,3 +1,3 @@\n"
         " int a;\n"
         "-int b;\n"
         "+" +
         mail.added +
         "\n"
         " int d;\n"
         "-- \n2.39.5\n\n";
}

}  // namespace patchflow::testing
