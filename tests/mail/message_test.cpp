#include "patchflow/mail/message.hpp"

#include <gtest/gtest.h>

#include "support/process.hpp"
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

// The sender is the mails' author, and the clock is their Date (2009-11-19 10:00:00 UTC): a
// one-message send leaves the bytes as they are.
constexpr const char* k_author = "Test Author <test@example.com>";
constexpr std::int64_t k_mail_time = 1258624800;

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
  const std::vector<OutgoingMessage> out =
      prepare_messages({{"a.patch", text}}, {.extra_to = {"xen-devel@example.org"},
                                             .extra_cc = {"Jürgen <j@example.org>"},
                                             .sender = k_author,
                                             .now = k_mail_time});
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
  const std::vector<OutgoingMessage> out =
      prepare_messages({{"a.patch", mail("a")}},
                       {.extra_to = {"a@example.org", "b@example.org"}, .sender = k_author});
  EXPECT_EQ(out[0].envelope_from, "test@example.com");
  EXPECT_NE(out[0].data.find("Message-Id: <a@example.com>\r\nTo: a@example.org,\r\n "
                             "b@example.org\r\n\r\nBody."),
            std::string::npos);
}

// git send-email: From is the sender; the author, someone else, opens the body ("From: " as the
// file had it, encoded words decoded) so that git am keeps the authorship; a non-ASCII author
// line gets the body a charset. The Date is the sending time, whatever the file said.
TEST(MessageTest, SenderIsTheFromHeaderAndAnotherAuthorOpensTheBody) {
  std::string text = mail("a", "To: x@example.org\n");
  text.replace(text.find("Test Author <test@example.com>"), 30,
               "=?UTF-8?q?J=C3=BCrgen=20Gro=C3=9F?= <jgross@suse.com>");
  const std::vector<OutgoingMessage> out = prepare_messages(
      {{"a.patch", text}}, {.sender = "Me Myself <me@example.net>", .now = 1764928800});
  EXPECT_EQ(out[0].envelope_from, "me@example.net");
  EXPECT_EQ(out[0].data,
            "From: Me Myself <me@example.net>\r\n"
            "Date: Fri,  5 Dec 2025 10:00:00 +0000\r\n"
            "Subject: [PATCH] xen: a\r\n"
            "Message-Id: <a@example.com>\r\n"
            "To: x@example.org\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n"
            "\r\n"
            "From: Jürgen Groß <jgross@suse.com>\r\n"
            "\r\n"
            "Body.\r\n");
}

TEST(MessageTest, SenderWithANonAsciiNameIsEncodedAndIsNotRepeatedInTheBody) {
  std::string text = mail("a", "To: x@example.org\nCc: Jürgen <j@example.org>\n");
  text.replace(text.find("Test Author <test@example.com>"), 30,
               "=?UTF-8?q?J=C3=BCrgen=20Gro=C3=9F?= <jgross@suse.com>");
  const std::vector<OutgoingMessage> out = prepare_messages(
      {{"a.patch", text}}, {.sender = "Jürgen Groß <jgross@suse.com>", .now = k_mail_time});
  EXPECT_EQ(out[0].data,
            "From: =?UTF-8?q?J=C3=BCrgen=20Gro=C3=9F?= <jgross@suse.com>\r\n"
            "Date: Thu, 19 Nov 2009 10:00:00 +0000\r\n"
            "Subject: [PATCH] xen: a\r\n"
            "Message-Id: <a@example.com>\r\n"
            "To: x@example.org\r\n"
            "Cc: =?UTF-8?q?J=C3=BCrgen?= <j@example.org>\r\n"
            "\r\n"
            "Body.\r\n");
}

// The clock: message k of n is dated now - (n - k), in the sender's zone, with the day padded as
// git send-email's "%2d" does; coreutils date(1) is the referee for the calendar.
TEST(MessageTest, DatesEndAtNowOneSecondApartInTheSendersZone) {
  const std::int64_t now = 1764928800;  // a single-digit day of the month
  const std::vector<OutgoingMessage> out =
      prepare_messages({{"1.patch", mail("a", "To: x@example.org\n")},
                        {"2.mbox", envelope("1") + mail("b", "To: x@example.org\n") + "\n" +
                                       envelope("2") + mail("c", "To: x@example.org\n")}},
                       {.sender = k_author, .now = now, .now_offset_minutes = -150});
  ASSERT_EQ(out.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const testing::ProcessResult date =
        testing::run_process({"date", "-d", "@" + std::to_string(now - 2 + static_cast<int>(i)),
                              "+%a, %e %b %Y %H:%M:%S %z"},
                             ".", {{"TZ", "NST+2:30"}});
    ASSERT_EQ(date.exit_code, 0) << date.err;
    const std::string& data = out[i].data;
    const auto at = data.find("\r\nDate: ") + 8;
    EXPECT_EQ(data.substr(at, data.find("\r\n", at) - at) + "\n", date.out);
  }
}

