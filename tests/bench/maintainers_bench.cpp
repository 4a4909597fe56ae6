// MAINTAINERS engine speed: parsing a generated Linux-sized MAINTAINERS (about 3,000 sections,
// 900 KB), looking up patches on it, and the in-process cost per corpus patch.
// Usage: maintainers_bench [corpus-dir]. Prints medians; no pass/fail.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "patchflow/core/text.hpp"
#include "patchflow/maintainers/database.hpp"
#include "patchflow/maintainers/lookup.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using patchflow::maintainers::Database;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Deterministic generator (no std::rand: the numbers must be the same on every machine).
struct Lcg {
  unsigned long long state = 42;
  unsigned next(unsigned bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>((state >> 33) % bound);
  }
};

std::string word(Lcg& rng) {
  static const char* const k_parts[] = {
      "xen",  "net",   "pci", "usb", "mmc",  "spi",  "i2c", "gpio", "clk", "dma",   "iommu",
      "acpi", "tegra", "imx", "sun", "rock", "qcom", "mtk", "omap", "phy", "hwmon", "rtc"};
  return std::string(k_parts[rng.next(22)]) + std::to_string(rng.next(1000));
}

// Shaped like Linux's MAINTAINERS: a header, then sections of M/R/L/S/W/T/F/X/N/K lines.
std::string generate_linux_sized(int sections) {
  Lcg rng;
  std::string out = "List of maintainers\n===================\n\n\tM: Mail patches to\n\n";
  static const char* const k_dirs[] = {"drivers/", "arch/arm/", "arch/x86/",      "fs/",
                                       "net/",     "sound/",    "include/linux/", "Documentation/",
                                       "lib/"};
  for (int s = 0; s < sections; ++s) {
    const std::string name = word(rng);
    out += "SUBSYSTEM " + name + " DRIVER " + std::to_string(s) + "\n";
    for (unsigned m = 0, n = 1 + rng.next(3); m < n; ++m) {
      out += "M:\tPerson " + word(rng) + " <" + word(rng) + "@example.org>\n";
    }
    if (rng.next(3) == 0)
      out += "R:\tReviewer " + word(rng) + " <r" + word(rng) + "@example.org>\n";
    out += "L:\t" + word(rng) + "@vger.kernel.org\n";
    out += "S:\t" + std::string(rng.next(4) == 0 ? "Supported" : "Maintained") + "\n";
    if (rng.next(2) == 0) out += "W:\thttps://wiki.example.org/" + name + "\n";
    if (rng.next(2) == 0)
      out += "T:\tgit git://git.kernel.org/pub/scm/linux/kernel/git/" + name + ".git\n";
    const std::string dir = k_dirs[rng.next(9)] + name + "/";
    out += "F:\t" + dir + "\n";
    for (unsigned f = 0, n = 2 + rng.next(6); f < n; ++f) {
      out +=
          "F:\t" + std::string(k_dirs[rng.next(9)]) + word(rng) + (rng.next(3) ? ".c\n" : "/*.h\n");
    }
    if (rng.next(8) == 0) out += "X:\t" + dir + "legacy/\n";
    if (rng.next(10) == 0) out += "N:\t" + word(rng) + "\n";
    if (rng.next(12) == 0) out += "K:\t\\b" + word(rng) + "_\\w+\n";
    out += "\n";
  }
  out +=
      "THE REST\nM:\tLinus Torvalds "
      "<torvalds@linux-foundation.org>\nL:\tlinux-kernel@vger.kernel.org\n"
      "S:\tBuried alive in reporters\nF:\t*\nF:\t*/\n";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string linux_sized = generate_linux_sized(3000);
  std::vector<double> parse_ms;
  std::size_t sections = 0;
  for (int i = 0; i < 21; ++i) {
    const auto start = Clock::now();
    Database database;
    database.add_file("MAINTAINERS", linux_sized);
    parse_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    sections = database.sections().size();
  }
  std::printf("generated MAINTAINERS: %zu bytes, %zu sections\n", linux_sized.size(), sections);
  std::printf("parse (median of 21): %.2f ms\n", median(parse_ms));

  Database generated;
  generated.add_file("MAINTAINERS", linux_sized);
  const std::string sample_patch =
      "Subject: [PATCH] sample\n\n---\n"
      "diff --git a/drivers/xen/events.c b/drivers/xen/events.c\n"
      "--- a/drivers/xen/events.c\n+++ b/drivers/xen/events.c\n@@ -1,1 +1,1 "
      "@@\n-a\n+xen123_irq(x);\n"
      "diff --git a/net/core/dev.c b/net/core/dev.c\n"
      "--- a/net/core/dev.c\n+++ b/net/core/dev.c\n@@ -1,1 +1,1 @@\n-a\n+b\n";
  std::vector<double> lookup_ms;
  for (int i = 0; i < 21; ++i) {
    const auto start = Clock::now();
    patchflow::maintainers::Scan scan;
    patchflow::maintainers::scan_patch(generated, sample_patch, {}, scan);
    const auto result = patchflow::maintainers::find_maintainers(generated, scan, {});
    lookup_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::printf("lookup, 2-file patch on it (median of 21): %.3f ms\n", median(lookup_ms));

  if (argc < 2) {
    return 0;
  }
  const std::string corpus = argv[1];
  const auto load_start = Clock::now();
  const Database database =
      patchflow::maintainers::load_database_dir(corpus + "/maintainers", true);
  const double load_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - load_start).count();
  std::printf("corpus: %zu MAINTAINERS files, %zu sections, loaded in %.2f ms\n",
              database.file_names().size(), database.sections().size(), load_ms);
  std::vector<std::string> patches;
  for (const auto& entry : std::filesystem::directory_iterator(corpus + "/patches")) {
    patches.push_back(entry.path().string());
  }
  std::sort(patches.begin(), patches.end());
  std::vector<double> per_patch_ms;
  for (const std::string& path : patches) {
    const auto start = Clock::now();
    patchflow::maintainers::Scan scan;
    patchflow::maintainers::scan_patch(database, patchflow::text::read_file(path), {}, scan);
    const auto result = patchflow::maintainers::find_maintainers(database, scan, {});
    per_patch_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::printf("corpus: %zu patches, in-process lookup per patch (median): %.3f ms\n",
              patches.size(), median(per_patch_ms));
  return 0;
}
