// process::run is the one way patchflow starts programs; these tests use /bin/sh and the
// coreutils as the programs, so what they check is the runner, not the program.
#include "patchflow/core/process.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/temp_repo.hpp"

namespace patchflow::process {
namespace {

TEST(ProcessTest, CapturesOutputErrorsAndExitCodeApart) {
  const Result r = run({.argv = {"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.output, "out\n");
  EXPECT_EQ(r.errors, "err\n");
  EXPECT_FALSE(r.timed_out);
}

TEST(ProcessTest, MergedStderrKeepsTheOrderTheChildWrote) {
  const Result r = run(shell("echo one; echo two >&2; echo three", ""));
  EXPECT_EQ(r.output, "one\ntwo\nthree\n");
  EXPECT_EQ(r.errors, "");
}

// More than a pipe holds (64 KiB) both ways: a runner that writes all input before reading
// would deadlock with cat.
TEST(ProcessTest, FeedsLargeInputWhileDrainingOutput) {
  std::string input;
  for (int i = 0; i < 100000; ++i) {
    input += "line " + std::to_string(i) + "\n";
  }
  const Result r = run({.argv = {"cat"}, .input = input});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, input);
}

// A child that exits without reading its input must not kill us with SIGPIPE.
TEST(ProcessTest, ChildThatIgnoresItsInputIsNoError) {
  const Result r = run({.argv = {"true"}, .input = std::string(1 << 20, 'x')});
  EXPECT_EQ(r.exit_code, 0);
}

TEST(ProcessTest, RunsInTheGivenDirectory) {
  testing::TempDir dir;
  const Result r = run(shell("pwd", dir.path()));
  EXPECT_EQ(std::filesystem::canonical(r.output.substr(0, r.output.size() - 1)),
            std::filesystem::canonical(dir.path()));
}

TEST(ProcessTest, SignalIs128PlusItsNumber) {
  EXPECT_EQ(run(shell("kill -9 $$", "")).exit_code, 128 + 9);
}

// The whole process group goes: the shell's child (sleep) too, or this test would wait 60 s
// for the pipe it inherited to close.
TEST(ProcessTest, TimeoutKillsTheWholeGroup) {
  const Result r = run({.argv = {"/bin/sh", "-c", "sleep 60; echo late"},
                        .timeout = std::chrono::milliseconds(200)});
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.output, "");
}

TEST(ProcessTest, AProgramThatCannotStartIsAUsageErrorNamingIt) {
  try {
    run({.argv = {"/nonexistent/tool", "x"}});
    ADD_FAILURE() << "no error";
  } catch (const CannotStart& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::usage);
    EXPECT_EQ(e.reason(), "No such file or directory");
    EXPECT_EQ(std::string(e.what()), "cannot run '/nonexistent/tool': No such file or directory");
  }
  try {
    run(shell("true", "/nonexistent/dir"));
    ADD_FAILURE() << "no error";
  } catch (const CannotStart& e) {
    EXPECT_NE(std::string(e.what()).find("in '/nonexistent/dir'"), std::string::npos) << e.what();
  }
}

TEST(ProcessTest, TailIsTheLastNonBlankLines) {
  EXPECT_EQ(tail("a\nb\n\nc\n\n", 2), "b\nc");
  EXPECT_EQ(tail("", 3), "");
  EXPECT_EQ(tail("only\n", 3), "only");
}

}  // namespace
}  // namespace patchflow::process
