#include "patchflow/core/regex.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "patchflow/core/error.hpp"

namespace patchflow {

// std::regex is the referee: the wrapper must answer as it does on the same pattern and text.
TEST(RegexTest, MatchesAndSearchAnswerAsStdRegex) {
  const char* pattern = R"((\S+@\S+)(.*)$)";
  const Regex regex(pattern);
  const std::regex referee(pattern);
  for (const std::string text : {"a@b", "Name a@b rest", "no address", "", "x <a@b>"}) {
    EXPECT_EQ(regex.matches(text), std::regex_match(text, referee)) << text;
    EXPECT_EQ(regex.search(text), std::regex_search(text, referee)) << text;
    EXPECT_EQ(regex.search(text, /*at_start=*/true),
              std::regex_search(text, referee, std::regex_constants::match_continuous))
        << text;
  }
}

TEST(RegexTest, GroupsAreViewsIntoTheTextAndAbsentOnesAreNull) {
  const Regex regex(R"((\S+@\S+)(x)?)");
  const std::string text = "Name a@b";
  std::vector<std::string_view> groups;
  ASSERT_TRUE(regex.search(text, groups));
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0], "a@b");
  EXPECT_EQ(groups[1].data() - text.data(), 5);
  EXPECT_EQ(groups[2].data(), nullptr);
  ASSERT_TRUE(
      Regex("^([0-9a-f]{12,40}) \\(\"(.*)\"\\)$").matches("0123456789ab (\"subject\")", groups));
  EXPECT_EQ(groups[1], "0123456789ab");
  EXPECT_EQ(groups[2], "subject");
}

TEST(RegexTest, ReplaceAllResumesAfterEachMatchAsRegexReplace) {
  const char* pattern = R"(([^\\])\.([^\*]))";
  const Regex dot_inside(pattern);
  // ".c" is left: the match "a.b" took the 'b' before it (s///g resumes after each match)
  EXPECT_EQ(dot_inside.replace_all("a.b.c.*", "$1?$2"), "a?b.c.*");
  for (const std::string text : {"x.y", "a.b.c.*", "..", "a\\.b", "noop"}) {
    EXPECT_EQ(dot_inside.replace_all(text, "$1?$2"),
              std::regex_replace(text, std::regex(pattern), "$1?$2"))
        << text;
  }
  EXPECT_EQ(Regex("x").replace_all("", "y"), "");
}

TEST(RegexTest, IcaseAndInvalidPatterns) {
  EXPECT_TRUE(Regex("(yes|no)", /*icase=*/true).matches("YES"));
  EXPECT_FALSE(Regex("(yes|no)").matches("YES"));
  try {
    Regex("([a-");
    FAIL() << "no throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::usage);
    try {
      std::regex("([a-");
    } catch (const std::regex_error& referee) {
      EXPECT_STREQ(e.what(), referee.what());
    }
  }
}

}  // namespace patchflow
