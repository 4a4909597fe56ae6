// patchflow am on threads made from the bundled stack: git am (+ -3) and git interpret-trailers
// are the referees for the trees and messages it writes.
#include "patchflow/intake/am.hpp"

#include <nlohmann/json.hpp>

#include "intake/intake_fixture.hpp"
#include "patchflow/patch/diff.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::testing {
namespace {

class AmTest : public IntakeTest {
 protected:
  void SetUp() override {
    IntakeTest::SetUp();
    if (IsSkipped()) {
      return;
    }
    m_range = stack::resolve_target(*m_repo, &m_stack, "xen/dom0/apic");
    m_v1 = format("xen/dom0/apic", 1);
    m_v2 = format("xen/dom0/apic", 2);
    m_base = git({"rev-parse", m_range.commits.front().hex() + "~1"});
    m_base = std::string(text::trim(m_base));
    git({"branch", "-f", "xen/dom0/apic", m_base});
  }

  intake::AmOptions options(const std::string& mbox_text) {
    intake::AmOptions opts;
    opts.input = m_dir.write("thread-" + std::to_string(++m_files) + ".mbox", mbox_text);
    opts.topic = "xen/dom0/apic";
    opts.maintainer = maintainer();
    return opts;
  }

  std::string tip() { return std::string(text::trim(git({"rev-parse", "xen/dom0/apic"}))); }

  // A commit on base whose file at path has line number `line` (1-based) replaced by text.
  std::string change_line(const std::string& base, const std::string& path, int line,
                          const std::string& replacement) {
    const std::string work = m_dir.path() + "/edit-" + std::to_string(++m_files);
    git({"worktree", "add", "-q", "--detach", work, base});
    std::string content = text::read_file(work + "/" + path);
    std::vector<std::string> lines = text::split(content, '\n');
    lines[static_cast<std::size_t>(line - 1)] = replacement;
    content = text::join(lines, "\n");
    text::write_file_atomically(work + "/" + path, content);
    git({"commit", "-q", "-a", "-m", "local change"}, work);
    return std::string(text::trim(git({"rev-parse", "HEAD"}, work)));
  }

  // Patch 1's first hunk, parsed from the v1 mails.
  patch::Hunk first_hunk(const series::Series& series, std::string& path) {
    const auto mails = patch::parse_mbox(series.messages[1].text, "patch1");
    const patch::ParsedDiff diff = patch::parse_diff(mails[0].diff, "patch1", 1);
    path = diff.files[0].old_path;
    return diff.files[0].hunks[0];
  }

