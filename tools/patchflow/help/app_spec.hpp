#pragma once
// The command line as data: what the CLI declares (commands, options, positionals, examples),
// taken from CLI11 by the CLI so that completion scripts and the man page are generated from
// the same declarations --help prints, and never drift from them.
#include <string>
#include <vector>

namespace patchflow::help {

struct OptionSpec {
  std::vector<std::string> names;    // "-q", "--quiet"; empty for a positional
  std::string value_name;            // "" for a flag; e.g. "TEXT", "DIR" for an option with a value
  std::vector<std::string> choices;  // fixed values (--color auto|always|never), may be empty
  std::string description;
  bool is_positional() const { return names.empty(); }
};

struct CommandSpec {
  std::string name;  // "compose"
  std::string description;
  std::vector<OptionSpec> options;      // flags and options with values
  std::vector<OptionSpec> positionals;  // in order; value_name holds the positional's name
  std::string examples;                 // footer text: "Examples:\n  patchflow ...\n"
};

struct AppSpec {
  std::string program;  // "patchflow"
  std::string version;
  std::string description;
  std::vector<OptionSpec> global_options;
  std::vector<CommandSpec> commands;
};

}  // namespace patchflow::help
