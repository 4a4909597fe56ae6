#include "patchflow/config/yaml_reader.hpp"

#include <algorithm>

#include "patchflow/core/text.hpp"

namespace patchflow::config {
namespace {

std::string kind_of(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    default:
      return "empty";
  }
}

}  // namespace

Where where_of(const YAML::Node& node, const std::string& file) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) {
    return Where{.file = file};
  }
  return Where{.file = file, .line = mark.line + 1, .column = mark.column + 1};
}

YAML::Node parse_yaml_file(const std::string& absolute_path, const std::string& display_file) {
  const std::string content = text::read_file(absolute_path);
  try {
    return YAML::Load(content);
  } catch (const YAML::ParserException& e) {
    throw Error(ExitCode::usage, "invalid YAML: " + e.msg,
                Where{.file = display_file, .line = e.mark.line + 1, .column = e.mark.column + 1});
  }
}

MapReader::MapReader(YAML::Node node, std::string file, std::string_view what)
    : m_node(std::move(node)), m_file(std::move(file)), m_what(what) {
  if (!m_node.IsMap()) {
    Where where = where_of(m_node, m_file);
    if (where.line == 0) {
      where.line = 1;
      where.column = 1;
    }
    throw Error(ExitCode::usage, m_what + " must be a mapping, not " + kind_of(m_node), where);
  }
}

void MapReader::allow_only(std::initializer_list<std::string_view> allowed) const {
  for (const auto& entry : m_node) {
    const std::string key = entry.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw Error(ExitCode::usage, "unknown key '" + key + "' in " + m_what,
                  where_of(entry.first, m_file));
    }
  }
}

bool MapReader::has(std::string_view key) const { return find(key).has_value(); }

std::optional<YAML::Node> MapReader::find(std::string_view key) const {
  for (const auto& entry : m_node) {
    if (entry.first.Scalar() == key) {
      if (entry.second.IsNull()) {
        return std::nullopt;
      }
      return entry.second;
    }
  }
  return std::nullopt;
}

Where MapReader::where_of_key(std::string_view key) const {
  for (const auto& entry : m_node) {
    if (entry.first.Scalar() == key) {
      return where_of(entry.second.IsNull() ? entry.first : entry.second, m_file);
    }
  }
  return where();
}

std::map<std::string, Where> MapReader::key_wheres() const {
  std::map<std::string, Where> wheres;
  for (const auto& entry : m_node) {
    wheres[entry.first.Scalar()] = where_of_key(entry.first.Scalar());
  }
  return wheres;
}

YAML::Node MapReader::require(std::string_view key) const {
  if (auto value = find(key)) {
    return *value;
  }
  throw Error(ExitCode::usage, "missing required key '" + std::string(key) + "' in " + m_what,
              where());
}

std::string MapReader::scalar(const YAML::Node& value, std::string_view key) const {
  if (!value.IsScalar()) {
    throw Error(ExitCode::usage,
                "'" + std::string(key) + "' must be a string, not " + kind_of(value),
                where_of(value, m_file));
  }
  return value.Scalar();
}

std::string MapReader::required_string(std::string_view key) const {
  return scalar(require(key), key);
}

std::string MapReader::optional_string(std::string_view key, std::string fallback) const {
  const auto value = find(key);
  return value ? scalar(*value, key) : fallback;
}

int MapReader::optional_int(std::string_view key, int fallback, int minimum) const {
  const auto value = find(key);
  if (!value) {
    return fallback;
  }
  int number = 0;
  if (!value->IsScalar() || !YAML::convert<int>::decode(*value, number)) {
    throw Error(ExitCode::usage,
                "'" + std::string(key) + "' must be an integer, not " + kind_of(*value),
                where_of(*value, m_file));
  }
  if (number < minimum) {
    throw Error(ExitCode::usage,
                "'" + std::string(key) + "' must be at least " + std::to_string(minimum),
                where_of(*value, m_file));
  }
  return number;
}

bool MapReader::optional_bool(std::string_view key, bool fallback) const {
  const auto value = find(key);
  if (!value) {
    return fallback;
  }
  bool flag = false;
  if (!value->IsScalar() || !YAML::convert<bool>::decode(*value, flag)) {
    throw Error(ExitCode::usage,
                "'" + std::string(key) + "' must be true or false, not " + kind_of(*value),
                where_of(*value, m_file));
  }
  return flag;
}

std::vector<Located> MapReader::optional_string_list(std::string_view key) const {
  std::vector<Located> items;
  const auto value = find(key);
  if (!value) {
    return items;
  }
  const std::string message = "'" + std::string(key) + "' must be a list of strings, not ";
  if (!value->IsSequence()) {
    throw Error(ExitCode::usage, message + kind_of(*value), where_of(*value, m_file));
  }
  for (const YAML::Node& item : *value) {
    if (!item.IsScalar()) {
      throw Error(ExitCode::usage,
                  "'" + std::string(key) + "' items must be strings, not " + kind_of(item),
                  where_of(item, m_file));
    }
    items.push_back(Located{item.Scalar(), where_of(item, m_file)});
  }
  return items;
}

std::vector<YAML::Node> MapReader::optional_map_list(std::string_view key) const {
  std::vector<YAML::Node> items;
  const auto value = find(key);
  if (!value) {
    return items;
  }
  if (!value->IsSequence()) {
    throw Error(ExitCode::usage,
                "'" + std::string(key) + "' must be a list, not " + kind_of(*value),
                where_of(*value, m_file));
  }
  for (const YAML::Node& item : *value) {
    items.push_back(item);
  }
  return items;
}

std::vector<std::string> values_of(const std::vector<Located>& items) {
  std::vector<std::string> values;
  values.reserve(items.size());
  for (const Located& item : items) {
    values.push_back(item.value);
  }
  return values;
}

}  // namespace patchflow::config
