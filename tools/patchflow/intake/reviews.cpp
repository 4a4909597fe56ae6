#include "patchflow/intake/reviews.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "patchflow/core/text.hpp"
#include "patchflow/git/object_batch.hpp"
#include "patchflow/git/patch_id.hpp"
#include "patchflow/git/ref_journal.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_diff.hpp"
#include "patchflow/intake/thread.hpp"
#include "patchflow/series/series.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::intake {
namespace {

std::string first_line(const std::string& message) { return message.substr(0, message.find('\n')); }

// The diff a reply quotes one level deep ("> diff --git ..." onwards), unquoted.
std::string quoted_diff(const patch::Mail& mail) {
  std::string diff;
  bool in_diff = false;
  for (const std::string* part : {&mail.message, &mail.notes}) {
    for (std::string_view line : text::split_lines(*part)) {
      if (line.rfind(">", 0) != 0) {
        continue;
      }
      line.remove_prefix(1);
      if (!line.empty() && line.front() == ' ') {
        line.remove_prefix(1);
      }
      if (line.rfind("diff --git ", 0) == 0) {
        in_diff = true;
      }
      if (in_diff) {
        if (line == "-- ") {
          break;
        }
        // mail bodies lose trailing blanks: an empty quoted line was an empty context line
        diff += line.empty() ? std::string_view(" ") : line;
        diff += '\n';
      }
    }
  }
  return diff;
}

// The Message-Ids a commit names in its Link: trailers (the last path element of the URL).
std::vector<std::string> link_ids(const std::string& message) {
  std::vector<std::string> ids;
  for (const patch::Trailer& trailer : patch::message_trailers(message)) {
    if (text::to_lower(trailer.key) == "link") {
      std::string value = trailer.value;
      while (!value.empty() && value.back() == '/') {
        value.pop_back();
      }
      ids.push_back(value.substr(value.rfind('/') + 1));
    }
  }
  return ids;
}

struct TopicCommit {
  git::Oid id;
  std::string message;
  std::string subject;
  std::string patch_id;
};

// message with trailers added before the maintainer's own closing Signed-off-by, when it ends
// with one (trailers are collected before the maintainer signs off), else at the end.
std::string with_trailers(const std::string& message, const std::vector<patch::Trailer>& added,
                          const git::Identity& maintainer) {
  const std::vector<patch::Trailer> own = patch::message_trailers(message);
  const patch::Trailer signoff{"Signed-off-by", maintainer.name + " <" + maintainer.email + ">"};
  if (!own.empty() && own.back().format() == signoff.format()) {
    const std::string line = signoff.format() + "\n";
    const std::size_t at = message.rfind(line);
    if (at != std::string::npos) {
      std::vector<patch::Trailer> all = added;
      all.push_back(signoff);
      return patch::add_trailers(message.substr(0, at) + message.substr(at + line.size()), all);
    }
  }
  return patch::add_trailers(message, added);
}

}  // namespace

