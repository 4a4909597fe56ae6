#include "patchflow/intake/thread.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::intake {
namespace {

namespace fs = std::filesystem;

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && text::to_lower(s.substr(0, prefix.size())) == prefix;
}

// A number made only of digits; -1 otherwise.
int number_of(std::string_view s) {
  if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return -1;
  }
  return std::stoi(std::string(s));
}

std::vector<std::string> files_in(const fs::path& dir, bool any_name) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string ext = entry.path().extension().string();
    if (entry.path().filename().string().front() == '.') {
      continue;  // maildir and editor bookkeeping
    }
    if (entry.is_regular_file(ec) &&
        (any_name || ext == ".patch" || ext == ".eml" || ext == ".mbox")) {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The text of a reply below its subject, without anything quoted away by the parser.
std::string reply_body(const patch::Mail& mail) {
  const auto blank = mail.message.find("\n\n");
  std::string body = blank == std::string::npos ? std::string() : mail.message.substr(blank + 2);
  return body + mail.notes;
}

bool is_patch(const patch::Mail& mail, const PatchTag& tag) {
  return !tag.is_reply && mail.has_diff();
}

bool is_cover(const patch::Mail& mail, const PatchTag& tag) {
  return !tag.is_reply && !mail.has_diff() && tag.has_patch && tag.number == 0 && tag.total > 0;
}

}  // namespace

std::vector<patch::Trailer> reply_trailers(const patch::Mail& reply,
                                           std::vector<NotTaken>& not_taken) {
  const patch::ReplyTrailers found =
      patch::reply_trailers(reply_body(reply), reply.author.format());
  for (const auto& [list, reason] :
       {std::pair{&found.quoted, "quoted"}, std::pair{&found.foreign, "not the sender's"}}) {
    for (const patch::Trailer& trailer : *list) {
      not_taken.push_back({.trailer = trailer,
                           .from = reply.author.format(),
                           .reply = position(reply),
                           .reason = reason});
    }
  }
  return found.given;
}

std::string format_not_taken(const std::vector<NotTaken>& not_taken) {
  std::string out;
  for (const NotTaken& n : not_taken) {
    out += "  trailer not taken (" + n.reason + ") from " + n.reply + " " + n.from + ": " +
           n.trailer.format() + "\n";
  }
  return out;
}

nlohmann::json not_taken_json(const std::vector<NotTaken>& not_taken) {
  nlohmann::json out = nlohmann::json::array();
  for (const NotTaken& n : not_taken) {
    out.push_back({{"trailer", n.trailer.format()},
                   {"from", n.from},
                   {"reply", n.reply},
                   {"reason", n.reason}});
  }
  return out;
}

PatchTag parse_patch_tag(std::string_view subject) {
  PatchTag tag;
  std::string_view s = text::trim(subject);
  while (true) {
    if (iequals_prefix(s, "re:") || iequals_prefix(s, "aw:")) {
      tag.is_reply = true;
      s = text::trim(s.substr(3));
      continue;
    }
    if (s.empty() || s.front() != '[') {
      break;
    }
    const auto close = s.find(']');
    if (close == std::string_view::npos) {
      break;
    }
    const std::string group = text::to_lower(s.substr(1, close - 1));
    s = text::trim(s.substr(close + 1));
    bool patch_group = false;
    for (const std::string& word : text::split(group, ' ')) {
      if (word == "patch" || word == "rfc") {
        patch_group = true;
      } else if (word.size() > 1 && word[0] == 'v' && number_of(word.substr(1)) > 0) {
        tag.version = number_of(word.substr(1));
      } else if (const auto slash = word.find('/'); slash != std::string::npos) {
        const int k = number_of(word.substr(0, slash)), n = number_of(word.substr(slash + 1));
        if (k >= 0 && n > 0) {
          tag.number = k;
          tag.total = n;
        }
      }
    }
    tag.has_patch = tag.has_patch || patch_group;
  }
  return tag;
}

std::vector<patch::Mail> read_mails(const std::string& path) {
  std::error_code ec;
  std::vector<std::string> files;
  if (fs::is_directory(path, ec)) {
    if (fs::is_directory(fs::path(path) / "cur", ec) ||
        fs::is_directory(fs::path(path) / "new", ec)) {
      for (const char* sub : {"cur", "new"}) {
        const auto found = files_in(fs::path(path) / sub, true);
        files.insert(files.end(), found.begin(), found.end());
      }
    } else {
      files = files_in(path, false);
    }
  } else {
    files = {path};
  }
  std::vector<patch::Mail> mails;
  for (const std::string& file : files) {
    for (patch::Mail& mail : patch::parse_mbox(text::read_file(file), file)) {
      mails.push_back(std::move(mail));
    }
  }
  if (mails.empty()) {
    throw Error(ExitCode::usage, "no mail in '" + path + "'", Where{.file = path});
  }
  return mails;
}

std::string bare_message_id(std::string_view value) {
  value = text::trim(value);
  const auto open = value.find('<');
  const auto close = value.find('>', open == std::string_view::npos ? 0 : open);
  if (open != std::string_view::npos && close != std::string_view::npos) {
    return std::string(value.substr(open + 1, close - open - 1));
  }
  return std::string(value);
}

std::string position(const patch::Mail& mail) {
  return mail.source + ":" + std::to_string(mail.first_line);
}

std::string message_id(const patch::Mail& mail) {
  const patch::Header* header = mail.header("Message-Id");
  return header ? bare_message_id(header->value) : std::string();
}

