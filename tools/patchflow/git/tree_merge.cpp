#include "patchflow/git/tree_merge.hpp"

#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"

namespace patchflow::git {
namespace {

// What one tree holds under a name.
struct TreeItem {
  Oid id;
  git_filemode_t mode = GIT_FILEMODE_UNREADABLE;
};

bool same(const std::optional<TreeItem>& a, const std::optional<TreeItem>& b) {
  if (!a || !b) {
    return !a && !b;
  }
  return a->id == b->id && a->mode == b->mode;
}

bool is_regular(git_filemode_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

std::optional<TreeItem> find_entry(const git_tree* tree, const char* name) {
  if (tree == nullptr) {
    return std::nullopt;
  }
  const git_tree_entry* entry = git_tree_entry_byname(tree, name);
  if (entry == nullptr) {
    return std::nullopt;
  }
  return TreeItem{Oid(*git_tree_entry_id(entry)), git_tree_entry_filemode(entry)};
}

Tree maybe_tree(git_repository& repo, const Oid& id) {
  return id.is_zero() ? Tree() : lookup_tree(repo, id);
}

struct RawBlob {
  Blob blob;
  const char* data = nullptr;
  std::size_t size = 0;
};

RawBlob load_blob(git_repository& repo, const Oid& id) {
  RawBlob out;
  if (id.is_zero()) {
    return out;
  }
  git_blob* raw = nullptr;
  check(git_blob_lookup(&raw, &repo, id.raw()), "cannot read blob", Where{.ref = id.hex()});
  out.blob.reset(raw);
  out.data = static_cast<const char*>(git_blob_rawcontent(raw));
  out.size = static_cast<std::size_t>(git_blob_rawsize(raw));
  return out;
}

bool looks_binary(const RawBlob& blob) { return text::looks_binary({blob.data, blob.size}); }

git_merge_file_input file_input(const RawBlob& blob, const char* path, git_filemode_t mode) {
  git_merge_file_input input = GIT_MERGE_FILE_INPUT_INIT;
  input.ptr = blob.data;
  input.size = blob.size;
  input.path = path;
  input.mode = static_cast<unsigned int>(mode);
  return input;
}

struct MergeFileResult {
  git_merge_file_result raw{};
  ~MergeFileResult() { git_merge_file_result_free(&raw); }
};

// Parses diff3-style output into conflict hunks.
std::vector<ConflictHunk> parse_hunks(std::string_view merged) {
  std::vector<ConflictHunk> hunks;
  enum class Part { none, ours, base, theirs } part = Part::none;
  int line_number = 0;
  for (std::string_view line : text::split_lines(merged)) {
    ++line_number;
    if (line.rfind("<<<<<<<", 0) == 0) {
      hunks.push_back(ConflictHunk{.line = line_number});
      part = Part::ours;
      continue;
    }
    if (part != Part::none && line.rfind("|||||||", 0) == 0) {
      part = Part::base;
      continue;
    }
    if (part != Part::none && line.rfind("=======", 0) == 0) {
      part = Part::theirs;
      continue;
    }
    if (part != Part::none && line.rfind(">>>>>>>", 0) == 0) {
      part = Part::none;
      continue;
    }
    std::string* target = part == Part::ours     ? &hunks.back().ours
                          : part == Part::base   ? &hunks.back().base
                          : part == Part::theirs ? &hunks.back().theirs
                                                 : nullptr;
    if (target != nullptr) {
      target->append(line);
      target->push_back('\n');
    }
  }
  return hunks;
}

// Marker lines this long do not occur in real files, so the parse below cannot mistake text for
// structure; the regions git computes do not depend on the marker size.
constexpr unsigned short k_marker_size = 32;

// The merge in git's work-tree style, cut into clean parts and conflict regions.
void fill_work_tree_regions(FileConflict& conflict, const git_merge_file_input& base,
                            const git_merge_file_input& ours, const git_merge_file_input& theirs) {
  git_merge_file_options options = GIT_MERGE_FILE_OPTIONS_INIT;
  options.marker_size = k_marker_size;
  MergeFileResult merged;
  check(git_merge_file(&merged.raw, &base, &ours, &theirs, &options), "cannot merge file",
        Where{.file = conflict.path});
  const std::string start(k_marker_size, '<'), middle(k_marker_size, '='), end(k_marker_size, '>');
  auto is_marker = [](std::string_view line, const std::string& marker) {
    return line.substr(0, marker.size()) == marker &&
           (line.size() == marker.size() || line[marker.size()] == ' ');
  };
  enum class Part { clean, ours, theirs } part = Part::clean;
  conflict.clean.assign(1, std::string());
  conflict.regions.clear();
  const std::string_view text(merged.raw.ptr, merged.raw.len);
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t newline = text.find('\n', position);
    const std::size_t next = newline == std::string_view::npos ? text.size() : newline + 1;
    const std::string_view line = text.substr(position, next - position);
    const std::string_view bare = text::trim_right(line);
    position = next;
    if (part == Part::clean && is_marker(bare, start)) {
      conflict.regions.emplace_back();
      part = Part::ours;
    } else if (part == Part::ours && is_marker(bare, middle)) {
      part = Part::theirs;
    } else if (part == Part::theirs && is_marker(bare, end)) {
      conflict.clean.emplace_back();
      part = Part::clean;
    } else if (part == Part::clean) {
      conflict.clean.back().append(line);
    } else {
      (part == Part::ours ? conflict.regions.back().ours : conflict.regions.back().theirs)
          .append(line);
    }
  }
}

class FastMerge {
 public:
  FastMerge(git_repository& repo, const ConflictResolver& resolver)
      : m_repo(repo), m_resolver(resolver) {}

