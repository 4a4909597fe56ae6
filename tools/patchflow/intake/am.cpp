#include "patchflow/intake/am.hpp"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "patchflow/check/request.hpp"
#include "patchflow/compose/compose.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/history_walk.hpp"
#include "patchflow/git/object_batch.hpp"
#include "patchflow/git/ref_journal.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_read.hpp"
#include "patchflow/init/skeleton.hpp"
#include "patchflow/intake/apply.hpp"
#include "patchflow/maintainers/source.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::intake {
namespace {

std::string part_label(const AmResult& result, int number) {
  return std::to_string(number) + "/" + std::to_string(result.total);
}

// The commit a "base-commit: <sha>" line of the thread names (format-patch --base writes it
// at the end of the cover letter, or of the first patch without one).
std::optional<git::Oid> base_commit_of(git_repository& repo, const PickedSeries& series) {
  std::vector<const patch::Mail*> mails;
  if (series.cover) {
    mails.push_back(series.cover);
  }
  for (const SeriesPart& part : series.parts) {
    mails.push_back(part.mail);
  }
  for (const patch::Mail* mail : mails) {
    for (const std::string* text : {&mail->message, &mail->notes, &mail->diff}) {
      if (const auto base = stack::mail_base_commit(repo, *text)) {
        return base;
      }
    }
  }
  return std::nullopt;
}

git::Identity author_of(const patch::Mail& mail, const AmResult& result, int number) {
  const Where where{.file = mail.source, .line = mail.first_line};
  if (mail.author.email.empty()) {
    throw Error(ExitCode::usage, "patch " + part_label(result, number) + " has no author (From)",
                where);
  }
  if (!mail.date) {
    throw Error(ExitCode::usage, "patch " + part_label(result, number) + " has no valid Date",
                where);
  }
  return git::Identity{.name = mail.author.name.empty() ? mail.author.email : mail.author.name,
                       .email = mail.author.email,
                       .time = mail.date->seconds,
                       .offset_minutes = mail.date->offset_minutes};
}

std::string topic_yaml(const AmResult& result, const PickedSeries& series) {
  const std::string& summary =
      series.cover ? series.cover->subject : series.parts.front().mail->subject;
  return "name: " + init::yaml_scalar(result.topic) +
         "\ncomponent: " + init::yaml_scalar(result.component) +
         "\nbranch: " + init::yaml_scalar(result.topic) +
         "\ndepends: []\nsummary: " + init::yaml_scalar(summary) +
         "\nversion: " + std::to_string(result.version) + "\n";
}

// A name --new can create: a branch git accepts, beside the existing ones, whose topic file
// name fits in a directory entry.
void check_new_topic_name(git_repository& repo, const std::string& name) {
  std::string problem = git::branch_name_problem(repo, name);
  if (problem.empty() && name.size() > 200) {
    problem = "longer than 200 characters";
  }
  if (!problem.empty()) {
    throw_usage("invalid topic name " + text::quoted(name) + ": " + problem + "; nothing created");
  }
}

// Where the series goes: the topic's tip; with --new, the series' base-commit when mainline
// has it, else the mainline tip.
void find_base(git_repository& repo, const config::StackConfig& stack, const AmOptions& options,
               const PickedSeries& series, AmResult& result) {
  if (!options.create) {
    const config::Topic& topic = stack.topic(options.topic);
    result.component = topic.component;
    result.ref = git::branch_ref_name(topic.branch.empty() ? topic.name : topic.branch);
    result.old_tip = git::resolve_ref(repo, result.ref);
    if (!result.old_tip) {
      throw Error(
          ExitCode::git,
          "topic branch " + text::quoted(topic.branch) + " does not exist (create it with --new)",
          Where{.file = topic.file, .ref = result.ref});
    }
    result.base = *result.old_tip;
    result.base_name = options.topic;
    return;
  }
  if (stack.find_topic(options.topic)) {
    throw_usage("topic " + text::quoted(options.topic) + " exists; drop --new to add to it");
  }
  check_new_topic_name(repo, options.topic);
  result.created = true;
  result.ref = git::branch_ref_name(options.topic);
  result.topic_file = "topics/" + init::slug(options.topic) + ".yaml";
  if (git::resolve_ref(repo, result.ref)) {
    throw Error(ExitCode::git, "branch " + text::quoted(options.topic) + " already exists",
                Where{.ref = result.ref});
  }
  if (std::filesystem::exists(stack.path(result.topic_file))) {
    throw_usage("topic file " + text::quoted(result.topic_file) + " already exists",
                Where{.file = result.topic_file});
  }
  result.component = options.component;
  if (result.component.empty() && stack.stack.components.size() == 1) {
    result.component = stack.stack.components.front().name;
  }
  if (result.component.empty()) {
    std::vector<std::string> paths;
    for (const SeriesPart& part : series.parts) {
      std::ranges::move(stack::modified_paths("\n" + part.mail->diff), std::back_inserter(paths));
    }
    result.component = stack::component_holding(stack, repo, paths);
  }
  if (result.component.empty()) {
    throw_usage("cannot tell which component the series is for: give --component");
  }
  const std::string& mainline = stack.component(result.component).mainline;
  const git::Oid mainline_tip = git::resolve_commit(repo, mainline);
  const std::optional<git::Oid> base = base_commit_of(repo, series);
  if (base && git::is_ancestor(repo, *base, mainline_tip)) {
    result.base = *base;
    result.base_name = "base-commit " + base->short_hex() + " on " + mainline;
  } else {
    result.base = mainline_tip;
    result.base_name = mainline;
  }
}

// check with the topic's policy, as `patchflow check <topic>` would on the new tip; only the
// applied commits' reports are kept (the others were checked when they came in).
check::Result run_check(git_repository& repo, const config::StackConfig& stack,
                        const AmResult& result) {
  const std::string& mainline = stack.component(result.component).mainline;
  check::Request request;
  request.inputs = {git::resolve_commit(repo, mainline).hex() + ".." + result.new_tip->hex()};
  request.mainline = mainline;
  request.component = result.component;
  const check::Context context{
      .stack = [&](bool) { return &stack; },
      .repo = [&](bool) { return &repo; },
  };
  check::Result all = check::run(request, context);
  std::set<std::string> applied;
  for (const AppliedPatch& patch : result.applied) {
    applied.insert(patch.commit.hex());
  }
  check::Result mine;
  for (check::CommitReport& report : all.commits) {
    if (applied.contains(report.commit)) {
      mine.commits.push_back(std::move(report));
    }
  }
  for (Finding& finding : all.series) {
    if (finding.commit.empty() || applied.contains(finding.commit)) {
      mine.series.push_back(std::move(finding));
    }
  }
  return mine;
}

route::CcReport run_check_cc(git_repository& repo, const config::Policy& policy,
                             const PickedSeries& series, const git::Oid& tip) {
  if (policy.maintainers.empty()) {
    return {};
  }
  const maintainers::SourceRequest request = maintainers::source_request(policy);
  maintainers::Arguments arguments = maintainers::routing_arguments(&repo, tip, request);
  if (!git::is_file_at(repo, tip,
                       maintainers::maintainers_path_in_tree(arguments, policy.maintainers))) {
    return {};
  }
  const maintainers::Routing routing =
      maintainers::load_routing(&repo, tip, request, std::move(arguments));
  std::vector<patch::Mail> mails;
  for (const SeriesPart& part : series.parts) {
    mails.push_back(*part.mail);
  }
  return route::check_cc(routing.source, policy, mails, routing.options);
}

std::vector<TrialCompose> trial_composes(git_repository& repo, const config::StackConfig& stack,
                                         const AmResult& result) {
  std::vector<TrialCompose> composes;
  for (const std::string& name : stack.merge_branch_names()) {
    const config::MergeBranch& def = stack.merge_branch(name);
    if (std::find(def.topics.begin(), def.topics.end(), result.topic) == def.topics.end()) {
      continue;
    }
    TrialCompose trial{.merge_branch = name};
    compose::Options options;
    options.merge_branch = name;
    options.dry_run = true;
    options.topic_tips[result.topic] = *result.new_tip;
    try {
      const compose::ComposeResult composed = compose::run(repo, stack, options);
      if (!composed.ok()) {
        trial.ok = false;
        trial.error = composed.error;
      }
    } catch (const Error& e) {
      trial.ok = false;
      trial.error = e.what();
    }
    composes.push_back(std::move(trial));
  }
  return composes;
}

}  // namespace

