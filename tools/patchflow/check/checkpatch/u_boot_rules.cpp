// The U-Boot-only rules (--u-boot): Kconfig-managed CONFIG symbols, #if CONFIG in .c files,
// barred includes, livetree, driver-model naming. They run on every hunk line after
// EMBEDDED_FILENAME, as checkpatch.pl's u_boot_line does; most look at added lines only, a few
// (STRL, SKIP_BOARD_FIXUP) at context lines too.
#include <array>

#include "patchflow/check/checkpatch/engine.hpp"

namespace patchflow::check::style {
namespace {

// Does s contain word (not preceded by a word character) followed by optional spaces and '('?
bool has_call(std::string_view s, std::string_view word) {
  std::size_t pos = 0;
  while ((pos = s.find(word, pos)) != std::string_view::npos) {
    const std::size_t open = skip_spaces(s, pos + word.size());
    if ((pos == 0 || !is_word(s[pos - 1])) && open < s.size() && s[open] == '(') {
      return true;
    }
    pos += word.size();
  }
  return false;
}

// ^\+#include\s*<name>
bool adds_include(std::string_view raw, std::string_view name) {
  if (!starts_with(raw, "+#include")) {
    return false;
  }
  const std::size_t p = skip_spaces(raw, 9);
  return raw.substr(p).substr(0, name.size() + 1) == "<" + std::string(name);
}

// /^\+\s*\.<member>\s*=\s*sizeof\(struct\((\w+)\)/: the struct's name, or "".
std::string auto_struct(std::string_view line, std::string_view member) {
  std::size_t p = skip_spaces(line, 1);
  if (p >= line.size() || line[p] != '.' || line.substr(p + 1, member.size()) != member) {
    return "";
  }
  p = skip_spaces(line, p + 1 + member.size());
  if (p >= line.size() || line[p] != '=') {
    return "";
  }
  p = skip_spaces(line, p + 1);
  constexpr std::string_view k_sizeof = "sizeof(struct(";
  if (line.substr(p, k_sizeof.size()) != k_sizeof) {
    return "";
  }
  p += k_sizeof.size();
  std::size_t e = p;
  while (e < line.size() && is_word(line[e])) {
    ++e;
  }
  if (e == p || e >= line.size() || line[e] != ')') {
    return "";
  }
  return std::string(line.substr(p, e - p));
}

// /^\w+<suffix>/: suffix somewhere after at least one word character, all word characters.
bool has_suffix_after_word(std::string_view name, std::string_view suffix) {
  return name.size() > 1 && name.find(suffix, 1) != std::string_view::npos;
}

}  // namespace

void Engine::check_u_boot_line(const std::string& line, std::string_view raw) {
  const bool added = starts_with(line, "+");
  if (added && contains(m_realfile, "uclass-id") && ends_with(m_realfile, ".h")) {
    warn("NEW_UCLASS",
         "Possible new uclass - make sure to add a sandbox driver, plus a test in "
         "test/dm/<name>.c");
  }
  if (added && contains(line, "fdtdec_") && !starts_with(m_realfile, "tools/")) {
    warn("LIVETREE", "Use the livetree API (dev_read_...)");
  }
  if (added) {
    // do_<ident>(struct cmd_tbl
    for (std::size_t at = line.find("do_"); at != std::string::npos;
         at = line.find("do_", at + 1)) {
      std::size_t e = at + 3;
      while (e < line.size() && is_word(line[e])) {
        ++e;
      }
      if (e > at + 3 && is_ident_start(line[at + 3]) &&
          std::string_view(line).substr(e, 15) == "(struct cmd_tbl") {
        warn("CMD_TEST", "Possible new command - make sure you add a test");
        break;
      }
    }
  }
  if (ends_with(m_realfile, ".c") && starts_with(line, "+#if") &&
      contains(std::string_view(line).substr(4), "CONFIG")) {
    warn("PREFER_IF", "Use 'if (IS_ENABLED(CONFIG...))' instead of '#if or #ifdef' where possible");
  }
  for (const std::string_view fn : {"strncpy", "strncat"}) {
    if (has_call(line, fn)) {
      const std::string what(fn.substr(4));
      warn("STRL", "strl" + what + " is preferred over strn" + what +
                       " because it always produces a nul-terminated string");
      break;
    }
  }
  // \+\s*#\s*(define|undef)\s+(CONFIG_\w*)\b, anywhere in the line
  for (std::size_t plus = line.find('+'); plus != std::string::npos;
       plus = line.find('+', plus + 1)) {
    std::size_t p = skip_spaces(line, plus + 1);
    if (p >= line.size() || line[p] != '#') {
      continue;
    }
    p = skip_spaces(line, p + 1);
    std::size_t kw = 0;
    if (std::string_view(line).substr(p, 6) == "define") {
      kw = 6;
    } else if (std::string_view(line).substr(p, 5) == "undef") {
      kw = 5;
    } else {
      continue;
    }
    const std::size_t name = skip_spaces(line, p + kw);
    if (name > p + kw && std::string_view(line).substr(name, 7) == "CONFIG_") {
      error("DEFINE_CONFIG_SYM", "All CONFIG symbols are managed by Kconfig");
      break;
    }
  }
  if (ends_with(m_realfile, ".h") && adds_include(raw, "dm.h")) {
    error("BARRED_INCLUDE_IN_HDR", "Avoid including common.h and dm.h in header files");
  }
  if (adds_include(raw, "common.h")) {
    error("BARRED_INCLUDE_COMMON_H", "Do not add common.h to files");
  }
  if (starts_with(raw, "+") &&
      (contains(raw, "fdt_high=0xffffffff") || contains(raw, "initrd_high=0xffffffff"))) {
    error("DISABLE_FDT_OR_INITRD_RELOC", "fdt or initrd relocation disabled at boot time");
  }
  if (contains(raw, "skip_board_fixup")) {
    error("SKIP_BOARD_FIXUP", "Avoid setting skip_board_fixup env variable");
  }
  if (added && contains(line, "CONFIG_IS_ENABLED(CONFIG_")) {
    error("CONFIG_IS_ENABLED_CONFIG",
          "CONFIG_IS_ENABLED() takes values without the CONFIG_ prefix");
  }
  if (added) {
    const std::string priv = auto_struct(line, "priv_auto");
    if (!priv.empty() && !has_suffix_after_word(priv, "_priv")) {
      // checkpatch.pl reports this one twice: once without its location, once with it
      report(Severity::warning, "PRIV_AUTO", "struct '" + priv + "' should have a _priv suffix",
             false);
    }
    static const std::array<std::array<std::string_view, 3>, 6> k_autos = {{
        {"priv_auto", "_priv", "PRIV_AUTO"},
        {"plat_auto", "_plat", "PLAT_AUTO"},
        {"per_child_auto", "_priv", "CHILD_PRIV_AUTO"},
        {"per_child_plat_auto", "_plat", "CHILD_PLAT_AUTO"},
        {"per_device_auto", "_priv", "DEVICE_PRIV_AUTO"},
        {"per_device_plat_auto", "_plat", "DEVICE_PLAT_AUTO"},
    }};
    for (const auto& [member, suffix, type] : k_autos) {
      const std::string name = auto_struct(line, member);
      if (!name.empty() && !has_suffix_after_word(name, suffix)) {
        warn(type, "struct '" + name + "' should have a " + std::string(suffix) + " suffix");
      }
    }
    if (contains(line, "u-boot,dm-")) {
      error("PRE_SCHEMA", "Driver model schema uses 'bootph-...' tags now");
    }
    if ((ends_with(m_realfile, ".dts") || ends_with(m_realfile, ".dtsi")) &&
        (contains(line, "CONFIG_XPL_BUILD") || contains(line, "CONFIG_SPL_BUILD") ||
         contains(line, "CONFIG_TPL_BUILD") || contains(line, "CONFIG_VPL_BUILD"))) {
      error("CONFIG_xPL_BUILD", "Do not use CONFIG_xPL_BUILD in device trees");
    }
    if (contains(m_realfile, "Kconfig") && starts_with(line, "+ ")) {
      warn("KCONFIG_INDENT", "Kconfig indentation should use tabs");
    }
  }
}

}  // namespace patchflow::check::style
