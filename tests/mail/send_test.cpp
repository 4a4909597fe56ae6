// `patchflow send` end to end: the built binary against a real SMTP server (aiosmtpd) that the
// test starts on 127.0.0.1; what the server stored is compared byte for byte with the files.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "mail/smtp_sink.hpp"
#include "patchflow/core/json.hpp"
#include "patchflow/patch/mbox.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_password = "s3cret-Pw-9417";

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

void spit(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

// The message without its Date header line: send dates each message when it sends it.
std::string without_date(const std::string& message) {
  const auto at = message.find("\nDate: ");
  if (at == std::string::npos) {
    return message;
  }
  return message.substr(0, at + 1) + message.substr(message.find('\n', at + 1) + 1);
}

// What SMTP must deliver for a `git format-patch` file whose author is the sender: everything
// after the "From <sha>" line, with CRLF line ends (the only change SMTP makes), but the Date
// (compare through without_date).
std::string expected_data(const std::string& file_content) {
  const std::string message = file_content.substr(file_content.find('\n') + 1);
  std::string out;
  for (const char c : message) {
    if (c == '\n') {
      out += '\r';
    }
    out += c;
  }
  return without_date(out);
}

// The value of header name (first line only) in the header part of message (file or DATA).
std::string header(const std::string& message, const std::string& name) {
  const std::string text = "\n" + message;
  const auto end = std::min(text.find("\n\n"), text.find("\n\r\n"));
  const auto at = text.find("\n" + name + ": ");
  if (at == std::string::npos || at >= end) {
    return "";
  }
  const auto start = at + name.size() + 3;
  return text.substr(start, text.find_first_of("\r\n", start) - start);
}

struct DryRunMessage {
  std::string mail_from;
  std::vector<std::string> rcpt_tos;
  std::string data;
};

// Reads the --dry-run transcript: "MAIL FROM:<a>", "RCPT TO:<b>"..., "DATA <n>", n bytes.
std::vector<DryRunMessage> parse_dry_run(const std::string& out) {
  std::vector<DryRunMessage> messages;
  std::size_t at = 0;
  while ((at = out.find("MAIL FROM:<", at)) != std::string::npos) {
    DryRunMessage m;
    const auto end = out.find(">\n", at);
    m.mail_from = out.substr(at + 11, end - at - 11);
    at = end + 2;
    while (out.compare(at, 9, "RCPT TO:<") == 0) {
      const auto close = out.find(">\n", at);
      m.rcpt_tos.push_back(out.substr(at + 9, close - at - 9));
      at = close + 2;
    }
    EXPECT_EQ(out.compare(at, 5, "DATA "), 0);
    const auto newline = out.find('\n', at);
    const std::size_t size = std::stoul(out.substr(at + 5, newline - at - 5));
    m.data = out.substr(newline + 1, size);
    at = newline + 1 + size;
    messages.push_back(std::move(m));
  }
  return messages;
}

class SendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const git::Oid base = m_repo.commit("init", {{"drivers/xen/events.c", "int a;\n"}});
    const git::Oid c1 = m_repo.commit(
        "xen/events: add b\n\nA body line.\n.leading dot survives dot-stuffing\n.\n"
        "trailing spaces  \n\nSigned-off-by: Test Author <test@example.com>\n",
        {{"drivers/xen/events.c", "int a;\nint b;\n"}}, {base});
    const git::Oid c2 = m_repo.commit(
        "xen/events: add c\n\nTested on Jürgen's box, with UTF-8 in the body.\n\n"
        "Signed-off-by: Test Author <test@example.com>\n",
        {{"drivers/xen/events.c", "int a;\nint b;\nint c;\n"}}, {c1});
    const git::Oid c3 = m_repo.commit("xen/events: add d\n\nThird.\n",
                                      {{"drivers/xen/events.c", "int a;\nint b;\nint c;\nint d;\n"},
                                       {"drivers/xen/.dotfile", ".\n..\n"}},
                                      {c2});
    m_repo.git({"format-patch", "-q", "--thread", "--to", "Xen Devel <xen-devel@lists.example.org>",
                "--cc", "Jeremy Fitzhardinge <jeremy@goop.example>", "-o", "out",
                base.hex() + ".." + c3.hex()});
    for (const auto& entry : fs::directory_iterator(fs::path(m_repo.path()) / "out")) {
      m_patches.push_back("out/" + entry.path().filename().string());
    }
    std::sort(m_patches.begin(), m_patches.end());
    ASSERT_EQ(m_patches.size(), 3u);
    // The sender is the git identity, as for git send-email: here the patches' author.
    spit(m_home.path() + "/.gitconfig",
         "[user]\n\tname = Test Author\n\temail = test@example.com\n");
  }

  std::string content(std::size_t i) const { return slurp(m_repo.path() + "/" + m_patches[i]); }

  // Runs `patchflow send <args> <patches>` in dir (default: the repository), isolated from the
  // user's git configuration.
  ProcessResult send(std::vector<std::string> args, std::map<std::string, std::string> env = {},
                     std::string dir = "") {
    std::vector<std::string> argv{PATCHFLOW_BINARY, "send"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), m_patches.begin(), m_patches.end());
    env["HOME"] = m_home.path();
    env["GIT_CONFIG_NOSYSTEM"] = "1";
    env["NO_COLOR"] = "1";
    return run_process(argv, dir.empty() ? m_repo.path() : dir, env);
  }

  std::vector<std::string> server(const SmtpSink& sink) {
    return {"--smtp-server", "127.0.0.1", "--smtp-server-port", sink.port_text()};
  }

  TempRepo m_repo;
  TempDir m_server_dir, m_home;
  std::vector<std::string> m_patches;
};

