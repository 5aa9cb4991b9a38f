// The listener table of the top frame. Column widths follow the screen: the
// address and netns columns fit their content, the sparkline takes what is
// left (up to one column per sample of the last minute), the owner the rest.
#include <fmt/format.h>

#include <algorithm>

#include "render/listener_render.h"
#include "render/table.h"
#include "tui/frame_parts.h"
#include "tui/queue_history.h"
#include "tui/sort_rows.h"
#include "tui/text_cells.h"

namespace sockscope::tui {
namespace {

constexpr size_t kAcceptQWidth = 9;  // "4096/4096"
constexpr size_t kBarWidth = 6;
constexpr size_t kSynRecvWidth = 8;  // "SYN-RECV"
constexpr size_t kUnaccWidth = 5;    // "UNACC"
constexpr size_t kDropsWidth = 6;
constexpr size_t kOwnerMin = 12;
constexpr size_t kOwnerWanted = 20;  // "nginx[12345]+2" and a bit, before the sparkline grows
constexpr size_t kSparkMin = 8;
constexpr size_t kAddrMax = 46;  // a full IPv6 address and port

struct Layout {
  size_t netns = 0;  // 0: no netns column
  size_t addr = 12;
  size_t spark = kSparkMin;
  size_t owner = kOwnerMin;
};

// "nginx[925]", "nginx[925]+2": narrower than render::OwnersText, for 80 columns.
std::string OwnerCell(const model::Listener& l, bool unicode) {
  if (l.owners.empty()) return l.owners_known ? "-" : "?";
  std::string out = SafeText(l.owners[0].comm, unicode);
  out += fmt::format("[{}]", l.owners[0].pid);
  size_t others = 0;
  for (size_t i = 1; i < l.owners.size(); ++i)
    if (l.owners[i].pid != l.owners[0].pid) ++others;
  if (others) out += fmt::format("+{}", others);
  return out;
}

Layout ComputeLayout(const TopModel& m, size_t width) {
  Layout lay;
  for (const auto& r : m.listeners) {
    lay.addr = std::max(lay.addr, render::DisplayWidth(render::ListenerName(r.listener)));
    if (m.show_netns)
      lay.netns = std::max(lay.netns, render::DisplayWidth(SafeText(r.netns_label, m.unicode)));
  }
  lay.addr = std::min(lay.addr, kAddrMax);
  if (m.show_netns)
    lay.netns = std::clamp<size_t>(lay.netns, 5, 20);  // "NETNS"; names are free text
  size_t fixed = (lay.netns ? lay.netns + 1 : 0) + lay.addr + 1 + kAcceptQWidth + 1 + kBarWidth +
                 1 + kSynRecvWidth + 1 + kUnaccWidth + 1 + kDropsWidth + 1;
  size_t left = width > fixed ? width - fixed : 0;
  lay.spark = left > kOwnerWanted + 1 + kSparkMin ? left - kOwnerWanted - 1 : kSparkMin;
  lay.spark = std::min(lay.spark, SampleRing::kCapacity);
  size_t used = fixed + lay.spark + 1;
  lay.owner = width > used + kOwnerMin ? width - used : kOwnerMin;
  return lay;
}

std::string TitleRow(const Layout& lay) {
  std::string out;
  if (lay.netns) out += FitCell("NETNS", lay.netns) + " ";
  out += FitCell("ADDRESS:PORT", lay.addr) + " ";
  out += FitCell("ACCEPT-Q", kAcceptQWidth, CellAlign::kRight) + " ";
  out += FitCell("FILL", kBarWidth) + " ";
  out += FitCell("LAST MIN", lay.spark) + " ";
  out += FitCell("SYN-RECV", kSynRecvWidth, CellAlign::kRight) + " ";
  out += FitCell("UNACC", kUnaccWidth, CellAlign::kRight) + " ";
  out += FitCell("DROPS", kDropsWidth, CellAlign::kRight) + " ";
  out += "OWNER";
  return out;
}

std::string ListenerLine(const ListenerRow& row, const Layout& lay, bool unicode) {
  const auto& l = row.listener;
  std::string out;
  if (lay.netns) out += FitCell(SafeText(row.netns_label, unicode), lay.netns) + " ";
  out += FitCell(render::ListenerName(l), lay.addr) + " ";
  std::string q = l.accept_queue_max_known
                      ? fmt::format("{}/{}", l.accept_queue_len, l.accept_queue_max)
                      : fmt::format("{}/-", l.accept_queue_len);
  out += FitCell(q, kAcceptQWidth, CellAlign::kRight) + " ";
  out += FillBar(l.Fill(), kBarWidth, unicode) + " ";
  // The top level is a queue at max + 1, the length at which the kernel
  // calls it full and starts refusing handshakes.
  uint32_t scale = l.accept_queue_max_known ? l.accept_queue_max + 1 : 0;
  for (uint32_t v : row.history) scale = std::max(scale, v);
  out += Sparkline(row.history, lay.spark, scale, unicode) + " ";
  out += FitCell(fmt::format("{}", l.syn_recv), kSynRecvWidth, CellAlign::kRight) + " ";
  out += FitCell(fmt::format("{}", l.unaccepted), kUnaccWidth, CellAlign::kRight) + " ";
  out += FitCell(l.drops_known ? fmt::format("{}", l.drops) : "-", kDropsWidth, CellAlign::kRight) +
         " ";
  out += FitCell(OwnerCell(l, unicode), lay.owner);
  return out;
}

}  // namespace

size_t TableLinesNeeded(const TopModel& model) {
  return 1 + std::max<size_t>(model.listeners.size(), 1);
}

std::vector<std::string> TableLines(const TopModel& model, size_t width, size_t max_lines) {
  std::vector<std::string> out;
  if (max_lines == 0) return out;
  Layout lay = ComputeLayout(model, width);
  out.push_back(TitleRow(lay));
  if (model.listeners.empty()) {
    if (max_lines > 1)
      out.push_back(model.listeners_total > 0 ? "(no listener matches the filter)"
                                              : "(no listening TCP sockets)");
    return out;
  }
  std::vector<const ListenerRow*> rows;
  for (const auto& r : model.listeners) rows.push_back(&r);
  SortRows(rows, model.sort);
  size_t room = max_lines - 1;
  bool cut = rows.size() > room;
  size_t shown = cut ? (room > 0 ? room - 1 : 0) : rows.size();
  for (size_t i = 0; i < shown; ++i) out.push_back(ListenerLine(*rows[i], lay, model.unicode));
  if (cut && room > 0) out.push_back(fmt::format("... {} more listeners", rows.size() - shown));
  return out;
}

}  // namespace sockscope::tui
