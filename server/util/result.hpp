// Result<T, E>: a value or an error, for operations whose failures are expected (bad input,
// unknown ids, conflicts). The message path returns these instead of throwing.
#pragma once

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

namespace parley::util {

template <class E>
struct Failure {
  E error;
};

template <class E>
Failure<E> fail(E e) {
  return Failure<E>{e};
}

template <class T, class E>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Failure<E> f) : v_(std::in_place_index<1>, f) {}            // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return check(), std::get<0>(v_); }
  const T& value() const& { return check(), std::get<0>(v_); }
  T&& value() && { return check(), std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  E error() const {
    if (ok()) std::abort();  // asking a success for its error is a bug
    return std::get<1>(v_).error;
  }

 private:
  void check() const {
    if (!ok()) std::abort();  // using a failed result's value is a bug
  }
  std::variant<T, Failure<E>> v_;
};

template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  Result(Failure<E> f) : error_(f.error), ok_(false) {}  // NOLINT: implicit by design
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  E error() const {
    if (ok_) std::abort();
    return error_;
  }

 private:
  E error_{};
  bool ok_ = true;
};

}  // namespace parley::util
