#pragma once
// libgit2's functions, loaded on first use. Every libgit2 call in patchflow goes through
// git/libgit2.hpp, which names these members for the libgit2 functions, so a command that
// never reads a repository (version, check or maintainers on patch files) never loads libgit2
// and its 14 libraries (about 3 ms of every process start, most of it relocating them).
// Only this header and git/libgit2.hpp include libgit2's headers.
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include <atomic>

// clang-format off
// Every libgit2 function patchflow calls. A call to one not listed here is a link error (the
// executable does not link libgit2), which names the function to add.
#define PATCHFLOW_LIBGIT2_FUNCTIONS(X) \
  X(git_blob_create_from_buffer) \
  X(git_blob_free) \
  X(git_blob_lookup) \
  X(git_blob_rawcontent) \
  X(git_blob_rawsize) \
  X(git_branch_name_is_valid) \
  X(git_buf_dispose) \
  X(git_checkout_head) \
  X(git_checkout_tree) \
  X(git_commit_author) \
  X(git_commit_author_with_mailmap) \
  X(git_commit_body) \
  X(git_commit_committer) \
  X(git_commit_create) \
  X(git_commit_free) \
  X(git_commit_id) \
  X(git_commit_lookup) \
  X(git_commit_lookup_prefix) \
  X(git_commit_message) \
  X(git_commit_message_encoding) \
  X(git_commit_parent) \
  X(git_commit_parent_id) \
  X(git_commit_parentcount) \
  X(git_commit_summary) \
  X(git_commit_time) \
  X(git_commit_tree) \
  X(git_commit_tree_id) \
  X(git_config_foreach_match) \
  X(git_config_free) \
  X(git_config_get_int32) \
  X(git_config_get_path) \
  X(git_config_get_string_buf) \
  X(git_config_open_default) \
  X(git_config_snapshot) \
  X(git_diff_buffers) \
  X(git_diff_find_similar) \
  X(git_diff_foreach) \
  X(git_diff_free) \
  X(git_diff_from_buffer) \
  X(git_diff_get_delta) \
  X(git_diff_num_deltas) \
  X(git_diff_patchid) \
  X(git_diff_to_buf) \
  X(git_diff_tree_to_tree) \
  X(git_error_clear) \
  X(git_error_last) \
  X(git_graph_descendant_of) \
  X(git_index_add) \
  X(git_index_conflict_iterator_free) \
  X(git_index_conflict_iterator_new) \
  X(git_index_conflict_next) \
  X(git_index_conflict_remove) \
  X(git_index_entrycount) \
  X(git_index_free) \
  X(git_index_get_bypath) \
  X(git_index_has_conflicts) \
  X(git_index_new) \
  X(git_index_read_tree) \
  X(git_index_remove) \
  X(git_index_remove_directory) \
  X(git_index_write_tree_to) \
  X(git_libgit2_init) \
  X(git_libgit2_opts) \
  X(git_libgit2_shutdown) \
  X(git_libgit2_version) \
  X(git_mailmap_free) \
  X(git_mailmap_from_repository) \
  X(git_mempack_dump) \
  X(git_mempack_new) \
  X(git_mempack_reset) \
  X(git_merge_base) \
  X(git_merge_file) \
  X(git_merge_file_result_free) \
  X(git_merge_trees) \
  X(git_note_free) \
  X(git_note_message) \
  X(git_note_read) \
  X(git_object_free) \
  X(git_object_id) \
  X(git_object_lookup) \
  X(git_object_lookup_prefix) \
  X(git_object_peel) \
  X(git_object_type) \
  X(git_odb_add_backend) \
  X(git_odb_backend_pack) \
  X(git_odb_exists) \
  X(git_odb_exists_prefix) \
  X(git_odb_free) \
  X(git_odb_hash) \
  X(git_odb_new) \
  X(git_odb_write_pack) \
  X(git_oid_cmp) \
  X(git_oid_equal) \
  X(git_oid_fromstr) \
  X(git_oid_fromstrn) \
  X(git_oid_is_zero) \
  X(git_oid_tostr) \
  X(git_patch_free) \
  X(git_patch_from_diff) \
  X(git_patch_get_delta) \
  X(git_patch_get_hunk) \
  X(git_patch_get_line_in_hunk) \
  X(git_patch_line_stats) \
  X(git_patch_num_hunks) \
  X(git_reference_create) \
  X(git_reference_create_matching) \
  X(git_reference_delete) \
  X(git_reference_free) \
  X(git_reference_iterator_free) \
  X(git_reference_iterator_glob_new) \
  X(git_reference_lookup) \
  X(git_reference_name_to_id) \
  X(git_reference_next_name) \
  X(git_reference_symbolic_target) \
  X(git_reference_target) \
  X(git_reference_type) \
  X(git_repository_commondir) \
  X(git_repository_config) \
  X(git_repository_config_snapshot) \
  X(git_repository_free) \
  X(git_repository_index) \
  X(git_repository_init) \
  X(git_repository_is_shallow) \
  X(git_repository_item_path) \
  X(git_repository_odb) \
  X(git_repository_open) \
  X(git_repository_open_ext) \
  X(git_repository_path) \
  X(git_repository_set_head) \
  X(git_repository_set_index) \
  X(git_repository_workdir) \
  X(git_revparse_single) \
  X(git_revwalk_free) \
  X(git_revwalk_hide) \
  X(git_revwalk_new) \
  X(git_revwalk_next) \
  X(git_revwalk_push) \
  X(git_revwalk_sorting) \
  X(git_signature_default) \
  X(git_signature_free) \
  X(git_signature_new) \
  X(git_tag_message) \
  X(git_tree_create_updated) \
  X(git_tree_entry_byindex) \
  X(git_tree_entry_byname) \
  X(git_tree_entry_bypath) \
  X(git_tree_entry_filemode) \
  X(git_tree_entry_free) \
  X(git_tree_entry_id) \
  X(git_tree_entry_name) \
  X(git_tree_entry_type) \
  X(git_tree_entrycount) \
  X(git_tree_free) \
  X(git_tree_lookup) \
  X(git_tree_walk) \
  X(git_treebuilder_entrycount) \
  X(git_treebuilder_free) \
  X(git_treebuilder_get) \
  X(git_treebuilder_insert) \
  X(git_treebuilder_new) \
  X(git_treebuilder_remove) \
  X(git_treebuilder_write)
// clang-format on

namespace patchflow::git {

struct Libgit2Functions {
#define PATCHFLOW_LIBGIT2_MEMBER(name) decltype(&::name) f_##name = nullptr;
  PATCHFLOW_LIBGIT2_FUNCTIONS(PATCHFLOW_LIBGIT2_MEMBER)
#undef PATCHFLOW_LIBGIT2_MEMBER
};

// Loads libgit2 and resolves every function on the first call (thread-safe); throws Error{usage}
// naming the library when it cannot be loaded.
const Libgit2Functions& load_libgit2();

namespace detail {
extern std::atomic<const Libgit2Functions*> libgit2_functions;
}

// The loaded functions; one pointer load per call once loaded.
inline const Libgit2Functions& libgit2() {
  const Libgit2Functions* loaded = detail::libgit2_functions.load(std::memory_order_acquire);
  return loaded != nullptr ? *loaded : load_libgit2();
}

}  // namespace patchflow::git
