#include "diagnose/socket_history.h"

#include <algorithm>

namespace sockscope::diagnose {
namespace {

// Hash of what identifies a socket; collisions are resolved by SameSocket.
uint64_t Mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ULL + (h >> 29); }

uint64_t EndpointHash(uint64_t h, const model::Endpoint& e) {
  for (uint8_t b : e.addr.bytes) h = Mix(h, b);
  return Mix(h, e.port);
}

uint64_t KeyOf(const model::Socket& s) {
  uint64_t h = Mix(0xcbf29ce484222325ULL, s.netns);
  h = Mix(h, static_cast<uint64_t>(s.proto));
  if (s.cookie != 0) return Mix(h, s.cookie);
  h = EndpointHash(h, s.local);
  return Mix(EndpointHash(h, s.peer), s.inode);
}

// Slot of `key` in a table of `slots`: its high bits, well mixed, scaled.
size_t SlotOf(uint64_t key, size_t slots) {
  key ^= key >> 31;  // KeyOf's hash finalised once more: the scaling reads its high bits
  key *= 0x94d049bb133111ebULL;
  key ^= key >> 29;
  __extension__ using Wide = unsigned __int128;  // g++ and clang; __extension__: -Wpedantic
  return static_cast<size_t>((static_cast<Wide>(key) * slots) >> 64);
}

bool SameSocket(const model::Socket& a, const model::Socket& b) {
  if (a.netns != b.netns || a.proto != b.proto) return false;
  if (a.cookie != 0 || b.cookie != 0) return a.cookie == b.cookie;
  return a.local == b.local && a.peer == b.peer && a.inode == b.inode;
}

}  // namespace

SocketHistory::SocketHistory(const model::Snapshot* previous) {
  if (!previous) return;
  has_previous_ = true;
  const size_t size = std::max<size_t>(16, previous->sockets.size() * 3 / 2 + 1);
  slots_.resize(size);
  for (const auto& s : previous->sockets) {
    if (s.proto == model::Proto::kUnix) continue;
    const uint64_t key = KeyOf(s);
    size_t i = SlotOf(key, size);
    while (slots_[i].socket) i = i + 1 == size ? 0 : i + 1;
    slots_[i] = {key, &s};
  }
}

const model::Socket* SocketHistory::Before(const model::Socket& now) const {
  if (slots_.empty()) return nullptr;
  const size_t size = slots_.size();
  const uint64_t key = KeyOf(now);
  for (size_t i = SlotOf(key, size); slots_[i].socket; i = i + 1 == size ? 0 : i + 1)
    if (slots_[i].key == key && SameSocket(*slots_[i].socket, now)) return slots_[i].socket;
  return nullptr;
}

std::optional<int64_t> BytesRead(const model::Socket& before, const model::Socket& now) {
  if (!before.tcp_info || !now.tcp_info) return std::nullopt;
  auto received =
      static_cast<int64_t>(now.tcp_info->bytes_received - before.tcp_info->bytes_received);
  auto queued = static_cast<int64_t>(now.recv_q) - static_cast<int64_t>(before.recv_q);
  return received - queued;
}

std::optional<uint64_t> BytesAcked(const model::Socket& before, const model::Socket& now) {
  if (!before.tcp_info || !now.tcp_info) return std::nullopt;
  if (now.tcp_info->bytes_acked < before.tcp_info->bytes_acked) return std::nullopt;
  return now.tcp_info->bytes_acked - before.tcp_info->bytes_acked;
}

}  // namespace sockscope::diagnose
