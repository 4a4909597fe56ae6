// Times the built-in checkpatch rules on the corpus, per patch and for the whole 150-patch set,
// next to checkpatch.pl's recorded timings (corpus timings.tsv: the reference is not installed on
// this machine; the corpus was timed on the same kind of machine, 2 CPUs, Debian 12).
// Run: cmake --build build --target bench && build/tests/bench/check_bench
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "patchflow/check/check.hpp"
#include "patchflow/check/checkpatch.hpp"
#include "patchflow/core/text.hpp"

int main() {
  namespace fs = std::filesystem;
  const std::string corpus = PATCHFLOW_CORPUS_DIR;
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(corpus + "/patches")) {
    paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> texts;
  for (const auto& p : paths) {
    texts.push_back(patchflow::text::read_file(p));
  }
  using clock = std::chrono::steady_clock;
  // per patch: median of 5 runs each (built-in rules, like one checkpatch.pl run per patch)
  std::vector<double> per_patch;
  for (const auto& t : texts) {
    std::vector<double> runs;
    for (int i = 0; i < 5; ++i) {
      const auto start = clock::now();
      const auto findings = patchflow::check::run_checkpatch(t, {});
      runs.push_back(std::chrono::duration<double>(clock::now() - start).count());
      if (findings.size() > 1000000) {
        std::puts("");
      }
    }
    std::sort(runs.begin(), runs.end());
    per_patch.push_back(runs[2]);
  }
  std::vector<double> sorted = per_patch;
  std::sort(sorted.begin(), sorted.end());
  double total = 0;
  for (const double d : per_patch) {
    total += d;
  }
  const double median = sorted[sorted.size() / 2];
  // whole set through the full `check` pipeline (all rules, 2 threads)
  std::vector<patchflow::check::PatchInput> inputs = patchflow::check::load_patch_files(paths);
  patchflow::check::Options options;
  options.jobs = 2;
  const auto start = clock::now();
  const auto result = patchflow::check::check_patches(inputs, options, nullptr);
  const double whole = std::chrono::duration<double>(clock::now() - start).count();
  // reference: checkpatch.pl --no-tree, recorded in the corpus
  const double ref_median = 0.119;
  const double ref_total = 21.5;
  const double ref_whole = 6.34;
  std::printf("patches: %zu (%zu reports)\n", texts.size(), result.commits.size());
  std::printf("%-44s %12s %12s %8s\n", "measure", "patchflow s", "checkpatch s", "ratio");
  std::printf("%-44s %12.6f %12.3f %7.0fx\n", "per patch, median (--no-tree rules)", median,
              ref_median, ref_median / median);
  std::printf("%-44s %12.4f %12.2f %7.0fx\n", "150 patches, one process each (sum)", total,
              ref_total, ref_total / total);
  std::printf("%-44s %12.4f %12.2f %7.0fx\n", "150 patches, one run (full check, -j2)", whole,
              ref_whole, ref_whole / whole);
  std::printf("reference figures: corpus timings-summary.tsv (checkpatch.pl is not installed here)\n");
}
