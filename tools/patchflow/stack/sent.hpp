#pragma once
// What was mailed, kept inside the repository under patchflow's own refs:
// refs/patchflow/sent/<topic> -> a commit whose tree holds v<N>.json for every sent version
// (older versions stay in the tree); each record_sent adds one commit, moved by CAS.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"

namespace patchflow::stack {

struct SentPatch {
  git::Oid commit;
  git::Oid patch_id;
  std::string subject;
  std::string message_id;
};

struct SentRecord {
  std::string topic;
  int version = 1;
  git::Oid base;  // base-commit
  git::Oid tip;
  long long date = 0;  // seconds since epoch when it was sent
  std::string cover_message_id;  // empty when there was no cover letter
  std::vector<SentPatch> patches;
};

// "refs/patchflow/sent/xen/dom0/core".
std::string sent_ref_name(const std::string& topic);

nlohmann::json to_json(const SentRecord& record);
// Throws Error{usage} naming source when a required key is missing or mistyped.
SentRecord sent_record_from_json(const nlohmann::json& json, const std::string& source);

// Stores record as v<version>.json on refs/patchflow/sent/<topic> (a new commit on top of the
// previous one; the ref moves by compare-and-swap). Replaces an existing record of the same
// version. Throws Error{git} when the ref moved meanwhile; nothing is changed then.
void record_sent(git_repository& repo, const std::string& topic, const SentRecord& record);

// Every version recorded for topic, oldest first; empty when nothing was sent.
std::vector<SentRecord> load_sent(git_repository& repo, const std::string& topic);
// The record of one version, or nullopt.
std::optional<SentRecord> find_sent(git_repository& repo, const std::string& topic, int version);

}  // namespace patchflow::stack