TrailersResult take_trailers(git_repository& caller_repo, const config::StackConfig& stack,
                             const TrailersOptions& options) {
  TrailersResult result;
  result.topic = options.topic;
  result.dry_run = options.dry_run;
  const config::Topic& topic = stack.topic(options.topic);
  const std::vector<patch::Mail> mails = read_mails(options.input);
  git::Repository private_repo = git::reopen_repository(caller_repo);
  git_repository& repo = *private_repo;
  const stack::Target range = stack::resolve_target(repo, &stack, options.topic);

  std::vector<TopicCommit> commits;
  std::map<std::string, std::size_t> by_patch_id, by_subject, by_link;
  for (const git::Oid& id : range.commits) {
    TopicCommit commit{.id = id, .message = git::commit_message(repo, id)};
    commit.subject = first_line(commit.message);
    commit.patch_id = git::commit_patch_id(repo, id).hex();
    by_patch_id.emplace(commit.patch_id, commits.size());
    by_subject.emplace(commit.subject, commits.size());
    for (const std::string& link : link_ids(commit.message)) {
      by_link.emplace(link, commits.size());
    }
    commits.push_back(std::move(commit));
  }
  std::vector<std::size_t> all(commits.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    all[i] = i;
  }

  // Which commits each mail of the thread stands for: a patch by its patch-id, a cover letter
  // for all of them, a mail a commit links to for that commit.
  std::map<std::string, std::vector<std::size_t>> by_message_id;
  std::map<std::string, const patch::Mail*> mail_of_id;
  std::vector<bool> is_reply(mails.size(), false);
  for (std::size_t i = 0; i < mails.size(); ++i) {
    const patch::Mail& mail = mails[i];
    const PatchTag tag = parse_patch_tag(mail.raw_subject);
    const std::string id = message_id(mail);
    if (!id.empty()) {
      mail_of_id.emplace(id, &mail);
    }
    if (!tag.is_reply && mail.has_diff()) {
      if (const auto patch_id = git::diff_text_patch_id(mail.diff)) {
        if (const auto it = by_patch_id.find(patch_id->hex()); it != by_patch_id.end()) {
          by_message_id[id] = {it->second};
        }
      }
    } else if (!tag.is_reply && tag.has_patch && tag.number == 0 && tag.total > 0) {
      by_message_id[id] = all;
    } else {
      is_reply[i] = true;
    }
  }
  for (const auto& [link, index] : by_link) {
    by_message_id.emplace(link, std::vector<std::size_t>{index});
  }
  by_message_id.erase("");

  // The series version the topic holds: that of the mails its commits' Link:s name (the patches
  // when the input has them, else the replies answering them); without Links, the newest version
  // in the input or the topic's YAML. A review of another version is not placed: it reviewed
  // other code, or the same code in another series, and its giver has not seen this one.
  std::vector<PatchTag> tags;
  int held = 0, newest = topic.version;
  for (const patch::Mail& mail : mails) {
    tags.push_back(parse_patch_tag(mail.raw_subject));
    if (tags.back().has_patch || (!tags.back().is_reply && mail.has_diff())) {
      newest = std::max(newest, tags.back().version);
    }
  }
  auto tag_of = [&](const patch::Mail& mail) -> const PatchTag& {
    return tags[static_cast<std::size_t>(&mail - mails.data())];
  };
  for (const patch::Mail& mail : mails) {
    if (!tag_of(mail).is_reply && by_link.contains(message_id(mail))) {
      held = std::max(held, tag_of(mail).version);
    }
  }
  int answered = 0;
  for (const patch::Mail& mail : mails) {
    const PatchTag& tag = tag_of(mail);
    if (tag.is_reply && tag.has_patch && by_link.contains(parent_id(mail))) {
      answered = std::max(answered, tag.version);
    }
  }
  held = held != 0 ? held : answered != 0 ? answered : newest;
  // The version a reply answers: that of the patch or cover letter up its thread, else of its
  // own "Re: [PATCH vN ...]" subject; 0 when neither says.
  auto version_of = [&](const patch::Mail& reply) {
    const patch::Mail* current = &reply;
    for (int depth = 0; depth < 100; ++depth) {
      const std::string parent = parent_id(*current);
      if (by_link.contains(parent)) {
        return held;
      }
      const auto up = mail_of_id.find(parent);
      if (parent.empty() || up == mail_of_id.end()) {
        break;
      }
      current = up->second;
      if (const PatchTag& tag = tag_of(*current); !tag.is_reply) {
        return tag.version;
      }
    }
    const PatchTag tag = parse_patch_tag(reply.raw_subject);
    return tag.has_patch ? tag.version : 0;
  };

  std::vector<std::vector<patch::Trailer>> pending(commits.size());
  for (std::size_t i = 0; i < mails.size(); ++i) {
    if (!is_reply[i]) {
      continue;
    }
    const patch::Mail& mail = mails[i];
    ++result.replies;
    const std::vector<patch::Trailer> trailers = reply_trailers(mail, result.not_taken);
    if (trailers.empty()) {
      ++result.without_trailers;
      continue;
    }
    if (const int version = version_of(mail); version != 0 && version != held) {
      result.unplaced.push_back(position(mail) + " '" + mail.raw_subject + "' from " +
                                mail.author.format() + ": a review of v" + std::to_string(version) +
                                ", " + text::quoted(topic.name) + " holds v" +
                                std::to_string(held));
      continue;
    }
    PlacedReply placed{.reply = position(mail), .from = mail.author.format(), .trailers = trailers};
    std::vector<std::size_t> targets;
    if (const std::string quoted = quoted_diff(mail); !quoted.empty()) {
      if (const auto patch_id = git::diff_text_patch_id(quoted)) {
        if (const auto it = by_patch_id.find(patch_id->hex()); it != by_patch_id.end()) {
          targets = {it->second};
          placed.how = "patch-id";
        }
      }
    }
    const patch::Mail* current = &mail;
    for (int depth = 0; targets.empty() && depth < 100; ++depth) {
      const std::string parent = parent_id(*current);
      if (parent.empty()) {
        break;
      }
      if (const auto it = by_message_id.find(parent); it != by_message_id.end()) {
        targets = it->second;
        placed.how = targets.size() > 1 || commits.size() == 1 ? "thread" : "thread";
        break;
      }
      const auto up = mail_of_id.find(parent);
      if (up == mail_of_id.end()) {
        break;
      }
      current = up->second;
    }
    if (targets.empty()) {
      const PatchTag tag = parse_patch_tag(mail.raw_subject);
      if (const auto it = by_subject.find(mail.subject); it != by_subject.end()) {
        targets = {it->second};
        placed.how = "subject";
      } else if (tag.has_patch && tag.number == 0 && tag.total > 0) {
        targets = all;
        placed.how = "cover letter";
      }
    }
    if (targets.empty()) {
      result.unplaced.push_back(position(mail) + " '" + mail.raw_subject + "' from " +
                                mail.author.format());
      continue;
    }
    for (const std::size_t target : targets) {
      placed.commits.push_back(commits[target].id);
      const std::vector<patch::Trailer> own = patch::message_trailers(commits[target].message);
      for (const patch::Trailer& trailer : trailers) {
        const auto same = [&](const patch::Trailer& t) { return t.same_as(trailer); };
        if (std::none_of(own.begin(), own.end(), same) &&
            std::none_of(pending[target].begin(), pending[target].end(), same)) {
          pending[target].push_back(trailer);
        }
      }
    }
    result.placed.push_back(std::move(placed));
  }

  // Rewrite from the first commit that gets a trailer: everything above it in the topic and in
  // every other topic built on it, trees unchanged.
  const auto first =
      std::find_if(pending.begin(), pending.end(), [](const auto& p) { return !p.empty(); });
  if (first == pending.end()) {
    return result;
  }
  const git::Oid first_commit = commits[static_cast<std::size_t>(first - pending.begin())].id;
  const std::vector<git::Oid> hide = git::commit_parents(*git::lookup_commit(repo, first_commit));
  std::map<git::Oid, std::vector<patch::Trailer>> trailers_of;
  for (std::size_t i = 0; i < commits.size(); ++i) {
    if (!pending[i].empty()) {
      trailers_of[commits[i].id] = pending[i];
    }
  }
  std::vector<const config::Topic*> topics{&topic};
  for (const config::Topic& other : stack.topics) {
    if (other.name != topic.name && other.component == topic.component) {
      topics.push_back(&other);
    }
  }
  git::ObjectBatch batch(repo);
  std::map<git::Oid, git::Oid> rewritten;
  std::vector<git::RefUpdate> updates;
  for (const config::Topic* t : topics) {
    const std::string ref = git::branch_ref_name(t->branch.empty() ? t->name : t->branch);
    const std::optional<git::Oid> tip = git::resolve_ref(repo, ref);
    if (!tip || (t != &topic && !git::is_ancestor(repo, first_commit, *tip))) {
      continue;
    }
    for (const git::Oid& old_id : git::commits_between(repo, hide, *tip)) {
      if (rewritten.contains(old_id)) {
        continue;
      }
      const git::Commit old_commit = git::lookup_commit(repo, old_id);
      std::vector<git::Oid> parents = git::commit_parents(*old_commit);
      bool changed = false;
      for (git::Oid& parent : parents) {
        if (const auto it = rewritten.find(parent); it != rewritten.end()) {
          parent = it->second;
          changed = true;
        }
      }
      const auto added = trailers_of.find(old_id);
      if (!changed && added == trailers_of.end()) {
        continue;
      }
      std::string message = git::commit_message(repo, old_id);
      RewrittenCommit entry{.old_commit = old_id, .subject = first_line(message)};
      if (added != trailers_of.end()) {
        message = with_trailers(message, added->second, options.maintainer);
        entry.added = added->second;
      }
      entry.new_commit =
          git::create_commit(repo, git::commit_tree_id(*old_commit), parents,
                             git::commit_author(repo, old_id), options.maintainer, message);
      rewritten[old_id] = entry.new_commit;
      result.commits.push_back(std::move(entry));
    }
    if (const auto it = rewritten.find(*tip); it != rewritten.end()) {
      result.refs.push_back({.topic = t->name, .ref = ref, .old_tip = *tip, .new_tip = it->second});
      updates.push_back({.ref = ref, .expected = *tip, .target = it->second});
    }
  }
  if (options.dry_run || updates.empty()) {
    return result;
  }
  batch.commit();
  if (options.before_ref_update) {
    options.before_ref_update();
  }
  git::update_refs(repo, updates,
                   "patchflow trailers: " + std::to_string(result.placed.size()) +
                       " replies from " + options.input);
  result.moved = true;
  return result;
}

