#pragma once
// get_maintainer.pl --git, in-process: who recently wrote and signed the touched files.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/git/handle.hpp"
#include "patchflow/maintainers/arguments.hpp"
#include "patchflow/maintainers/lookup.hpp"

namespace patchflow::maintainers {

struct HistoryOptions {
  std::optional<std::int64_t> since;  // commit time (epoch s); default: newest commit - 1 year
  int max_maintainers = 5;            // --git-max-maintainers, per file and kind
  int min_percent = 5;                // --git-min-percent
  int min_signatures = 1;             // --git-min-signatures
};

// For each file, the non-merge commits reachable from tip since the window start that change
// it; their Signed-off-by/Reviewed-by/Acked-by people as "commit_signer:N/M=P%" and their
// authors as "authored:N/M=P%" (N commits of the M touching the file), mapped through mailmap.
std::vector<Recipient> history_signals(git_repository& repo, const git::Oid& tip,
                                       const std::vector<std::string>& files,
                                       const HistoryOptions& options,
                                       const Mailmap* mailmap = nullptr);

// The "Name <email>" of every Signed-off-by:, Reviewed-by: and Acked-by: line of message
// (get_maintainer.pl's signature tags), in order.
std::vector<std::string> signature_people(std::string_view message);

// Adds signals after the section entries and before the lists, skipping anyone already there
// (get_maintainer.pl adds a role to them instead: done here too).
void add_history_signals(Result& result, const std::vector<Recipient>& signals);

// Adds --git's people to one lookup's Result (for its files); empty when --git is off.
using AddHistory = std::function<void(Result& result)>;

// --git as arguments say it, for every command that routes (maintainers, route, series): empty
// unless arguments.git; else each call walks history reachable from tip for result.files ("dev/
// null" is no file) with --git-max-maintainers, --git-min-percent, --git-min-signatures and the
// window since, or --git-since counted back from now, and adds the signals. repo and mailmap
// must outlive the function.
AddHistory history_for(const Arguments& arguments, git_repository& repo, const git::Oid& tip,
                       const Mailmap* mailmap, std::optional<std::int64_t> since,
                       std::int64_t now);

}  // namespace patchflow::maintainers
