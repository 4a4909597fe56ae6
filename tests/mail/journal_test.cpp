#include "patchflow/mail/journal.hpp"

#include <gtest/gtest.h>

#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::mail {
namespace {

using testing::catch_error;
using testing::TempDir;
using testing::TempRepo;

TEST(JournalTest, RefJournalCommitsEachMessageIdAndReopens) {
  TempRepo r;
  {
    auto journal = open_ref_journal(r.repo(), 1258624800);
    EXPECT_FALSE(journal->contains("<b@x>"));
    journal->record("<b@x>");
    journal->record("<a@x>");
    EXPECT_TRUE(journal->contains("<b@x>"));
  }
  EXPECT_EQ(r.git({"show", "refs/patchflow/sent-mail:message-ids"}), "<a@x>\n<b@x>\n");
  EXPECT_EQ(r.git({"log", "--format=%s %at", "refs/patchflow/sent-mail"}),
            "patchflow send: sent <a@x> 1258624800\npatchflow send: sent <b@x> 1258624800\n");
  auto reopened = open_ref_journal(r.repo(), 1258624860);
  EXPECT_TRUE(reopened->contains("<a@x>"));
  EXPECT_FALSE(reopened->contains("<c@x>"));
}

TEST(JournalTest, RefJournalRefusesWhenAnotherRunMovedTheRef) {
  TempRepo r;
  auto first = open_ref_journal(r.repo(), 1258624800);
  auto second = open_ref_journal(r.repo(), 1258624800);
  first->record("<a@x>");
  const git::Oid after_first = r.resolve("refs/patchflow/sent-mail");
  const Error e = catch_error([&] { second->record("<b@x>"); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_EQ(std::string(e.what()).substr(0, 45), "'refs/patchflow/sent-mail' moved meanwhile (e");
  EXPECT_EQ(r.resolve("refs/patchflow/sent-mail"), after_first);
}

TEST(JournalTest, FileJournalIsRewrittenWholeAndReopens) {
  TempDir dir;
  const std::string path = dir.path() + "/" + k_journal_file_name;
  open_file_journal(path)->record("<a@x>");
  auto journal = open_file_journal(path);
  EXPECT_TRUE(journal->contains("<a@x>"));
  journal->record("<b@x>");
  EXPECT_EQ(text::read_file(path), "<a@x>\n<b@x>\n");
  EXPECT_EQ(journal->location(), path);
}

}  // namespace
}  // namespace patchflow::mail
