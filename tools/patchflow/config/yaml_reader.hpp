#pragma once
// Strict reading of one YAML mapping: every key known, every value of the expected type, every
// problem an Error{usage} naming the stack-relative file and the 1-based line:column of the
// offending key or value (yaml-cpp marks are 0-based).
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/core/error.hpp"

namespace patchflow::config {

// Parses the file at absolute_path; errors name display_file (stack-relative). Throws
// Error{usage} "invalid YAML: ..." at the parser's mark, or when the file cannot be read.
YAML::Node parse_yaml_file(const std::string& absolute_path, const std::string& display_file);

// Where node was written, 1-based; the file position only when node has no mark.
Where where_of(const YAML::Node& node, const std::string& file);

// A string scalar with its position, e.g. one entry of `depends:`.
struct Located {
  std::string value;
  Where where;
};

// Reads one mapping. what names the mapping in messages ("topic", "component").
class MapReader {
 public:
  // Throws Error{usage} "<what> must be a mapping" unless node is a map.
  MapReader(YAML::Node node, std::string file, std::string_view what);

  // Throws Error{usage} "unknown key 'x' in <what>" at the first key not in allowed.
  void allow_only(std::initializer_list<std::string_view> allowed) const;

  const std::string& file() const { return m_file; }
  Where where() const { return where_of(m_node, m_file); }
  // Position of key's value (of the key itself when the value is null); the map's when absent.
  Where where_of_key(std::string_view key) const;
  bool has(std::string_view key) const;
  // where_of_key() for every key present, so later cross-checks can point at the value.
  std::map<std::string, Where> key_wheres() const;

  // The value node, or nullopt when the key is absent or null.
  std::optional<YAML::Node> find(std::string_view key) const;
  // Throws "missing required key 'k' in <what>" at the mapping when absent or null.
  YAML::Node require(std::string_view key) const;

  std::string required_string(std::string_view key) const;
  std::string optional_string(std::string_view key, std::string fallback = {}) const;
  // Throws "'k' must be an integer, not 'v'" for a non-integer and "'k' must be at least m".
  int optional_int(std::string_view key, int fallback, int minimum = 0) const;
  bool optional_bool(std::string_view key, bool fallback) const;
  // A list of string scalars; absent or null is empty. Throws "'k' must be a list of strings".
  std::vector<Located> optional_string_list(std::string_view key) const;
  // Each element of a list of mappings; absent or null is empty.
  std::vector<YAML::Node> optional_map_list(std::string_view key) const;

 private:
  std::string scalar(const YAML::Node& value, std::string_view key) const;

  YAML::Node m_node;
  std::string m_file;
  std::string m_what;
};

std::vector<std::string> values_of(const std::vector<Located>& items);

}  // namespace patchflow::config
