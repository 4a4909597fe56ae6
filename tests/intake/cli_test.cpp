// `patchflow am` and `patchflow trailers` as the binary: one run per exit code.
#include <nlohmann/json.hpp>

#include "intake/intake_fixture.hpp"

#include "patchflow/core/json.hpp"

namespace patchflow::testing {
namespace {

class IntakeCliTest : public IntakeTest {
 protected:
  void SetUp() override {
    IntakeTest::SetUp();
    if (IsSkipped()) {
      return;
    }
    git({"config", "user.name", "Jeremy Fitzhardinge"});
    git({"config", "user.email", "jeremy@goop.org"});
    m_v1 = format("xen/dom0/apic", 1);
    m_unrouted = format("xen/dom0/apic", 1, false);
    const series::Range range = stack::resolve_target(*m_repo, &m_stack, "xen/dom0/apic");
    m_base = std::string(text::trim(git({"rev-parse", range.commits.front().hex() + "~1"})));
    git({"branch", "-f", "xen/dom0/apic", m_base});
  }

  ProcessResult patchflow(std::vector<std::string> args) {
    args.insert(args.begin(), {"--stack", PATCHFLOW_SOURCE_DIR, "--repo", repo_path()});
    return run_patchflow(args, m_dir.path());
  }

  series::Series m_v1, m_unrouted;
  std::string m_base;
};

TEST_F(IntakeCliTest, ExitCodes) {
  const std::string whole = m_dir.write("whole.mbox", mbox_of(m_v1));
  const std::string partial = m_dir.write("partial.mbox", mbox_of(m_v1, true, 2));

  const ProcessResult dry =
      patchflow({"--json", "am", whole, "--topic", "xen/dom0/apic", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  const nlohmann::json json = patchflow::parse_json(dry.out);
  EXPECT_EQ(json["applied"].size(), 3u);
  EXPECT_EQ(json["moved"], false);

  // mailed to xen-devel only: the x86 maintainers were not copied
  const ProcessResult uncopied = patchflow({"am", m_dir.write("uncopied.mbox", mbox_of(m_unrouted)),
                                            "--topic", "xen/dom0/apic", "--dry-run"});
  EXPECT_EQ(uncopied.exit_code, 1) << uncopied.out << uncopied.err;
  EXPECT_NE(uncopied.out.find("Thomas Gleixner <tglx@linutronix.de>"), std::string::npos)
      << uncopied.out;

  const ProcessResult missing = patchflow({"am", partial, "--topic", "xen/dom0/apic"});
  EXPECT_EQ(missing.exit_code, 1) << missing.out << missing.err;
  EXPECT_NE(missing.out.find("error: missing patch(es) 2 of 3"), std::string::npos) << missing.out;

  // --partial: the parts present applied, the missing one named, exit 0 (the checks are clean)
  const std::string first_two = m_dir.write("first-two.mbox", mbox_of(m_v1, true, 3));
  const ProcessResult partly =
      patchflow({"--json", "am", first_two, "--topic", "xen/dom0/apic", "--partial"});
  EXPECT_EQ(partly.exit_code, 0) << partly.out << partly.err;
  const nlohmann::json partial_json = patchflow::parse_json(partly.out);
  EXPECT_EQ(partial_json["missing"], nlohmann::json::array({3}));
  EXPECT_EQ(partial_json["applied"].size(), 2u);
  EXPECT_EQ(partial_json["moved"], true);
  EXPECT_EQ(git({"rev-parse", "xen/dom0/apic~2"}), m_base + "\n");
  git({"branch", "-f", "xen/dom0/apic", m_base});

  const ProcessResult unknown = patchflow({"am", whole, "--topic", "xen/nope"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;

  const ProcessResult applied = patchflow({"am", whole, "--topic", "xen/dom0/apic"});
  EXPECT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_NE(git({"rev-parse", "xen/dom0/apic"}), m_base + "\n");

  // a hypervisor topic has none of the files the series changes
  const std::string pirq = git({"rev-parse", "hv/physdev-pirq"});
  const ProcessResult wrong = patchflow({"am", whole, "--topic", "hv/physdev-pirq"});
  EXPECT_EQ(wrong.exit_code, 3) << wrong.out << wrong.err;
  EXPECT_NE(wrong.err.find("patch 1/3 'x86/io_apic: let a platform take over GSI registration' "
                           "does not apply to 'arch/x86/"),
            std::string::npos)
      << wrong.err;
  EXPECT_EQ(git({"rev-parse", "hv/physdev-pirq"}), pirq);

  const std::string replies =
      m_dir.write("replies.mbox", reply("A <a@example.com>", "Re: unrelated", "",
                                        "Acked-by: A <a@example.com>\n", "a@example.com"));
  const ProcessResult unplaced = patchflow({"trailers", "xen/dom0/apic", "--from", replies});
  EXPECT_EQ(unplaced.exit_code, 1) << unplaced.out << unplaced.err;
}

}  // namespace
}  // namespace patchflow::testing
