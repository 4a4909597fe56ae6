// update_refs and its journal: every ref moves or none, a ref someone moves between two writes
// puts back the ones already written, and a move cut short (the observer throws where a kill
// would land) is finished or undone by recover_interrupted_moves. The git CLI reads the refs.
#include "patchflow/git/ref_journal.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::git {
namespace {

using testing::catch_error;
using testing::TempRepo;

namespace fs = std::filesystem;

// What the observer throws to stop a move where a crash would: not an Error, so update_refs
// does not put anything back (as a killed process would not).
struct Crash {};

class RefJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base = r.commit("init", {{"a.c", "int a;\n"}});
    for (const char* name : {"xen/a", "xen/b", "xen/c"}) {
      r.branch(name, base);
      olds.push_back(base);
      news.push_back(r.commit(std::string(name) + ": next", {{"a.c", name}}, {base}));
    }
  }
  void TearDown() override { set_ref_write_observer({}); }

  std::vector<RefUpdate> updates() const {
    return {{"refs/heads/xen/a", olds[0], news[0]},
            {"refs/heads/xen/b", olds[1], news[1]},
            {"refs/heads/xen/c", olds[2], news[2]}};
  }

  // The branch as the git CLI sees it.
  std::string value(const std::string& branch) {
    return std::string(text::trim(r.git({"rev-parse", "refs/heads/" + branch})));
  }

  std::vector<std::string> journals() {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(r.path() + "/.git/patchflow", ec), end; !ec && it != end;
         it.increment(ec)) {
      if (it->path().extension() == ".journal") {
        names.push_back(it->path().filename().string());
      }
    }
    return names;
  }

  // Runs update_refs, stopped as by a kill once `after` refs are written.
  void crash_after(std::size_t after, const std::vector<FileWrite>& files = {}) {
    set_ref_write_observer([after](std::size_t written) {
      if (written == after) {
        throw Crash{};
      }
    });
    EXPECT_THROW(update_refs(r.repo(), updates(), "patchflow test: move", files), Crash);
    set_ref_write_observer({});
  }

  void expect_fsck_clean() { EXPECT_EQ(r.git({"fsck", "--strict", "--no-dangling"}), ""); }

  TempRepo r;
  Oid base;
  std::vector<Oid> olds, news;
};

