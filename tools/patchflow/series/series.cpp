#include "patchflow/series/series.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "patchflow/core/address.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/attributes.hpp"
#include "patchflow/git/config.hpp"
#include "patchflow/git/parallel.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/patch/mbox.hpp"
#include "patchflow/series/range_diff.hpp"

namespace patchflow::series {
namespace {

std::string message_text(git_repository& repo, const git::Oid& commit) {
  git::Commit c = git::lookup_commit(repo, commit);
  return git_commit_message(c.get());
}

std::string short_hash(git_repository& repo, const std::string& text) {
  git_oid id;
  git::ensure_library();
  git::check(git_odb_hash(&id, text.data(), text.size(), GIT_OBJECT_BLOB), "cannot hash");
  (void)repo;
  return git::Oid(id).short_hex(12);
}

bool has_address(const std::vector<std::string>& list, const std::string& address) {
  const std::string key = address::mailbox_key(address);
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& item) { return address::mailbox_key(item) == key; });
}

// Appends each address of more that list lacks (first spelling wins).
void add_unique(std::vector<std::string>& list, const std::vector<std::string>& more) {
  for (const std::string& item : more) {
    if (!has_address(list, item)) {
      list.push_back(item);
    }
  }
}

// Someone in To needs no Cc as well.
void drop_cc_in_to(const std::vector<std::string>& to, std::vector<std::string>& cc) {
  std::erase_if(cc, [&](const std::string& item) { return has_address(to, item); });
}

std::vector<PatchChange> compare_with(git_repository& repo, const stack::SentRecord& previous,
                                      const std::vector<Message>& messages) {
  std::vector<PatchChange> changes;
  std::vector<bool> matched(previous.patches.size(), false);
  for (const Message& message : messages) {
    if (message.number == 0) {
      continue;
    }
    auto find = [&](auto predicate) -> int {
      for (std::size_t i = 0; i < previous.patches.size(); ++i) {
        if (!matched[i] && predicate(previous.patches[i])) {
          return static_cast<int>(i);
        }
      }
      return -1;
    };
    int found = find([&](const stack::SentPatch& p) { return p.patch_id == message.patch_id; });
    if (found >= 0) {
      matched[static_cast<std::size_t>(found)] = true;
      const stack::SentPatch& old = previous.patches[static_cast<std::size_t>(found)];
      // The old commit may be gone (gc after a rebase): then only the subject can tell.
      git_commit* raw = nullptr;
      const bool old_exists = git_commit_lookup(&raw, &repo, old.commit.raw()) == 0;
      git_error_clear();
      git::Commit owned(raw);
      const bool reworded = old_exists ? std::string(git_commit_message(owned.get())) !=
                                             message_text(repo, message.commit)
                                       : old.subject != message.subject;
      if (reworded) {
        changes.push_back({"reworded", message.subject});
      }
      continue;
    }
    found = find([&](const stack::SentPatch& p) { return p.subject == message.subject; });
    if (found >= 0) {
      matched[static_cast<std::size_t>(found)] = true;
      changes.push_back({"changed", message.subject});
      continue;
    }
    changes.push_back({"added", message.subject});
  }
  for (std::size_t i = 0; i < previous.patches.size(); ++i) {
    if (!matched[i]) {
      changes.push_back({"dropped", previous.patches[i].subject});
    }
  }
  return changes;
}

bool has_commit(git_repository& repo, const git::Oid& id) {
  git_odb* raw = nullptr;
  git::check(git_repository_odb(&raw, &repo), "cannot open object database");
  const bool present = git_odb_exists(raw, id.raw()) != 0;
  git_odb_free(raw);
  return present;
}