  bool undecided = false;
  TreeMergeResult result;

  // Merged tree of one directory; nullopt when it ends up empty (or undecided is set).
  std::optional<Oid> merge_directory(const std::string& prefix, const Oid& base_id,
                                     const Oid& ours_id, const Oid& theirs_id) {
    const Tree base = maybe_tree(m_repo, base_id);
    const Tree ours = maybe_tree(m_repo, ours_id);
    const Tree theirs = maybe_tree(m_repo, theirs_id);
    git_treebuilder* raw = nullptr;
    check(git_treebuilder_new(&raw, &m_repo, ours.get()), "cannot build tree");
    TreeBuilder builder(raw);
    // Only names where theirs differs from base can change ours.
    const std::size_t theirs_count = theirs ? git_tree_entrycount(theirs.get()) : 0;
    for (std::size_t i = 0; i < theirs_count && !undecided; ++i) {
      const char* name = git_tree_entry_name(git_tree_entry_byindex(theirs.get(), i));
      merge_entry(builder.get(), prefix, name, base.get(), ours.get(), theirs.get());
    }
    const std::size_t base_count = base ? git_tree_entrycount(base.get()) : 0;
    for (std::size_t i = 0; i < base_count && !undecided; ++i) {
      const char* name = git_tree_entry_name(git_tree_entry_byindex(base.get(), i));
      if (theirs && git_tree_entry_byname(theirs.get(), name) != nullptr) {
        continue;  // seen above
      }
      merge_entry(builder.get(), prefix, name, base.get(), ours.get(), theirs.get());
    }
    if (undecided || git_treebuilder_entrycount(builder.get()) == 0) {
      return std::nullopt;
    }
    git_oid out;
    check(git_treebuilder_write(&out, builder.get()), "cannot write tree", Where{.file = prefix});
    return Oid(out);
  }

 private:
  void set(git_treebuilder* builder, const char* name, const std::optional<TreeItem>& entry) {
    if (entry) {
      check(git_treebuilder_insert(nullptr, builder, name, entry->id.raw(), entry->mode),
            "cannot build tree", Where{.file = name});
    } else if (git_treebuilder_get(builder, name) != nullptr) {
      check(git_treebuilder_remove(builder, name), "cannot build tree", Where{.file = name});
    }
  }

