#include "patchflow/core/error.hpp"

#include <gtest/gtest.h>

#include "patchflow/core/finding.hpp"

namespace patchflow {

TEST(ErrorTest, DescribeNamesFileLineAndColumn) {
  const Error e(ExitCode::usage, "unknown topic 'xen/pcii'",
                Where{.file = "merge-branches/xen-master.yaml", .line = 7, .column = 5});
  EXPECT_EQ(e.describe(), "merge-branches/xen-master.yaml:7:5: error: unknown topic 'xen/pcii'");
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
}

TEST(ErrorTest, DescribeWithoutFileUsesToolName) {
  const Error e(ExitCode::git, "'xen/master' moved meanwhile", Where{.ref = "xen/master"});
  EXPECT_EQ(e.describe(), "patchflow: error: 'xen/master' moved meanwhile");
}

TEST(FindingTest, FormatsLikeACompiler) {
  const Finding f{.where = {.file = "0003.patch", .line = 41},
                  .severity = Severity::error,
                  .id = "LONG_LINE",
                  .message = "line over 100 columns"};
  EXPECT_EQ(f.format(), "0003.patch:41: error: [LONG_LINE] line over 100 columns");
  EXPECT_TRUE(has_errors({f}));
  EXPECT_FALSE(has_errors({Finding{.severity = Severity::warning}}));
}

TEST(FindingTest, ParsesSeverities) {
  EXPECT_EQ(parse_severity("warning"), Severity::warning);
  EXPECT_EQ(parse_severity("off"), Severity::off);
  EXPECT_FALSE(parse_severity("fatal").has_value());
}

}  // namespace patchflow