TEST_F(SendTest, SeriesArrivesByteIntactWithEnvelopeRecipients) {
  SmtpSink sink(m_server_dir.path());
  // Settings from git config, as git send-email reads them.
  m_repo.git({"config", "sendemail.smtpServer", "127.0.0.1"});
  m_repo.git({"config", "sendemail.smtpServerPort", sink.port_text()});
  const ProcessResult r = send({});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<ReceivedMail> mails = sink.received();
  ASSERT_EQ(mails.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(m_patches[i]);
    EXPECT_EQ(without_date(mails[i].data), expected_data(content(i)));
    EXPECT_EQ(mails[i].mail_from, "test@example.com");
    EXPECT_EQ(mails[i].rcpt_tos,
              (std::vector<std::string>{"xen-devel@lists.example.org", "jeremy@goop.example"}));
  }
  EXPECT_NE(mails[0].data.find("\r\n.leading dot survives dot-stuffing\r\n.\r\n"),
            std::string::npos);
  EXPECT_EQ(r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1),
            "3 of 3 messages sent, 0 already sent, 0 not sent\n");
  // The journal lists the three Message-Ids (sorted), in the repository.
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < 3; ++i) {
    ids.push_back(header(content(i), "Message-Id"));
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(m_repo.git({"show", "refs/patchflow/sent-mail:message-ids"}),
            ids[0] + "\n" + ids[1] + "\n" + ids[2] + "\n");
  EXPECT_EQ(m_repo.git({"rev-list", "--count", "refs/patchflow/sent-mail"}), "3\n");
}