  void merge_entry(git_treebuilder* builder, const std::string& prefix, const char* name,
                   const git_tree* base_tree, const git_tree* ours_tree,
                   const git_tree* theirs_tree) {
    const std::optional<TreeItem> base = find_entry(base_tree, name);
    const std::optional<TreeItem> ours = find_entry(ours_tree, name);
    const std::optional<TreeItem> theirs = find_entry(theirs_tree, name);
    if (same(base, theirs) || same(ours, theirs)) {
      return;  // ours already holds the answer
    }
    if (same(base, ours)) {
      set(builder, name, theirs);
      return;
    }
    // Both sides changed this name, differently.
    const std::string path = prefix + name;
    if (base && base->mode == GIT_FILEMODE_TREE &&
        ((!ours && theirs->mode == GIT_FILEMODE_TREE) ||
         (!theirs && ours->mode == GIT_FILEMODE_TREE))) {
      // A directory emptied on one side and changed on the other: merge inside it, where a
      // file deleted on one side and changed on the other makes the walk undecided.
      const std::optional<Oid> merged = merge_directory(
          path + "/", base->id, ours ? ours->id : Oid(), theirs ? theirs->id : Oid());
      if (!undecided) {
        set(builder, name,
            merged ? std::optional<TreeItem>(TreeItem{*merged, GIT_FILEMODE_TREE}) : std::nullopt);
      }
      return;
    }
    if (!ours || !theirs) {
      undecided = true;  // modify/delete, or a rename the full merge may pair up
      return;
    }
    if (ours->mode == GIT_FILEMODE_TREE && theirs->mode == GIT_FILEMODE_TREE) {
      if (base && base->mode != GIT_FILEMODE_TREE) {
        undecided = true;
        return;
      }
      const std::optional<Oid> merged =
          merge_directory(path + "/", base ? base->id : Oid(), ours->id, theirs->id);
      if (undecided) {
        return;
      }
      set(builder, name,
          merged ? std::optional<TreeItem>(TreeItem{*merged, GIT_FILEMODE_TREE}) : std::nullopt);
      return;
    }
    if (!base || !is_regular(base->mode) || !is_regular(ours->mode) || !is_regular(theirs->mode)) {
      undecided = true;  // add/add, type changes, symlinks, submodules
      return;
    }
    git_filemode_t mode = ours->mode;
    if (ours->mode == base->mode) {
      mode = theirs->mode;
    } else if (theirs->mode != base->mode && theirs->mode != ours->mode) {
      undecided = true;
      return;
    }
    const std::optional<Oid> blob = merge_file(path, *base, *ours, *theirs);
    if (blob) {
      set(builder, name, TreeItem{*blob, mode});
    }
  }

  // Merged blob, or nullopt for an unresolved conflict (recorded) or undecided.
  std::optional<Oid> merge_file(const std::string& path, const TreeItem& base, const TreeItem& ours,
                                const TreeItem& theirs) {
    if (ours.id == theirs.id) {
      return ours.id;
    }
    if (base.id == ours.id) {
      return theirs.id;
    }
    if (base.id == theirs.id) {
      return ours.id;
    }
    const RawBlob base_blob = load_blob(m_repo, base.id);
    const RawBlob ours_blob = load_blob(m_repo, ours.id);
    const RawBlob theirs_blob = load_blob(m_repo, theirs.id);
    if (looks_binary(base_blob) || looks_binary(ours_blob) || looks_binary(theirs_blob)) {
      undecided = true;
      return std::nullopt;
    }
    const git_merge_file_input base_input = file_input(base_blob, path.c_str(), base.mode);
    const git_merge_file_input ours_input = file_input(ours_blob, path.c_str(), ours.mode);
    const git_merge_file_input theirs_input = file_input(theirs_blob, path.c_str(), theirs.mode);
    // Default style, as git_merge_trees uses, so clean results are byte-identical to it.
    MergeFileResult merged;
    ensure_library();
    check(git_merge_file(&merged.raw, &base_input, &ours_input, &theirs_input, nullptr),
          "cannot merge file", Where{.file = path});
    if (merged.raw.automergeable) {
      git_oid out;
      check(git_blob_create_from_buffer(&out, &m_repo, merged.raw.ptr, merged.raw.len),
            "cannot write blob", Where{.file = path});
      return Oid(out);
    }
    std::optional<FileConflict> conflict =
        describe_content_conflict(m_repo, path, base.id, ours.id, theirs.id);
    if (!conflict) {
      undecided = true;
      return std::nullopt;
    }
    if (m_resolver) {
      if (const std::optional<std::string> content = m_resolver(*conflict)) {
        result.resolved.push_back(std::move(*conflict));
        return write_blob(m_repo, *content);
      }
    }
    result.conflicts.push_back(std::move(*conflict));
    return std::nullopt;
  }