nlohmann::json to_json(const TrailersResult& result) {
  nlohmann::json placed = nlohmann::json::array();
  for (const PlacedReply& reply : result.placed) {
    nlohmann::json commits = nlohmann::json::array(), trailers = nlohmann::json::array();
    for (const git::Oid& c : reply.commits) {
      commits.push_back(c.hex());
    }
    for (const patch::Trailer& t : reply.trailers) {
      trailers.push_back(t.format());
    }
    placed.push_back({{"reply", reply.reply},
                      {"from", reply.from},
                      {"how", reply.how},
                      {"commits", commits},
                      {"trailers", trailers}});
  }
  nlohmann::json commits = nlohmann::json::array();
  for (const RewrittenCommit& c : result.commits) {
    nlohmann::json added = nlohmann::json::array();
    for (const patch::Trailer& t : c.added) {
      added.push_back(t.format());
    }
    commits.push_back({{"old", c.old_commit.hex()},
                       {"new", c.new_commit.hex()},
                       {"subject", c.subject},
                       {"added_trailers", added}});
  }
  nlohmann::json refs = nlohmann::json::array();
  for (const RefMove& r : result.refs) {
    refs.push_back(
        {{"topic", r.topic}, {"ref", r.ref}, {"old", r.old_tip.hex()}, {"new", r.new_tip.hex()}});
  }
  return {{"topic", result.topic},
          {"replies", result.replies},
          {"without_trailers", result.without_trailers},
          {"placed", placed},
          {"unplaced", result.unplaced},
          {"not_taken", not_taken_json(result.not_taken)},
          {"commits", commits},
          {"refs", refs},
          {"dry_run", result.dry_run},
          {"moved", result.moved}};
}

