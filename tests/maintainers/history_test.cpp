// History signals (get_maintainer --git) and blamed_fixes, from real repositories.
#include "patchflow/maintainers/history.hpp"

#include <gtest/gtest.h>

#include "patchflow/maintainers/request.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::maintainers {
namespace {

using testing::TempRepo;

const char* const k_xen_and_the_rest =
    "XEN\nM:\tJeremy <jeremy@example.org>\nL:\txen-devel@example.org\nS:\tSupported\n"
    "F:\tdrivers/xen/\n\nTHE REST\nM:\tLinus <linus@example.org>\nS:\tBuried alive in reporters\n"
    "F:\t*\nF:\t*/\n";

TEST(MaintainersHistoryTest, CountsSignersAndAuthorsOfTheTouchedFile) {
  TempRepo r;
  git::Oid tip =
      r.commit("init", {{"MAINTAINERS", k_xen_and_the_rest}, {"drivers/xen/a.c", "0\n"}});
  tip = r.commit("xen: one\n\nSigned-off-by: Ian <ian@example.org>\n", {{"drivers/xen/a.c", "1\n"}},
                 {tip});
  tip = r.commit(
      "xen: two\n\nSigned-off-by: Ian <ian@example.org>\n"
      "Acked-by: Keir <keir@example.org>\n",
      {{"drivers/xen/a.c", "2\n"}}, {tip});
  tip =
      r.commit("other\n\nSigned-off-by: Nobody <nobody@example.org>\n", {{"README", "x\n"}}, {tip});
  const auto signals = history_signals(r.repo(), tip, {"drivers/xen/a.c"}, {});
  std::vector<std::string> lines;
  for (const Recipient& s : signals) lines.push_back(s.line());
  EXPECT_EQ(lines,
            (std::vector<std::string>{"Ian <ian@example.org> (commit_signer:2/3=67%)",
                                      "Keir <keir@example.org> (commit_signer:1/3=33%)",
                                      "Test Author <test@example.com> (authored:3/3=100%)"}));

  HistoryOptions narrow;
  narrow.since = 1258624800 + 120;  // only the last three commits (one minute apart)
  EXPECT_EQ(history_signals(r.repo(), tip, {"drivers/xen/a.c"}, narrow).size(), 3u);
  narrow.since = 1258624800 + 180;
  EXPECT_TRUE(history_signals(r.repo(), tip, {"drivers/xen/a.c"}, narrow).empty());
}

TEST(MaintainersHistoryTest, GitFlagAddsSignalsBeforeTheLists) {
  TempRepo r;
  git::Oid base =
      r.commit("init", {{"MAINTAINERS", k_xen_and_the_rest}, {"drivers/xen/a.c", "0\n"}});
  const git::Oid fixed = r.commit("xen: broken\n\nSigned-off-by: Ian <ian@example.org>\n",
                                  {{"drivers/xen/a.c", "1\n"}}, {base});
  const git::Oid fix = r.commit("xen: repair\n\nFixes: " + fixed.hex().substr(0, 12) +
                                    " (\"xen: broken\")\nSigned-off-by: Dev <dev@example.org>\n",
                                {{"drivers/xen/a.c", "2\n"}}, {fixed});
  r.branch("master", fix);
  Request request;
  request.inputs = {fix.hex()};
  const Result plain = run(request, [&]() -> git_repository& { return r.repo(); });
  std::vector<std::string> lines;
  for (const Recipient& x : plain.recipients) lines.push_back(x.line());
  EXPECT_EQ(lines, (std::vector<std::string>{"Jeremy <jeremy@example.org> (supporter:XEN)",
                                             "Linus <linus@example.org> (chief penguin:THE REST)",
                                             "Ian <ian@example.org> (blamed_fixes:1/1=100%)",
                                             "xen-devel@example.org (open list:XEN)"}));
  request.arguments = {{"--git", {}}};
  const Result with_git = run(request, [&]() -> git_repository& { return r.repo(); });
  lines.clear();
  for (const Recipient& x : with_git.recipients) lines.push_back(x.line());
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "Jeremy <jeremy@example.org> (supporter:XEN)",
                       "Linus <linus@example.org> (chief penguin:THE REST)",
                       "Ian <ian@example.org> (blamed_fixes:1/1=100%,commit_signer:1/3=33%)",
                       "Dev <dev@example.org> (commit_signer:1/3=33%)",
                       "Test Author <test@example.com> (authored:3/3=100%)",
                       "xen-devel@example.org (open list:XEN)"}));
}

TEST(MaintainersCommandTest, UnreadablePatchIsAUsageErrorNamingIt) {
  testing::TempDir dir;
  const std::string maintainers = dir.write("MAINTAINERS", k_xen_and_the_rest);
  const auto run = testing::run_patchflow(
      {"maintainers", "missing.patch", "--maintainers", maintainers}, dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "missing.patch: error: cannot read 'missing.patch'\n");
  EXPECT_EQ(run.out, "");
}

TEST(MaintainersCommandTest, MalformedMaintainersNamesFileAndLine) {
  testing::TempDir dir;
  const std::string maintainers = dir.write("MAINTAINERS", "XEN\nM:\tJ <j@example.org>\nF:\n");
  const auto run = testing::run_patchflow(
      {"maintainers", "--path", "drivers/xen/a.c", "--maintainers", maintainers}, dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, maintainers + ":3: error: empty 'F:' entry\n");
}

}  // namespace
}  // namespace patchflow::maintainers
