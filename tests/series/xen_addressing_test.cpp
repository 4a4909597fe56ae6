// Xen's workflow: a xen-rules component's series goes To: its mailing lists and Cc: its people
// (the cover letter on the union), and `patchflow add-maintainers DIR` adds the same lines to
// real `git format-patch` output where Xen's add_maintainers.pl puts them; git am and
// git mailinfo are the referees of what the lines become.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "patchflow/core/json.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/series/addressing.hpp"
#include "patchflow/series/series.hpp"
#include "patchflow/stack/target.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {
namespace {

using Addresses = std::vector<std::string>;

const char* const k_xen_maintainers =
    "\tList of maintainers\n"
    "\n"
    "ARM ARCHITECTURE\n"
    "M:\tStefano Stabellini <sstabellini@kernel.org>\n"
    "R:\tBertrand Marquis <bertrand.marquis@arm.com>\n"
    "L:\txen-devel@lists.xenproject.org\n"
    "S:\tSupported\n"
    "F:\txen/arch/arm/\n"
    "\n"
    "X86 ARCHITECTURE\n"
    "M:\tJan Beulich <jbeulich@suse.com>\n"
    "L:\tx86@example.org\n"
    "S:\tSupported\n"
    "F:\txen/arch/x86/\n"
    "\n"
    "THE REST\n"
    "M:\tAndrew Cooper <andrew.cooper3@citrix.com>\n"
    "L:\txen-devel@lists.xenproject.org\n"
    "S:\tSupported\n"
    "F:\t*\n"
    "F:\t*/\n"
    "V:\txen-maintainers-1\n";

// staging (MAINTAINERS and two files) <- "arm: tidy" <- "x86: tidy".
struct XenRepo {
  TempRepo repo;
  git::Oid base, arm, x86;
  XenRepo() {
    base = repo.commit("init", {{"MAINTAINERS", k_xen_maintainers},
                                {"xen/arch/arm/a.c", "int a;\n"},
                                {"xen/arch/x86/b.c", "int b;\n"}});
    arm = repo.commit("arm: tidy\n\nSigned-off-by: A U Thor <author@example.com>\n",
                      {{"xen/arch/arm/a.c", "int a2;\n"}}, {base});
    x86 = repo.commit("x86: tidy\n\nSigned-off-by: A U Thor <author@example.com>\n",
                      {{"xen/arch/x86/b.c", "int b2;\n"}}, {arm});
    repo.branch("staging", base);
    repo.branch("topic", x86);
    repo.git({"checkout", "-q", "topic"});  // HEAD: where add-maintainers reads MAINTAINERS
  }
};

TEST(XenAddressingTest, SeriesSendsListsToAndPeopleCc) {
  XenRepo s;
  const series::Range range = stack::resolve_target(s.repo.repo(), nullptr, "staging..topic");
  config::Policy policy;
  policy.maintainers_rules = "xen";
  const series::Addressing addressing = series::route_addressing(s.repo.repo(), range, policy);
  series::Options options;
  options.identity = {"C Ommitter", "c@example.com"};
  options.now = 1258624800;
  options.recipients = series::recipients_from(addressing);
  options.force_cover_letter = true;
  const series::Series series = series::build_series(s.repo.repo(), range, nullptr, options);
  ASSERT_EQ(series.messages.size(), 3u);
  EXPECT_EQ(series.messages[1].to, (Addresses{"xen-devel@lists.xenproject.org"}));
  EXPECT_EQ(series.messages[1].cc, (Addresses{"Stefano Stabellini <sstabellini@kernel.org>",
                                              "Bertrand Marquis <bertrand.marquis@arm.com>"}));
  EXPECT_EQ(series.messages[2].to,
            (Addresses{"x86@example.org", "xen-devel@lists.xenproject.org"}));
  EXPECT_EQ(series.messages[2].cc, (Addresses{"Jan Beulich <jbeulich@suse.com>"}));
  EXPECT_EQ(series.messages[0].to,
            (Addresses{"xen-devel@lists.xenproject.org", "x86@example.org"}));
  EXPECT_EQ(series.messages[0].cc, (Addresses{"Stefano Stabellini <sstabellini@kernel.org>",
                                              "Bertrand Marquis <bertrand.marquis@arm.com>",
                                              "Jan Beulich <jbeulich@suse.com>"}));
  // Linux's rules on the same tree: maintainers To (THE REST's kept), lists and reviewers Cc.
  policy.maintainers_rules = "linux";
  const series::Addressing linux = series::route_addressing(s.repo.repo(), range, policy);
  EXPECT_EQ(linux.by_commit.at(s.arm).to, (Addresses{"Stefano Stabellini <sstabellini@kernel.org>",
                                                     "Andrew Cooper <andrew.cooper3@citrix.com>"}));
}

std::string format_patches(XenRepo& s, const std::string& out) {
  s.repo.git({"format-patch", "-q", "--cover-letter", "-o", out, "staging..topic"});
  return out;
}

std::map<std::string, std::string> read_dir(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    files[entry.path().filename().string()] = text::read_file(entry.path().string());
  }
  return files;
}