std::string intake_message(const std::string& message, const std::vector<GivenTrailer>& given,
                           const std::string& message_id, const config::Policy& policy,
                           const git::Identity& maintainer, std::vector<patch::Trailer>* added) {
  const std::vector<patch::Trailer> own = patch::message_trailers(message);
  std::vector<patch::Trailer> trailers;
  auto has = [&](const patch::Trailer& t) {
    const auto same = [&](const patch::Trailer& o) { return o.same_as(t); };
    return std::any_of(own.begin(), own.end(), same) ||
           std::any_of(trailers.begin(), trailers.end(), same);
  };
  for (const GivenTrailer& g : given) {
    if (!has(g.trailer)) {
      trailers.push_back(g.trailer);
    }
  }
  const std::size_t at = policy.link_template.find("%s");
  if (!message_id.empty() && at != std::string::npos) {
    std::string link = policy.link_template;
    link.replace(at, 2, message_id);
    const patch::Trailer trailer{"Link", link};
    if (!has(trailer)) {
      trailers.push_back(trailer);
    }
  }
  if (policy.maintainer_signoff && !maintainer.email.empty()) {
    // git am -s: added unless it is already the last trailer
    const patch::Trailer signoff{"Signed-off-by", maintainer.name + " <" + maintainer.email + ">"};
    const std::vector<patch::Trailer>& last = trailers.empty() ? own : trailers;
    if (last.empty() || last.back().format() != signoff.format()) {
      trailers.push_back(signoff);
    }
  }
  if (added) {
    *added = trailers;
  }
  return patch::add_trailers(message, trailers);
}

