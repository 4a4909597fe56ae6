// A hunk header whose numbers overflow an int (issue 12): `@@ -1,3 +1,999999999999 @@` made the
// checkpatch engine's atoi give a negative count, and `patchflow check` exit 70 with
// "internal error: basic_string_view::substr". It is a BAD_DIFF finding naming the line now.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "check/sample_mail.hpp"
#include "patchflow/check/check.hpp"
#include "patchflow/core/text.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::check {
namespace {

// The sample mail with its hunk header's new range replaced; also returns the header's line.
std::string mail_with_new_range(const std::string& range, int& header_line) {
  std::string text = testing::sample_mail({});
  const std::string header = "@@ -1,3 +1,3 @@";
  const std::size_t at = text.find(header);
  header_line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  return text.replace(at, header.size(), "@@ -1,3 +" + range + " @@");
}

TEST(HunkHeaderTest, OverflowingNumbersAreABadDiffNamingTheLine) {
  const std::string max = std::to_string(std::numeric_limits<int>::max());
  for (const std::string& range : std::vector<std::string>{"1,999999999999", "1," + max, max + ",3", "1,", "1,3x",
                                  "1,99999999999999999999999999", "1,1073741822"}) {
    SCOPED_TRACE(range);
    int header_line = 0;
    const std::string text = mail_with_new_range(range, header_line);
    const Result result = check_patches({{"x.patch", "x.patch", text, {}, {}}}, {}, nullptr);
    ASSERT_EQ(result.commits.size(), 1u);
    std::vector<const Finding*> bad;
    for (const Finding& f : result.commits[0].findings) {
      if (f.id == "BAD_DIFF") {
        bad.push_back(&f);
      }
    }
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0]->severity, Severity::error);
    if (range != "1,1073741822") {  // in range, but more lines than the patch has
      EXPECT_EQ(bad[0]->where.line, header_line) << bad[0]->message;
    }
  }
}

TEST(HunkHeaderTest, CheckOnSuchAPatchExitsOneWithTheFinding) {
  testing::TempDir dir;
  int header_line = 0;
  const std::string file =
      dir.write("huge.patch", mail_with_new_range("1,999999999999", header_line));
  const testing::ProcessResult r = testing::run_patchflow({"check", "--terse", file}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("huge.patch:" + std::to_string(header_line) + ": ERROR: BAD_DIFF: "),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace patchflow::check
