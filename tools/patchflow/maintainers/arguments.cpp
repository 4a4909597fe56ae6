#include "patchflow/maintainers/arguments.hpp"

#include <charconv>
#include <set>

#include "patchflow/core/long_option.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::maintainers {

namespace {

// Getopt::Long "name!" switches that choose what is printed, by their canonical name.
const std::map<std::string, std::string, std::less<>>& switch_names() {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"m", "m"},
      {"r", "r"},
      {"n", "n"},
      {"l", "l"},
      {"s", "s"},
      {"moderated", "moderated"},
      {"multiline", "multiline"},
      {"roles", "roles"},
      {"rolestats", "roles"},  // no history statistics here: they are the roles
      {"remove-duplicates", "remove-duplicates"},
      {"subsystem", "subsystem"},
      {"status", "status"},
      {"scm", "scm"},
      {"web", "web"},
      {"k", "keywords"},
      {"keywords", "keywords"},
      {"email", "email"},
      {"sections", "sections"},
      {"drop_the_rest_supporter", "drop_the_rest_supporter"},
      {"git-chief-penguins", "chief-penguins"},
      {"chief-penguins", "chief-penguins"},
  };
  return names;
}

// Options of the script that change its answer in ways patchflow does not reproduce.
const std::set<std::string, std::less<>>& refused() {
  static const std::set<std::string, std::less<>> names = {"git-all-signature-types",
                                                           "git-blame",
                                                           "git-blame-signatures",
                                                           "i",
                                                           "interactive",
                                                           "kf",
                                                           "keywords-in-file",
                                                           "fe",
                                                           "file-emails",
                                                           "self-test",
                                                           "f",
                                                           "file",
                                                           "v",
                                                           "version",
                                                           "h",
                                                           "help",
                                                           "usage"};
  return names;
}

// The file:line is the message's prefix; say what it cannot.
std::string where_text(const Argument& arg) {
  if (arg.where.file.empty()) {
    return " on the command line";
  }
  return arg.where.ref.empty() ? "" : " (in the tree of " + arg.where.ref.substr(0, 12) + ")";
}

int integer(const Argument& arg, const std::string& option, std::string_view value) {
  int n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc{} || end != value.data() + value.size() || n < 0) {
    throw_usage("'" + option + "' needs a number, not '" + std::string(value) + "'", arg.where);
  }
  return n;
}

// git's approxidate for what get_maintainer.pl configurations write: "N-unit(s)-ago" (also
// "N.unit.ago", "N unit ago") and epoch seconds.
std::optional<Since> parse_since(std::string_view value) {
  std::string_view v = value;
  if (v.starts_with("@")) {
    v.remove_prefix(1);
  }
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || n < 0) {
    return std::nullopt;
  }
  std::string_view rest(end, static_cast<std::size_t>(v.data() + v.size() - end));
  if (rest.empty()) {
    return Since{.relative = false, .seconds = n};
  }
  std::string unit;
  for (const char c : rest) {
    unit += (c == '.' || c == ' ' || c == '_') ? '-' : c;
  }
  if (!unit.starts_with("-") || !unit.ends_with("-ago")) {
    return std::nullopt;
  }
  unit = unit.substr(1, unit.size() - 5);
  if (unit.ends_with("s")) {
    unit.pop_back();
  }
  static const std::map<std::string, std::int64_t, std::less<>> k_seconds = {
      {"second", 1},       {"minute", 60},        {"hour", 3600},       {"day", 86400},
      {"week", 7 * 86400}, {"month", 30 * 86400}, {"year", 365 * 86400}};
  const auto found = k_seconds.find(unit);
  if (found == k_seconds.end()) {
    return std::nullopt;
  }
  return Since{.relative = true, .seconds = n * found->second};
}

}  // namespace

std::vector<Argument> split_arguments(std::string_view text, const Where& where, bool lines) {
  std::vector<Argument> out;
  int line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t nl = text.find('\n', start);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    std::size_t p = 0;
    while (p < line.size()) {
      while (p < line.size() && text::is_space(line[p])) {
        ++p;
      }
      std::size_t e = p;
      while (e < line.size() && !text::is_space(line[e])) {
        ++e;
      }
      if (e == p) {
        break;
      }
      const std::string_view word = line.substr(p, e - p);
      if (word.starts_with("#")) {
        break;  // the script's `last if ($word =~ m/^#/)`: the rest of the line is a comment
      }
      Argument arg{std::string(word), where};
      if (lines) {
        arg.where.line = line_number;
      }
      out.push_back(std::move(arg));
      p = e;
    }
  }
  return out;
}

