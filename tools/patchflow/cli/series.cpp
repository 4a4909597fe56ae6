#include "patchflow/series/series.hpp"

#include <ctime>
#include <iostream>

#include "patchflow/cli/commands.hpp"
#include "patchflow/cli/maintainer_options.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/series/addressing.hpp"

namespace patchflow::cli {
namespace {

struct SeriesArgs {
  std::string spec, output_dir, mbox, cover_file, notes_file, rules, range_diff;
  bool record = false, no_cover = false, no_route = false, no_cache = false;
  series::Options options;
  MaintainerArguments maintainer_args;  // get_maintainer.pl's options (--git ...)
};

// The series' JSON and the MAINTAINERS it was addressed with (origin, revision).
nlohmann::json with_routing(const series::Series& result, const series::Addressing& addressing) {
  nlohmann::json json = series::to_json(result);
  json["maintainers"] = {
      {"origin", addressing.origin},
      {"revision", addressing.revision ? addressing.revision->hex() : std::string()}};
  return json;
}

}  // namespace

void add_series_command(CLI::App& app, Session& session) {
  auto args = std::make_shared<SeriesArgs>();
  auto* cmd = app.add_subcommand("series", "Format a topic or range as a git format-patch series");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo series xen/swiotlb --cover-letter -o out/\n  "
      "patchflow --repo demo/repo series xen/swiotlb --reroll --record --mbox v2.mbox");
  cmd->add_option("topic-or-range", args->spec, "topic name, or a..b")->required();
  cmd->add_option("-v,--reroll-count", args->options.version, "Series version (default: current)");
  cmd->add_flag("--reroll", args->options.reroll, "Next version after the last one sent");
  cmd->add_flag("--record", args->record, "Record this version as sent (refs/patchflow/sent)");
  cmd->add_option("-o,--output-directory", args->output_dir, "Write NNNN-subject.patch files");
  cmd->add_option("--mbox", args->mbox, "Write one mbox file");
  cmd->add_option("--to", args->options.to, "To: address (repeatable)");
  cmd->add_option("--cc", args->options.cc, "Cc: address (repeatable)");
  cmd->add_flag("--no-route", args->no_route, "Address only --to/--cc (no MAINTAINERS routing)");
  cmd->add_option("--rules", args->rules,
                  "get_maintainer rules: linux or xen (default: the policy's maintainers-rules)");
  add_maintainer_options(cmd, std::shared_ptr<MaintainerArguments>(args, &args->maintainer_args),
                         MaintainerOptions::recipients);
  cmd->add_flag("--no-cache", args->no_cache,
                "Route every commit again: neither read nor write the routes kept in the "
                "repository (.git/patchflow/cache/)");
  cmd->add_option("-j,--jobs", args->options.jobs, "Threads formatting patches")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--cover-file", args->cover_file, "Cover letter: subject line, blank, text");
  cmd->add_option("--notes-file", args->notes_file, "Notes for the 'Changes since' section");
  cmd->add_option("--in-reply-to", args->options.in_reply_to, "Thread under this Message-Id");
  cmd->add_flag("--no-cover-letter", args->no_cover, "No cover letter");
  cmd->add_flag("--cover-letter", args->options.force_cover_letter, "Cover letter even for one");
  auto* range_diff =
      cmd->add_option("--range-diff", args->range_diff,
                      "Append git range-diff against the recorded vN (default: the previous "
                      "version) to the cover letter")
          ->expected(0, 1);
  cmd->callback([args, range_diff, &session] {
    series::Options options = args->options;
    if (range_diff->count() > 0) {
      options.range_diff_against = series::parse_version(args->range_diff, "--range-diff");
    }
    options.cover_letter = !args->no_cover;
    // The stack's YAML (and the routing source) is read while libgit2 is loaded (and --repo
    // opened) on a second thread.
    const config::StackConfig* stack =
        session.stack_if_opening_repo(false, /*warm_routing=*/!args->no_route);
    git_repository& repo = session.repo();
    const series::Range range = stack::resolve_target(repo, stack, args->spec);
    const config::Topic* topic = stack ? stack->find_topic(range.topic) : nullptr;
    series::Addressing addressing;
    if (args->no_route && !args->maintainer_args.empty()) {
      throw_usage("'" + args->maintainer_args.front().text +
                  "' chooses recipients by MAINTAINERS: not with --no-route");
    }
    // Each commit is diffed once, here, for its mail and for the routing that addresses it.
    series::CommitDiffs diffs(repo);
    diffs.add(repo, range.commits, options.jobs);
    options.diffs = &diffs;
    if (!args->no_route) {
      config::Policy policy = range.policy;
      if (!args->rules.empty()) {
        policy.maintainers_rules = args->rules;
      }
      addressing = series::route_addressing(repo, range, policy, args->maintainer_args,
                                            static_cast<std::int64_t>(std::time(nullptr)),
                                            options.jobs, !args->no_cache, &diffs);
      options.recipients = series::recipients_from(addressing);
    }
    if (!args->cover_file.empty()) {
      series::apply_cover_file(options, text::read_file(args->cover_file));
    }
    if (!args->notes_file.empty()) {
      options.notes = text::read_file(args->notes_file);
    }
    options.identity = series::identity_from_config(repo);
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    options.now = now;
    options.now_offset_minutes = static_cast<int>(local.tm_gmtoff / 60);
    const series::Series result = series::build_series(repo, range, topic, options);
    if (args->record) {
      stack::record_sent(repo, result.topic.empty() ? "range" : result.topic,
                         series::to_sent_record(result, now));
    }
    if (!args->output_dir.empty() || !args->mbox.empty()) {
      if (!args->output_dir.empty()) {
        series::write_patch_files(result, args->output_dir);
      }
      if (!args->mbox.empty()) {
        text::write_file_atomically(args->mbox, series::to_mbox(result));
      }
      const std::string routed =
          addressing.origin.empty() ? "" : "routed with " + addressing.origin + "\n";
      session.emit(routed + series::format_report(result), with_routing(result, addressing), false);
    } else {
      session.emit_product(series::to_mbox(result), with_routing(result, addressing));
    }
  });
}

}  // namespace patchflow::cli