std::string parent_id(const patch::Mail& mail) {
  if (const patch::Header* header = mail.header("In-Reply-To")) {
    return bare_message_id(header->value);
  }
  if (const patch::Header* header = mail.header("References")) {
    const std::vector<std::string> ids = text::split(text::trim(header->value), ' ');
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
      if (!text::trim(*it).empty()) {
        return bare_message_id(*it);
      }
    }
  }
  return {};
}

PickedSeries pick_series(const std::vector<patch::Mail>& mails) {
  std::vector<PatchTag> tags;
  for (const patch::Mail& mail : mails) {
    tags.push_back(parse_patch_tag(mail.raw_subject));
  }
  PickedSeries series;
  std::set<int> versions;
  for (std::size_t i = 0; i < mails.size(); ++i) {
    if (is_patch(mails[i], tags[i])) {
      versions.insert(tags[i].version);
    }
  }
  if (versions.empty()) {
    throw Error(ExitCode::usage, "no patch in '" + mails.front().source + "'",
                Where{.file = mails.front().source});
  }
  series.version = *versions.rbegin();
  versions.erase(series.version);
  series.older_versions.assign(versions.begin(), versions.end());

  // The newest version's parts by number; unnumbered patches count in mail order.
  std::map<int, std::vector<std::size_t>> by_number;
  int unnumbered = 0;
  for (std::size_t i = 0; i < mails.size(); ++i) {
    const PatchTag& tag = tags[i];
    if (tag.version != series.version) {
      continue;
    }
    if (is_cover(mails[i], tag)) {
      series.cover = &mails[i];
      series.total = std::max(series.total, tag.total);
    } else if (is_patch(mails[i], tag)) {
      const int number = tag.total > 0 ? tag.number : ++unnumbered;
      series.total = std::max(series.total, tag.total > 0 ? tag.total : unnumbered);
      auto& seen = by_number[number];
      const std::string id = message_id(mails[i]);
      const bool resent_same = std::any_of(seen.begin(), seen.end(), [&](std::size_t j) {
        return !id.empty() && message_id(mails[j]) == id;
      });
      if (!resent_same) {
        seen.push_back(i);
      }
    }
  }
  std::map<std::string, int> part_of_id;  // Message-Id -> part number (0: the cover letter)
  for (int number = 1; number <= series.total; ++number) {
    const auto it = by_number.find(number);
    if (it == by_number.end()) {
      series.missing.push_back(number);
      continue;
    }
    if (it->second.size() > 1) {
      series.duplicates.push_back(number);
    }
    for (const std::size_t i : it->second) {
      part_of_id[message_id(mails[i])] = number;
    }
    const patch::Mail& mail = mails[it->second.back()];
    series.parts.push_back({.number = number, .mail = &mail, .message_id = message_id(mail)});
  }
  if (series.cover) {
    part_of_id[message_id(*series.cover)] = 0;
  }
  part_of_id.erase("");

  // Replies: follow In-Reply-To through other replies up to a part or the cover letter; mails
  // without threading headers are placed by their "Re: [PATCH vN k/n]" subject.
  std::map<std::string, const patch::Mail*> by_id;
  for (const patch::Mail& mail : mails) {
    if (const std::string id = message_id(mail); !id.empty()) {
      by_id.emplace(id, &mail);
    }
  }
  auto target_of = [&](std::size_t index) -> std::optional<int> {
    const patch::Mail* current = &mails[index];
    for (int depth = 0; depth < 100; ++depth) {
      const std::string parent = parent_id(*current);
      if (parent.empty()) {
        break;
      }
      if (const auto part = part_of_id.find(parent); part != part_of_id.end()) {
        return part->second;
      }
      const auto up = by_id.find(parent);
      if (up == by_id.end()) {
        break;
      }
      current = up->second;
    }
    const PatchTag& tag = tags[index];
    if (tag.is_reply && tag.has_patch && tag.version == series.version &&
        !parent_id(mails[index]).size()) {
      if (tag.number == 0 && tag.total > 0) {
        return 0;
      }
      if (by_number.contains(tag.total > 0 ? tag.number : 1)) {
        return tag.total > 0 ? tag.number : 1;
      }
    }
    return std::nullopt;
  };
  for (std::size_t i = 0; i < mails.size(); ++i) {
    const patch::Mail& mail = mails[i];
    if (is_patch(mail, tags[i]) || is_cover(mail, tags[i])) {
      continue;
    }
    std::vector<NotTaken> not_taken;
    const std::vector<patch::Trailer> trailers = reply_trailers(mail, not_taken);
    const std::optional<int> target = target_of(i);
    if (!target) {
      if (!trailers.empty()) {
        series.ignored_replies.push_back(position(mail) + " '" + mail.raw_subject + "'");
      }
      continue;
    }
    std::ranges::move(not_taken, std::back_inserter(series.not_taken));
    ++series.replies;
    for (SeriesPart& part : series.parts) {
      if (*target != 0 && part.number != *target) {
        continue;
      }
      for (const patch::Trailer& trailer : trailers) {
        const bool known =
            std::any_of(part.given.begin(), part.given.end(),
                        [&](const GivenTrailer& g) { return g.trailer.same_as(trailer); });
        if (!known) {
          part.given.push_back({.trailer = trailer,
                                .from = mail.author.format(),
                                .reply = position(mail),
                                .to_cover = *target == 0});
        }
      }
    }
  }
  return series;
}

}  // namespace patchflow::intake
