// Renderers, the filter and listener derivation over synthetic snapshots of
// 1k and 100k sockets: the per-socket costs of `ls` and `listeners` once the
// kernel has answered. Items are sockets.
#include <benchmark/benchmark.h>

#include "bench/micro/bench_data.h"
#include "collect/listeners.h"
#include "filter/filter.h"
#include "render/json_writer.h"
#include "render/socket_json.h"
#include "render/socket_table.h"

namespace sockscope::bench {
namespace {

std::vector<size_t> All(const model::Snapshot& snap) {
  std::vector<size_t> out(snap.sockets.size());
  for (size_t i = 0; i < out.size(); ++i) out[i] = i;
  return out;
}

void BM_RenderSocketTable(benchmark::State& state) {
  const auto snap = SyntheticSnapshot(static_cast<size_t>(state.range(0)));
  const auto shown = All(snap);
  render::SocketView view;
  view.processes = state.range(1) != 0;
  std::string out;
  for (auto _ : state) {
    out.clear();
    render::RenderSocketTable(snap, shown, view, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * shown.size()));
}
BENCHMARK(BM_RenderSocketTable)
    ->ArgsProduct({{1000, 100000}, {0, 1}})
    ->ArgNames({"sockets", "processes"})
    ->Unit(benchmark::kMillisecond);

void BM_WriteSocketNdjson(benchmark::State& state) {
  const auto snap = SyntheticSnapshot(static_cast<size_t>(state.range(0)));
  render::SocketView view;
  view.processes = true;
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (const auto& s : snap.sockets) {
      render::JsonWriter w(out);
      render::WriteSocketJson(w, s, snap.owners.Find(s.inode), view);
      out += '\n';
      if (out.size() > (64u << 10)) out.clear();  // `ls -o ndjson` flushes 64 KiB at a time
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * snap.sockets.size()));
}
BENCHMARK(BM_WriteSocketNdjson)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_FilterMatches(benchmark::State& state) {
  const auto snap = SyntheticSnapshot(100000);
  auto filter = filter::ParseFilter(
      {"state", "established", "(", "sport", "=", ":8010", "or", "dst", "127.0.0.3", ")"});
  if (!filter) {
    state.SkipWithError(filter.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    size_t n = 0;
    for (const auto& s : snap.sockets) n += filter::Matches(*filter, s);
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * snap.sockets.size()));
}
BENCHMARK(BM_FilterMatches)->Unit(benchmark::kMillisecond);

void BM_DeriveListeners(benchmark::State& state) {
  const auto snap = SyntheticSnapshot(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    auto listeners = collect::DeriveListeners(snap);
    benchmark::DoNotOptimize(listeners);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * snap.sockets.size()));
}
BENCHMARK(BM_DeriveListeners)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sockscope::bench