TEST_F(RefJournalTest, MovesEveryRefAndLeavesNoJournal) {
  std::vector<std::size_t> seen;
  set_ref_write_observer([&](std::size_t written) {
    seen.push_back(written);
    if (written == 0) {
      EXPECT_EQ(journals().size(), 1u);  // durable before the first ref is written
      EXPECT_EQ(value("xen/a"), base.hex());
    }
  });
  update_refs(r.repo(), updates(), "patchflow test: move");
  EXPECT_EQ(seen, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_EQ(value("xen/a"), news[0].hex());
  EXPECT_EQ(value("xen/b"), news[1].hex());
  EXPECT_EQ(value("xen/c"), news[2].hex());
  EXPECT_TRUE(journals().empty());
  EXPECT_NE(r.git({"reflog", "show", "xen/c"}).find("patchflow test: move"), std::string::npos);
}

TEST_F(RefJournalTest, RefMovedBetweenTwoWritesPutsBackTheOnesAlreadyWritten) {
  const Oid pushed = r.commit("xen/c: pushed meanwhile", {{"c.c", "c\n"}}, {base});
  set_ref_write_observer([&](std::size_t written) {
    if (written == 1) {
      r.branch("xen/c", pushed);
    }
  });
  const Error e = catch_error([&] { update_refs(r.repo(), updates(), "patchflow test: move"); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_EQ(std::string(e.what()), "'refs/heads/xen/c' moved meanwhile (expected " +
                                       base.short_hex() + ", found " + pushed.short_hex() +
                                       "); no ref updated");
  EXPECT_EQ(value("xen/a"), base.hex());
  EXPECT_EQ(value("xen/b"), base.hex());
  EXPECT_EQ(value("xen/c"), pushed.hex());
  EXPECT_TRUE(journals().empty());
}

TEST_F(RefJournalTest, NoJournalNoRecovery) {
  EXPECT_TRUE(recover_interrupted_moves(r.repo()).empty());
  update_refs(r.repo(), updates(), "patchflow test: move");
  EXPECT_TRUE(recover_interrupted_moves(r.repo()).empty());
}

TEST_F(RefJournalTest, CrashAfterTheFirstWriteIsFinishedByTheNextRecovery) {
  crash_after(1);
  EXPECT_EQ(value("xen/a"), news[0].hex());  // mixed: what a kill leaves
  EXPECT_EQ(value("xen/b"), base.hex());
  ASSERT_EQ(journals().size(), 1u);

  const std::vector<Recovery> recovered = recover_interrupted_moves(r.repo());
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_TRUE(recovered[0].completed);
  EXPECT_EQ(recovered[0].moved, (std::vector<std::string>{"refs/heads/xen/b", "refs/heads/xen/c"}));
  EXPECT_TRUE(recovered[0].left_alone.empty());
  EXPECT_EQ(format_recovery(recovered[0]),
            "patchflow: finished an interrupted move (patchflow test: move): refs/heads/xen/b, "
            "refs/heads/xen/c\n");
  EXPECT_EQ(value("xen/a"), news[0].hex());
  EXPECT_EQ(value("xen/b"), news[1].hex());
  EXPECT_EQ(value("xen/c"), news[2].hex());
  EXPECT_TRUE(journals().empty());
  EXPECT_NE(r.git({"reflog", "show", "xen/c"}).find("(finished after an interruption)"),
            std::string::npos);
  expect_fsck_clean();
}

TEST_F(RefJournalTest, CrashBeforeAnyRefWriteIsFinishedToo) {
  crash_after(0);
  EXPECT_EQ(value("xen/a"), base.hex());
  EXPECT_EQ(recover_interrupted_moves(r.repo()).size(), 1u);
  EXPECT_EQ(value("xen/a"), news[0].hex());
  EXPECT_EQ(value("xen/c"), news[2].hex());
  EXPECT_TRUE(journals().empty());
}

TEST_F(RefJournalTest, RefSomeoneMovedAfterTheCrashIsLeftAloneAndTheRestUndone) {
  crash_after(2);
  const Oid pushed = r.commit("xen/c: pushed after the crash", {{"c.c", "c\n"}}, {base});
  r.branch("xen/c", pushed);
  const std::vector<Recovery> recovered = recover_interrupted_moves(r.repo());
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_FALSE(recovered[0].completed);
  EXPECT_EQ(recovered[0].moved, (std::vector<std::string>{"refs/heads/xen/b", "refs/heads/xen/a"}));
  ASSERT_EQ(recovered[0].left_alone.size(), 1u);
  EXPECT_EQ(recovered[0].left_alone[0],
            "'refs/heads/xen/c' is at " + pushed.short_hex() + ", neither " + base.short_hex() +
                " nor " + news[2].short_hex() + " (moved by someone else); left alone");
  EXPECT_EQ(value("xen/a"), base.hex());
  EXPECT_EQ(value("xen/b"), base.hex());
  EXPECT_EQ(value("xen/c"), pushed.hex());
  EXPECT_TRUE(journals().empty());
  expect_fsck_clean();
}

TEST_F(RefJournalTest, JournalOfAMoveStillUnderWayIsNotRecovered) {
  std::size_t recovered_meanwhile = 99;
  set_ref_write_observer([&](std::size_t written) {
    if (written == 1) {
      recovered_meanwhile = recover_interrupted_moves(r.repo()).size();
    }
  });
  update_refs(r.repo(), updates(), "patchflow test: move");
  EXPECT_EQ(recovered_meanwhile, 0u);
  EXPECT_EQ(value("xen/c"), news[2].hex());
  EXPECT_TRUE(journals().empty());
}

TEST_F(RefJournalTest, FileOfACrashedMoveIsWrittenOrRemovedWithItsRefs) {
  TempRepo stack;
  const std::string file = stack.path() + "/topic.yaml";
  crash_after(3, {{file, "name: xen/a\n"}});
  EXPECT_FALSE(fs::exists(file));  // the refs are written, the file not yet
  ASSERT_EQ(recover_interrupted_moves(r.repo()).size(), 1u);
  EXPECT_EQ(text::read_file(file), "name: xen/a\n");

  // undone: xen/a was moved back by someone, so the others go back and the file goes
  fs::remove(file);
  for (const char* name : {"xen/a", "xen/b", "xen/c"}) {
    r.branch(name, base);
  }
  crash_after(3, {{file, "name: xen/a\n"}});
  text::write_file_atomically(file, "name: xen/a\n");  // as if written just before the kill
  const Oid other = r.commit("xen/a: elsewhere", {{"o.c", "o\n"}}, {base});
  r.branch("xen/a", other);
  const std::vector<Recovery> recovered = recover_interrupted_moves(r.repo());
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_FALSE(recovered[0].completed);
  EXPECT_FALSE(fs::exists(file));
  EXPECT_EQ(value("xen/b"), base.hex());
  EXPECT_EQ(value("xen/a"), other.hex());
}

TEST_F(RefJournalTest, ExistingFileStopsTheMoveBeforeAnyRefIsWritten) {
  TempRepo stack;
  const std::string file = stack.path() + "/topic.yaml";
  text::write_file_atomically(file, "mine\n");
  const Error e = catch_error([&] {
    update_refs(r.repo(), updates(), "patchflow test: move", {{file, "name: x\n"}});
  });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_EQ(std::string(e.what()), "'" + file + "' exists; no ref updated");
  EXPECT_EQ(value("xen/a"), base.hex());
  EXPECT_EQ(text::read_file(file), "mine\n");
}

}  // namespace
}  // namespace patchflow::git
