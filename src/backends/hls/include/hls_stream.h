// nnfab's hls::stream for local C simulation: an unbounded FIFO (the depth is a synthesis property).
#ifndef NNFAB_HLS_STREAM_H
#define NNFAB_HLS_STREAM_H
#include <cstddef>
#include <deque>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace hls {
/** A FIFO between dataflow processes. */
template <class T>
class stream {
 public:
  stream() {}
  explicit stream(const char *name) : name_(name) {}
  stream(const stream &) = delete;
  stream &operator=(const stream &) = delete;
  /** Pop the oldest element; reading an empty stream is a testbench bug and aborts. */
  T read() {
    if (q_.empty()) {
      std::fprintf(stderr, "hls::stream '%s' read while empty\n", name_.c_str());
      std::abort();
    }
    T v = q_.front();
    q_.pop_front();
    return v;
  }
  void read(T &v) { v = read(); }
  bool read_nb(T &v) {
    if (q_.empty()) return false;
    v = read();
    return true;
  }
  void write(const T &v) { q_.push_back(v); }
  bool write_nb(const T &v) {
    write(v);
    return true;
  }
  void operator>>(T &v) { v = read(); }
  void operator<<(const T &v) { write(v); }
  bool empty() const { return q_.empty(); }
  bool full() const { return false; }
  std::size_t size() const { return q_.size(); }

 private:
  std::deque<T> q_;
  std::string name_;
};
} // namespace hls
#endif