// The changes by git range-diff's pairing: the new series' order, dropped patches last; a pair
// is "moved" when it is out of the previous order (not on a longest run of pairs that kept it).
// A dropped and an added patch of the same subject are one patch changed: git leaves a small
// patch unpaired when its change is large for its size, a cover letter should not.
std::vector<PatchChange> compare_by_pairing(git_repository& repo, RangeDiff diff,
                                            const std::vector<Message>& messages, int jobs) {
  for (RangeDiffPair& added : diff.pairs) {
    if (added.status != PairStatus::added) {
      continue;
    }
    const std::string subject = commit_title(message_text(repo, added.new_commit));
    for (RangeDiffPair& dropped : diff.pairs) {
      if (dropped.status != PairStatus::dropped || dropped.subject != subject) {
        continue;
      }
      RangeDiff one = range_diff(repo, {dropped.old_commit}, {added.new_commit},
                                 {.creation_factor = k_creation_factor_same_series, .jobs = jobs});
      if (one.pairs.size() == 1) {
        one.pairs[0].old_number = dropped.old_number;
        one.pairs[0].new_number = added.new_number;
        added = one.pairs[0];
        dropped.status = PairStatus::unchanged;  // shown with its partner: skipped below
        dropped.old_number = 0;
        dropped.new_number = 0;
      }
      break;
    }
  }
  std::erase_if(diff.pairs, [](const RangeDiffPair& pair) {
    return pair.old_number == 0 && pair.new_number == 0;
  });
  std::vector<const RangeDiffPair*> paired;
  for (const RangeDiffPair& pair : diff.pairs) {
    if (pair.old_number > 0 && pair.new_number > 0) {
      paired.push_back(&pair);
    }
  }
  std::sort(paired.begin(), paired.end(), [](const RangeDiffPair* a, const RangeDiffPair* b) {
    return a->new_number < b->new_number;
  });
  // Longest increasing run of old numbers in new order (O(n^2): a series is short).
  std::vector<int> length(paired.size(), 1), previous(paired.size(), -1);
  int best = -1;
  for (std::size_t i = 0; i < paired.size(); ++i) {
    for (std::size_t k = 0; k < i; ++k) {
      if (paired[k]->old_number < paired[i]->old_number && length[k] + 1 > length[i]) {
        length[i] = length[k] + 1;
        previous[i] = static_cast<int>(k);
      }
    }
    if (best < 0 || length[i] > length[static_cast<std::size_t>(best)]) {
      best = static_cast<int>(i);
    }
  }
  std::set<int> in_order;
  for (int i = best; i >= 0; i = previous[static_cast<std::size_t>(i)]) {
    in_order.insert(paired[static_cast<std::size_t>(i)]->new_number);
  }
  auto subject_of = [&](const RangeDiffPair& pair) {
    for (const Message& message : messages) {
      if (message.number == pair.new_number) {
        return message.subject;
      }
    }
    return pair.subject;
  };
  std::vector<PatchChange> changes, dropped;
  // git prints pairs in the new series' order, dropped ones in between: those go last here.
  std::vector<const RangeDiffPair*> ordered;
  for (const RangeDiffPair& pair : diff.pairs) {
    ordered.push_back(&pair);
  }
  for (const RangeDiffPair* pair : ordered) {
    PatchChange change;
    change.subject = pair->new_number > 0 ? subject_of(*pair) : pair->subject;
    change.moved =
        pair->old_number > 0 && pair->new_number > 0 && in_order.count(pair->new_number) == 0;
    switch (pair->status) {
      case PairStatus::dropped:
        change.kind = "dropped";
        dropped.push_back(change);
        continue;
      case PairStatus::added:
        change.kind = "added";
        break;
      case PairStatus::changed:
        change.kind = pair->diff_changed ? "changed" : "reworded";
        change.lines = pair->diff_changed ? pair->interdiff_lines : 0;
        break;
      case PairStatus::unchanged:
        if (!change.moved) {
          continue;
        }
        change.kind = "moved";
        break;
    }
    changes.push_back(change);
  }
  changes.insert(changes.end(), dropped.begin(), dropped.end());
  return changes;
}

std::string format_change(const PatchChange& change) {
  std::string kind = change.kind;
  if (change.kind == "changed") {
    kind += " (" + std::to_string(change.lines) + (change.lines == 1 ? " line" : " lines") + ")";
  }
  if (change.moved && change.kind != "moved") {
    kind += ", moved";
  }
  return "- " + kind + ": " + change.subject + "\n";
}

std::vector<git::Oid> message_commits(const std::vector<Message>& messages) {
  std::vector<git::Oid> commits;
  for (const Message& message : messages) {
    if (message.number > 0) {
      commits.push_back(message.commit);
    }
  }
  return commits;
}

