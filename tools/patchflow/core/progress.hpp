#pragma once
// How long work tells its caller how far it has got. The library only calls it; the CLI
// decides whether and how to draw it (a bar on a terminal, nothing under --quiet).
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace patchflow {

// stage names the work ("compose xen/master", "check", "build"); done counts finished items
// out of total. May be called from worker threads, but never from two at once.
using ProgressFn = std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;

// The bar line for done of total, e.g. "check [#######.......] 7/15": width marks, no colour,
// no carriage return; done past total is shown as total.
std::string render_progress_line(std::string_view stage, std::size_t done, std::size_t total,
                                 int width);

}  // namespace patchflow
