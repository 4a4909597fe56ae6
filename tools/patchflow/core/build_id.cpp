#include "patchflow/core/build_id.hpp"

#include <elf.h>
#include <link.h>

#include <cstdio>
#include <cstring>

namespace patchflow {
namespace {

// The first object dl_iterate_phdr lists is the program itself: read its PT_NOTE segments.
int read_build_id(dl_phdr_info* info, std::size_t, void* payload) {
  auto& out = *static_cast<std::string*>(payload);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& header = info->dlpi_phdr[i];
    if (header.p_type != PT_NOTE) {
      continue;
    }
    const char* at = reinterpret_cast<const char*>(info->dlpi_addr + header.p_vaddr);
    const char* end = at + header.p_memsz;
    while (at + sizeof(ElfW(Nhdr)) <= end) {
      ElfW(Nhdr) note;
      std::memcpy(&note, at, sizeof note);
      const char* name = at + sizeof note;
      const char* desc = name + ((note.n_namesz + 3) & ~3u);
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
          std::memcmp(name, "GNU", 4) == 0 && desc + note.n_descsz <= end) {
        for (std::size_t b = 0; b < note.n_descsz; ++b) {
          char hex[3];
          std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned char>(desc[b]));
          out += hex;
        }
        return 1;
      }
      at = desc + ((note.n_descsz + 3) & ~3u);
    }
  }
  return 1;  // only the program, not the libraries it loaded
}

}  // namespace

const std::string& program_build_id() {
  static const std::string id = [] {
    std::string out;
    dl_iterate_phdr(read_build_id, &out);
    return out;
  }();
  return id;
}

}  // namespace patchflow
