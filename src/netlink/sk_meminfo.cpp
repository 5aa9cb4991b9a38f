#include "netlink/sk_meminfo.h"

#include <linux/sock_diag.h>

#include <algorithm>
#include <cstring>

namespace sockscope::netlink {

model::MemInfo DecodeSkMemInfo(std::span<const uint8_t> payload) {
  uint32_t v[SK_MEMINFO_VARS] = {};
  std::memcpy(v, payload.data(), std::min(payload.size(), sizeof v));
  model::MemInfo m;
  m.rmem_alloc = v[SK_MEMINFO_RMEM_ALLOC];
  m.rcvbuf = v[SK_MEMINFO_RCVBUF];
  m.wmem_alloc = v[SK_MEMINFO_WMEM_ALLOC];
  m.sndbuf = v[SK_MEMINFO_SNDBUF];
  m.fwd_alloc = v[SK_MEMINFO_FWD_ALLOC];
  m.wmem_queued = v[SK_MEMINFO_WMEM_QUEUED];
  m.optmem = v[SK_MEMINFO_OPTMEM];
  m.backlog = v[SK_MEMINFO_BACKLOG];
  m.drops = v[SK_MEMINFO_DROPS];  // since 4.7
  return m;
}

}  // namespace sockscope::netlink
