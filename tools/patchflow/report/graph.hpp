#pragma once
// The stack as a Graphviz DOT digraph: per component a cluster holding its mainline, its
// topics and its merge branches; edges from each topic to its mainline and to the topics it
// depends on, from each merge branch to the topics it includes and to its base.
#include <string>
#include <string_view>

#include "patchflow/config/model.hpp"
#include "patchflow/stack/topic_status.hpp"

namespace patchflow::report {

// id as a DOT quoted string: "xen/dom0/core", with '"' and '\' escaped and a newline written
// as \n (which labels show as a line break).
std::string dot_quote(std::string_view id);

// DOT text of stack, the same bytes for the same input (stack order, no clock, no oids).
// Node IDs are the topic, mainline and merge-branch names. status (nullptr: no repository at
// hand) adds what only the repository knows: dependencies a branch really has but does not
// declare (red "undeclared" edges), topics not based on mainline (red edge to the mainline)
// and topics without a branch (dashed node).
std::string graph_dot(const config::StackConfig& stack, const stack::TopicsReport* status);

}  // namespace patchflow::report