  series::Range m_range;
  series::Series m_v1, m_v2;  // the topic's series, made before its branch went back to base
  std::string m_base;
};

TEST_F(AmTest, NewestVersionWithReplyTrailersMatchesGitAmAndInterpretTrailers) {
  const series::Series& v1 = m_v1;
  const series::Series& v2 = m_v2;
  ASSERT_EQ(v2.messages.size(), 4u);
  const std::string konrad = "Konrad Wilk <konrad@kernel.org>";
  const std::string thread =
      mbox_of(v1) + mbox_of(v2) +
      reply(konrad, "Re: [PATCH v2 2/3] " + v2.messages[2].subject, v2.messages[2].message_id,
            "> Signed-off-by: Xiantao Zhang <xiantao.zhang@intel.com>\n"
            "> Reviewed-by: Quoted Person <quoted@example.com>\n\nLooks right.\n\n"
            "Reviewed-by: " +
                konrad + "\n",
            "r1@kernel.org") +
      reply("Deep Tester <deep@example.com>", "Re: Re: [PATCH v2 2/3]", "r1@kernel.org",
            "> Reviewed-by: " + konrad + "\n\nTested-by: Deep Tester <deep@example.com>\n",
            "r2@example.com") +
      reply("Ingo Molnar <mingo@redhat.com>", "Re: [PATCH v2 0/3] " + v2.messages[0].subject,
            v2.messages[0].message_id, "Acked-by: Ingo Molnar <mingo@redhat.com>\n",
            "r3@redhat.com") +
      reply("Old Reviewer <old@example.com>", "Re: [PATCH 1/3]", v1.messages[1].message_id,
            "Reviewed-by: Old Reviewer <old@example.com>\n", "r4@example.com");
  const intake::AmResult result = intake::am(*m_repo, m_stack, options(thread));
  EXPECT_EQ(result.version, 2);
  EXPECT_EQ(result.older_versions, std::vector<int>{1});
  EXPECT_EQ(result.ignored_replies.size(), 1u);
  ASSERT_EQ(result.applied.size(), 3u);
  EXPECT_TRUE(result.moved);
  EXPECT_EQ(tip(), result.new_tip->hex());
  EXPECT_FALSE(check::has_errors(result.check)) << check::format_text(result.check);
  EXPECT_FALSE(result.cc.has_missing()) << route::format_text(result.cc);
  EXPECT_FALSE(result.has_findings()) << intake::format_text(result);
  ASSERT_EQ(result.composes.size(), 1u);
  EXPECT_EQ(result.composes[0].merge_branch, "xen/master");
  EXPECT_TRUE(result.composes[0].ok) << result.composes[0].error;

  // Referee: git am of the v2 patches on the same base, then git interpret-trailers.
  const std::string work = m_dir.path() + "/referee";
  git({"worktree", "add", "-q", "--detach", work, m_base});
  run_git({"am", "-q", m_dir.write("v2.mbox", mbox_of(v2, false))}, work);
  EXPECT_EQ(git({"rev-parse", "HEAD^{tree}"}, work),
            git({"rev-parse", result.new_tip->hex() + "^{tree}"}));
  for (int k = 1; k <= 3; ++k) {
    const std::string theirs =
        std::string(text::trim(git({"rev-parse", "HEAD~" + std::to_string(3 - k)}, work)));
    const std::string ours = result.applied[static_cast<std::size_t>(k - 1)].commit.hex();
    std::vector<std::string> trailers;
    if (k == 2) {
      trailers = {"Reviewed-by: " + konrad, "Tested-by: Deep Tester <deep@example.com>"};
    }
    trailers.push_back("Acked-by: Ingo Molnar <mingo@redhat.com>");
    trailers.push_back("Link: https://lore.kernel.org/r/" +
                       v2.messages[static_cast<std::size_t>(k)].message_id);
    trailers.push_back(std::string("Signed-off-by: ") + k_maintainer);
    EXPECT_EQ(message_of(ours), interpret_trailers(message_of(theirs, work), trailers)) << k;
    EXPECT_EQ(git({"log", "-1", "--format=%an <%ae> %ad", ours}),
              git({"log", "-1", "--format=%an <%ae> %ad", theirs}, work));
    EXPECT_EQ(git({"log", "-1", "--format=%cn <%ce>", ours}), std::string(k_maintainer) + "\n");
    EXPECT_EQ(message_of(ours).find("Quoted Person"), std::string::npos);
    EXPECT_EQ(message_of(ours).find("Old Reviewer"), std::string::npos);
  }
}

// As git send-email mails a contributor's patches: the sender (a MAINTAINERS supporter of the
// files) in From, the author in an in-body From:, the sender in neither To nor Cc. The check-cc
// step of am does not call the sender (nor the author) a missing recipient.
TEST_F(AmTest, CheckCcNeverListsTheSenderOrTheAuthorAsMissing) {
  const std::string sender = "Jeremy Fitzhardinge <jeremy@goop.org>";
  const std::string author = "From: Xiantao Zhang <xiantao.zhang@intel.com>\n";
  std::string thread;
  for (const series::Message& message : m_v1.messages) {
    std::string text = message.text;
    const std::string to = "To: " + sender + ",\n    ";
    if (const auto at = text.find(to); at != std::string::npos) {
      text.replace(at, to.size(), "To: ");
    }
    if (const auto at = text.find("\n" + author); at != std::string::npos) {
      text.replace(at + 1, author.size(), "From: " + sender + "\n");
      text.insert(text.find("\n\n", at) + 2, author + "\n");
    }
    thread += text + "\n";
  }
  ASSERT_EQ(thread.find("To: " + sender), std::string::npos);
  ASSERT_NE(thread.find("From: " + sender + "\nDate: Sat, 14 Nov 2009 19:08:57"),
            std::string::npos);
  const intake::AmResult result = intake::am(*m_repo, m_stack, options(thread));
  ASSERT_EQ(result.applied.size(), 3u);
  // the in-body From: is still the author of what was applied
  EXPECT_EQ(git({"log", "-1", "--format=%an <%ae>", result.applied[1].commit.hex()}),
            "Xiantao Zhang <xiantao.zhang@intel.com>\n");
  EXPECT_FALSE(result.cc.has_missing()) << route::format_text(result.cc);
  EXPECT_EQ(intake::format_text(result).find("missing Jeremy"), std::string::npos)
      << intake::format_text(result);
}

// am: a reply to patch 2 passing on someone else's Tested-by, and quoting a Reviewed-by. The
// commit gets neither (git interpret-trailers as the referee for what it does get); both are
// reported as not taken, in the text and in --json.
TEST_F(AmTest, ForeignAndQuotedTrailersAreReportedNotTaken) {
  const series::Message& second = m_v1.messages[2];
  const std::string thread =
      mbox_of(m_v1) + reply("Forwarder <fwd@example.com>", "Re: [PATCH 2/3] " + second.subject,
                            second.message_id,
                            "> Reviewed-by: Quoted Person <quoted@example.com>\n\n"
                            "Tested-by: Somebody Else <else@example.com>\n"
                            "Acked-by: Forwarder <fwd@example.com>\n",
                            "fwd@example.com");
  const intake::AmResult result = intake::am(*m_repo, m_stack, options(thread));
  ASSERT_EQ(result.applied.size(), 3u);
  const std::string ours = message_of(result.applied[1].commit.hex());
  EXPECT_EQ(ours, interpret_trailers(message_of(m_range.commits[1].hex()),
                                     {"Acked-by: Forwarder <fwd@example.com>",
                                      "Link: https://lore.kernel.org/r/" + second.message_id,
                                      std::string("Signed-off-by: ") + k_maintainer}));
  ASSERT_EQ(result.not_taken.size(), 2u) << intake::format_text(result);
  EXPECT_EQ(result.not_taken[0].trailer.format(),
            "Reviewed-by: Quoted Person <quoted@example.com>");
  EXPECT_EQ(result.not_taken[0].reason, "quoted");
  EXPECT_EQ(result.not_taken[1].trailer.format(), "Tested-by: Somebody Else <else@example.com>");
  EXPECT_EQ(result.not_taken[1].reason, "not the sender's");
  EXPECT_NE(intake::format_text(result).find(
                "trailer not taken (not the sender's) from " + result.not_taken[1].reply +
                " Forwarder <fwd@example.com>: Tested-by: Somebody Else <else@example.com>\n"),
            std::string::npos)
      << intake::format_text(result);
  EXPECT_EQ(intake::to_json(result)["not_taken"].size(), 2u);
}

TEST_F(AmTest, MissingPartStopsAndMovesNothingUnlessPartial) {
  const series::Series& v1 = m_v1;
  const std::string thread = mbox_of(v1, true, 3);
  const intake::AmResult stopped = intake::am(*m_repo, m_stack, options(thread));
  EXPECT_TRUE(stopped.stopped);
  EXPECT_EQ(stopped.missing, std::vector<int>{3});
  EXPECT_TRUE(stopped.has_findings());
  EXPECT_NE(intake::format_text(stopped).find("error: missing patch(es) 3 of 3"),
            std::string::npos);
  EXPECT_EQ(tip(), m_base);

  // --partial: what is there is applied, the missing part is reported, and is no finding (the
  // maintainer asked for the parts present)
  intake::AmOptions partial = options(thread);
  partial.partial = true;
  const intake::AmResult result = intake::am(*m_repo, m_stack, partial);
  EXPECT_FALSE(result.stopped);
  EXPECT_EQ(result.applied.size(), 2u);
  EXPECT_EQ(result.missing, std::vector<int>{3});
  EXPECT_FALSE(result.has_findings()) << intake::format_text(result);
  const std::string report = intake::format_text(result);
  EXPECT_NE(report.find("\nmissing patch(es) 3 of 3 (--partial: applied the others)\n"),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("error:"), std::string::npos) << report;
  const nlohmann::json json = intake::to_json(result);
  EXPECT_EQ(json["missing"], nlohmann::json::array({3}));
  EXPECT_EQ(json["partial"], true);
  EXPECT_EQ(json["findings"], false);
  EXPECT_EQ(tip(), result.new_tip->hex());
  EXPECT_EQ(git({"rev-parse", result.new_tip->hex() + "~2"}), m_base + "\n");
}

TEST_F(AmTest, DuplicatePartIsReported) {
  const series::Series& v1 = m_v1;
  std::string second = v1.messages[2].text;
  const std::string id = v1.messages[2].message_id;
  second.replace(second.find(id), id.size(), "resent-" + id);
  const intake::AmResult result =
      intake::am(*m_repo, m_stack, options(mbox_of(v1) + second + "\n"));
  EXPECT_TRUE(result.stopped);
  EXPECT_EQ(result.duplicates, std::vector<int>{2});
  EXPECT_EQ(tip(), m_base);

  // --partial takes the last copy, says so, and finds nothing wrong with it
  intake::AmOptions partial = options(mbox_of(v1) + second + "\n");
  partial.partial = true;
  const intake::AmResult taken = intake::am(*m_repo, m_stack, partial);
  EXPECT_EQ(taken.applied.size(), 3u);
  EXPECT_EQ(taken.applied[1].message_id, "resent-" + id);
  EXPECT_FALSE(taken.has_findings()) << intake::format_text(taken);
  EXPECT_NE(
      intake::format_text(taken).find("\npatch(es) 2 sent more than once (the last one taken)\n"),
      std::string::npos)
      << intake::format_text(taken);
  EXPECT_EQ(tip(), taken.new_tip->hex());
}

TEST_F(AmTest, ConflictingPatchNamesItselfAndItsHunkAndMovesNothing) {
  const series::Series& v1 = m_v1;
  // the first line patch 1 removes, and its hunk
  const auto mails = patch::parse_mbox(v1.messages[1].text, "patch1");
  const patch::ParsedDiff diff = patch::parse_diff(mails[0].diff, "patch1", 1);
  std::string path;
  patch::Hunk hunk;
  int removed = 0;
  for (const patch::FileDiff& file : diff.files) {
    for (const patch::Hunk& h : file.hunks) {
      for (const patch::DiffLine& line : h.lines) {
        if (removed == 0 && line.kind == patch::LineKind::removed) {
          removed = line.old_line;
          path = file.old_path;
          hunk = h;
        }
      }
    }
  }
  ASSERT_GT(removed, 0);
  const std::string changed = change_line(m_base, path, removed, "int local_change_here;");
  git({"branch", "-f", "xen/dom0/apic", changed});
  const std::string objects = git({"count-objects", "-v"});
  const intake::AmOptions opts = options(mbox_of(v1));
  const Error e = catch_error([&] { intake::am(*m_repo, m_stack, opts); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  const std::string expected_start =
      "patch 1/3 'x86/io_apic: let a platform take over GSI "
      "registration' does not apply to '" +
      path + "' at hunk @@ -" + std::to_string(hunk.old_start) + ",";
  EXPECT_EQ(std::string(e.what()).rfind(expected_start, 0), 0u) << e.what();
  EXPECT_NE(std::string(e.what()).find("; 'xen/dom0/apic' not moved"), std::string::npos);
  // file:line is the hunk's "@@" line in the mbox
  EXPECT_EQ(e.where().file, opts.input);
  const auto lines = text::split(text::read_file(opts.input), '\n');
  ASSERT_GT(e.where().line, 0);
  EXPECT_EQ(lines[static_cast<std::size_t>(e.where().line - 1)].rfind(
                "@@ -" + std::to_string(hunk.old_start) + ",", 0),
            0u);
  EXPECT_EQ(tip(), changed);
  EXPECT_EQ(git({"count-objects", "-v"}), objects);  // not even an unreferenced object
  // git am -3 refuses it too.
  const std::string work = m_dir.path() + "/referee";
  git({"worktree", "add", "-q", "--detach", work, changed});
  const std::string file = m_dir.write("v1.mbox", mbox_of(v1, false));
  EXPECT_NE(run_process({"git", "am", "-3", file}, work,
                        {{"GIT_CONFIG_NOSYSTEM", "1"},
                         {"GIT_CONFIG_GLOBAL", "/dev/null"},
                         {"GIT_COMMITTER_NAME", "T"},
                         {"GIT_COMMITTER_EMAIL", "t@example.com"}})
                .exit_code,
            0);
}

TEST_F(AmTest, ContextChangedAppliesWithThreeWayAsGitAmDashThree) {
  const series::Series& v1 = m_v1;
  std::string path;
  const patch::Hunk hunk = first_hunk(v1, path);
  ASSERT_GE(hunk.lines.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(hunk.lines[static_cast<std::size_t>(i)].kind, patch::LineKind::context);
  }
  const std::string changed =
      change_line(m_base, path, hunk.lines[0].old_line, hunk.lines[0].text + " /* changed here */");
  git({"branch", "-f", "xen/dom0/apic", changed});
  const intake::AmResult result = intake::am(*m_repo, m_stack, options(mbox_of(v1)));
  ASSERT_EQ(result.applied.size(), 3u);
  EXPECT_TRUE(result.applied[0].three_way);
  EXPECT_FALSE(result.applied[1].three_way);
  const std::string work = m_dir.path() + "/referee";
  git({"worktree", "add", "-q", "--detach", work, changed});
  const std::string file = m_dir.write("v1.mbox", mbox_of(v1, false));
  // Plain git am refuses it; git am -3 takes it, giving our tree.
  EXPECT_NE(run_process({"git", "am", file}, work,
                        {{"GIT_CONFIG_NOSYSTEM", "1"},
                         {"GIT_CONFIG_GLOBAL", "/dev/null"},
                         {"GIT_COMMITTER_NAME", "T"},
                         {"GIT_COMMITTER_EMAIL", "t@example.com"}})
                .exit_code,
            0);
  run_git({"am", "--abort"}, work);
  run_git({"am", "-q", "-3", file}, work);
  EXPECT_EQ(git({"rev-parse", "HEAD^{tree}"}, work),
            git({"rev-parse", result.new_tip->hex() + "^{tree}"}));
}

TEST_F(AmTest, DryRunMovesAndWritesNothing) {
  const series::Series& v1 = m_v1;
  const std::string objects = git({"count-objects", "-v"});
  intake::AmOptions opts = options(mbox_of(v1));
  opts.dry_run = true;
  const intake::AmResult result = intake::am(*m_repo, m_stack, opts);
  EXPECT_EQ(result.applied.size(), 3u);
  EXPECT_FALSE(result.moved);
  EXPECT_EQ(tip(), m_base);
  EXPECT_EQ(git({"count-objects", "-v"}), objects);
  EXPECT_NE(intake::format_text(result).find("nothing moved"), std::string::npos);
}

TEST_F(AmTest, DirectoryOfPatchesAndMaildirGiveTheSameCommitsAsTheMbox) {
  intake::AmOptions from_mbox = options(mbox_of(m_v1));
  from_mbox.dry_run = true;
  const intake::AmResult expected = intake::am(*m_repo, m_stack, from_mbox);
  ASSERT_TRUE(expected.new_tip);

  intake::AmOptions from_dir = from_mbox;
  from_dir.input = m_dir.path() + "/patches";
  series::write_patch_files(m_v1, from_dir.input);
  EXPECT_EQ(intake::am(*m_repo, m_stack, from_dir).new_tip, expected.new_tip);

  intake::AmOptions from_maildir = from_mbox;
  from_maildir.input = m_dir.path() + "/maildir";
  for (const series::Message& message : m_v1.messages) {
    // a maildir holds bare mails: no "From " envelope line
    const std::string mail = message.text.substr(message.text.find('\n') + 1);
    m_dir.write("maildir/cur/" + std::to_string(1000 + message.number) + ".host:2,S", mail);
  }
  m_dir.write("maildir/new/.keep", "");
  const intake::AmResult maildir = intake::am(*m_repo, m_stack, from_maildir);
  EXPECT_EQ(maildir.new_tip, expected.new_tip);
  EXPECT_TRUE(maildir.has_cover);
}

TEST_F(AmTest, RefMovedMeanwhileLosesTheRace) {
  const series::Series& v1 = m_v1;
  intake::AmOptions opts = options(mbox_of(v1));
  const std::string other = m_range.commits.front().hex();
  opts.before_ref_update = [&] { git({"branch", "-f", "xen/dom0/apic", other}); };
  const Error e = catch_error([&] { intake::am(*m_repo, m_stack, opts); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_EQ(tip(), other);
}

TEST_F(AmTest, NewTopicStartsAtTheSeriesBaseCommitAndWritesItsYaml) {
  // A copy of the stack: --new writes topics/<name>.yaml into it.
  TempDir stack_dir;
  for (const char* folder : {"stack", "topics", "merge-branches", "policies"}) {
    std::filesystem::copy(std::string(PATCHFLOW_SOURCE_DIR) + "/" + folder,
                          stack_dir.path() + "/" + folder,
                          std::filesystem::copy_options::recursive);
  }
  const config::StackConfig stack = config::load_stack(stack_dir.path());
  const series::Series v1 = format("xen/swiotlb", 1);
  intake::AmOptions opts = options(mbox_of(v1));
  opts.topic = "xen/swiotlb-take2";
  opts.create = true;
  const intake::AmResult result = intake::am(*m_repo, stack, opts);
  EXPECT_TRUE(result.created);
  EXPECT_EQ(result.component, "linux");
  EXPECT_EQ(result.base, v1.range.base_commit);
  EXPECT_EQ(git({"rev-parse", "xen/swiotlb-take2^{tree}"}),
            git({"rev-parse", "xen/swiotlb^{tree}"}));
  EXPECT_EQ(git({"rev-parse", "xen/swiotlb-take2~" + std::to_string(result.applied.size())}),
            v1.range.base_commit.hex() + "\n");
  const config::StackConfig reloaded = config::load_stack(stack_dir.path());
  const config::Topic& topic = reloaded.topic("xen/swiotlb-take2");
  EXPECT_EQ(topic.component, "linux");
  EXPECT_EQ(topic.file, "topics/xen-swiotlb-take2.yaml");
  // a second --new of the same topic is refused
  const Error e = catch_error([&] { intake::am(*m_repo, reloaded, opts); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
}

// --new with a name git cannot make a branch of (or one that clashes with an existing branch) is
// a usage error before anything is written: no ref, no topic file, not even an object.
TEST_F(AmTest, NewWithAnInvalidTopicNameIsAUsageErrorAndCreatesNothing) {
  TempDir stack_dir;
  for (const char* folder : {"stack", "topics", "merge-branches", "policies"}) {
    std::filesystem::copy(std::string(PATCHFLOW_SOURCE_DIR) + "/" + folder,
                          stack_dir.path() + "/" + folder,
                          std::filesystem::copy_options::recursive);
  }
  const config::StackConfig stack = config::load_stack(stack_dir.path());
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator(stack_dir.path() + "/topics")) {
    ++files;
  }
  const std::string refs = git({"for-each-ref"});
  const std::string objects = git({"count-objects", "-v"});
  const std::vector<std::pair<std::string, std::string>> names = {
      {"bad..name", "not a valid branch name"},
      {"foo bar", "not a valid branch name"},
      {"-lead", "not a valid branch name"},
      {"xen/a.lock", "not a valid branch name"},
      {"xen/dom0/apic/take2", "branch 'xen/dom0/apic' exists, so no branch can be below it"},
      {"xen", "branch 'xen/core' exists below it"},
      {std::string(201, 'x'), "longer than 200 characters"},
  };
  for (const auto& [name, problem] : names) {
    intake::AmOptions opts = options(mbox_of(m_v1));
    opts.topic = name;
    opts.create = true;
    const Error e = catch_error([&] { intake::am(*m_repo, stack, opts); });
    EXPECT_EQ(e.exit_code(), ExitCode::usage) << name << ": " << e.what();
    EXPECT_EQ(std::string(e.what()),
              "invalid topic name '" + name + "': " + problem + "; nothing created");
    // git is the referee: refs and objects as they were
    EXPECT_EQ(git({"for-each-ref"}), refs) << name;
    EXPECT_EQ(git({"count-objects", "-v"}), objects) << name;
    std::size_t now = 0;
    for ([[maybe_unused]] const auto& entry :
         std::filesystem::directory_iterator(stack_dir.path() + "/topics")) {
      ++now;
    }
    EXPECT_EQ(now, files) << name;
  }
  // the binary: exit 2 (usage), the message on stderr
  const ProcessResult run =
      run_patchflow({"--stack", stack_dir.path(), "--repo", repo_path(), "am",
                     m_dir.write("cli.mbox", mbox_of(m_v1)), "--topic", "foo bar", "--new"},
                    m_dir.path());
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_EQ(run.err,
            "patchflow: error: invalid topic name 'foo bar': not a valid branch name; "
            "nothing created\n");
  EXPECT_EQ(git({"for-each-ref"}), refs);
}

}  // namespace
}  // namespace patchflow::testing
