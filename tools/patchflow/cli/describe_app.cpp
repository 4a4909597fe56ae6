#include "patchflow/cli/describe_app.hpp"

namespace patchflow::cli {
namespace {

// CLI11 spells an IsMember check into the type name: "TEXT:{auto,always,never}".
std::vector<std::string> choices_of(const std::string& type_name) {
  const std::size_t open = type_name.find(":{");
  const std::size_t close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) {
    return {};
  }
  std::vector<std::string> choices;
  std::stringstream list(type_name.substr(open + 2, close - open - 2));
  for (std::string choice; std::getline(list, choice, ',');) {
    choices.push_back(choice);
  }
  return choices;
}

help::OptionSpec describe_option(const CLI::Option& option) {
  help::OptionSpec spec;
  spec.description = option.get_description();
  if (option.get_positional()) {
    spec.value_name = option.get_name(true);
    return spec;
  }
  for (const std::string& s : option.get_snames()) {
    spec.names.push_back("-" + s);
  }
  for (const std::string& l : option.get_lnames()) {
    spec.names.push_back("--" + l);
  }
  if (option.get_type_size() > 0) {
    const std::string type = option.get_type_name();
    spec.value_name = type.substr(0, type.find(':'));
    spec.choices = choices_of(type);
  }
  return spec;
}

void describe_options(const CLI::App& app, std::vector<help::OptionSpec>& options,
                      std::vector<help::OptionSpec>* positionals) {
  for (const CLI::Option* option : app.get_options()) {
    help::OptionSpec spec = describe_option(*option);
    if (spec.is_positional()) {
      if (positionals != nullptr) {
        positionals->push_back(std::move(spec));
      }
    } else {
      options.push_back(std::move(spec));
    }
  }
}

}  // namespace

help::AppSpec describe_app(CLI::App& app, const std::string& version) {
  help::AppSpec spec;
  spec.program = app.get_name();
  spec.version = version;
  spec.description = "compose, check, route and emit Git patch series";
  describe_options(app, spec.global_options, nullptr);
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    help::CommandSpec command;
    command.name = sub->get_name();
    command.description = sub->get_description();
    command.examples = sub->get_footer();
    describe_options(*sub, command.options, &command.positionals);
    spec.commands.push_back(std::move(command));
  }
  return spec;
}

}  // namespace patchflow::cli
