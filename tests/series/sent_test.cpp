#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "patchflow/core/json.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/series/series.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {
namespace {

series::Options options_at(long long now) {
  series::Options options;
  options.identity = {"Jeremy Fitzhardinge", "jeremy@goop.org"};
  options.now = now;
  return options;
}

TEST(SentRecordTest, RecordSentStoresVersionJsonUnderPatchflowRef) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"a.c", "a\n"}});
  const git::Oid one = r.commit("xen: one", {{"a.c", "b\n"}}, {base});
  r.branch("xen/core", one);
  series::Range range{.topic = "xen/core", .base_commit = base, .commits = {one}, .tip = one};
  const auto series = series::build_series(r.repo(), range, nullptr, options_at(1258624800));
  stack::record_sent(r.repo(), "xen/core", series::to_sent_record(series, 1258624800));
  const auto json = patchflow::parse_json(r.git({"show", "refs/patchflow/sent/xen/core:v1.json"}));
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["base"], base.hex());
  EXPECT_EQ(json["tip"], one.hex());
  EXPECT_EQ(json["patches"][0]["subject"], "xen: one");
  EXPECT_EQ(json["patches"][0]["patch_id"], git::commit_patch_id(r.repo(), one).hex());
  const auto loaded = stack::load_sent(r.repo(), "xen/core");
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].patches[0].message_id, series.messages[0].message_id);
  EXPECT_EQ(loaded[0].date, 1258624800);
}

TEST(SentRecordTest, PatchIdMatchesGitPatchIdStable) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"a.c", "a\nb\n"}, {"b.c", "x\n"}});
  const git::Oid one = r.commit("two files", {{"a.c", "a\nB\n"}, {"b.c", "y\n"}}, {base});
  const std::string shown = r.git({"show", one.hex()});
  const ProcessResult id = run_process({"git", "patch-id", "--stable"}, r.path(), {}, shown);
  ASSERT_EQ(id.exit_code, 0) << id.err;
  EXPECT_EQ(id.out, git::commit_patch_id(r.repo(), one).hex() + " " + one.hex() + "\n");
}

TEST(SentRecordTest, RerollSummarisesAddedDroppedRewordedAndChanged) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"a.c", "a\n"}, {"b.c", "b\n"}, {"c.c", "c\n"}});
  const git::Oid a1 = r.commit("xen: a", {{"a.c", "A\n"}}, {base});
  const git::Oid b1 = r.commit("xen: b", {{"b.c", "B\n"}}, {a1});
  const git::Oid c1 = r.commit("xen: c", {{"c.c", "C\n"}}, {b1});
  series::Range v1{.topic = "xen/core", .base_commit = base, .commits = {a1, b1, c1}, .tip = c1};
  const auto first = series::build_series(r.repo(), v1, nullptr, options_at(1258624800));
  stack::record_sent(r.repo(), "xen/core", series::to_sent_record(first, 1258624800));

  // v2: a reworded (same diff), b changed (same subject), c dropped, d added.
  const git::Oid a2 = r.commit("xen: a\n\nExplain why.\n", {{"a.c", "A\n"}}, {base});
  const git::Oid b2 = r.commit("xen: b", {{"b.c", "BB\n"}}, {a2});
  const git::Oid d2 = r.commit("xen: d", {{"d.c", "D\n"}}, {b2});
  series::Range v2{.topic = "xen/core", .base_commit = base, .commits = {a2, b2, d2}, .tip = d2};
  series::Options options = options_at(1258628400);
  options.reroll = true;
  options.notes = "Rebased on 2.6.32-rc8.\n";
  const auto second = series::build_series(r.repo(), v2, nullptr, options);
  EXPECT_EQ(second.version, 2);
  ASSERT_TRUE(second.previous);
  std::vector<std::string> summary;
  for (const auto& change : second.changes) {
    summary.push_back(change.kind + " " + change.subject);
  }
  EXPECT_EQ(summary, (std::vector<std::string>{"reworded xen: a", "changed xen: b",
                                               "added xen: d", "dropped xen: c"}));
  const std::string& cover = second.messages[0].text;
  EXPECT_NE(cover.find("Subject: [PATCH v2 0/3] *** SUBJECT HERE ***\n"), std::string::npos);
  EXPECT_NE(cover.find("\n\nChanges since v1:\nRebased on 2.6.32-rc8.\n- reworded: xen: a\n"
                       "- changed (2 lines): xen: b\n- added: xen: d\n- dropped: xen: c\n\n"),
            std::string::npos);
  EXPECT_NE(cover.find("In-Reply-To: <" + first.messages[0].message_id + ">\n"),
            std::string::npos);
  EXPECT_EQ(second.messages[1].file_name, "v2-0001-xen-a.patch");
  EXPECT_NE(second.messages[1].text.find("Subject: [PATCH v2 1/3] xen: a\n"), std::string::npos);
}

// --in-reply-to '<id@host>' used to give "In-Reply-To: <<id@host>>"; git format-patch (the
// referee) takes the id with or without its brackets.
TEST(SeriesInReplyToTest, IdWithOrWithoutBracketsThreadsAsGitFormatPatch) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"a.c", "a\n"}});
  const git::Oid one = r.commit("xen: one", {{"a.c", "b\n"}}, {base});
  const std::string git_text =
      r.git({"format-patch", "--stdout", "--in-reply-to=<id@host>", base.hex() + ".." + one.hex()});
  const auto thread_lines = [](const std::string& text) {
    const auto at = text.find("In-Reply-To: ");
    const auto references = text.find("\nReferences: ", at);
    return at == std::string::npos || references == std::string::npos
               ? std::string()
               : text.substr(at, text.find('\n', references + 1) + 1 - at);
  };
  series::Range range{.base_commit = base, .commits = {one}, .tip = one};
  for (const char* given : {"<id@host>", "id@host"}) {
    SCOPED_TRACE(given);
    series::Options options = options_at(1258624800);
    options.in_reply_to = given;
    const auto result = series::build_series(r.repo(), range, nullptr, options);
    const std::string& text = result.messages[0].text;
    EXPECT_EQ(text.find("<<"), std::string::npos) << text;
    ASSERT_FALSE(thread_lines(git_text).empty()) << git_text;
    EXPECT_NE(text.find(thread_lines(git_text)), std::string::npos) << text;
  }
  series::Options bad = options_at(1258624800);
  bad.in_reply_to = "<<id@host>>";
  const Error e = catch_error([&] { series::build_series(r.repo(), range, nullptr, bad); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_STREQ(e.what(),
               "--in-reply-to '<<id@host>>' is not a message id; expected "
               "'<left@right>' or 'left@right'");
}

}  // namespace
}  // namespace patchflow::testing