TEST(XenAddressingTest, AddMaintainersHeaderIsIdempotentAndMailinfoReadsIt) {
  XenRepo s;
  const std::string out = format_patches(s, s.repo.path() + "/out");
  const auto before = read_dir(out);
  const ProcessResult first =
      run_patchflow({"--repo", ".", "add-maintainers", "out"}, s.repo.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto after = read_dir(out);
  const std::string& arm = after.at("0001-arm-tidy.patch");
  // Only lines were added: removing them gives the file git format-patch wrote.
  std::string stripped = arm;
  for (const char* line :
       {"To: xen-devel@lists.xenproject.org\n", "Cc: Stefano Stabellini <sstabellini@kernel.org>\n",
        "Cc: Bertrand Marquis <bertrand.marquis@arm.com>\n"}) {
    const std::size_t at = stripped.find(line);
    ASSERT_NE(at, std::string::npos) << line;
    stripped.erase(at, std::string(line).size());
  }
  EXPECT_EQ(stripped, before.at("0001-arm-tidy.patch"));
  EXPECT_NE(arm.find("\nTo: xen-devel@lists.xenproject.org\n"
                     "Cc: Stefano Stabellini <sstabellini@kernel.org>\n"
                     "Cc: Bertrand Marquis <bertrand.marquis@arm.com>\n"
                     "Date: "),
            std::string::npos)
      << arm;
  const std::string& cover = after.at("0000-cover-letter.patch");
  EXPECT_NE(cover.find("\nTo: xen-devel@lists.xenproject.org\n"
                       "To: x86@example.org\n"
                       "Cc: Stefano Stabellini <sstabellini@kernel.org>\n"
                       "Cc: Bertrand Marquis <bertrand.marquis@arm.com>\n"
                       "Cc: Jan Beulich <jbeulich@suse.com>\n"
                       "Date: "),
            std::string::npos)
      << cover;
  // The commit message is untouched: git mailinfo reads the same message before and after.
  const std::string info =
      run_process({"git", "mailinfo", "/dev/null", "/dev/null"}, s.repo.path(), {}, arm).out;
  EXPECT_NE(info.find("Subject: arm: tidy"), std::string::npos) << info;
  // A second run adds nothing.
  const ProcessResult second =
      run_patchflow({"--repo", ".", "add-maintainers", "out"}, s.repo.path());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(read_dir(out), after);
}

TEST(XenAddressingTest, AddMaintainersCommitLocationLandsInTheCommitMessage) {
  XenRepo s;
  format_patches(s, s.repo.path() + "/out");
  const ProcessResult result = run_patchflow(
      {"--repo", ".", "add-maintainers", "--patchcc", "commit", "--covercc", "end", "out"},
      s.repo.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // git am on staging: the Cc: lines are part of the commit message, before Signed-off-by.
  s.repo.git({"checkout", "-q", "staging"});
  s.repo.git({"am", "-q", "out/0001-arm-tidy.patch"});
  EXPECT_EQ(s.repo.git({"log", "-1", "--format=%B"}),
            "arm: tidy\n\nCc: Stefano Stabellini <sstabellini@kernel.org>\n"
            "Cc: Bertrand Marquis <bertrand.marquis@arm.com>\n"
            "Signed-off-by: A U Thor <author@example.com>\n\n");
  const std::string cover = text::read_file(s.repo.path() + "/out/0000-cover-letter.patch");
  EXPECT_NE(cover.find("Cc: Jan Beulich <jbeulich@suse.com>\n-- \n"), std::string::npos) << cover;
}

TEST(XenAddressingTest, AddMaintainersRefusesBadInputAndWritesNothing) {
  XenRepo s;
  format_patches(s, s.repo.path() + "/out");
  const auto before = read_dir(s.repo.path() + "/out");
  const ProcessResult location = run_patchflow(
      {"--repo", ".", "add-maintainers", "--patchcc", "footer", "out"}, s.repo.path());
  EXPECT_EQ(location.exit_code, 2);
  EXPECT_NE(location.err.find("footer"), std::string::npos) << location.err;
  const ProcessResult empty =
      run_patchflow({"--repo", ".", "add-maintainers", "nothing-here"}, s.repo.path());
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("nothing-here"), std::string::npos) << empty.err;
  // A cover letter without the "-- " line: an error naming it, and no patch changed.
  const std::string cover = s.repo.path() + "/out/0000-cover-letter.patch";
  std::string text = text::read_file(cover);
  text.erase(text.find("\n-- \n") + 1, 4);
  text::write_file_atomically(cover, text);
  const auto edited = read_dir(s.repo.path() + "/out");
  const ProcessResult missing =
      run_patchflow({"--repo", ".", "add-maintainers", "--covercc", "end", "out"}, s.repo.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("0000-cover-letter.patch"), std::string::npos) << missing.err;
  EXPECT_EQ(read_dir(s.repo.path() + "/out"), edited);
  EXPECT_EQ(edited.size(), before.size());
}

TEST(XenAddressingTest, AddMaintainersReadsMaintainersAtThePatchesBaseCommit) {
  XenRepo s;
  // HEAD moves on to a commit whose MAINTAINERS names another ARM maintainer.
  std::string changed = k_xen_maintainers;
  const std::string stefano = "M:\tStefano Stabellini <sstabellini@kernel.org>\n";
  changed.replace(changed.find(stefano), stefano.size(), "M:\tNew Arm <new.arm@example.org>\n");
  const git::Oid moved = s.repo.commit("MAINTAINERS: new ARM maintainer",
                                       {{"MAINTAINERS", changed}}, {s.x86});
  s.repo.branch("next", moved);
  s.repo.git({"checkout", "-q", "next"});
  const std::string arm_cc = "Cc: Stefano Stabellini <sstabellini@kernel.org>\n";
  const std::string new_cc = "Cc: New Arm <new.arm@example.org>\n";

  // format-patch --base names staging: MAINTAINERS comes from there, not from HEAD.
  s.repo.git({"format-patch", "-q", "--cover-letter", "--base=staging", "-o", "based",
              "staging..topic"});
  const ProcessResult based =
      run_patchflow({"--repo", ".", "add-maintainers", "based"}, s.repo.path());
  ASSERT_EQ(based.exit_code, 0) << based.err;
  EXPECT_EQ(based.out.rfind("routed with MAINTAINERS at " + s.base.short_hex() +
                                " (the patches' base-commit)\n",
                            0),
            0u)
      << based.out;
  const std::string arm = text::read_file(s.repo.path() + "/based/0001-arm-tidy.patch");
  EXPECT_NE(arm.find(arm_cc), std::string::npos) << arm;
  EXPECT_EQ(arm.find(new_cc), std::string::npos) << arm;

  // Without a base-commit: HEAD, and the output says why.
  s.repo.git({"format-patch", "-q", "--cover-letter", "-o", "plain", "staging..topic"});
  const ProcessResult plain =
      run_patchflow({"--repo", ".", "add-maintainers", "plain"}, s.repo.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out.rfind("routed with MAINTAINERS at " + moved.short_hex() +
                                " (HEAD: the patches name no base-commit)\n",
                            0),
            0u)
      << plain.out;
  EXPECT_NE(text::read_file(s.repo.path() + "/plain/0001-arm-tidy.patch").find(new_cc),
            std::string::npos);

  // A base-commit this repository lacks: HEAD too, naming it; --rev wins over a base-commit.
  std::string cover = text::read_file(s.repo.path() + "/based/0000-cover-letter.patch");
  const std::string base_line = "base-commit: " + s.base.hex();
  cover.replace(cover.find(base_line), base_line.size(),
                "base-commit: 0123456789abcdef0123456789abcdef01234567");
  s.repo.git({"format-patch", "-q", "--cover-letter", "-o", "foreign", "staging..topic"});
  text::write_file_atomically(s.repo.path() + "/foreign/0000-cover-letter.patch", cover);
  const ProcessResult foreign = run_patchflow(
      {"--repo", ".", "--json", "add-maintainers", "foreign"}, s.repo.path());
  ASSERT_EQ(foreign.exit_code, 0) << foreign.err;
  const nlohmann::json json = patchflow::parse_json(foreign.out);
  EXPECT_EQ(json["maintainers"]["revision"], moved.hex());
  EXPECT_EQ(json["maintainers"]["reason"],
            "HEAD: base-commit 0123456789ab is not in this repository");
  const ProcessResult rev = run_patchflow(
      {"--repo", ".", "add-maintainers", "--rev", "next", "based"}, s.repo.path());
  ASSERT_EQ(rev.exit_code, 0) << rev.err;
  EXPECT_EQ(rev.out.rfind("routed with MAINTAINERS at " + moved.short_hex() + " (--rev)\n", 0),
            0u)
      << rev.out;
}

}  // namespace
}  // namespace patchflow::testing
