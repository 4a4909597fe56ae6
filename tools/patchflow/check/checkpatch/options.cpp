// checkpatch.pl's options, as .checkpatch.conf and its command line give them, and the tree
// context (spelling.txt, const_structs.checkpatch, CamelCase names) read from text.
#include <charconv>

#include "patchflow/check/c_lexicon.hpp"
#include "patchflow/check/checkpatch.hpp"
#include "patchflow/check/checkpatch/text.hpp"
#include "patchflow/core/long_option.hpp"

namespace patchflow::check {
namespace {

using style::starts_with;
using style::trim;

// checkpatch upper-cases --ignore/--types values and splits them on commas and spaces.
void add_types(std::string_view value, std::set<std::string, std::less<>>& into) {
  std::string word;
  for (const char c : value) {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!word.empty()) {
        into.insert(word);
      }
      word.clear();
    } else {
      word += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
  }
  if (!word.empty()) {
    into.insert(word);
  }
}

int number(const std::string& option, std::string_view value, const Where& where) {
  int n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc{} || end != value.data() + value.size() || n < 0) {
    throw_usage("'" + option + "' needs a number, not '" + std::string(value) + "'", where);
  }
  return n;
}

}  // namespace

void apply_checkpatch_args(const std::vector<std::string>& args, const std::vector<int>& lines,
                           const std::string& where, CheckpatchOptions& options) {
  // options that change nothing the engine reports (output form, file selection, fixing)
  static const std::set<std::string, std::less<>> k_harmless = {
      "q",           "quiet",      "patch",      "emacs",     "terse",
      "show-types",  "summary",    "no-summary", "mailback",  "summary-file",
      "signoff",     "no-signoff", "color",      "no-color",  "verbose",
      "v",           "list-types", "f",          "file",      "fix",
      "fix-inplace", "tab-size",   "subjective", "codespell", "no-codespell",
      "git",         "showfile"};
  for (std::size_t i = 0; i < args.size(); ++i) {
    const Where at{where, i < lines.size() ? lines[i] : 0};
    std::string_view arg = args[i];
    if (!starts_with(arg, "-")) {
      throw_usage("unexpected argument '" + std::string(arg) + "' (checkpatch options only)", at);
    }
    LongOption option = split_long_option(arg);
    std::string& name = option.name;
    std::optional<std::string>& value = option.value;
    const auto take_value = [&]() -> std::string {
      if (value) {
        return *value;
      }
      if (i + 1 >= args.size()) {
        throw_usage("'--" + name + "' needs a value", at);
      }
      return args[++i];
    };
    if (name == "strict" || name == "subjective") {
      options.strict = true;
    } else if (name == "no-strict" || name == "no-subjective") {
      options.strict = false;
    } else if (name == "u-boot") {
      options.u_boot = true;
    } else if (name == "no-tree") {
      options.no_tree = true;
    } else if (name == "tree") {
      options.no_tree = false;
    } else if (name == "ignore") {
      add_types(take_value(), options.ignore);
    } else if (name == "types") {
      add_types(take_value(), options.types);
    } else if (name == "max-line-length") {
      options.max_line_length = number("--" + name, take_value(), at);
      options.max_line_length_given = true;
    } else if (name == "min-conf-desc-length") {
      options.min_conf_desc_length = number("--" + name, take_value(), at);
    } else if (name == "root" || name == "tab-size" || name == "summary-file" ||
               name == "typedefsfile" || name == "codespellfile" || name == "kconfig-prefix") {
      take_value();
    } else if (k_harmless.count(name) == 0) {
      throw_usage("unknown checkpatch option '" + std::string(arg) + "'", at);
    }
  }
}

void apply_checkpatch_conf(std::string_view text, const std::string& file,
                           CheckpatchOptions& options) {
  std::vector<std::string> args;
  std::vector<int> lines;
  int n = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    const auto end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++n;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    std::size_t p = 0;
    while (p < line.size()) {
      while (p < line.size() && style::is_space(line[p])) {
        ++p;
      }
      std::size_t e = p;
      while (e < line.size() && !style::is_space(line[e])) {
        ++e;
      }
      if (e > p) {
        args.emplace_back(line.substr(p, e - p));
        lines.push_back(n);
      }
      p = e;
    }
  }
  apply_checkpatch_args(args, lines, file, options);
}

