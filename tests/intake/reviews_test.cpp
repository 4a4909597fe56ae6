// patchflow trailers on the bundled stack: replies placed by thread, quoted patch and subject,
// messages as git interpret-trailers writes them, and every topic built on it moved with it.
#include "patchflow/intake/reviews.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "intake/intake_fixture.hpp"
#include "patchflow/intake/am.hpp"

namespace patchflow::testing {
namespace {

class ReviewsTest : public IntakeTest {
 protected:
  std::string rev(const std::string& name) {
    return std::string(text::trim(git({"rev-parse", name})));
  }

  // Every topic that (transitively) depends on xen/core.
  std::vector<std::string> dependents() {
    std::vector<std::string> names;
    for (const config::Topic& topic : m_stack.topics) {
      if (topic.name != "xen/core" && topic.component == "linux" &&
          run_process({"git", "merge-base", "--is-ancestor", rev("xen/core"), rev(topic.branch)},
                      repo_path())
                  .exit_code == 0) {
        names.push_back(topic.branch);
      }
    }
    return names;
  }

  std::string replies_mbox(const series::Series& v1) {
    const series::Message& second = v1.messages[2];
    // a reply quoting the whole patch 2, with no threading headers and an unrelated subject
    std::string quoted;
    const std::string diff = second.text.substr(second.text.find("\ndiff --git ") + 1);
    for (const std::string_view line : text::split_lines(diff)) {
      if (line == "-- ") {
        break;
      }
      quoted += "> " + std::string(line) + "\n";
    }
    return mbox_of(v1) +
           reply("Reviewer One <one@example.com>", "Re: [PATCH 2/2] " + second.subject,
                 second.message_id,
                 "> Reviewed-by: Quoted Person <quoted@example.com>\n\nReviewed-by: Reviewer One "
                 "<one@example.com>\n",
                 "one@example.com") +
           reply("Acker Two <two@example.com>", "Re: your hypercall patch", "",
                 "Inline:\n\n" + quoted + "\nAcked-by: Acker Two <two@example.com>\n",
                 "two@example.com") +
           reply("Tester Three <three@example.com>", "Re: [PATCH 2/2] " + second.subject, "",
                 "Tested-by: Tester Three <three@example.com>\n", "three@example.com") +
           reply("Lost Soul <lost@example.com>", "Re: something else entirely", "",
                 "Reviewed-by: Lost Soul <lost@example.com>\n", "lost@example.com") +
           reply("Quiet <quiet@example.com>", "Re: [PATCH 1/2]", v1.messages[1].message_id,
                 "> Acked-by: Someone <someone@example.com>\n\nThanks!\n", "quiet@example.com");
  }
};

TEST_F(ReviewsTest, RepliesLandOnTheirCommitAndDependentTopicsFollow) {
  const series::Series v1 = format("xen/core", 1);
  ASSERT_EQ(v1.messages.size(), 3u);
  const std::vector<std::string> topics = dependents();
  ASSERT_GE(topics.size(), 4u);
  std::map<std::string, std::string> old_tips, old_trees, old_counts;
  for (const std::string& t : topics) {
    old_tips[t] = rev(t);
    old_trees[t] = rev(t + "^{tree}");
    old_counts[t] = git({"rev-list", "--count", "linux-2.6.." + t});
  }
  const std::string old_core = rev("xen/core");
  const std::string first = v1.range.commits[0].hex(), second = v1.range.commits[1].hex();

  intake::TrailersOptions options{.topic = "xen/core",
                                  .input = m_dir.write("replies.mbox", replies_mbox(v1)),
                                  .maintainer = maintainer()};
  const intake::TrailersResult result = intake::take_trailers(*m_repo, m_stack, options);
  EXPECT_EQ(result.replies, 5);
  EXPECT_EQ(result.without_trailers, 1);
  ASSERT_EQ(result.placed.size(), 3u) << intake::format_text(result);
  EXPECT_EQ(result.placed[0].how, "thread");
  EXPECT_EQ(result.placed[1].how, "patch-id");
  EXPECT_EQ(result.placed[2].how, "subject");
  ASSERT_EQ(result.unplaced.size(), 1u);
  EXPECT_NE(result.unplaced[0].find("Lost Soul"), std::string::npos);
  EXPECT_TRUE(result.has_findings());
  EXPECT_TRUE(result.moved);

  const std::string new_core = rev("xen/core");
  EXPECT_NE(new_core, old_core);
  EXPECT_EQ(rev("xen/core~1"), first);  // ids change only from the first commit with a trailer
  EXPECT_EQ(rev("xen/core^{tree}"), rev(old_core + "^{tree}"));
  EXPECT_EQ(
      message_of(new_core),
      interpret_trailers(message_of(second), {"Reviewed-by: Reviewer One <one@example.com>",
                                              "Acked-by: Acker Two <two@example.com>",
                                              "Tested-by: Tester Three <three@example.com>"}));
  EXPECT_EQ(git({"log", "-1", "--format=%an <%ae> %ad", new_core}),
            git({"log", "-1", "--format=%an <%ae> %ad", second}));
  EXPECT_EQ(git({"log", "-1", "--format=%cn <%ce>", new_core}), std::string(k_maintainer) + "\n");
  for (const std::string& t : topics) {
    EXPECT_NE(rev(t), old_tips[t]) << t;
    EXPECT_EQ(rev(t + "^{tree}"), old_trees[t]) << t;
    EXPECT_EQ(git({"rev-list", "--count", "linux-2.6.." + t}), old_counts[t]) << t;
    EXPECT_EQ(
        run_process({"git", "merge-base", "--is-ancestor", new_core, t}, repo_path()).exit_code, 0)
        << t;
    EXPECT_NE(
        run_process({"git", "merge-base", "--is-ancestor", old_core, t}, repo_path()).exit_code, 0)
        << t;
  }

  // Again: every trailer is there already; nothing moves.
  const intake::TrailersResult again = intake::take_trailers(*m_repo, m_stack, options);
  EXPECT_TRUE(again.refs.empty());
  EXPECT_EQ(rev("xen/core"), new_core);
}

TEST_F(ReviewsTest, DependentTopicMovedMeanwhileMovesNoRef) {
  const series::Series v1 = format("xen/core", 1);
  intake::TrailersOptions options{.topic = "xen/core",
                                  .input = m_dir.write("replies.mbox", replies_mbox(v1)),
                                  .maintainer = maintainer()};
  const std::string old_core = rev("xen/core");
  const std::string old_dom0 = rev("xen/dom0/core");
  options.before_ref_update = [&] { git({"branch", "-f", "xen/dom0/core", "xen/dom0/core~1"}); };
  const Error e = catch_error([&] { intake::take_trailers(*m_repo, m_stack, options); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_NE(std::string(e.what()).find("'refs/heads/xen/dom0/core' moved meanwhile"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(rev("xen/core"), old_core);
  EXPECT_EQ(rev("xen/dom0/core"), rev(old_dom0 + "~1"));
}

TEST_F(ReviewsTest, DryRunMovesNothing) {
  const series::Series v1 = format("xen/core", 1);
  const std::string old_core = rev("xen/core");
  const std::string objects = git({"count-objects", "-v"});
  const intake::TrailersResult result =
      intake::take_trailers(*m_repo, m_stack,
                            {.topic = "xen/core",
                             .input = m_dir.write("r.mbox", replies_mbox(v1)),
                             .dry_run = true,
                             .maintainer = maintainer()});
  EXPECT_FALSE(result.refs.empty());
  EXPECT_FALSE(result.moved);
  EXPECT_EQ(rev("xen/core"), old_core);
  EXPECT_EQ(git({"count-objects", "-v"}), objects);
}

// A reply that passes on someone else's Reviewed-by (not the sender's to give), and one quoting
// a Reviewed-by: neither is taken, and both are reported, in the text and in --json.
TEST_F(ReviewsTest, ForeignAndQuotedTrailersAreReportedNotTaken) {
  const series::Series v1 = format("xen/core", 1);
  const series::Message& second = v1.messages[2];
  const std::string replies =
      reply("Forwarder <fwd@example.com>", "Re: [PATCH 2/2] " + second.subject, second.message_id,
            "Somebody told me off-list:\n\nReviewed-by: Somebody Else <else@example.com>\n",
            "fwd@example.com") +
      reply("Quoter <quoter@example.com>", "Re: [PATCH 2/2] " + second.subject, second.message_id,
            "> Acked-by: Quoted Person <quoted@example.com>\n\nAgreed.\n", "quoter@example.com");
  const std::string old_core = rev("xen/core");
  const intake::TrailersOptions options{.topic = "xen/core",
                                        .input = m_dir.write("replies.mbox", replies),
                                        .maintainer = maintainer()};
  const intake::TrailersResult result = intake::take_trailers(*m_repo, m_stack, options);
  EXPECT_TRUE(result.refs.empty()) << intake::format_text(result);
  EXPECT_FALSE(result.moved);
  EXPECT_EQ(rev("xen/core"), old_core);
  EXPECT_EQ(message_of("xen/core").find("Somebody Else"), std::string::npos);
  ASSERT_EQ(result.not_taken.size(), 2u) << intake::format_text(result);
  const std::string text = intake::format_text(result);
  EXPECT_NE(text.find("trailer not taken (not the sender's) from " + options.input +
                      ":1 Forwarder <fwd@example.com>: Reviewed-by: Somebody Else "
                      "<else@example.com>\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("trailer not taken (quoted) from " + options.input + ":"), std::string::npos)
      << text;
  const nlohmann::json json = intake::to_json(result);
  ASSERT_EQ(json["not_taken"].size(), 2u);
  EXPECT_EQ(json["not_taken"][0]["trailer"], "Reviewed-by: Somebody Else <else@example.com>");
  EXPECT_EQ(json["not_taken"][0]["reason"], "not the sender's");
  EXPECT_EQ(json["not_taken"][1]["trailer"], "Acked-by: Quoted Person <quoted@example.com>");
  EXPECT_EQ(json["not_taken"][1]["reason"], "quoted");
}

// The topic holds v2 (taken with am: its commits link to the v2 mails). A review of v1 patch 2
// is not placed (reported, exit 1), even though v1 and v2 carry the same change; a review of v2
// patch 3 is. Both with the series in the input (the thread to v1 is known) and with replies
// only (the v1 reply placed by its subject before).
TEST_F(ReviewsTest, ReplyToAnotherVersionIsNotPlaced) {
  const std::string base = rev("xen/dom0/apic~3");
  const series::Series v1 = format("xen/dom0/apic", 1), v2 = format("xen/dom0/apic", 2);
  git({"branch", "-f", "xen/dom0/apic", base});
  intake::AmOptions am{.input = m_dir.write("v2.mbox", mbox_of(v2)),
                       .topic = "xen/dom0/apic",
                       .maintainer = maintainer()};
  ASSERT_TRUE(intake::am(*m_repo, m_stack, am).moved);
  const std::string taken = rev("xen/dom0/apic");
  const std::string v1_reply =
      reply("Old Reviewer <old@example.com>", "Re: [PATCH 2/3] " + v1.messages[2].subject,
            v1.messages[2].message_id, "Reviewed-by: Old Reviewer <old@example.com>\n",
            "old@example.com");
  const std::string v2_reply = reply(
      "New Acker <new@example.com>", "Re: [PATCH v2 3/3] " + v2.messages[3].subject,
      v2.messages[3].message_id, "Acked-by: New Acker <new@example.com>\n", "new@example.com");
  for (const std::string& input :
       {mbox_of(v1) + mbox_of(v2) + v1_reply + v2_reply, v1_reply + v2_reply}) {
    const intake::TrailersOptions options{.topic = "xen/dom0/apic",
                                          .input = m_dir.write("replies.mbox", input),
                                          .dry_run = true,
                                          .maintainer = maintainer()};
    const intake::TrailersResult result = intake::take_trailers(*m_repo, m_stack, options);
    ASSERT_EQ(result.unplaced.size(), 1u) << intake::format_text(result);
    EXPECT_NE(result.unplaced[0].find("Old Reviewer <old@example.com>: a review of v1, "
                                      "'xen/dom0/apic' holds v2"),
              std::string::npos)
        << result.unplaced[0];
    EXPECT_TRUE(result.has_findings());
    ASSERT_EQ(result.placed.size(), 1u) << intake::format_text(result);
    EXPECT_EQ(result.placed[0].from, "New Acker <new@example.com>");
    ASSERT_EQ(result.commits.size(), 1u) << intake::format_text(result);
    EXPECT_EQ(result.commits[0].old_commit.hex(), taken);  // patch 3 only; patch 2 untouched
  }
  git({"config", "user.name", "Jeremy Fitzhardinge"});
  git({"config", "user.email", "jeremy@goop.org"});
  // the binary: exit 1, patch 2's message (git as referee) without the v1 review
  const ProcessResult run = run_patchflow(
      {"--stack", PATCHFLOW_SOURCE_DIR, "--repo", repo_path(), "trailers", "xen/dom0/apic",
       "--from", m_dir.write("cli.mbox", mbox_of(v1) + mbox_of(v2) + v1_reply + v2_reply)},
      m_dir.path());
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(message_of("xen/dom0/apic~1").find("Old Reviewer"), std::string::npos);
  EXPECT_NE(message_of("xen/dom0/apic").find("Acked-by: New Acker <new@example.com>"),
            std::string::npos);
}

}  // namespace
}  // namespace patchflow::testing
