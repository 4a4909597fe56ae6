#include "patchflow/mail/message.hpp"

#include <gtest/gtest.h>

#include "support/temp_repo.hpp"

namespace patchflow::mail {
namespace {

using testing::catch_error;

std::string mail(const std::string& id, const std::string& extra_headers = "",
                 const std::string& body = "Body.\n") {
  return "From: Test Author <test@example.com>\n"
         "Date: Thu, 19 Nov 2009 10:00:00 +0000\n"
         "Subject: [PATCH] xen: " +
         id +
         "\n"
         "Message-Id: <" +
         id + "@example.com>\n" + extra_headers + "\n" + body;
}

std::string envelope(const std::string& sha) {
  return "From " + sha + " Mon Sep 17 00:00:00 2001\n";
}

TEST(MessageTest, SplitsAnMboxAtEnvelopeLinesKeepingTheBytesBetween) {
  const std::string one = mail("a", "To: x@example.org\n", "From the body, not a separator\n\n");
  const std::string two = mail("b", "To: x@example.org\n");
  const std::vector<RawMessage> raws = split_messages(envelope("1") + one + envelope("2") + two);
  ASSERT_EQ(raws.size(), 2u);
  EXPECT_EQ(raws[0].text, one);
  EXPECT_EQ(raws[0].first_line, 2);
  EXPECT_EQ(raws[1].text, two);
  EXPECT_EQ(raws[1].index, 2);
  EXPECT_EQ(raws[1].first_line, 11);
}

TEST(MessageTest, DataHasCrlfNoBccAndEnvelopeHasEveryRecipientOnce) {
  const std::string text = mail("a",
                                "To: Xen Devel <xen-devel@example.org>, dup@example.org\n"
                                "Cc: DUP@example.org,\n\tother@example.org\n"
                                "Bcc: hidden@example.org\n");
  const std::vector<OutgoingMessage> out = prepare_messages(
      {{"a.patch", text}},
      {.extra_to = {"xen-devel@example.org"}, .extra_cc = {"Jürgen <j@example.org>"}});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].envelope_from, "test@example.com");
  EXPECT_EQ(out[0].message_id, "<a@example.com>");
  EXPECT_EQ(out[0].recipients,
            (std::vector<std::string>{"xen-devel@example.org", "dup@example.org",
                                      "other@example.org", "j@example.org", "hidden@example.org"}));
  EXPECT_EQ(out[0].data,
            "From: Test Author <test@example.com>\r\n"
            "Date: Thu, 19 Nov 2009 10:00:00 +0000\r\n"
            "Subject: [PATCH] xen: a\r\n"
            "Message-Id: <a@example.com>\r\n"
            "To: Xen Devel <xen-devel@example.org>, dup@example.org\r\n"
            "Cc: DUP@example.org,\r\n\tother@example.org,\r\n =?UTF-8?q?J=C3=BCrgen?= "
            "<j@example.org>\r\n"
            "\r\n"
            "Body.\r\n");
}

TEST(MessageTest, ToOptionCreatesTheHeaderWhenMissing) {
  const std::vector<OutgoingMessage> out = prepare_messages(
      {{"a.patch", mail("a")}},
      {.extra_to = {"a@example.org", "b@example.org"}, .envelope_from = "Me <me@example.net>"});
  EXPECT_EQ(out[0].envelope_from, "me@example.net");
  EXPECT_NE(out[0].data.find("Message-Id: <a@example.com>\r\nTo: a@example.org,\r\n "
                             "b@example.org\r\n\r\nBody."),
            std::string::npos);
}

TEST(MessageTest, EncodesRawUtf8InSubjectAndFromAsGitSendEmailDoes) {
  std::string text = mail("a", "To: x@example.org\n");
  text.replace(text.find("Test Author"), 11, "Jürgen Groß");
  const std::vector<OutgoingMessage> out = prepare_messages({{"a.patch", text}}, {});
  EXPECT_EQ(out[0].data.substr(0, out[0].data.find("\r\n")),
            "From: =?UTF-8?q?J=C3=BCrgen_Gro=C3=9F?= <test@example.com>");
}

TEST(MessageTest, EveryProblemIsReportedWithFileLineAndMessageNumber) {
  const std::string long_line(999, 'x');
  const std::string bad =
      "From: Test Author <test@example.com>\n"
      "Subject: =?UTF-8?q?broken word?=\n"
      "Message-Id: no-angle@example.com\n"
      "X-Latin1: caf\xe9\n"
      "To: x@example.org\n"
      "\n"
      "bare\rCR\n" +
      long_line +
      "\n"
      "caf\xc3\xa9 without charset\n";
  const Error e = catch_error([&] {
    prepare_messages({{"good.mbox", envelope("1") + mail("a", "To: x@example.org\n")},
                      {"bad.mbox", envelope("1") + mail("b", "To: x@example.org\n", "Body.\n\n") +
                                       envelope("2") + bad}},
                     {});
  });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_EQ(e.describe(),
            "bad.mbox:17: error: message 2: bare CR inside a line\n"
            "bad.mbox:18: error: message 2: line is 999 octets long; SMTP allows 998\n"
            "bad.mbox:12: error: message 2: malformed RFC 2047 encoded word in header 'Subject'\n"
            "bad.mbox:13: error: message 2: malformed 'Message-Id' header 'no-angle@example.com'; "
            "expected '<left@right>'\n"
            "bad.mbox:14: error: message 2: non-ASCII in header 'X-Latin1'; it must be RFC 2047 "
            "encoded\n"
            "bad.mbox:11: error: message 2: missing 'Date' header\n"
            "bad.mbox:11: error: message 2: non-ASCII body needs 'Content-Type' with a charset and "
            "'Content-Transfer-Encoding: 8bit'\n"
            "nothing sent: 7 problems");
}

TEST(MessageTest, RefusesDuplicateMessageIdsOversizeMessagesAndMissingRecipients) {
  const Error e = catch_error([&] {
    prepare_messages({{"1.patch", mail("a", "To: x@example.org\n")},
                      {"2.patch", mail("a", "", std::string(100, 'y') + "\n")}},
                     {.size_limit = 200});
  });
  EXPECT_EQ(e.describe(),
            "2.patch:1: error: message 1: no 'To' or 'Cc' header (add recipients or use --to)\n"
            "2.patch:4: error: message 1: Message-Id '<a@example.com>' is also used by "
            "1.patch message 1\n"
            "2.patch:1: error: message 1: message is 235 octets; the limit is 200\n"
            "nothing sent: 3 problems");
}

TEST(MessageTest, RefusesMalformedOptionAddresses) {
  const Error e = catch_error([&] { prepare_messages({}, {.extra_cc = {"nobody"}}); });
  EXPECT_EQ(e.describe(),
            "patchflow: error: --cc 'nobody': address 'nobody' has no '@domain' in 'nobody'");
}

}  // namespace
}  // namespace patchflow::mail