std::string normalized_text(const std::string& text) {
  std::string out;
  for (std::string_view line : text::split_lines(text)) {
    line = text::trim_right(line);
    if (line.empty() && out.empty()) {
      continue;
    }
    out += std::string(line) + "\n";
  }
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

bool has_non_ascii(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::string cover_letter_text(git_repository& repo, const Series& series, const Options& options,
                              const config::Topic* topic, const Numbering& numbering,
                              const ExtraHeaders& headers, std::size_t) {
  const Range& range = series.range;
  std::string subject = options.cover_subject;
  if (subject.empty() && topic) {
    subject = topic->summary;
  }
  if (subject.empty()) {
    subject = "*** SUBJECT HERE ***";
  }
  std::string text = options.cover_text;
  if (text.empty() && topic) {
    text = topic->cover;
  }
  if (text.empty()) {
    text = "*** BLURB HERE ***";
  }
  std::string changes_section;
  if (series.version > 1 && (series.previous || !options.notes.empty())) {
    changes_section = "Changes since v" + std::to_string(series.version - 1) + ":\n";
    changes_section += normalized_text(options.notes);
    for (const PatchChange& change : series.changes) {
      changes_section += format_change(change);
    }
    if (series.previous && series.changes.empty()) {
      changes_section += "- no patch added, dropped, reworded or changed\n";
    }
  }

  std::string body = normalized_text(text);
  if (!changes_section.empty()) {
    body += "\n" + changes_section;
  }
  bool needs_8bit = has_non_ascii(body) || has_non_ascii(subject);
  for (const git::Oid& commit : range.commits) {
    git::Commit c = git::lookup_commit(repo, commit);
    const git_signature* author = git_commit_author(c.get());
    needs_8bit =
        needs_8bit || has_non_ascii(author->name) || has_non_ascii(git_commit_message(c.get()));
  }

  std::string out = "From " + range.tip.hex() + " Mon Sep 17 00:00:00 2001\n";
  out += format_thread_headers(headers);
  out += format_from_header(options.identity.name, options.identity.email);
  out += "Date: " + format_rfc2822_date(options.now, options.now_offset_minutes) + "\n";
  out += format_subject_header(numbering, subject);
  if (needs_8bit) {
    out +=
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n";
  }
  out += format_address_headers(headers);
  out += "\n" + body + "\n";
  out += format_shortlog(repo, range.commits);
  if (!range.commits.empty()) {
    git::Commit first = git::lookup_commit(repo, range.commits.front());
    std::optional<git::Oid> origin_tree;
    if (git_commit_parentcount(first.get()) > 0) {
      git::Commit parent =
          git::lookup_commit(repo, git::Oid(*git_commit_parent_id(first.get(), 0)));
      origin_tree = git::commit_tree_id(*parent);
    }
    git::Commit tip = git::lookup_commit(repo, range.tip);
    const auto changes =
        git::diff_trees(repo, origin_tree, git::commit_tree_id(*tip), {.binary_patches = false});
    out += format_diffstat(changes) + format_summary(changes);
  }
  out += "\n";
  out += series.range_diff;
  if (!range.base_commit.is_zero()) {
    out += "\nbase-commit: " + range.base_commit.hex() + "\n";
    for (const git::Oid& prerequisite : range.prerequisites) {
      out += "prerequisite-patch-id: " + git::commit_patch_id(repo, prerequisite).hex() + "\n";
    }
  }
  out += std::string("-- \n") + k_signature + "\n\n";
  return out;
}

}  // namespace

Identity identity_from_config(git_repository& repo) {
  const git::Config config = git::open_config(&repo);
  const std::optional<git::Identity> who = git::user_identity(*config);
  if (!who) {
    const char* missing = git::config_string(*config, "user.name") ? "user.email" : "user.name";
    throw Error(ExitCode::usage, std::string("git config '") + missing + "' is not set");
  }
  return {.name = who->name, .email = who->email};
}

std::string subject_slug(const std::string& subject) {
  std::string out;
  int space = 2;
  for (std::size_t i = 0; i < subject.size(); ++i) {
    const char c = subject[i];
    const bool title_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '.' || c == '_';
    if (!title_char) {
      space |= 1;
      continue;
    }
    if (space == 1) {
      out.push_back('-');
    }
    space = 0;
    out.push_back(c);
    if (c == '.') {
      while (i + 1 < subject.size() && subject[i + 1] == '.') {
        ++i;
      }
    }
  }
  while (!out.empty() && (out.back() == '.' || out.back() == '-')) {
    out.pop_back();
  }
  return out;
}

std::string format_shortlog(git_repository& repo, const std::vector<git::Oid>& commits) {
  std::map<std::string, std::vector<std::string>> by_author;  // std::map: strcmp order, as git
  for (const git::Oid& commit : commits) {
    git::Commit c = git::lookup_commit(repo, commit);
    std::string subject = commit_title(git_commit_message(c.get()));
    if (subject.rfind("[PATCH", 0) == 0 && subject.find(']') != std::string::npos) {
      subject = std::string(text::trim(subject.substr(subject.find(']') + 1)));
    }
    by_author[git_commit_author(c.get())->name].push_back(subject.empty() ? "<none>" : subject);
  }
  std::string out;
  for (const auto& [author, subjects] : by_author) {
    out += author + " (" + std::to_string(subjects.size()) + "):\n";
    for (const std::string& subject : subjects) {
      out += wrap_text(subject, 2, 4, k_mail_wrap) + "\n";
    }
    out += "\n";
  }
  return out;
}

int parse_version(const std::string& text, const std::string& option) {
  if (text.empty()) {
    return -1;
  }
  const std::string digits = text[0] == 'v' || text[0] == 'V' ? text.substr(1) : text;
  if (digits.empty() || digits.size() > 6 ||
      digits.find_first_not_of("0123456789") != std::string::npos || std::stoi(digits) < 1) {
    throw Error(ExitCode::usage, option + " '" + text + "' is not a version; expected vN or N");
  }
  return std::stoi(digits);
}

void apply_cover_file(Options& options, const std::string& content) {
  const auto newline = content.find('\n');
  options.cover_subject = content.substr(0, newline);
  options.cover_text = newline == std::string::npos ? "" : content.substr(newline + 1);
}

Series build_series(git_repository& repo, const Range& range, const config::Topic* topic,
                    const Options& options) {
  // Every diff of the series (routing, the mails, the cover letter's diffstat) reads attributes
  // from the small index, not a parse of the whole index.
  const git::AttributeIndexScope attributes(repo);
  Series series;
  series.topic = range.topic;
  series.range = range;
  std::vector<stack::SentRecord> sent;
  if (!range.topic.empty()) {
    sent = stack::load_sent(repo, range.topic);
  }
  const int last_sent = sent.empty() ? 0 : sent.back().version;
  const int current = std::max({topic ? topic->version : 1, last_sent, 1});
  series.version = options.version > 0 ? options.version
                   : options.reroll    ? std::max(last_sent, topic ? topic->version : 0) + 1
                                       : current;
  for (const stack::SentRecord& record : sent) {
    if (record.version == series.version - 1) {
      series.previous = record;
    }
  }

  const int count = static_cast<int>(range.commits.size());
  if (count == 0) {
    throw Error(ExitCode::usage,
                "nothing to format: '" +
                    (range.topic.empty() ? range.tip.short_hex() : range.topic) +
                    "' has no commits of its own",
                Where{.ref = range.topic});
  }
  const bool cover = options.force_cover_letter || (options.cover_letter && count > 1);
  const std::string prefix =
      "PATCH" + (series.version > 1 ? " v" + std::to_string(series.version) : std::string());
  const int total = (count > 1 || cover) ? count : 0;
  const std::string file_prefix =
      series.version > 1 ? "v" + std::to_string(series.version) + "-" : std::string();
  const std::string slug = range.topic.empty() ? std::string("series") : subject_slug(range.topic);
  const auto at = options.identity.email.rfind('@');
  const std::string host =
      at == std::string::npos ? std::string("localhost") : options.identity.email.substr(at + 1);
  auto message_id = [&](int number, const git::Oid& commit) {
    return "patchflow-" + slug + "-v" + std::to_string(series.version) + "-" +
           std::to_string(number) + "-" +
           short_hash(repo, range.tip.hex() + "\n" + commit.hex() + "\n" + std::to_string(number)) +
           "@" + host;
  };
  // As git format-patch: "<id@host>" and "id@host" mean the same id (ExtraHeaders adds the <>).
  std::string in_reply_to = patch::bare_message_id(options.in_reply_to);
  if (!in_reply_to.empty() && !patch::is_message_id("<" + in_reply_to + ">")) {
    throw Error(ExitCode::usage, "--in-reply-to '" + options.in_reply_to +
                                     "' is not a message id; expected '<left@right>' or "
                                     "'left@right'");
  }
  if (in_reply_to.empty() && series.previous) {
    in_reply_to = series.previous->cover_message_id;
  }
  std::vector<std::string> thread_root;
  if (!in_reply_to.empty()) {
    thread_root.push_back(in_reply_to);
  }

  // Patches first (the cover letter needs their recipients), cover inserted in front.
  std::string root_id = cover ? message_id(0, range.tip) : std::string();
  std::optional<CommitDiffs> own_diffs;
  if (options.diffs == nullptr) {
    own_diffs.emplace(repo);
  }
  const CommitDiffs& diffs = options.diffs ? *options.diffs : *own_diffs;
  const std::size_t abbrev = diffs.abbrev();
  const git::Abbreviator& ids = diffs.ids();
  std::vector<std::string> all_to, all_cc;
  add_unique(all_to, options.to);
  add_unique(all_cc, options.cc);
  std::vector<ExtraHeaders> patch_headers;
  for (int k = 1; k <= count; ++k) {
    const git::Oid& commit = range.commits[static_cast<std::size_t>(k - 1)];
    Message message;
    message.number = k;
    message.commit = commit;
    message.subject = commit_title(message_text(repo, commit));
    char number[16];
    std::snprintf(number, sizeof(number), "%04d", k);
    message.file_name =
        (file_prefix + number + "-" + subject_slug(message.subject)).substr(0, 57) + ".patch";
    add_unique(message.to, options.to);
    add_unique(message.cc, options.cc);
    if (options.recipients) {
      const Recipients routed = options.recipients(commit);
      add_unique(message.to, routed.to);
      add_unique(message.cc, routed.cc);
    }
    drop_cc_in_to(message.to, message.cc);
    add_unique(all_to, message.to);
    add_unique(all_cc, message.cc);
    ExtraHeaders headers{.to = message.to, .cc = message.cc};
    if (options.thread) {
      message.message_id = message_id(k, commit);
      headers.message_id = message.message_id;
      headers.references = thread_root;
      if (!root_id.empty()) {
        headers.references.push_back(root_id);
      } else if (k == 1) {
        root_id = message.message_id;
      }
    }
    patch_headers.push_back(std::move(headers));
    series.messages.push_back(std::move(message));
  }
  // The mails themselves in parallel when each diffs its commit (most of the work); with the
  // diffs made and rendered already, on this thread: what is left (headers, diffstat, patch-id)
  // costs less than opening a repository handle for a second thread.
  const int format_jobs = options.diffs != nullptr ? 1 : options.jobs;
  git::for_each_with_repository(
      repo, series.messages.size(), format_jobs, [&](git_repository& own, std::size_t i) {
        Message& message = series.messages[i];
        PatchMail mail =
            format_patch(own, message.commit,
                         {.subject_prefix = prefix, .number = message.number, .total = total},
                         patch_headers[i], ids, abbrev, diffs.find(message.commit));
        message.text = std::move(mail.text);
        message.patch_id = mail.patch_id;
      });
  if (series.previous) {
    std::vector<git::Oid> previous_commits;
    for (const stack::SentPatch& patch : series.previous->patches) {
      previous_commits.push_back(patch.commit);
    }
    // The previous commits may be gone (gc after a rebase): then patch-id and subject tell.
    if (std::all_of(previous_commits.begin(), previous_commits.end(),
                    [&](const git::Oid& id) { return has_commit(repo, id); })) {
      RangeDiff diff = range_diff(repo, previous_commits, message_commits(series.messages),
                                  {.creation_factor = k_creation_factor, .jobs = options.jobs});
      series.changes = compare_by_pairing(repo, std::move(diff), series.messages, options.jobs);
    } else {
      series.changes = compare_with(repo, *series.previous, series.messages);
    }
  }
  if (options.range_diff_against != 0) {
    const int against =
        options.range_diff_against < 0 ? series.version - 1 : options.range_diff_against;
    if (range.topic.empty() || against < 1) {
      throw Error(ExitCode::usage, "--range-diff needs a topic with a recorded earlier version",
                  Where{.ref = range.topic});
    }
    // git format-patch: the creation factor of the same series for a lone patch, else git's.
    const RangeDiff diff = series::range_diff(
        repo, sent_version_commits(repo, range.topic, against), message_commits(series.messages),
        {.creation_factor = count == 1 ? k_creation_factor_same_series : k_creation_factor,
         .jobs = options.jobs});
    series.range_diff = "Range-diff against v" + std::to_string(against) + ":\n" + diff.text;
  }
  if (cover) {
    Message message;
    message.number = 0;
    message.file_name = file_prefix + "0000-cover-letter.patch";
    drop_cc_in_to(all_to, all_cc);
    message.to = all_to;
    message.cc = all_cc;
    ExtraHeaders headers{.to = all_to, .cc = all_cc};
    if (options.thread) {
      message.message_id = message_id(0, range.tip);
      headers.message_id = message.message_id;
      headers.references = thread_root;
    }
    const Numbering numbering{.subject_prefix = prefix, .number = 0, .total = total};
    message.text = cover_letter_text(repo, series, options, topic, numbering, headers, abbrev);
    message.subject = commit_title(options.cover_subject.empty() && topic ? topic->summary
                                                                          : options.cover_subject);
    series.messages.insert(series.messages.begin(), std::move(message));
  }
  return series;
}

std::string to_mbox(const Series& series) {
  std::string out;
  bool first_patch = true;
  for (const Message& message : series.messages) {
    // git format-patch --stdout separates patches (not the cover letter) by a blank line.
    if (message.number > 0 && !first_patch) {
      out += "\n";
    }
    if (message.number > 0) {
      first_patch = false;
    }
    out += message.text;
  }
  return out;
}

std::vector<std::string> write_patch_files(const Series& series, const std::string& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) {
    throw Error(ExitCode::usage, "cannot create directory '" + directory + "': " + ec.message(),
                Where{.file = directory});
  }
  std::vector<std::string> paths;
  for (const Message& message : series.messages) {
    const std::string path = (std::filesystem::path(directory) / message.file_name).string();
    text::write_file_atomically(path, message.text);
    paths.push_back(path);
  }
  return paths;
}