bool AmResult::has_findings() const {
  // With --partial, missing and duplicate parts are reported, not findings: the maintainer asked
  // for the parts present.
  if (stopped || (!partial && (!missing.empty() || !duplicates.empty())) ||
      check::has_errors(check) || cc.has_missing()) {
    return true;
  }
  return std::any_of(composes.begin(), composes.end(), [](const TrialCompose& c) { return !c.ok; });
}

AmResult am(git_repository& caller_repo, const config::StackConfig& stack,
            const AmOptions& options) {
  const std::vector<patch::Mail> mails = read_mails(options.input);
  const PickedSeries series = pick_series(mails);
  AmResult result;
  result.input = options.input;
  result.topic = options.topic;
  result.dry_run = options.dry_run;
  result.partial = options.partial;
  result.version = series.version;
  result.total = series.total;
  result.has_cover = series.cover != nullptr;
  result.missing = series.missing;
  result.duplicates = series.duplicates;
  result.older_versions = series.older_versions;
  result.replies = series.replies;
  result.ignored_replies = series.ignored_replies;
  result.not_taken = series.not_taken;
  // A private handle whose writes stay in memory until everything is decided: a failure or a
  // dry run leaves not even an unreferenced object behind.
  git::Repository private_repo = git::reopen_repository(caller_repo);
  git_repository& repo = *private_repo;
  find_base(repo, stack, options, series, result);
  if (!series.complete() && !options.partial) {
    result.stopped = true;
    return result;
  }
  const config::Policy policy = stack.policy_for(result.component);
  git::ObjectBatch batch(repo);
  git::Oid current = result.base;
  git::Oid tree = git::commit_tree_id(*git::lookup_commit(repo, current));
  for (const SeriesPart& part : series.parts) {
    const patch::Mail& mail = *part.mail;
    const git::Identity author = author_of(mail, result, part.number);
    ApplyError error;
    const std::optional<AppliedTree> applied = apply_mail(repo, tree, mail, error);
    if (!applied) {
      std::string message = "patch " + part_label(result, part.number) + " " +
                            text::quoted(mail.subject) + " does not apply";
      if (!error.path.empty()) {
        message += " to " + text::quoted(error.path);
      }
      if (!error.hunk.empty()) {
        message += " at hunk " + error.hunk;
      }
      message += ": " + error.reason + "; " + text::quoted(options.topic) + " not moved";
      throw Error(ExitCode::git, message, error.where);
    }
    if (applied->tree == tree) {
      // as git am -3: "No changes -- Patch already applied."
      result.already_applied.push_back(part.number);
      continue;
    }
    tree = applied->tree;
    AppliedPatch done{.number = part.number,
                      .subject = mail.subject,
                      .message_id = part.message_id,
                      .three_way = applied->three_way};
    const std::string message = intake_message(mail.message, part.given, part.message_id, policy,
                                               options.maintainer, &done.added);
    current = git::create_commit(repo, tree, {current}, author, options.maintainer, message);
    done.commit = current;
    result.applied.push_back(std::move(done));
  }
  result.new_tip = current;
  if (!options.dry_run) {
    // The commits go to disk now; what the checks below write (trial merges) stays in memory.
    batch.commit();
  }
  result.check = run_check(repo, stack, result);
  result.cc = run_check_cc(repo, policy, series, current);
  if (!options.create) {
    result.composes = trial_composes(repo, stack, result);
  }
  if (options.dry_run || current == result.base) {
    return result;
  }
  if (options.before_ref_update) {
    options.before_ref_update();
  }
  // CAS on the tip read before applying: a push to the topic meanwhile wins over this am. With
  // --new the ref and topics/<name>.yaml are one journaled move: a crash between the two leaves
  // both or neither once the next patchflow command has recovered it.
  std::vector<git::FileWrite> files;
  if (result.created) {
    files.push_back({.path = stack.path(result.topic_file), .content = topic_yaml(result, series)});
  }
  git::update_refs(
      repo, {{.ref = result.ref, .expected = result.old_tip, .target = current}},
      "patchflow am: " + std::to_string(result.applied.size()) + " patches from " + options.input,
      files);
  result.moved = true;
  return result;
}

