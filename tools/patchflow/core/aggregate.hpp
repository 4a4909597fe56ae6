#pragma once
// How many fields an aggregate has, counted by the compiler: a describe() that lists every field
// of a struct asserts the count, so a field added later fails the build until it is described
// (a cached result can then never ignore it). Unlike sizeof, padding and the standard library's
// layout do not change the count.
#include <cstddef>

namespace patchflow {
namespace detail {

// Converts to any field's type; only ever named in unevaluated braced initializers.
struct AnyField {
  template <class T>
  operator T() const;  // NOLINT(google-explicit-constructor): the point is implicit conversion
};

}  // namespace detail

template <class T, class... Given>
consteval std::size_t field_count() {
  if constexpr (requires { T{Given{}..., detail::AnyField{}}; }) {
    return field_count<T, Given..., detail::AnyField>();
  } else {
    return sizeof...(Given);
  }
}

}  // namespace patchflow