  git_repository& m_repo;
  const ConflictResolver& m_resolver;
};

std::string conflict_kind(const git_index_entry* base, const git_index_entry* ours,
                          const git_index_entry* theirs) {
  if (ours == nullptr || theirs == nullptr) {
    return "modify/delete";
  }
  if (!is_regular(static_cast<git_filemode_t>(ours->mode)) ||
      !is_regular(static_cast<git_filemode_t>(theirs->mode))) {
    return "type";
  }
  return base == nullptr ? "add/add" : "content";
}

}  // namespace

Oid write_blob(git_repository& repo, const std::string& content) {
  git_oid out;
  check(git_blob_create_from_buffer(&out, &repo, content.data(), content.size()),
        "cannot write blob");
  return Oid(out);
}

std::string read_blob(git_repository& repo, const Oid& blob) {
  const RawBlob raw = load_blob(repo, blob);
  return raw.data ? std::string(raw.data, raw.size) : std::string();
}

std::string conflict_key(const std::vector<ConflictHunk>& hunks) {
  // Trailing blanks and CR do not make a different conflict; everything else does.
  std::string normalized;
  auto add = [&normalized](const std::string& part) {
    for (std::string_view line : text::split_lines(part)) {
      normalized.append(text::trim_right(line));
      normalized.push_back('\n');
    }
    normalized.push_back('\0');
  };
  for (const ConflictHunk& hunk : hunks) {
    add(hunk.base);
    add(hunk.ours);
    add(hunk.theirs);
  }
  git_oid out;
  ensure_library();
  check(git_odb_hash(&out, normalized.data(), normalized.size(), GIT_OBJECT_BLOB),
        "cannot hash conflict");
  return Oid(out).hex();
}

std::vector<std::pair<std::size_t, std::size_t>> unchanged_lines(std::string_view a,
                                                                 std::string_view b) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  const std::size_t a_lines = text::split_lines(a).size();
  if (a == b) {
    for (std::size_t i = 0; i < a_lines; ++i) {
      pairs.emplace_back(i, i);
    }
    return pairs;
  }
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.flags = GIT_DIFF_FORCE_TEXT;
  // Every unchanged line inside one hunk, as context; bounded so xdiff's arithmetic holds.
  options.context_lines = 1u << 24;
  const auto on_line = [](const git_diff_delta*, const git_diff_hunk*, const git_diff_line* line,
                          void* payload) -> int {
    if (line->origin == GIT_DIFF_LINE_CONTEXT) {
      static_cast<std::vector<std::pair<std::size_t, std::size_t>>*>(payload)->emplace_back(
          static_cast<std::size_t>(line->old_lineno - 1),
          static_cast<std::size_t>(line->new_lineno - 1));
    }
    return 0;
  };
  ensure_library();
  check(git_diff_buffers(a.data(), a.size(), nullptr, b.data(), b.size(), nullptr, &options,
                         nullptr, nullptr, nullptr, on_line, &pairs),
        "cannot diff texts");
  return pairs;
}

bool has_conflict_markers(const std::string& text) {
  for (std::string_view line : text::split_lines(text)) {
    if (line.rfind("<<<<<<< ", 0) == 0 || line.rfind(">>>>>>> ", 0) == 0 || line == "<<<<<<<" ||
        line == ">>>>>>>") {
      return true;
    }
  }
  return false;
}

std::optional<FileConflict> describe_content_conflict(git_repository& repo, const std::string& path,
                                                      const Oid& base, const Oid& ours,
                                                      const Oid& theirs) {
  const RawBlob base_blob = load_blob(repo, base);
  const RawBlob ours_blob = load_blob(repo, ours);
  const RawBlob theirs_blob = load_blob(repo, theirs);
  const git_merge_file_input base_input = file_input(base_blob, path.c_str(), GIT_FILEMODE_BLOB);
  const git_merge_file_input ours_input = file_input(ours_blob, path.c_str(), GIT_FILEMODE_BLOB);
  const git_merge_file_input theirs_input =
      file_input(theirs_blob, path.c_str(), GIT_FILEMODE_BLOB);
  git_merge_file_options options = GIT_MERGE_FILE_OPTIONS_INIT;
  options.flags = GIT_MERGE_FILE_STYLE_DIFF3;
  options.ancestor_label = "base";
  options.our_label = "ours";
  options.their_label = "theirs";
  MergeFileResult merged;
  ensure_library();
  check(git_merge_file(&merged.raw, &base_input, &ours_input, &theirs_input, &options),
        "cannot merge file", Where{.file = path});
  if (merged.raw.automergeable) {
    return std::nullopt;
  }
  FileConflict conflict;
  conflict.path = path;
  conflict.kind = base.is_zero() ? "add/add" : "content";
  conflict.merged.assign(merged.raw.ptr, merged.raw.len);
  conflict.hunks = parse_hunks(conflict.merged);
  conflict.key = conflict_key(conflict.hunks);
  fill_work_tree_regions(conflict, base_input, ours_input, theirs_input);
  return conflict;
}

std::optional<TreeMergeResult> merge_trees_fast(git_repository& repo, const Oid& base_tree,
                                                const Oid& ours_tree, const Oid& theirs_tree,
                                                const ConflictResolver& resolver) {
  FastMerge merge(repo, resolver);
  merge.result.engine = MergeEngine::fast;
  if (ours_tree == theirs_tree || base_tree == theirs_tree) {
    merge.result.tree = ours_tree;
    return std::move(merge.result);
  }
  if (base_tree == ours_tree) {
    merge.result.tree = theirs_tree;
    return std::move(merge.result);
  }
  std::optional<Oid> tree = merge.merge_directory("", base_tree, ours_tree, theirs_tree);
  if (merge.undecided) {
    return std::nullopt;
  }
  if (!merge.result.conflicts.empty()) {
    return std::move(merge.result);
  }
  if (!tree) {  // everything deleted: the empty tree
    git_treebuilder* raw = nullptr;
    check(git_treebuilder_new(&raw, &repo, nullptr), "cannot build tree");
    TreeBuilder empty(raw);
    git_oid out;
    check(git_treebuilder_write(&out, empty.get()), "cannot write tree");
    tree = Oid(out);
  }
  merge.result.tree = tree;
  return std::move(merge.result);
}