std::string format_text(const TrailersResult& result) {
  std::string out = std::to_string(result.replies) +
                    " replies: " + std::to_string(result.placed.size()) + " placed, " +
                    std::to_string(result.unplaced.size()) + " not placed, " +
                    std::to_string(result.without_trailers) + " without trailers\n";
  for (const PlacedReply& reply : result.placed) {
    out += "  " + reply.reply + " from " + reply.from + " (by " + reply.how + ", " +
           std::to_string(reply.commits.size()) + " commit(s))\n";
  }
  for (const std::string& reply : result.unplaced) {
    out += "error: reply not placed on any commit of " + text::quoted(result.topic) + ": " + reply +
           "\n";
  }
  out += format_not_taken(result.not_taken);
  for (const RewrittenCommit& c : result.commits) {
    out += "  " + c.old_commit.short_hex() + " -> " + c.new_commit.short_hex() + " " + c.subject +
           "\n";
    for (const patch::Trailer& t : c.added) {
      out += "      + " + t.format() + "\n";
    }
  }
  if (result.refs.empty()) {
    out += "no new trailers; nothing to move\n";
  }
  for (const RefMove& r : result.refs) {
    out += (result.moved ? "" : "would move ") + r.topic + ": " + r.old_tip.short_hex() + " -> " +
           r.new_tip.short_hex() + "\n";
  }
  if (result.dry_run && !result.refs.empty()) {
    out += "dry run: nothing moved\n";
  }
  return out;
}

}  // namespace patchflow::intake
