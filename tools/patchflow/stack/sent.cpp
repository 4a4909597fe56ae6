#include "patchflow/stack/sent.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "patchflow/core/json.hpp"
#include "patchflow/git/repository.hpp"

namespace patchflow::stack {
namespace {

git::Oid oid_field(const nlohmann::json& json, const char* key, const std::string& source) {
  if (!json.contains(key) || !json[key].is_string()) {
    throw Error(ExitCode::usage, "missing '" + std::string(key) + "' in sent record",
                Where{.file = source});
  }
  return git::Oid::from_hex(json[key].get<std::string>());
}

int version_of(const std::string& file_name) {
  if (file_name.size() < 7 || file_name[0] != 'v' ||
      file_name.substr(file_name.size() - 5) != ".json") {
    return 0;
  }
  try {
    return std::stoi(file_name.substr(1, file_name.size() - 6));
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

std::string sent_ref_name(const std::string& topic) { return "refs/patchflow/sent/" + topic; }

nlohmann::json to_json(const SentRecord& record) {
  nlohmann::json patches = nlohmann::json::array();
  for (const SentPatch& p : record.patches) {
    patches.push_back({{"commit", p.commit.hex()},
                       {"patch_id", p.patch_id.hex()},
                       {"subject", p.subject},
                       {"message_id", p.message_id}});
  }
  return {{"topic", record.topic},
          {"version", record.version},
          {"base", record.base.hex()},
          {"tip", record.tip.hex()},
          {"date", record.date},
          {"cover_message_id", record.cover_message_id},
          {"patches", patches}};
}

SentRecord sent_record_from_json(const nlohmann::json& json, const std::string& source) {
  SentRecord record;
  if (!json.is_object() || !json.contains("version") || !json["version"].is_number_integer()) {
    throw Error(ExitCode::usage, "missing 'version' in sent record", Where{.file = source});
  }
  record.topic = json.value("topic", "");
  record.version = json["version"].get<int>();
  record.base = oid_field(json, "base", source);
  record.tip = oid_field(json, "tip", source);
  record.date = json.value("date", 0LL);
  record.cover_message_id = json.value("cover_message_id", "");
  for (const auto& p : json.value("patches", nlohmann::json::array())) {
    record.patches.push_back({.commit = oid_field(p, "commit", source),
                              .patch_id = oid_field(p, "patch_id", source),
                              .subject = p.value("subject", ""),
                              .message_id = p.value("message_id", "")});
  }
  return record;
}

void record_sent(git_repository& repo, const std::string& topic, const SentRecord& record) {
  const std::string ref_name = sent_ref_name(topic);
  const std::optional<git::Oid> old_tip = git::resolve_ref(repo, ref_name);
  git::Commit parent;
  git::Tree parent_tree;
  if (old_tip) {
    parent = git::lookup_commit(repo, *old_tip);
    parent_tree = git::commit_tree(*parent);
  }
  const std::string content = dump_json(to_json(record), 2) + "\n";
  git_oid blob_id;
  git::check(git_blob_create_from_buffer(&blob_id, &repo, content.data(), content.size()),
             "cannot write sent record", Where{.ref = ref_name});
  git_treebuilder* raw_builder = nullptr;
  git::check(git_treebuilder_new(&raw_builder, &repo, parent_tree.get()),
             "cannot build sent tree", Where{.ref = ref_name});
  git::TreeBuilder builder(raw_builder);
  const std::string file_name = "v" + std::to_string(record.version) + ".json";
  git::check(git_treebuilder_insert(nullptr, builder.get(), file_name.c_str(), &blob_id,
                                    GIT_FILEMODE_BLOB),
             "cannot add sent record", Where{.ref = ref_name});
  git_oid tree_id;
  git::check(git_treebuilder_write(&tree_id, builder.get()), "cannot write sent tree",
             Where{.ref = ref_name});
  git::Tree tree = git::lookup_tree(repo, git::Oid(tree_id));
  git_signature* raw_signature = nullptr;
  git::ensure_library();
  git::check(git_signature_new(&raw_signature, "patchflow", "patchflow@localhost", record.date, 0),
             "cannot make signature");
  git::Signature signature(raw_signature);
  const std::string message = "Record " + topic + " v" + std::to_string(record.version) +
                              " as sent (" + std::to_string(record.patches.size()) +
                              " patches)\n";
  const git_commit* parents[] = {parent.get()};
  git_oid commit_id;
  git::check(git_commit_create(&commit_id, &repo, nullptr, signature.get(), signature.get(),
                               "UTF-8", message.c_str(), tree.get(), parent ? 1 : 0, parents),
             "cannot commit sent record", Where{.ref = ref_name});
  // CAS: a concurrent send of the same topic must not lose either record silently.
  git::update_ref(repo, ref_name, old_tip, git::Oid(commit_id),
                  "patchflow: record " + file_name + " sent");
}

std::vector<SentRecord> load_sent(git_repository& repo, const std::string& topic) {
  const std::string ref_name = sent_ref_name(topic);
  const std::optional<git::Oid> tip = git::resolve_ref(repo, ref_name);
  std::vector<SentRecord> records;
  if (!tip) {
    return records;
  }
  git::Commit commit = git::lookup_commit(repo, *tip);
  git::Tree tree = git::commit_tree(*commit);
  const std::size_t count = git_tree_entrycount(tree.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
    const std::string name = git_tree_entry_name(entry);
    if (version_of(name) == 0) {
      continue;
    }
    git_blob* raw_blob = nullptr;
    git::check(git_blob_lookup(&raw_blob, &repo, git_tree_entry_id(entry)),
               "cannot read sent record", Where{.file = name, .ref = ref_name});
    git::Blob blob(raw_blob);
    const std::string source = ref_name + ":" + name;
    const std::string content(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                              static_cast<std::size_t>(git_blob_rawsize(blob.get())));
    const std::optional<nlohmann::json> json = parse_json_if_valid(content);
    if (!json) {
      throw Error(ExitCode::usage, "sent record is not valid JSON", Where{.file = source});
    }
    records.push_back(sent_record_from_json(*json, source));
  }
  std::sort(records.begin(), records.end(),
            [](const SentRecord& a, const SentRecord& b) { return a.version < b.version; });
  return records;
}

std::optional<SentRecord> find_sent(git_repository& repo, const std::string& topic, int version) {
  for (SentRecord& record : load_sent(repo, topic)) {
    if (record.version == version) {
      return record;
    }
  }
  return std::nullopt;
}

}  // namespace patchflow::stack