TreeMergeResult merge_trees_full(git_repository& repo, const Oid& base_tree, const Oid& ours_tree,
                                 const Oid& theirs_tree, const ConflictResolver& resolver) {
  const Tree base = maybe_tree(repo, base_tree);
  const Tree ours = lookup_tree(repo, ours_tree);
  const Tree theirs = lookup_tree(repo, theirs_tree);
  git_merge_options options = GIT_MERGE_OPTIONS_INIT;
  options.flags = GIT_MERGE_FIND_RENAMES;
  git_index* raw = nullptr;
  check(git_merge_trees(&raw, &repo, base.get(), ours.get(), theirs.get(), &options),
        "cannot merge trees");
  Index index(raw);
  TreeMergeResult result;
  result.engine = MergeEngine::full;
  if (git_index_has_conflicts(index.get())) {
    struct Pending {
      std::string path;
      std::string kind;
      Oid base, ours, theirs;
      unsigned int mode = GIT_FILEMODE_BLOB;
    };
    std::vector<Pending> pending;
    git_index_conflict_iterator* raw_iterator = nullptr;
    check(git_index_conflict_iterator_new(&raw_iterator, index.get()), "cannot list conflicts");
    Handle<git_index_conflict_iterator, &Libgit2Functions::f_git_index_conflict_iterator_free>
        iterator(raw_iterator);
    const git_index_entry *base_entry = nullptr, *ours_entry = nullptr, *theirs_entry = nullptr;
    int rc = 0;
    while ((rc = git_index_conflict_next(&base_entry, &ours_entry, &theirs_entry,
                                         iterator.get())) == 0) {
      const git_index_entry* any = ours_entry     ? ours_entry
                                   : theirs_entry ? theirs_entry
                                                  : base_entry;
      Pending p{.path = any->path,
                .kind = conflict_kind(base_entry, ours_entry, theirs_entry),
                .mode = any->mode};
      if (base_entry) p.base = Oid(base_entry->id);
      if (ours_entry) p.ours = Oid(ours_entry->id);
      if (theirs_entry) p.theirs = Oid(theirs_entry->id);
      pending.push_back(std::move(p));
    }
    if (rc != GIT_ITEROVER) {
      check(rc, "cannot list conflicts");
    }
    iterator.reset();
    for (const Pending& p : pending) {
      std::optional<FileConflict> conflict;
      if (p.kind == "content" || p.kind == "add/add") {
        conflict = describe_content_conflict(repo, p.path, p.base, p.ours, p.theirs);
      }
      if (!conflict) {
        result.conflicts.push_back(FileConflict{.path = p.path, .kind = p.kind});
        continue;
      }
      std::optional<std::string> content;
      if (resolver) {
        content = resolver(*conflict);
      }
      if (!content) {
        result.conflicts.push_back(std::move(*conflict));
        continue;
      }
      check(git_index_conflict_remove(index.get(), p.path.c_str()), "cannot resolve",
            Where{.file = p.path});
      git_index_entry entry{};
      entry.mode = p.mode;
      entry.path = p.path.c_str();
      entry.id = *write_blob(repo, *content).raw();
      check(git_index_add(index.get(), &entry), "cannot resolve", Where{.file = p.path});
      result.resolved.push_back(std::move(*conflict));
    }
    if (!result.conflicts.empty()) {
      return result;
    }
  }
  git_oid out;
  check(git_index_write_tree_to(&out, index.get(), &repo), "cannot write merged tree");
  result.tree = Oid(out);
  return result;
}

TreeMergeResult merge_trees(git_repository& repo, const Oid& base_tree, const Oid& ours_tree,
                            const Oid& theirs_tree, const ConflictResolver& resolver) {
  if (std::optional<TreeMergeResult> fast =
          merge_trees_fast(repo, base_tree, ours_tree, theirs_tree, resolver)) {
    return std::move(*fast);
  }
  return merge_trees_full(repo, base_tree, ours_tree, theirs_tree, resolver);
}

}  // namespace patchflow::git