stack::SentRecord to_sent_record(const Series& series, long long date) {
  stack::SentRecord record{.topic = series.topic,
                           .version = series.version,
                           .base = series.range.base_commit,
                           .tip = series.range.tip,
                           .date = date};
  for (const Message& message : series.messages) {
    if (message.number == 0) {
      record.cover_message_id = message.message_id;
      continue;
    }
    record.patches.push_back({.commit = message.commit,
                              .patch_id = message.patch_id,
                              .subject = message.subject,
                              .message_id = message.message_id});
  }
  return record;
}

namespace {

// "[RFC PATCH v2 03/12] ..." -> {version 2, number 3}; {1, -1} without a numbered prefix.
std::pair<int, int> version_and_number(const std::string& subject) {
  int version = 1, number = -1;
  if (subject.empty() || subject.front() != '[' || subject.find(']') == std::string::npos) {
    return {version, number};
  }
  for (const std::string& word : text::split_whitespace(subject.substr(1, subject.find(']') - 1))) {
    if (word.size() > 1 && (word[0] == 'v' || word[0] == 'V') &&
        word.find_first_not_of("0123456789", 1) == std::string::npos) {
      version = std::stoi(word.substr(1));
    } else if (const auto slash = word.find('/');
               slash != std::string::npos && slash > 0 &&
               word.substr(0, slash).find_first_not_of("0123456789") == std::string::npos) {
      number = std::stoi(word.substr(0, slash));
    }
  }
  return {version, number};
}

}  // namespace

