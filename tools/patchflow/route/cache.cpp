#include "patchflow/route/cache.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "patchflow/core/aggregate.hpp"
#include "patchflow/core/build_id.hpp"
#include "patchflow/core/description.hpp"
#include "patchflow/core/json.hpp"
#include "patchflow/core/version.hpp"
#include "patchflow/git/attributes.hpp"

namespace patchflow::route {
namespace {

// A new field of a kept route is lost until to_entry and find keep it: this fails the build first.
static_assert(field_count<PatchRoute>() == 10,
              "PatchRoute changed: keep the new field in the entry, then count it");

nlohmann::json recipients_entry(const std::vector<maintainers::Recipient>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const maintainers::Recipient& r : list) {
    out.push_back({r.name, r.email, r.role});
  }
  return out;
}

std::vector<maintainers::Recipient> recipients_from(const nlohmann::json& json) {
  std::vector<maintainers::Recipient> out;
  for (const auto& r : json) {
    out.push_back(
        {r.at(0).get<std::string>(), r.at(1).get<std::string>(), r.at(2).get<std::string>()});
  }
  return out;
}

Kind kind_from(const std::string& name) {
  for (const Kind kind : {Kind::direct, Kind::via, Kind::split, Kind::unowned}) {
    if (kind_name(kind) == name) {
      return kind;
    }
  }
  throw std::invalid_argument("kind");
}

}  // namespace

std::string describe_run_inputs(git_repository& repo, const maintainers::Source& source,
                                const config::Policy& policy, const maintainers::Options& options) {
  Description out;
  out.add("patchflow", std::string(k_version) + " " + program_build_id());
  out.add("maintainers.database", source.database->identity_digest());
  maintainers::describe(options, out);
  config::describe(policy, out);
  out.add("diff", git::describe_diff_settings(repo));
  return std::move(out).text();
}

RouteCache::RouteCache(git::ResultCache store, git_repository& repo,
                       const maintainers::Source& source, const config::Policy& policy,
                       const maintainers::Options& options)
    : m_store(std::move(store)),
      m_repo(&repo),
      m_run_key(m_store.enabled() ? git::digest(describe_run_inputs(repo, source, policy, options))
                                  : std::string()) {}

std::string RouteCache::key(const git::Oid& commit) const {
  Description out;
  // The commit id stands for its message and diff: commit_patch_text renders them from the
  // commit alone (and the settings the run key holds); the text series hands over instead
  // (PatchTextFor) differs only where routing reads nothing.
  out.add("run", m_run_key).add("commit", commit.hex());
  return git::digest(std::move(out).text());
}

std::optional<PatchRoute> RouteCache::find(const git::Oid& commit) const {
  if (!enabled()) {
    return std::nullopt;
  }
  const auto value = m_store.find(key(commit));
  if (!value) {
    return std::nullopt;
  }
  try {
    const nlohmann::json entry = parse_json(*value);
    const auto paths = entry.at("paths").get<std::vector<std::string>>();
    if (git::describe_attribute_sources(*m_repo, paths) !=
        entry.at("attributes").get<std::string>()) {
      return std::nullopt;
    }
    PatchRoute route;
    route.patch.commit = commit.hex();
    route.patch.label = entry.at("label").get<std::string>();
    route.patch.subject = entry.at("subject").get<std::string>();
    route.files = entry.at("files").get<std::vector<std::string>>();
    route.xen_files = entry.at("xen_files").get<std::vector<std::string>>();
    route.other_files = entry.at("other_files").get<std::vector<std::string>>();
    route.to = recipients_from(entry.at("to"));
    route.cc = recipients_from(entry.at("cc"));
    route.kind = kind_from(entry.at("kind").get<std::string>());
    route.section = entry.at("section").get<std::string>();
    route.maintainer = entry.at("maintainer").get<std::string>();
    route.reason = entry.at("reason").get<std::string>();
    return route;
  } catch (const Error&) {
    throw;  // the repository failed: not the cache's business to hide
  } catch (const std::exception&) {
    return std::nullopt;  // an entry of another shape: routed again, and replaced
  }
}

void RouteCache::store(const git::Oid& commit, const PatchRoute& route,
                       const std::vector<std::string>& diff_paths) const {
  if (!enabled()) {
    return;
  }
  std::string entry;
  try {
    entry = dump_json(nlohmann::json{{"label", route.patch.label},
                           {"subject", route.patch.subject},
                           {"files", route.files},
                           {"xen_files", route.xen_files},
                           {"other_files", route.other_files},
                           {"to", recipients_entry(route.to)},
                           {"cc", recipients_entry(route.cc)},
                           {"kind", kind_name(route.kind)},
                           {"section", route.section},
                           {"maintainer", route.maintainer},
                           {"reason", route.reason},
                           {"paths", diff_paths},
                           {"attributes", git::describe_attribute_sources(*m_repo, diff_paths)}});
  } catch (const nlohmann::json::type_error&) {
    return;  // text that is not UTF-8 (a Latin-1 file name) has no JSON form: routed again
  }
  m_store.store(key(commit), entry);
}

}  // namespace patchflow::route
