#include "patchflow/core/json.hpp"

#include <nlohmann/json.hpp>

namespace patchflow {

nlohmann::json parse_json(std::string_view text) { return nlohmann::json::parse(text); }

std::optional<nlohmann::json> parse_json_if_valid(std::string_view text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    return std::nullopt;
  }
  return value;
}

std::string dump_json(const nlohmann::json& value, int indent, InvalidUtf8 invalid) {
  return value.dump(indent, ' ', /*ensure_ascii=*/false,
                    invalid == InvalidUtf8::replace ? nlohmann::json::error_handler_t::replace
                                                    : nlohmann::json::error_handler_t::strict);
}

}  // namespace patchflow