std::optional<stack::SentRecord> mailed_series_record(git_repository& repo,
                                                      const config::StackConfig& stack,
                                                      const std::vector<MailedMessage>& messages,
                                                      long long date) {
  Series series;
  std::vector<std::string> commits;
  std::vector<const MailedMessage*> patches;
  for (const MailedMessage& mailed : messages) {
    const auto [version, number] = version_and_number(mailed.subject);
    series.version = version;
    if (number == 0 || mailed.commit.empty() ||
        mailed.commit.find_first_not_of('0') == std::string::npos) {
      Message cover;
      cover.message_id = patch::bare_message_id(mailed.message_id);
      series.messages.push_back(std::move(cover));
      continue;
    }
    commits.push_back(mailed.commit);
    patches.push_back(&mailed);
  }
  if (commits.empty()) {
    return std::nullopt;
  }
  for (const std::string& name : stack.topic_names()) {
    Range range;
    try {
      range = stack::resolve_target(repo, &stack, name);
    } catch (const Error&) {
      continue;  // a topic without its branch here cannot be the one that was mailed
    }
    if (range.commits.size() != commits.size() ||
        !std::equal(range.commits.begin(), range.commits.end(), commits.begin(),
                    [](const git::Oid& a, const std::string& b) { return a.hex() == b; })) {
      continue;
    }
    series.topic = name;
    series.range = range;
    for (std::size_t k = 0; k < range.commits.size(); ++k) {
      Message message;
      message.number = static_cast<int>(k) + 1;
      message.commit = range.commits[k];
      message.patch_id = git::commit_patch_id(repo, message.commit);
      message.subject = commit_title(message_text(repo, message.commit));
      message.message_id = patch::bare_message_id(patches[k]->message_id);
      series.messages.push_back(std::move(message));
    }
    return to_sent_record(series, date);
  }
  return std::nullopt;
}

