// Trailer blocks and adding trailers, with git interpret-trailers as the referee.
#include "patchflow/patch/trailers.hpp"

#include <gtest/gtest.h>

#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {
namespace {

std::string interpret(const TempDir& dir, const std::string& message,
                      const std::vector<patch::Trailer>& trailers) {
  std::vector<std::string> args{"interpret-trailers"};
  for (const patch::Trailer& t : trailers) {
    args.push_back("--trailer");
    args.push_back(t.format());
  }
  args.push_back(dir.write("message", message));
  return run_git(args, dir.path());
}

const std::vector<std::string> k_messages = {
    "subject only\n",
    "subject\n\nbody line\n",
    "subject\n\nbody line\n\nSigned-off-by: A U Thor <author@example.com>\n",
    "subject\n\nbody\nCc: someone <s@example.com>\n",
    "subject\n\nbody\n\nFixes: 0123456789ab (\"old\")\nLink: https://example.com/x\n",
    "subject\n\nbody\n\nnot a trailer here\nnor here\nSigned-off-by: A <a@example.com>\n",
    "subject\n\nbody\n\nnot a trailer\nnor this\nnor that\nnor more\nReviewed-by: R <r@x.org>\n",
};

TEST(TrailersTest, AddTrailersMatchesInterpretTrailers) {
  TempDir dir;
  const std::vector<patch::Trailer> add = {{"Reviewed-by", "Re Viewer <rv@example.com>"},
                                           {"Signed-off-by", "M Aintainer <m@example.com>"}};
  for (const std::string& message : k_messages) {
    EXPECT_EQ(patch::add_trailers(message, add), interpret(dir, message, add)) << message;
  }
}

TEST(TrailersTest, MessageTrailersAreTheBlockGitSees) {
  TempDir dir;
  for (const std::string& message : k_messages) {
    std::string ours;
    for (const patch::Trailer& t : patch::message_trailers(message)) {
      ours += t.format() + "\n";
    }
    EXPECT_EQ(ours, run_git({"interpret-trailers", "--only-trailers", "--only-input",
                             dir.write("m", message)},
                            dir.path()))
        << message;
  }
}

TEST(TrailersTest, RepliesGiveOnlyTheirOwnUnquotedReviewTrailers) {
  const auto trailers = patch::reply_trailers(
      "> Reviewed-by: Quoted <q@example.com>\n>> Acked-by: Deeper <d@example.com>\n"
      "Looks fine.\n\nReviewed-by: Mine <me@example.com>\nSigned-off-by: Not <n@example.com>\n"
      "Tested-by: Mine <me@example.com>\nReviewed-by: Mine again <ME@example.com>\n"
      "Acked-by: Mine <mine@work.example.com>\n"
      "Tested-by: Mine Too <too@example.com>\n"
      "Link: https://example.com\n-- \nAcked-by: Signature <sig@example.com>\n",
      "Mine <me@example.com>");
  std::vector<std::string> given, quoted, foreign;
  for (const auto& t : trailers.given) given.push_back(t.format());
  for (const auto& t : trailers.quoted) quoted.push_back(t.format());
  for (const auto& t : trailers.foreign) foreign.push_back(t.format());
  EXPECT_EQ(given, (std::vector<std::string>{"Reviewed-by: Mine <me@example.com>",
                                             "Tested-by: Mine <me@example.com>",
                                             "Acked-by: Mine <mine@work.example.com>"}));
  EXPECT_EQ(quoted, (std::vector<std::string>{"Reviewed-by: Quoted <q@example.com>",
                                              "Acked-by: Deeper <d@example.com>"}));
  EXPECT_EQ(foreign, std::vector<std::string>{"Tested-by: Mine Too <too@example.com>"});
}

}  // namespace
}  // namespace patchflow::testing
