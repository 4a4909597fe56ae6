// Writing DOT by hand: the format is small, and owning the text keeps the output stable
// across Graphviz versions (nothing here runs Graphviz).
#include "patchflow/report/graph.hpp"

#include <sstream>

#include "patchflow/report/dependencies.hpp"

namespace patchflow::report {
namespace {

constexpr const char* k_depends_color = "#1f5fbf";
constexpr const char* k_problem_color = "#cc0000";
constexpr const char* k_quiet_color = "#888888";

const stack::TopicStatus* find_status(const stack::TopicsReport* status, const std::string& name) {
  if (status == nullptr) {
    return nullptr;
  }
  for (const stack::TopicStatus& row : status->topics) {
    if (row.name == name) {
      return &row;
    }
  }
  return nullptr;
}

void write_nodes(std::ostream& out, const config::StackConfig& stack,
                 const config::Component& component, const stack::TopicsReport* status) {
  out << "  subgraph " << dot_quote("cluster_" + component.name) << " {\n";
  out << "    label=" << dot_quote(component.name) << ";\n";
  out << "    style=rounded;\n";
  out << "    color=" << dot_quote(k_quiet_color) << ";\n";
  out << "    " << dot_quote(component.mainline)
      << " [shape=box, style=\"filled,bold\", fillcolor=\"#e8e8e8\", tooltip="
      << dot_quote("mainline of " + component.name) << "];\n";
  for (const config::Topic& topic : stack.topics) {
    if (topic.component != component.name) {
      continue;
    }
    const stack::TopicStatus* row = find_status(status, topic.name);
    out << "    " << dot_quote(topic.name) << " [shape=ellipse";
    if (row != nullptr && !row->tip) {
      out << ", style=dashed, label=" << dot_quote(topic.name + "\n(no branch)");
    }
    if (topic.branch != topic.name) {
      out << ", tooltip=" << dot_quote("branch " + topic.branch);
    }
    out << "];\n";
  }
  for (const config::MergeBranch& merge_branch : stack.merge_branches) {
    if (merge_branch.component == component.name) {
      out << "    " << dot_quote(merge_branch.name)
          << " [shape=box3d, style=filled, fillcolor=\"#fff2cc\"];\n";
    }
  }
  out << "  }\n";
}

void write_topic_edges(std::ostream& out, const config::StackConfig& stack,
                       const config::Topic& topic, const stack::TopicsReport* status) {
  const std::string& mainline = stack.component(topic.component).mainline;
  const stack::TopicStatus* row = find_status(status, topic.name);
  out << "  " << dot_quote(topic.name) << " -> " << dot_quote(mainline);
  if (row != nullptr && row->tip && !row->based_on_mainline) {
    out << " [color=" << dot_quote(k_problem_color) << ", label=\"not on mainline\"];\n";
  } else {
    out << " [style=dashed, color=" << dot_quote(k_quiet_color) << ", arrowhead=empty];\n";
  }
  for (const std::string& dependency : topic.depends) {
    out << "  " << dot_quote(topic.name) << " -> " << dot_quote(dependency)
        << " [color=" << dot_quote(k_depends_color) << "];\n";
  }
  if (row == nullptr) {
    return;
  }
  for (const std::string& dependency : undeclared_depends(stack, *row)) {
    out << "  " << dot_quote(topic.name) << " -> " << dot_quote(dependency)
        << " [color=" << dot_quote(k_problem_color)
        << ", penwidth=2, style=bold, label=\"undeclared\"];\n";
  }
}

void write_merge_branch_edges(std::ostream& out, const config::MergeBranch& merge_branch) {
  out << "  " << dot_quote(merge_branch.name) << " -> " << dot_quote(merge_branch.base)
      << " [style=bold, label=\"base\"];\n";
  for (const std::string& topic : merge_branch.topics) {
    out << "  " << dot_quote(merge_branch.name) << " -> " << dot_quote(topic)
        << " [style=dotted, color=\"#b08800\"];\n";
  }
}

}  // namespace

std::string dot_quote(std::string_view id) {
  std::string quoted = "\"";
  for (const char c : id) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (c == '\n') {
      quoted += "\\n";
    } else {
      quoted += c;
    }
  }
  return quoted + "\"";
}

std::string graph_dot(const config::StackConfig& stack, const stack::TopicsReport* status) {
  std::ostringstream out;
  out << "digraph " << dot_quote(stack.stack.name.empty() ? "stack" : stack.stack.name) << " {\n";
  out << "  rankdir=LR;\n";
  out << "  node [fontname=\"Helvetica\", fontsize=10];\n";
  out << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (const config::Component& component : stack.stack.components) {
    write_nodes(out, stack, component, status);
  }
  for (const config::Topic& topic : stack.topics) {
    write_topic_edges(out, stack, topic, status);
  }
  for (const config::MergeBranch& merge_branch : stack.merge_branches) {
    write_merge_branch_edges(out, merge_branch);
  }
  out << "}\n";
  return out.str();
}

}  // namespace patchflow::report