TEST_F(SendTest, DryRunPrintsExactlyTheBytesThatAreSentAndSendsNothing) {
  SmtpSink sink(m_server_dir.path());
  const ProcessResult dry = send(
      server(sink) + std::vector<std::string>{"--dry-run", "--cc", "Extra <extra@example.org>"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_TRUE(sink.received().empty());
  EXPECT_EQ(m_repo.git({"for-each-ref", "refs/patchflow/"}), "");
  const std::vector<DryRunMessage> printed = parse_dry_run(dry.out);
  ASSERT_EQ(printed.size(), 3u);
  EXPECT_EQ(dry.out.substr(dry.out.rfind("dry run:")),
            "dry run: 3 of 3 messages would be sent, 0 already sent; nothing sent\n");

  const ProcessResult real =
      send(server(sink) + std::vector<std::string>{"--cc", "Extra <extra@example.org>"});
  ASSERT_EQ(real.exit_code, 0) << real.err;
  const std::vector<ReceivedMail> mails = sink.received();
  ASSERT_EQ(mails.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(m_patches[i]);
    EXPECT_EQ(without_date(printed[i].data), without_date(mails[i].data));
    EXPECT_EQ(printed[i].mail_from, mails[i].mail_from);
    EXPECT_EQ(printed[i].rcpt_tos, mails[i].rcpt_tos);
    EXPECT_EQ(mails[i].rcpt_tos,
              (std::vector<std::string>{"xen-devel@lists.example.org", "jeremy@goop.example",
                                        "extra@example.org"}));
    // --cc extends the Cc header, folded; everything else is the file's bytes.
    std::string expected = expected_data(content(i));
    const std::string cc = "Cc: Jeremy Fitzhardinge <jeremy@goop.example>";
    expected.insert(expected.find(cc) + cc.size(), ",\r\n Extra <extra@example.org>");
    EXPECT_EQ(without_date(mails[i].data), expected);
  }
}

TEST_F(SendTest, InvalidMessageSendsNothingAndNamesFileAndMessage) {
  SmtpSink sink(m_server_dir.path());
  const std::string good = content(0);
  std::string bad = content(1);
  // No Message-Id: send cannot journal it (a missing Date is fine: send dates every message).
  bad.erase(bad.find("Message-Id: "),
            bad.find('\n', bad.find("Message-Id: ")) + 1 - bad.find("Message-Id: "));
  const std::string to = "To: Xen Devel <xen-devel@lists.example.org>";
  bad.replace(bad.find(to), to.size(), "To: Xen Devel <xen-devel@lists,example.org>");
  spit(m_repo.path() + "/series.mbox", good + bad + content(2));
  m_patches = {"series.mbox"};
  const ProcessResult r = send(server(sink));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  const std::string mbox = slurp(m_repo.path() + "/series.mbox");
  const auto line_of = [&](std::size_t offset) {
    return std::to_string(std::count(mbox.begin(), mbox.begin() + offset, '\n') + 1);
  };
  const std::string to_line = line_of(mbox.find("To: Xen Devel <xen-devel@lists,"));
  // the message's first header, after its "From <sha>" line
  const std::string header_line = line_of(good.size() + bad.find('\n') + 1);
  EXPECT_EQ(r.err, "series.mbox:" + to_line +
                       ": error: message 2: malformed domain 'lists,example.org' in "
                       "'Xen Devel <xen-devel@lists,example.org>' in 'To' header\n"
                       "series.mbox:" +
                       header_line +
                       ": error: message 2: missing 'Message-Id' header\n"
                       "nothing sent: 2 problems\n");
  EXPECT_TRUE(sink.received().empty());
}

TEST_F(SendTest, RefusedRecipientStopsWithExit3AndReRunSendsOnlyTheRest) {
  std::string second = content(1);
  const std::string cc = "Cc: Jeremy Fitzhardinge <jeremy@goop.example>";
  second.insert(second.find(cc) + cc.size(), ", refused@example.org");
  spit(m_repo.path() + "/" + m_patches[1], second);
  const std::string id1 = header(content(0), "Message-Id"), id2 = header(second, "Message-Id"),
                    id3 = header(content(2), "Message-Id");
  {
    SmtpSink sink(m_server_dir.path(), {"--refuse-rcpt", "refused@example.org"});
    const ProcessResult r = send(server(sink));
    EXPECT_EQ(r.exit_code, 3);
    const std::string url = "'smtp://127.0.0.1:" + sink.port_text() + "'";
    EXPECT_EQ(r.err, "patchflow: error: sending stopped: " + url + " did not accept " +
                         m_patches[1] + " message 1 " + id2 +
                         ": RCPT failed: 550 (server said 550); sent: " + m_patches[0] +
                         " message 1; not sent: " + m_patches[1] + " message 1, " + m_patches[2] +
                         " message 1; re-run the same command to send the rest\n");
    EXPECT_NE(r.out.find("sent: " + m_patches[0] + " message 1 " + id1 + " to "),
              std::string::npos);
    EXPECT_NE(r.out.find("not sent: " + m_patches[2] + " message 1 " + id3 + "\n"),
              std::string::npos);
    ASSERT_EQ(sink.received().size(), 1u);
  }
  // The recipient is fixed on the server side; the same command resumes.
  SmtpSink sink(m_server_dir.path());
  const ProcessResult again = send(server(sink));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already sent: " + m_patches[0] + " message 1 " + id1 +
                           " (in refs/patchflow/sent-mail); skipped\n"),
            std::string::npos);
  EXPECT_NE(again.out.find("2 of 3 messages sent, 1 already sent, 0 not sent\n"),
            std::string::npos);
  const std::vector<ReceivedMail> mails = sink.received();
  ASSERT_EQ(mails.size(), 3u);  // one from the first run, two now: no duplicate
  EXPECT_EQ(without_date(mails[0].data), expected_data(content(0)));
  EXPECT_EQ(without_date(mails[1].data), expected_data(second));
  EXPECT_EQ(without_date(mails[2].data), expected_data(content(2)));
  EXPECT_EQ(mails[1].rcpt_tos,
            (std::vector<std::string>{"xen-devel@lists.example.org", "jeremy@goop.example",
                                      "refused@example.org"}));
}

