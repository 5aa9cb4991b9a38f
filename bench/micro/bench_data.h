// Inputs for the micro benchmarks: recorded sock_diag replies and synthetic
// populations, built once per process. Pure values: no kernel involved.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model/snapshot.h"

namespace sockscope::bench {

// The payload (after nlmsghdr) of every sock_diag message of a recorded
// dump in tests/fixtures/netlink/NAME.bin.
std::vector<std::vector<uint8_t>> RecordedPayloads(const std::string& name);

// A /proc/net/tcp text of `rows` ESTABLISHED rows over 127.0.0.x.
std::string SyntheticProcNetTcp(size_t rows);

// A snapshot of `sockets` TCP sockets in the shape of a busy proxy: 50
// listeners, the rest ESTABLISHED children of them and outbound
// connections, each owned by one of 50 processes.
model::Snapshot SyntheticSnapshot(size_t sockets);

}  // namespace sockscope::bench
