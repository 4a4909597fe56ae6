#include "patchflow/core/progress.hpp"

#include <algorithm>

namespace patchflow {

std::string render_progress_line(std::string_view stage, std::size_t done, std::size_t total,
                                 int width) {
  const auto marks = static_cast<std::size_t>(std::max(width, 0));
  const std::size_t shown = std::min(done, total);
  const std::size_t filled = total == 0 ? marks : shown * marks / total;
  std::string line(stage);
  line += " [";
  line += std::string(filled, '#');
  line += std::string(marks - filled, '.');
  line += "] " + std::to_string(shown) + "/" + std::to_string(total);
  return line;
}

}  // namespace patchflow