TEST(MessageTest, NoSenderIsAnError) {
  const Error e = catch_error([&] { prepare_messages({{"a.patch", mail("a")}}, {}); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_STREQ(e.what(),
               "no sender: give --from, or set git config sendemail.from or user.name and "
               "user.email");
}

// series --in-reply-to '<id@host>' used to write "In-Reply-To: <<id@host>>"; send refuses such
// ids before anything goes out.
TEST(MessageTest, MalformedInReplyToAndReferencesAreRefused) {
  const Error e = catch_error([&] {
    prepare_messages({{"a.patch", mail("a",
                                       "To: x@example.org\nIn-Reply-To: <<id@host>>\n"
                                       "References: <root@host> <<id@host>>\n")}},
                     {.sender = k_author});
  });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_EQ(e.describe(),
            "a.patch:6: error: message 1: malformed 'In-Reply-To' header '<<id@host>>'; expected "
            "one '<left@right>'\n"
            "a.patch:7: error: message 1: malformed message id '<<id@host>>' in 'References' "
            "header; expected '<left@right>'\n"
            "nothing sent: 2 problems");
  const Error option = catch_error([&] {
    prepare_messages({{"a.patch", mail("a", "To: x@example.org\n")}},
                     {.sender = k_author, .in_reply_to = "<no-at-sign>"});
  });
  EXPECT_EQ(option.exit_code(), ExitCode::usage);
  EXPECT_STREQ(option.what(),
               "--in-reply-to '<no-at-sign>' is not a message id; expected "
               "'<left@right>' or 'left@right'");
}

// git send-email --in-reply-to: with or without <>, the first message (without In-Reply-To of
// its own) replies to it, the next ones to the first; a file's own threading is kept.
TEST(MessageTest, InReplyToThreadsMessagesWithoutTheirOwn) {
  for (const char* given : {"<root@host>", "root@host", " <root@host> "}) {
    SCOPED_TRACE(given);
    const std::vector<OutgoingMessage> out =
        prepare_messages({{"1.patch", mail("a", "To: x@example.org\n")},
                          {"2.patch", mail("b", "To: x@example.org\n")},
                          {"3.patch", mail("c", "To: x@example.org\nIn-Reply-To: <own@host>\n")}},
                         {.sender = k_author, .in_reply_to = given});
    ASSERT_EQ(out.size(), 3u);
    EXPECT_NE(out[0].data.find("Message-Id: <a@example.com>\r\nIn-Reply-To: <root@host>\r\n"
                               "References: <root@host>\r\n"),
              std::string::npos)
        << out[0].data;
    EXPECT_NE(out[1].data.find("Message-Id: <b@example.com>\r\nIn-Reply-To: <a@example.com>\r\n"
                               "References: <root@host> <a@example.com>\r\n"),
              std::string::npos)
        << out[1].data;
    EXPECT_NE(out[2].data.find("In-Reply-To: <own@host>\r\n"), std::string::npos);
    EXPECT_EQ(out[2].data.find("References:"), std::string::npos);
  }
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
                     {.sender = k_author});
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
            "bad.mbox:11: error: message 2: non-ASCII body needs 'Content-Type' with a charset and "
            "'Content-Transfer-Encoding: 8bit'\n"
            "nothing sent: 6 problems");
}

TEST(MessageTest, RefusesDuplicateMessageIdsOversizeMessagesAndMissingRecipients) {
  const Error e = catch_error([&] {
    prepare_messages({{"1.patch", mail("a", "To: x@example.org\n")},
                      {"2.patch", mail("a", "", std::string(100, 'y') + "\n")}},
                     {.sender = k_author, .now = k_mail_time, .size_limit = 200});
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