TEST_F(SendTest, DroppedConnectionOutsideRepositoryResumesFromJournalFile) {
  TempDir plain;  // no repository: the journal is a file next to the patches
  for (std::string& patch : m_patches) {
    fs::create_directories(plain.path() + "/out");
    fs::copy_file(m_repo.path() + "/" + patch, plain.path() + "/" + patch);
  }
  {
    SmtpSink sink(m_server_dir.path(), {"--drop-after", "1"});
    const ProcessResult r = send(server(sink), {}, plain.path());
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("; sent: " + m_patches[0] + " message 1; not sent: " + m_patches[1] +
                         " message 1, " + m_patches[2] + " message 1; re-run"),
              std::string::npos)
        << r.err;
    ASSERT_EQ(sink.received().size(), 1u);
  }
  EXPECT_EQ(slurp(plain.path() + "/out/.patchflow-sent-mail"),
            header(content(0), "Message-Id") + "\n");
  SmtpSink sink(m_server_dir.path());
  const ProcessResult again = send(server(sink), {}, plain.path());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const std::vector<ReceivedMail> mails = sink.received();
  ASSERT_EQ(mails.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(without_date(mails[i].data), expected_data(content(i)));
  }
}

// Every byte under dir, and every git object of the repository uncompressed.
std::string everything_on_disk(const std::string& dir, TempRepo& repo) {
  std::string all;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      all += slurp(entry.path().string());
    }
  }
  return all + repo.git({"cat-file", "--batch-all-objects", "--batch"});
}