nlohmann::json to_json(const AmResult& result) {
  nlohmann::json applied = nlohmann::json::array();
  for (const AppliedPatch& patch : result.applied) {
    nlohmann::json added = nlohmann::json::array();
    for (const patch::Trailer& trailer : patch.added) {
      added.push_back(trailer.format());
    }
    applied.push_back({{"number", patch.number},
                       {"subject", patch.subject},
                       {"message_id", patch.message_id},
                       {"commit", patch.commit.hex()},
                       {"three_way", patch.three_way},
                       {"added_trailers", added}});
  }
  nlohmann::json composes = nlohmann::json::array();
  for (const TrialCompose& trial : result.composes) {
    composes.push_back(
        {{"merge_branch", trial.merge_branch}, {"ok", trial.ok}, {"error", trial.error}});
  }
  return {{"input", result.input},
          {"topic", result.topic},
          {"ref", result.ref},
          {"component", result.component},
          {"created", result.created},
          {"topic_file", result.topic_file},
          {"version", result.version},
          {"total", result.total},
          {"cover_letter", result.has_cover},
          {"missing", result.missing},
          {"duplicates", result.duplicates},
          {"older_versions", result.older_versions},
          {"replies", result.replies},
          {"ignored_replies", result.ignored_replies},
          {"not_taken", not_taken_json(result.not_taken)},
          {"partial", result.partial},
          {"stopped", result.stopped},
          {"base", result.base_name},
          {"base_commit", result.base.is_zero() ? "" : result.base.hex()},
          {"old_tip", result.old_tip ? result.old_tip->hex() : ""},
          {"new_tip", result.new_tip ? result.new_tip->hex() : ""},
          {"applied", applied},
          {"already_applied", result.already_applied},
          {"check", check::to_json(result.check)},
          {"cc", route::to_json(result.cc)},
          {"compose", composes},
          {"dry_run", result.dry_run},
          {"moved", result.moved},
          {"findings", result.has_findings()}};
}

