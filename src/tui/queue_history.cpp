#include "tui/queue_history.h"

#include <algorithm>

namespace sockscope::tui {

ListenerKey KeyOf(const model::Listener& listener) {
  ListenerKey key;
  key.netns = listener.netns;
  key.family = static_cast<uint8_t>(listener.local.addr.family);
  key.addr = listener.local.addr.bytes;
  key.port = listener.local.port;
  return key;
}

void SampleRing::Push(uint32_t value) {
  if (size_ < kCapacity) {
    data_[(start_ + size_) % kCapacity] = value;
    ++size_;
    return;
  }
  data_[start_] = value;
  start_ = (start_ + 1) % kCapacity;
}

std::vector<uint32_t> SampleRing::Values() const {
  std::vector<uint32_t> out;
  out.reserve(size_);
  for (size_t i = 0; i < size_; ++i) out.push_back(data_[(start_ + i) % kCapacity]);
  return out;
}

void QueueHistory::Record(const std::vector<model::Listener>& listeners) {
  std::map<ListenerKey, uint32_t> sample;
  for (const auto& l : listeners) {
    auto [it, inserted] = sample.try_emplace(KeyOf(l), l.accept_queue_len);
    if (!inserted) it->second = std::max(it->second, l.accept_queue_len);
  }
  for (auto it = rings_.begin(); it != rings_.end();) {
    if (sample.count(it->first) == 0)
      it = rings_.erase(it);
    else
      ++it;
  }
  for (const auto& [key, len] : sample) rings_[key].Push(len);
}

std::vector<uint32_t> QueueHistory::Values(const ListenerKey& key) const {
  auto it = rings_.find(key);
  if (it == rings_.end()) return {};
  return it->second.Values();
}

}  // namespace sockscope::tui