TEST_F(SendTest, AuthPasswordFromEnvironmentReachesServerAndIsNeverWritten) {
  SmtpSink sink(m_server_dir.path(), {"--auth", "alice"}, {{"SMTP_SINK_PASSWORD", k_password}});
  m_repo.git({"config", "sendemail.smtpUser", "alice"});
  const ProcessResult wrong = send(server(sink), {{"PATCHFLOW_SMTP_PASSWORD", "not-it"}});
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_NE(wrong.err.find("Login denied"), std::string::npos) << wrong.err;
  EXPECT_TRUE(sink.received().empty());

  const ProcessResult r = send(server(sink), {{"PATCHFLOW_SMTP_PASSWORD", k_password}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<ReceivedMail> mails = sink.received();
  ASSERT_EQ(mails.size(), 3u);
  EXPECT_EQ(mails[0].login, "alice");
  EXPECT_EQ((r.out + r.err + wrong.out + wrong.err).find(k_password), std::string::npos);
  EXPECT_EQ(everything_on_disk(m_repo.path(), m_repo).find(k_password), std::string::npos);
  EXPECT_EQ(everything_on_disk(m_home.path(), m_repo).find(k_password), std::string::npos);
}

TEST_F(SendTest, AuthPasswordFromGitConfig) {
  SmtpSink sink(m_server_dir.path(), {"--auth", "alice"}, {{"SMTP_SINK_PASSWORD", k_password}});
  m_repo.git({"config", "sendemail.smtpUser", "alice"});
  m_repo.git({"config", "sendemail.smtpPass", k_password});
  const ProcessResult r = send(server(sink));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(sink.received().size(), 3u);
  EXPECT_EQ(sink.received()[2].login, "alice");
  EXPECT_EQ((r.out + r.err).find(k_password), std::string::npos);
}

// A repository whose patches were written by other people (2009 author dates), sent by someone
// else, as a maintainer forwards them: the case of issue 11.
class SendAsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    run_git({"init", "-q", "-b", "master"}, m_work.path());
    m_work.write("drivers/xen/events.c", "int a;\n");
    commit("init", "Test Author", "test@example.com");
    run_git({"tag", "base"}, m_work.path());
    m_work.write("drivers/xen/events.c", "int a;\nint b;\n");
    commit("xen/events: add b", "Konrad Rzeszutek Wilk", "konrad.wilk@oracle.com");
    m_work.write("drivers/xen/events.c", "int a;\nint b;\nint c;\n");
    commit("xen/events: add c", "Jürgen Groß", "jgross@suse.com");
    m_work.write("drivers/xen/events.c", "int a;\nint b;\nint c;\nint d;\n");
    commit("xen/events: add d", "Roger Pau Monné", "roger.pau@citrix.com");
    run_git({"format-patch", "-q", "--thread", "--to", "Xen Devel <xen-devel@lists.example.org>",
             "-o", "out", "base..master"},
            m_work.path());
    for (const auto& entry : fs::directory_iterator(fs::path(m_work.path()) / "out")) {
      m_patches.push_back("out/" + entry.path().filename().string());
    }
    std::sort(m_patches.begin(), m_patches.end());
    ASSERT_EQ(m_patches.size(), 3u);
  }

  void commit(const std::string& subject, const std::string& name, const std::string& email) {
    run_git({"add", "-A"}, m_work.path());
    run_git({"commit", "-q", "-m",
             subject + "\n\nWhy it is needed.\n\nSigned-off-by: " + name + " <" + email + ">"},
            m_work.path(),
            {{"GIT_AUTHOR_NAME", name},
             {"GIT_AUTHOR_EMAIL", email},
             {"GIT_AUTHOR_DATE", "2009-11-17T10:00:00+0100"},
             {"GIT_COMMITTER_DATE", "2009-11-17T10:00:00+0100"}});
  }

  ProcessResult send(std::vector<std::string> args, const SmtpSink& sink) {
    std::vector<std::string> argv{PATCHFLOW_BINARY};
    argv.insert(argv.end(), m_global.begin(), m_global.end());
    for (const std::string& a :
         {std::string("send"), std::string("--smtp-server"), std::string("127.0.0.1"),
          std::string("--smtp-server-port"), sink.port_text()}) {
      argv.push_back(a);
    }
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), m_patches.begin(), m_patches.end());
    return run_process(argv, m_work.path(),
                       {{"HOME", m_home.path()}, {"GIT_CONFIG_NOSYSTEM", "1"}, {"NO_COLOR", "1"}});
  }

  // The referee: git am of what the server received, on a branch at base; returns
  // "author name <email>|subject" per applied commit, oldest first.
  std::string git_am(const std::vector<ReceivedMail>& mails) {
    std::string mbox;
    for (const ReceivedMail& m : mails) {
      std::string message;
      for (const char c : m.data) {
        if (c != '\r') {
          message += c;
        }
      }
      mbox += "From mboxrd@z Thu Jan  1 00:00:00 1970\n" + message + "\n";
    }
    spit(m_work.path() + "/received.mbox", mbox);
    run_git({"checkout", "-q", "-b", "applied", "base"}, m_work.path());
    run_git({"am", "-q", "received.mbox"}, m_work.path());
    EXPECT_EQ(run_git({"rev-parse", "applied^{tree}"}, m_work.path()),
              run_git({"rev-parse", "master^{tree}"}, m_work.path()));
    return run_git({"log", "--reverse", "--format=%an <%ae>|%s", "base..applied"}, m_work.path());
  }

  TempDir m_work, m_server_dir, m_home;
  std::vector<std::string> m_patches;
  std::vector<std::string> m_global;  // options before "send", e.g. --stack
};