std::string record_mailed_series(git_repository& repo, const config::StackConfig& stack,
                                 const std::vector<MailedMessage>& messages, long long date) {
  const std::optional<stack::SentRecord> record = mailed_series_record(repo, stack, messages, date);
  if (!record) {
    return "";
  }
  stack::record_sent(repo, record->topic, *record);
  return "recorded " + record->topic + " v" + std::to_string(record->version) + " as sent in " +
         stack::sent_ref_name(record->topic) + "\n";
}

nlohmann::json to_json(const Series& series) {
  nlohmann::json messages = nlohmann::json::array();
  for (const Message& m : series.messages) {
    messages.push_back({{"number", m.number},
                        {"commit", m.number ? m.commit.hex() : std::string()},
                        {"patch_id", m.number ? m.patch_id.hex() : std::string()},
                        {"subject", m.subject},
                        {"file", m.file_name},
                        {"message_id", m.message_id},
                        {"to", m.to},
                        {"cc", m.cc}});
  }
  nlohmann::json changes = nlohmann::json::array();
  for (const PatchChange& c : series.changes) {
    changes.push_back(
        {{"kind", c.kind}, {"subject", c.subject}, {"lines", c.lines}, {"moved", c.moved}});
  }
  nlohmann::json prerequisites = nlohmann::json::array();
  for (const git::Oid& p : series.range.prerequisites) {
    prerequisites.push_back(p.hex());
  }
  return {{"topic", series.topic},
          {"version", series.version},
          {"base_commit", series.range.base_commit.is_zero() ? "" : series.range.base_commit.hex()},
          {"tip", series.range.tip.hex()},
          {"prerequisites", prerequisites},
          {"previous_version", series.previous ? series.previous->version : 0},
          {"changes", changes},
          {"messages", messages}};
}

std::string format_report(const Series& series) {
  std::string out;
  for (const Message& m : series.messages) {
    out += m.file_name + "\n";
  }
  for (const PatchChange& c : series.changes) {
    out += format_change(c).substr(2);
  }
  return out;
}

}  // namespace patchflow::series