void apply_arguments(const std::vector<Argument>& args, Arguments& arguments) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const Argument& arg = args[i];
    const std::string_view word = arg.text;
    if (!word.starts_with("-") || word == "-" || word == "--") {
      throw_usage("unexpected argument '" + arg.text + "'" + where_text(arg) +
                      " (get_maintainer.pl options only)",
                  arg.where);
    }
    LongOption option = split_long_option(word);
    std::string& name = option.name;
    std::optional<std::string>& value = option.value;
    const auto take_value = [&]() -> std::string {
      if (value) {
        return *value;
      }
      if (i + 1 >= args.size()) {
        throw_usage("'--" + name + "' needs a value", arg.where);
      }
      return args[++i].text;
    };
    // Getopt::Long's negation of "name!": --noname and --no-name.
    bool positive = true;
    std::string base = name;
    const auto negatable = [&](std::string_view candidate) {
      return switch_names().count(candidate) != 0 || candidate == "git" ||
             candidate == "git-fallback" || candidate == "mailmap" || candidate == "tree" ||
             candidate == "find-maintainer-files";
    };
    if (!negatable(name) && refused().count(name) == 0) {
      for (const std::string_view prefix : {"no-", "no"}) {
        if (name.starts_with(prefix) && negatable(name.substr(prefix.size()))) {
          base = name.substr(prefix.size());
          positive = false;
          break;
        }
      }
    }
    if (value && (negatable(base) || !positive)) {
      throw_usage("'--" + name + "' takes no value", arg.where);
    }
    if (const auto found = switch_names().find(base); found != switch_names().end()) {
      arguments.switches[found->second] = positive;
      if (found->second == "sections") {
        arguments.listing_where = arg.where;
      }
    } else if (base == "find-maintainer-files") {
      arguments.find_maintainer_files = positive;
    } else if (base == "git") {
      arguments.git = positive;
    } else if (base == "mailmap") {
      arguments.mailmap = positive;
    } else if (base == "tree") {
      // the script's check that it runs at the top of a kernel tree: nothing to answer here
    } else if (base == "git-fallback") {
      if (positive) {
        throw_usage("'--git-fallback'" + where_text(arg) +
                        ": patchflow does not fall back to history (give --git, or drop it)",
                    arg.where);
      }
    } else if (name == "separator") {
      arguments.separator = take_value();
    } else if (name == "letters") {
      arguments.letters = take_value();
      arguments.listing_where = arg.where;
    } else if (name == "pattern-depth") {
      arguments.pattern_depth = integer(arg, "--" + name, take_value());
    } else if (name == "git-min-percent") {
      arguments.git_min_percent = integer(arg, "--" + name, take_value());
    } else if (name == "git-max-maintainers") {
      arguments.git_max_maintainers = integer(arg, "--" + name, take_value());
    } else if (name == "git-min-signatures") {
      arguments.git_min_signatures = integer(arg, "--" + name, take_value());
    } else if (name == "git-since") {
      const std::string since = take_value();
      arguments.git_since = parse_since(since);
      if (!arguments.git_since) {
        throw_usage(
            "'--git-since' needs a time such as '6-months-ago' or '@<epoch>', not '" + since + "'",
            arg.where);
      }
    } else if (name == "hg-since") {
      take_value();  // Mercurial history: never consulted here
    } else if (name == "maintainer-path" || name == "mpath") {
      arguments.maintainer_path = take_value();
    } else if (refused().count(name) != 0) {
      throw_usage("get_maintainer.pl option '" + arg.text + "'" + where_text(arg) +
                      " is not supported by patchflow",
                  arg.where);
    } else {
      throw_usage("unknown get_maintainer.pl option '" + arg.text + "'" + where_text(arg),
                  arg.where);
    }
  }
}

Options lookup_options(const Arguments& arguments, Rules rules) {
  Options options = default_options(rules);
  const auto set = [&](const char* name, bool& field) {
    const auto it = arguments.switches.find(name);
    if (it != arguments.switches.end()) {
      field = it->second;
    }
  };
  set("roles", options.roles);
  set("m", options.maintainers);
  set("r", options.reviewers);
  set("l", options.lists);
  set("s", options.subscriber_lists);
  set("moderated", options.moderated_lists);
  set("n", options.use_name);
  set("email", options.email);
  set("remove-duplicates", options.remove_duplicates);
  set("drop_the_rest_supporter", options.drop_the_rest);
  set("multiline", options.multiline);
  set("scm", options.scm);
  set("status", options.status);
  set("subsystem", options.subsystem);
  set("web", options.web);
  set("keywords", options.keywords);
  set("chief-penguins", options.chief_penguins);
  if (arguments.separator) {
    options.separator = *arguments.separator;
  }
  if (arguments.pattern_depth) {
    options.pattern_depth = *arguments.pattern_depth;
  }
  set("sections", options.sections);
  if (arguments.letters) {
    if (rules == Rules::xen) {
      // Xen's fork has no --letters: its Getopt::Long stops with "Unknown option: letters".
      throw_usage("'--letters' is not an option of Xen's get_maintainer.pl",
                  arguments.listing_where);
    }
    options.letters = *arguments.letters;
    options.sections = options.sections || !options.letters.empty();
  }
  if (options.sections) {
    // The script prints the sections and nothing else: no addresses, lists, extras or keywords.
    options.email = options.lists = false;
    options.scm = options.status = options.subsystem = options.web = false;
    options.keywords = false;
    return options;
  }
  if (!options.email && !options.lists && !options.scm && !options.status && !options.subsystem &&
      !options.web) {
    throw_usage("nothing to print: --noemail needs --l, --scm, --status, --subsystem or --web");
  }
  return options;
}

std::string maintainers_path_in_tree(const Arguments& arguments, const std::string& fallback) {
  if (!arguments.maintainer_path) {
    return fallback;
  }
  std::string path = *arguments.maintainer_path;
  while (path.starts_with("./")) {
    path = path.substr(2);
  }
  if (path.empty() || path == ".") {
    return "MAINTAINERS";
  }
  if (path.ends_with("/")) {
    return path + "MAINTAINERS";
  }
  return path;
}

}  // namespace patchflow::maintainers
