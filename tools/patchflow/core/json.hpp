#pragma once
// JSON text in and out, compiled once. nlohmann/json is a header-only template: every
// translation unit that calls json::parse instantiates and optimises its lexer and parser (about
// 2.6 CPU-s at -O2), and every one that calls dump() its serializer (about 1.4 CPU-s). Building
// and reading json values stays inline where it is used; turning them into text and back is here.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace patchflow {

// The value text holds; throws nlohmann::json::parse_error when it is not JSON.
nlohmann::json parse_json(std::string_view text);
// The value text holds, or std::nullopt when it is not JSON.
std::optional<nlohmann::json> parse_json_if_valid(std::string_view text);

// How a string that is not UTF-8 (a Latin-1 author name, a file name) is written.
enum class InvalidUtf8 {
  reject,   // throws nlohmann::json::type_error: a cache entry must read back as it was
  replace,  // U+FFFD in its place: output a user reads
};

// value as JSON text: on one line when indent is negative, else indented by that many spaces.
std::string dump_json(const nlohmann::json& value, int indent = -1,
                      InvalidUtf8 invalid = InvalidUtf8::reject);

}  // namespace patchflow