std::int64_t date_of(const std::string& data) {
  const std::optional<patch::Timestamp> t = patch::parse_date(header(data, "Date"));
  EXPECT_TRUE(t.has_value()) << header(data, "Date");
  return t ? t->seconds : 0;
}

// Regression for issue 11: the header From was the author's and the Date the author's (2009).
TEST_F(SendAsTest, FromIsTheSenderAuthorsStayInTheBodyAndGitAmKeepsThem) {
  SmtpSink sink(m_server_dir.path());
  const std::int64_t before = static_cast<std::int64_t>(std::time(nullptr));
  const ProcessResult r = send({"--from", "Your Name <you@example.org>"}, sink);
  const std::int64_t after = static_cast<std::int64_t>(std::time(nullptr));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<ReceivedMail> mails = sink.received();
  ASSERT_EQ(mails.size(), 3u);
  const char* authors[] = {"Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>",
                           "Jürgen Groß <jgross@suse.com>",
                           "Roger Pau Monné <roger.pau@citrix.com>"};
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(m_patches[i]);
    const std::string& data = mails[i].data;
    EXPECT_EQ(mails[i].mail_from, "you@example.org");
    EXPECT_EQ(header(data, "From"), "Your Name <you@example.org>");
    EXPECT_EQ(data.find("\r\nSender:"), std::string::npos);
    const std::string body = data.substr(data.find("\r\n\r\n") + 4);
    EXPECT_EQ(body.substr(0, body.find("\r\n\r\n") + 4),
              std::string("From: ") + authors[i] + "\r\n\r\n");
    EXPECT_EQ(header(data, "Message-Id"),
              header(slurp(m_work.path() + "/" + m_patches[i]), "Message-Id"));
  }
  // Sending time, one second apart, the last one now: the thread sorts in order.
  EXPECT_EQ(date_of(mails[1].data), date_of(mails[0].data) + 1);
  EXPECT_EQ(date_of(mails[2].data), date_of(mails[1].data) + 1);
  EXPECT_GE(date_of(mails[2].data), before);
  EXPECT_LE(date_of(mails[2].data), after);
  // A non-ASCII author line declares its charset (format-patch did not: the body is ASCII).
  EXPECT_EQ(header(mails[1].data, "Content-Type"), "text/plain; charset=UTF-8");
  // Threading from format-patch --thread is kept.
  EXPECT_EQ(header(mails[1].data, "In-Reply-To"), header(mails[0].data, "Message-Id"));
  EXPECT_EQ(header(mails[2].data, "In-Reply-To"), header(mails[0].data, "Message-Id"));
  EXPECT_EQ(git_am(mails), std::string(authors[0]) + "|xen/events: add b\n" + authors[1] +
                               "|xen/events: add c\n" + authors[2] + "|xen/events: add d\n");
}

