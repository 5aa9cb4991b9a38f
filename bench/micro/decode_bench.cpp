// Decoders: sock_diag payloads of recorded real dumps and /proc/net/tcp text.
// Items are sockets, so the rate reads as sockets per second.
#include <benchmark/benchmark.h>

#include "bench/micro/bench_data.h"
#include "netlink/inet_diag.h"
#include "netlink/unix_diag.h"
#include "procfs/net_inet_parser.h"

namespace sockscope::bench {
namespace {

void DecodeInet(benchmark::State& state, const char* fixture, model::Proto proto) {
  const auto payloads = RecordedPayloads(fixture);
  model::Socket s;
  for (auto _ : state) {
    for (const auto& p : payloads) {
      auto ok = netlink::DecodeInetDiag(p, proto, s);
      benchmark::DoNotOptimize(ok);
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * payloads.size()));
}

void BM_DecodeInetDiagTcp4(benchmark::State& state) {
  DecodeInet(state, "tcp4", model::Proto::kTcp);  // with tcp_info, meminfo and cong
}
BENCHMARK(BM_DecodeInetDiagTcp4);

void BM_DecodeInetDiagTcp6(benchmark::State& state) {
  DecodeInet(state, "tcp6", model::Proto::kTcp);
}
BENCHMARK(BM_DecodeInetDiagTcp6);

void BM_DecodeInetDiagUdp4(benchmark::State& state) {
  DecodeInet(state, "udp4", model::Proto::kUdp);
}
BENCHMARK(BM_DecodeInetDiagUdp4);

void BM_DecodeUnixDiag(benchmark::State& state) {
  const auto payloads = RecordedPayloads("unix");
  model::Socket s;
  for (auto _ : state) {
    for (const auto& p : payloads) {
      auto ok = netlink::DecodeUnixDiag(p, s);
      benchmark::DoNotOptimize(ok);
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * payloads.size()));
}
BENCHMARK(BM_DecodeUnixDiag);

void BM_ParseProcNetTcp(benchmark::State& state) {
  const auto rows = static_cast<size_t>(state.range(0));
  const std::string text = SyntheticProcNetTcp(rows);
  for (auto _ : state) {
    auto parsed = procfs::ParseProcNetTcp(text, model::Family::kInet);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseProcNetTcp)->Arg(1000)->Arg(100000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sockscope::bench
