// Listener: a LISTEN socket with what sockscope derives for it (collect/
// listeners.cpp): accept queue, half-open and unaccepted children, owners.
#pragma once

#include <cstdint>
#include <vector>

#include "model/owner.h"
#include "model/socket.h"

namespace sockscope::model {

struct Listener {
  uint64_t netns = 0;
  Family family = Family::kInet;
  Endpoint local;
  uint64_t inode = 0;
  uint64_t cookie = 0;
  uint32_t accept_queue_len = 0;
  uint32_t accept_queue_max = 0;
  bool accept_queue_max_known = true;  // false over /proc
  uint32_t syn_recv = 0;               // half-open requests matched to this listener
  uint32_t unaccepted = 0;             // ESTABLISHED/CLOSE-WAIT children no process holds
  uint32_t drops = 0;                  // sk_drops
  bool drops_known = false;
  uint32_t reuseport_group = 1;  // listeners sharing this (netns, address, port)
  std::vector<Owner> owners;
  bool owners_known = false;  // false when -p was not collected or owners were hidden

  // The kernel calls a queue full when len > max (sk_acceptq_is_full).
  bool Full() const { return accept_queue_max_known && accept_queue_len > accept_queue_max; }
  double Fill() const {
    if (!accept_queue_max_known || accept_queue_max == 0) return accept_queue_len > 0 ? 1.0 : 0.0;
    return static_cast<double>(accept_queue_len) / accept_queue_max;
  }
};

}  // namespace sockscope::model
