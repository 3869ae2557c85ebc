// A FIFO that holds no memory while empty. std::deque keeps a block of its own even then
// (about 600 bytes in libstdc++), which matters for the queues every connection owns: most
// connections are idle, and their queues empty, most of the time.
//
// A vector with a read index: pop_front() is amortised O(1) (the sent prefix is erased once it
// is most of the vector), and the storage is released when the queue runs empty and grew past
// a few elements. Threading: none of its own.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace parley::util {

template <class T>
class CompactFifo {
 public:
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  T& front() { return items_[head_]; }
  const T& front() const { return items_[head_]; }
  // The i-th element from the front.
  T& operator[](std::size_t i) { return items_[head_ + i]; }
  const T& operator[](std::size_t i) const { return items_[head_ + i]; }
  void push_back(T value) { items_.push_back(std::move(value)); }
  void pop_front() {
    items_[head_++] = T{};
    if (empty()) {
      clear();
    } else if (head_ > 64 && head_ * 2 > items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }
  void clear() {
    items_.clear();
    if (items_.capacity() > 4) items_.shrink_to_fit();
    head_ = 0;
  }

 private:
  std::vector<T> items_;
  std::size_t head_ = 0;  // items_[0, head_) were popped
};

}  // namespace parley::util
