#pragma once
// Draws the library's progress reports on stderr: a bar redrawn in place on a terminal, a line
// per step under --verbose elsewhere (CI logs), nothing otherwise.
#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace patchflow::cli {

class ProgressBar {
 public:
  enum class Mode { off, bar, lines };
  ProgressBar(std::ostream& out, Mode mode, int width = 30)
      : m_out(out), m_mode(mode), m_width(width) {}
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar() { clear(); }

  void update(std::string_view stage, std::size_t done, std::size_t total);
  // Erases a drawn bar so that what is printed next starts on a clean line.
  void clear();

 private:
  std::ostream& m_out;
  Mode m_mode;
  int m_width;
  bool m_drawn = false;
  std::chrono::steady_clock::time_point m_last_draw{};
};

}  // namespace patchflow::cli
