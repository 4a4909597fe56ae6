#pragma once
// How long work tells its caller how far it has got. The library only calls it; the CLI
// decides whether and how to draw it (a bar on a terminal, nothing under --quiet).
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace patchflow {

// stage names the work ("compose xen/master", "check", "build"); done counts finished items
// out of total. May be called from worker threads, but never from two at once.
using ProgressFn = std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;

// Counts finished items across worker threads and reports each to a ProgressFn, one call at a
// time, so the caller's drawing code needs no locking of its own.
class ProgressCounter {
 public:
  ProgressCounter(const ProgressFn& report, std::string stage, std::size_t total)
      : m_report(report), m_stage(std::move(stage)), m_total(total) {}
  void finished_one() {
    if (!m_report) {
      return;
    }
    std::lock_guard lock(m_mutex);
    m_report(m_stage, ++m_done, m_total);
  }

 private:
  const ProgressFn& m_report;
  std::string m_stage;
  std::size_t m_total;
  std::size_t m_done = 0;
  std::mutex m_mutex;
};

// The bar line for done of total, e.g. "check [#######.......] 7/15": width marks, no colour,
// no carriage return; done past total is shown as total.
std::string render_progress_line(std::string_view stage, std::size_t done, std::size_t total,
                                 int width);

}  // namespace patchflow
