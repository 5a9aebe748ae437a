#pragma once
// A map from 64-bit keys to 32-bit values with open addressing (linear probing, backward-shift
// deletion): one probe sequence in a flat array, where std::unordered_map chases a node per entry.
// Update streams look up two vertex ids and an arc per update, so this is their hot path.
#include <bit>
#include <cstdint>
#include <optional>
#include <vector>

namespace eddy {

class hash_index {
 public:
  [[nodiscard]] std::optional<std::uint32_t> find(std::uint64_t key) const noexcept {
    if (size_ == 0) return std::nullopt;
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      const auto& e = slots_[i];
      if (e.value == empty) return std::nullopt;
      if (e.key == key) return e.value;
    }
  }
  // Inserts or overwrites.
  void put(std::uint64_t key, std::uint32_t value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      auto& e = slots_[i];
      if (e.value == empty) {
        e = {key, value};
        ++size_;
        return;
      }
      if (e.key == key) {
        e.value = value;
        return;
      }
    }
  }
  void erase(std::uint64_t key) noexcept {
    if (size_ == 0) return;
    std::size_t i = home(key);
    for (;; i = (i + 1) & mask_) {
      if (slots_[i].value == empty) return;
      if (slots_[i].key == key) break;
    }
    // Shift later members of the probe run back so no lookup meets a hole before its key.
    for (std::size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
      if (slots_[j].value == empty) break;
      const std::size_t h = home(slots_[j].key);
      if (((j - h) & mask_) >= ((j - i) & mask_)) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i].value = empty;
    --size_;
  }
  void clear() noexcept {
    slots_.clear();
    mask_ = 0;
    size_ = 0;
  }
  void reserve(std::size_t n) {
    if (n * 4 > slots_.size() * 3) rehash(std::bit_ceil(n * 4 / 3 + 1));
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::uint64_t memory_bytes() const noexcept { return slots_.capacity() * sizeof(entry); }

 private:
  static constexpr std::uint32_t empty = ~std::uint32_t{0};  // values are slots or positions, never 2^32-1
  struct entry {
    std::uint64_t key = 0;
    std::uint32_t value = empty;
  };
  [[nodiscard]] std::size_t home(std::uint64_t key) const noexcept {
    key ^= key >> 33U;  // murmur3's finaliser: sequential ids spread over the whole table
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33U;
    return static_cast<std::size_t>(key) & mask_;
  }
  void grow() { rehash(slots_.empty() ? 16 : slots_.size() * 2); }
  void rehash(std::size_t capacity) {
    std::vector<entry> old(capacity);
    old.swap(slots_);
    mask_ = capacity - 1;
    size_ = 0;
    for (const auto& e : old) {
      if (e.value != empty) put(e.key, e.value);
    }
  }

  std::vector<entry> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace eddy