// Without --from: sendemail.from, else the git identity; the sender's own patch carries no
// in-body From, and a non-ASCII sender name is RFC 2047-encoded in the header.
TEST_F(SendAsTest, SenderComesFromSendemailFromElseTheGitIdentity) {
  spit(m_home.path() + "/.gitconfig", "[user]\n\tname = Jürgen Groß\n\temail = jgross@suse.com\n");
  {
    SmtpSink sink(m_server_dir.path());
    const ProcessResult r = send({}, sink);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::vector<ReceivedMail> mails = sink.received();
    ASSERT_EQ(mails.size(), 3u);
    EXPECT_EQ(header(mails[1].data, "From"),
              "=?UTF-8?q?J=C3=BCrgen=20Gro=C3=9F?= <jgross@suse.com>");
    EXPECT_EQ(mails[1].mail_from, "jgross@suse.com");
    const std::string body = mails[1].data.substr(mails[1].data.find("\r\n\r\n") + 4);
    EXPECT_EQ(body.find("From: "), std::string::npos) << body;
    EXPECT_EQ(git_am(mails),
              "Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>|xen/events: add b\n"
              "Jürgen Groß <jgross@suse.com>|xen/events: add c\n"
              "Roger Pau Monné <roger.pau@citrix.com>|xen/events: add d\n");
  }
  run_git({"update-ref", "-d", "refs/patchflow/sent-mail"}, m_work.path());
  run_git({"config", "sendemail.from", "Maintainer <maint@example.org>"}, m_work.path());
  SmtpSink sink(m_server_dir.path());
  const ProcessResult r = send({"--dry-run"}, sink);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<DryRunMessage> printed = parse_dry_run(r.out);
  ASSERT_EQ(printed.size(), 3u);
  EXPECT_EQ(printed[0].mail_from, "maint@example.org");
  EXPECT_EQ(header(printed[0].data, "From"), "Maintainer <maint@example.org>");
}

TEST_F(SendAsTest, NoSenderAnywhereIsAUsageErrorAndNothingIsSent) {
  SmtpSink sink(m_server_dir.path());
  const ProcessResult r = send({}, sink);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "patchflow: error: no sender: give --from, or set git config sendemail.from or "
            "user.name and user.email\n");
  EXPECT_TRUE(sink.received().empty());
}

// series --in-reply-to '<id@host>' wrote "In-Reply-To: <<id@host>>" and send accepted it.
TEST_F(SendAsTest, InReplyToWithBracketsOrNotAndMalformedIdsRefused) {
  std::string first = slurp(m_work.path() + "/" + m_patches[1]);
  const std::string irt = "In-Reply-To: " + header(first, "In-Reply-To");
  first.replace(first.find(irt), irt.size(), "In-Reply-To: <<id@host>>");
  spit(m_work.path() + "/" + m_patches[1], first);
  SmtpSink sink(m_server_dir.path());
  const ProcessResult bad = send({"--from", "Your Name <you@example.org>", "--dry-run"}, sink);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(m_patches[1] + ":"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find(": error: message 1: malformed 'In-Reply-To' header '<<id@host>>'; "
                         "expected one '<left@right>'\n"),
            std::string::npos)
      << bad.err;
  const ProcessResult option =
      send({"--from", "you@example.org", "--dry-run", "--in-reply-to", "not an id"}, sink);
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_EQ(option.err,
            "patchflow: error: --in-reply-to 'not an id' is not a message id; "
            "expected '<left@right>' or 'left@right'\n");
}

