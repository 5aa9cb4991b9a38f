#include "filter/region_program.h"

#include <sys/socket.h>

#include <utility>

#include "filter/bytecode.h"

namespace sockscope::filter {

std::vector<uint8_t> CompileRegion(const model::SocketRegion& region, uint64_t netns,
                                   model::Family family) {
  std::vector<bytecode::Program> terms;
  for (const auto& t : region.terms()) {
    if (t.netns != netns || t.family != family) continue;
    if (!t.local_port && !t.peer) continue;  // matches everything: not a region term
    bytecode::Program term;
    // Port only: family AF_UNSPEC with prefix 0 compares the port alone.
    if (t.local_port)
      term = bytecode::HostCond(Side::kLocal, AF_UNSPEC, 0, *t.local_port, nullptr, 0);
    if (t.peer) {
      const bool v6 = t.peer->addr.family == model::Family::kInet6;
      term =
          bytecode::Both(std::move(term),
                         bytecode::HostCond(Side::kPeer, v6 ? AF_INET6 : AF_INET, v6 ? 128 : 32,
                                            t.peer->port, t.peer->addr.bytes.data(), v6 ? 16 : 4));
    }
    terms.push_back(std::move(term));
  }
  bytecode::Program program = bytecode::AnyOf(std::move(terms));
  if (!bytecode::FitsOneAttribute(program)) return {};
  return std::move(program.code);
}

}  // namespace sockscope::filter