std::string format_text(const AmResult& result) {
  std::string out = "v" + std::to_string(result.version) + ", " +
                    std::to_string(result.applied.size()) + " of " + std::to_string(result.total) +
                    " patches" + (result.has_cover ? " (cover letter skipped)" : "") + ", " +
                    std::to_string(result.replies) + " replies, from " + result.input + "\n";
  auto numbers = [](const std::vector<int>& list) {
    std::vector<std::string> parts;
    for (const int n : list) {
      parts.push_back(std::to_string(n));
    }
    return text::join(parts, ", ");
  };
  if (!result.older_versions.empty()) {
    out += "  older versions ignored: v" + numbers(result.older_versions) + "\n";
  }
  // --partial: the maintainer knows; said without "error:", as the exit code is not 1 for it
  const std::string severity = result.partial ? "" : "error: ";
  if (!result.missing.empty()) {
    out += severity + "missing patch(es) " + numbers(result.missing) + " of " +
           std::to_string(result.total) +
           (result.partial ? " (--partial: applied the others)" : "") + "\n";
  }
  if (!result.duplicates.empty()) {
    out += severity + "patch(es) " + numbers(result.duplicates) + " sent more than once" +
           (result.stopped ? "" : " (the last one taken)") + "\n";
  }
  for (const std::string& reply : result.ignored_replies) {
    out += "  reply not to this version, trailers not taken: " + reply + "\n";
  }
  out += format_not_taken(result.not_taken);
  if (result.stopped) {
    out += text::quoted(result.topic) + " not moved (use --partial to apply the parts present)\n";
    return out;
  }
  out += "onto " + result.base_name + " (" + result.base.short_hex() + ")\n";
  for (const AppliedPatch& patch : result.applied) {
    out += "  " + std::to_string(patch.number) + "/" + std::to_string(result.total) + " " +
           patch.commit.short_hex() + " " + patch.subject + (patch.three_way ? "  (3-way)" : "") +
           "\n";
    for (const patch::Trailer& trailer : patch.added) {
      out += "      + " + trailer.format() + "\n";
    }
  }
  if (!result.already_applied.empty()) {
    out += "  already applied, skipped: " + numbers(result.already_applied) + "\n";
  }
  std::size_t errors = 0, warnings = 0;
  for (const auto& report : result.check.commits) {
    for (const Finding& f : report.findings) {
      errors += f.severity == Severity::error;
      warnings += f.severity == Severity::warning;
    }
  }
  for (const Finding& f : result.check.series) {
    errors += f.severity == Severity::error;
    warnings += f.severity == Severity::warning;
  }
  out += "check: " + std::to_string(errors) + " error(s), " + std::to_string(warnings) +
         " warning(s)\n";
  if (errors + warnings > 0) {
    for (const auto& report : result.check.commits) {
      for (const Finding& f : report.findings) {
        out += "  " + f.format() + "\n";
      }
    }
    for (const Finding& f : result.check.series) {
      out += "  " + f.format() + "\n";
    }
  }
  if (result.cc.has_missing()) {
    out += "cc: not copied but should have been:\n" + route::format_text(result.cc);
  } else {
    out += "cc: everyone who should be was copied\n";
  }
  for (const TrialCompose& trial : result.composes) {
    out += "compose " + trial.merge_branch + ": " +
           (trial.ok ? "merges" : "FAILS: " + trial.error) + " (trial, nothing moved)\n";
  }
  const std::string tip = result.new_tip ? result.new_tip->short_hex() : "";
  if (result.moved) {
    out += result.ref.substr(11) + ": " +
           (result.old_tip ? result.old_tip->short_hex() : std::string("(new)")) + " -> " + tip +
           "\n";
    if (result.created) {
      out += "wrote " + result.topic_file + "\n";
    }
  } else if (result.dry_run) {
    out += "dry run: " + result.ref.substr(11) + " would move to " + tip + "; nothing moved\n";
  } else {
    out += "nothing to apply; " + result.ref.substr(11) + " not moved\n";
  }
  return out;
}

}  // namespace patchflow::intake
