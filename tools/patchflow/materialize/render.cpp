// Text and JSON forms of a materialize result.
#include <nlohmann/json.hpp>
#include <sstream>

#include "patchflow/materialize/materialize.hpp"

namespace patchflow::materialize {
namespace {

std::string branch_name(const std::string& ref) {
  const std::string prefix = "refs/heads/";
  return ref.rfind(prefix, 0) == 0 ? ref.substr(prefix.size()) : ref;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) {
    text.append(width - text.size(), ' ');
  }
  return text;
}

}  // namespace

std::string_view to_string(RefKind kind) {
  return kind == RefKind::mainline ? "mainline" : "topic";
}

std::string_view to_string(RefStatus status) {
  switch (status) {
    case RefStatus::created:
      return "created";
    case RefStatus::updated:
      return "updated";
    case RefStatus::up_to_date:
      return "up to date";
    case RefStatus::diverged:
      return "diverged";
    case RefStatus::forced:
      return "forced";
  }
  return "unknown";
}

nlohmann::json to_json(const Result& result) {
  nlohmann::json refs = nlohmann::json::array();
  for (const RefResult& ref : result.refs) {
    refs.push_back({{"ref", ref.ref},
                    {"kind", to_string(ref.kind)},
                    {"name", ref.name},
                    {"source", ref.source},
                    {"before", ref.before ? nlohmann::json(ref.before->hex()) : nlohmann::json()},
                    {"target", ref.target.hex()},
                    {"commits", ref.commits},
                    {"status", to_string(ref.status)}});
  }
  return {{"repository", result.repository},
          {"created_repository", result.created_repository},
          {"refs", refs}};
}

std::string format_text(const Result& result) {
  std::size_t width = 0;
  for (const RefResult& ref : result.refs) {
    width = std::max(width, branch_name(ref.ref).size());
  }
  std::ostringstream out;
  if (!result.repository.empty()) {
    out << (result.created_repository ? "created repository " : "repository ") << result.repository
        << "\n";
  }
  for (const RefResult& ref : result.refs) {
    out << pad(std::string(to_string(ref.status)), 11) << pad(branch_name(ref.ref), width + 2)
        << ref.target.short_hex() << "  " << ref.commits
        << (ref.commits == 1 ? " patch" : " patches") << " from " << ref.source;
    if (ref.status == RefStatus::diverged) {
      out << " (branch is at " << ref.before->short_hex() << "; kept, --force overwrites)";
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace patchflow::materialize