void seed_camelcase(std::string_view header_text, std::unordered_set<std::string>& names) {
  const auto camel_word = [](std::string_view s, std::size_t p) -> std::string_view {
    std::size_t e = p;
    while (e < s.size() && style::is_word(s[e])) {
      ++e;
    }
    const std::string_view w = s.substr(p, e - p);
    for (std::size_t i = 0; i + 1 < w.size(); ++i) {
      const bool up_low = w[i] >= 'A' && w[i] <= 'Z' && w[i + 1] >= 'a' && w[i + 1] <= 'z';
      const bool low_up = w[i] >= 'a' && w[i] <= 'z' && w[i + 1] >= 'A' && w[i + 1] <= 'Z';
      if (up_low || low_up) {
        return w;
      }
    }
    return {};
  };
  std::size_t start = 0;
  while (start < header_text.size()) {
    const auto nl = header_text.find('\n', start);
    const auto end = nl == std::string_view::npos ? header_text.size() : nl;
    const std::string_view line = header_text.substr(start, end - start);
    start = end + 1;
    std::size_t p = style::skip_spaces(line, 0);
    bool camel = false;  // (?:[A-Z][a-z]|[a-z][A-Z]) anywhere in the line
    for (std::size_t i = 0; i + 1 < line.size() && !camel; ++i) {
      camel = (line[i] >= 'A' && line[i] <= 'Z' && line[i + 1] >= 'a' && line[i + 1] <= 'z') ||
              (line[i] >= 'a' && line[i] <= 'z' && line[i + 1] >= 'A' && line[i + 1] <= 'Z');
    }
    if (p >= line.size() || !camel) {
      continue;
    }
    std::string_view rest = line.substr(p);
    std::size_t name = std::string_view::npos;
    if (starts_with(rest, "#")) {  // #define NAME
      const std::size_t d = style::skip_spaces(rest, 1);
      if (rest.substr(d, 6) == "define") {
        name = style::skip_spaces(rest, d + 6);
        name = name > d + 6 ? name : std::string_view::npos;
      }
    } else if (starts_with(rest, "typedef") && rest.size() > 7 && style::is_space(rest[7])) {
      const std::size_t t = style::skip_spaces(rest, 7);
      const std::size_t n = style::match_type(rest, t);
      if (n > 0) {
        name = style::skip_spaces(rest, t + n);
      }
    } else {
      for (const std::string_view tag : {"struct", "union", "enum"}) {
        if (starts_with(rest, tag) && rest.size() > tag.size() &&
            style::is_space(rest[tag.size()])) {
          const std::size_t n = style::skip_spaces(rest, tag.size());
          const std::string_view w = camel_word(rest, n);
          const std::size_t after = style::skip_spaces(rest, n + w.size());
          if (!w.empty() && after < rest.size() && (rest[after] == ';' || rest[after] == '{')) {
            names.emplace(w);
          }
        }
      }
      // $Declare\s+NAME\s*[\(\[,;]
      const std::size_t n = style::match_type(rest, 0);
      if (n > 0) {
        const std::size_t q = style::skip_spaces(rest, n);
        const std::string_view w = camel_word(rest, q);
        const std::size_t after = style::skip_spaces(rest, q + w.size());
        if (!w.empty() && after < rest.size() &&
            std::string_view("([,;").find(rest[after]) != std::string_view::npos) {
          names.emplace(w);
        }
      }
      continue;
    }
    if (name != std::string_view::npos) {
      const std::string_view w = camel_word(rest, name);
      if (!w.empty()) {
        names.emplace(w);
      }
    }
  }
}

void load_checkpatch_tree(std::string_view spelling_txt, std::string_view const_structs,
                          std::string_view camelcase_names, CheckpatchTree& tree) {
  const auto each_line = [](std::string_view text, auto&& fn) {
    std::size_t start = 0;
    while (start < text.size()) {
      const auto nl = text.find('\n', start);
      const auto end = nl == std::string_view::npos ? text.size() : nl;
      fn(trim(text.substr(start, end - start)));
      start = end + 1;
    }
  };
  each_line(spelling_txt, [&](std::string_view line) {
    if (line.empty() || line[0] == '#') {
      return;
    }
    const auto sep = line.find("||");
    if (sep == std::string_view::npos) {
      return;
    }
    tree.spelling.emplace(style::to_lower(line.substr(0, sep)), std::string(line.substr(sep + 2)));
  });
  each_line(const_structs, [&](std::string_view line) {
    if (!line.empty() && line[0] != '#') {
      tree.const_structs.emplace(line);
    }
  });
  each_line(camelcase_names, [&](std::string_view line) {
    if (!line.empty()) {
      tree.camelcase.emplace(line);
    }
  });
}

}  // namespace patchflow::check
