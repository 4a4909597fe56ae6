#pragma once
// Perl Getopt::Long's option words, as the scripts patchflow replaces read them from their
// command line and options files (.checkpatch.conf, .get_maintainer.conf).
#include <optional>
#include <string>
#include <string_view>

namespace patchflow {

struct LongOption {
  std::string name;                  // without its leading "-" or "--"
  std::optional<std::string> value;  // the "=value" written in the same word, if any
};

// "--name=value", "--name" or "-name" (the caller has checked that word starts with '-').
LongOption split_long_option(std::string_view word);

}  // namespace patchflow
