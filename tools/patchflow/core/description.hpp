#pragma once
// What a kept result's key digests: the inputs that decide it, one per line, each with its
// length first, so no two different descriptions read the same. Each input's owner describes
// it (config::describe for a policy, maintainers::describe for lookup options) so the caches
// that key on it (check's, route's) cannot drift apart.
#include <iterator>
#include <string>
#include <string_view>

namespace patchflow {

class Description {
 public:
  Description& add(std::string_view name, std::string_view value) {
    m_text.append(name);
    m_text += ' ';
    m_text += std::to_string(value.size());
    m_text += ':';
    m_text.append(value);
    m_text += '\n';
    return *this;
  }
  Description& add(std::string_view name, long long value) {
    return add(name, std::to_string(value));
  }
  template <class Range>
  Description& add_all(std::string_view name, const Range& values) {
    add(name, static_cast<long long>(std::size(values)));
    for (const auto& value : values) {
      add(name, value);
    }
    return *this;
  }
  std::string text() && { return std::move(m_text); }

 private:
  std::string m_text;
};

}  // namespace patchflow
