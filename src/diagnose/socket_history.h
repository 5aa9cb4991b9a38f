// SocketHistory: what a socket of the current sample looked like in the
// previous one, so rules judge progress between the two samples of `check`
// instead of one instant. A socket's identity is its cookie (unique for the
// socket's lifetime within a boot, so a closed socket whose port was reused is
// a different socket); sources without cookies (/proc/net) fall back to
// (protocol, local, peer, inode). Pure; thread-safe once built.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/snapshot.h"

namespace sockscope::diagnose {

class SocketHistory {
 public:
  // Indexes previous->sockets; a null previous gives an empty history.
  explicit SocketHistory(const model::Snapshot* previous);

  // The same socket in the previous sample, or nullptr (new, or one sample).
  const model::Socket* Before(const model::Socket& now) const;
  bool HasPrevious() const { return has_previous_; }

 private:
  // Open addressing over the previous sample's sockets, keyed by a hash of
  // their identity (equal keys are told apart by the identity itself): one
  // allocation, where a node-based map made one per socket (100k a scrape
  // in serve). Empty slots hold nullptr; 1.5 slots a socket, a key's slot
  // its hash scaled to the table (not a power of two: at 100k sockets that
  // was 4 MiB, a mapping of its own, faulted in afresh at every scrape).
  struct Slot {
    uint64_t key = 0;
    const model::Socket* socket = nullptr;
  };
  bool has_previous_ = false;
  std::vector<Slot> slots_;
};

// Bytes the application read from `now`'s receive queue between the samples:
// growth of tcp_info bytes_received minus growth of Recv-Q. nullopt when
// either sample lacks tcp_info (then progress cannot be measured).
std::optional<int64_t> BytesRead(const model::Socket& before, const model::Socket& now);

// Bytes the peer acknowledged between the samples (tcp_info bytes_acked);
// nullopt without tcp_info in both.
std::optional<uint64_t> BytesAcked(const model::Socket& before, const model::Socket& now);

}  // namespace sockscope::diagnose
