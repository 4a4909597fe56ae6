#include "patchflow/cli/progress_bar.hpp"

#include "patchflow/core/progress.hpp"

namespace patchflow::cli {

void ProgressBar::update(std::string_view stage, std::size_t done, std::size_t total) {
  if (m_mode == Mode::off) {
    return;
  }
  if (m_mode == Mode::lines) {
    m_out << stage << ": " << done << "/" << total << "\n";
    return;
  }
  // Redrawing costs a terminal write per commit; ten a second is smooth enough, and the last
  // step is always drawn so the bar never stops short of full.
  const auto now = std::chrono::steady_clock::now();
  if (done < total && m_drawn && now - m_last_draw < std::chrono::milliseconds(100)) {
    return;
  }
  m_last_draw = now;
  m_out << "\r\033[K" << render_progress_line(stage, done, total, m_width) << std::flush;
  m_drawn = true;
}

void ProgressBar::clear() {
  if (m_drawn) {
    m_out << "\r\033[K" << std::flush;
    m_drawn = false;
  }
}

}  // namespace patchflow::cli