// send records a topic's version as sent (as series --record does) once it has really mailed
// it: not for --dry-run, not when sending stopped half-way.
TEST_F(SendAsTest, MailingATopicsSeriesRecordsItAsSentOnlyWhenItAllWentOut) {
  run_git({"branch", "xen/events", "master"}, m_work.path());
  run_git({"branch", "linux-2.6", "base"}, m_work.path());
  TempDir stack;
  stack.write("stack/stack.yaml",
              "name: s\ndescription: one topic\ncomponents:\n"
              "  - name: linux\n    mainline: linux-2.6\n");
  stack.write("topics/xen-events.yaml", "name: xen/events\ncomponent: linux\n");
  m_global = {"--stack", stack.path()};
  const std::vector<std::string> from{"--from", "Your Name <you@example.org>"};
  const auto recorded = [&] {
    return run_git({"for-each-ref", "--format=%(refname)", "refs/patchflow/sent/"}, m_work.path());
  };
  {
    SmtpSink sink(m_server_dir.path());
    std::vector<std::string> dry = from;
    dry.push_back("--dry-run");
    const ProcessResult r = send(dry, sink);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(recorded(), "");
  }
  {
    SmtpSink sink(m_server_dir.path(), {"--drop-after", "1"});
    const ProcessResult r = send(from, sink);
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(recorded(), "");
  }
  SmtpSink sink(m_server_dir.path());
  const ProcessResult r = send(from, sink);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("recorded xen/events v1 as sent in refs/patchflow/sent/xen/events\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(recorded(), "refs/patchflow/sent/xen/events\n");
  const nlohmann::json record = patchflow::parse_json(
      run_git({"show", "refs/patchflow/sent/xen/events:v1.json"}, m_work.path()));
  EXPECT_EQ(record["version"], 1);
  EXPECT_EQ(record["base"], run_git({"rev-parse", "base"}, m_work.path()).substr(0, 40));
  EXPECT_EQ(record["tip"], run_git({"rev-parse", "master"}, m_work.path()).substr(0, 40));
  const std::vector<std::string> commits = [&] {
    std::vector<std::string> out;
    std::istringstream lines(run_git({"rev-list", "--reverse", "base..master"}, m_work.path()));
    for (std::string line; std::getline(lines, line);) {
      out.push_back(line);
    }
    return out;
  }();
  ASSERT_EQ(record["patches"].size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const nlohmann::json& p = record["patches"][i];
    EXPECT_EQ(p["commit"], commits[i]);
    std::string id = header(slurp(m_work.path() + "/" + m_patches[i]), "Message-Id");
    EXPECT_EQ(p["message_id"], id.substr(1, id.size() - 2));
    const ProcessResult patch_id = run_process({"git", "patch-id", "--stable"}, m_work.path(), {},
                                               run_git({"show", commits[i]}, m_work.path()));
    EXPECT_EQ(p["patch_id"].get<std::string>() + " " + commits[i] + "\n", patch_id.out);
  }
}

class TlsSendTest : public SendTest {
 protected:
  void SetUp() override {
    SendTest::SetUp();
    m_cert = m_certs.path() + "/cert.pem";
    m_key = m_certs.path() + "/key.pem";
    const ProcessResult r = run_process({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                         "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", m_key,
                                         "-out", m_cert, "-days", "2", "-subj", "/CN=localhost",
                                         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  TempDir m_certs;
  std::string m_cert, m_key;
};

TEST_F(TlsSendTest, StartTlsDeliversAndPlainIsRefused) {
  SmtpSink sink(m_server_dir.path(), {"--starttls", m_cert, m_key});
  const ProcessResult plain = send(server(sink));
  EXPECT_EQ(plain.exit_code, 3);  // the server insists on STARTTLS: proof TLS is used below
  EXPECT_TRUE(sink.received().empty());
  const ProcessResult r =
      send(server(sink) +
           std::vector<std::string>{"--smtp-encryption", "tls", "--smtp-ssl-cert-path", m_cert});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<ReceivedMail> mails = sink.received();
  ASSERT_EQ(mails.size(), 3u);
  EXPECT_EQ(without_date(mails[1].data), expected_data(content(1)));
}

TEST_F(TlsSendTest, ImplicitSslDeliversWithAuth) {
  SmtpSink sink(m_server_dir.path(), {"--ssl", m_cert, m_key, "--auth", "alice"},
                {{"SMTP_SINK_PASSWORD", k_password}});
  m_repo.git({"config", "sendemail.smtpEncryption", "ssl"});
  m_repo.git({"config", "sendemail.smtpSSLCertPath", m_cert});
  const ProcessResult r = send(server(sink) + std::vector<std::string>{"--smtp-user", "alice"},
                               {{"PATCHFLOW_SMTP_PASSWORD", k_password}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<ReceivedMail> mails = sink.received();
  ASSERT_EQ(mails.size(), 3u);
  EXPECT_EQ(without_date(mails[2].data), expected_data(content(2)));
  EXPECT_EQ(mails[2].login, "alice");
}

}  // namespace
}  // namespace patchflow::testing
