#pragma once
// The bundled stack materialized into a temp repository, and mail threads made from its topics
// with `series` (real format-patch mails with Message-Ids and threading), for am and trailers.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "patchflow/config/loader.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/materialize/materialize.hpp"
#include "patchflow/series/addressing.hpp"
#include "patchflow/series/series.hpp"
#include "patchflow/stack/target.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {

class IntakeTest : public ::testing::Test {
 protected:
  static constexpr const char* k_maintainer = "Jeremy Fitzhardinge <jeremy@goop.org>";

  void SetUp() override {
    if (!std::filesystem::exists(PATCHFLOW_SOURCE_DIR "/stack/stack.yaml")) {
      GTEST_SKIP() << "the bundled stack is not in this checkout";
    }
    m_stack = config::load_stack(PATCHFLOW_SOURCE_DIR);
    materialize::materialize_at(repo_path(), m_stack, {});
    m_repo = git::open_repository(repo_path());
  }

  std::string repo_path() const { return m_dir.path() + "/repo"; }

  git::Identity maintainer() const {
    return {.name = "Jeremy Fitzhardinge", .email = "jeremy@goop.org", .time = 1260000000};
  }

  // The topic's series as mails, version `version`; routed: addressed as MAINTAINERS says
  // (else only to xen-devel).
  series::Series format(const std::string& topic, int version, bool routed = true) {
    const series::Range range = stack::resolve_target(*m_repo, &m_stack, topic);
    series::Options options;
    options.identity = {"Jeremy Fitzhardinge", "jeremy@goop.org"};
    options.now = 1258624800 + version * 86400;
    options.version = version;
    if (routed) {
      m_addressing =
          series::route_addressing(*m_repo, range, range.policy);
      options.recipients = series::recipients_from(m_addressing);
    } else {
      options.to = {"xen-devel@lists.xensource.com"};
    }
    return series::build_series(*m_repo, range, m_stack.find_topic(topic), options);
  }

  std::string git(const std::vector<std::string>& args, const std::string& dir = "") {
    return run_git(args, dir.empty() ? repo_path() : dir);
  }

  // The raw message of a commit, as git stores it.
  std::string message_of(const std::string& commit, const std::string& dir = "") {
    const std::string raw = git({"cat-file", "commit", commit}, dir);
    return raw.substr(raw.find("\n\n") + 2);
  }

  // `git interpret-trailers` (the referee) adding trailers to message.
  std::string interpret_trailers(const std::string& message,
                                 const std::vector<std::string>& trailers) {
    const std::string file = m_dir.write("message-" + std::to_string(++m_files), message);
    std::vector<std::string> args{"interpret-trailers"};
    for (const std::string& t : trailers) {
      args.push_back("--trailer");
      args.push_back(t);
    }
    args.push_back(file);
    return git(args);
  }

  // A reply mail in mbox form.
  static std::string reply(const std::string& from, const std::string& subject,
                           const std::string& in_reply_to, const std::string& body,
                           const std::string& id) {
    std::string mail = "From nobody Mon Sep 17 00:00:00 2001\nFrom: " + from +
                       "\nDate: Sun, 6 Dec 2009 10:00:00 +0000\nSubject: " + subject +
                       "\nMessage-Id: <" + id + ">\n";
    if (!in_reply_to.empty()) {
      mail += "In-Reply-To: <" + in_reply_to + ">\nReferences: <" + in_reply_to + ">\n";
    }
    return mail + "\n" + body + "\n";
  }

  static std::string mbox_of(const series::Series& series, bool with_cover = true,
                             int skip_number = -1) {
    std::string mbox;
    for (const series::Message& message : series.messages) {
      if ((message.number == 0 && !with_cover) || message.number == skip_number) {
        continue;
      }
      mbox += message.text + "\n";
    }
    return mbox;
  }

  TempDir m_dir;
  config::StackConfig m_stack;
  git::Repository m_repo;
  int m_files = 0;
  series::Addressing m_addressing;
};

}  // namespace patchflow::testing
