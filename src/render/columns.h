// Every column heading of sockscope's tables (ls, listeners, stats), defined
// once with its alignment. Renderers use column::kNetid, never the literal;
// tests/unit/render/columns_test.cpp checks the docs name each heading.
// (top draws its own narrower header: src/tui/frame_table.cpp.)
#pragma once

#include <span>
#include <string_view>

#include "render/table.h"

// X(handle, "heading", alignment)
#define SOCKSCOPE_COLUMNS(X)                  \
  X(kNetns, "Netns", kLeft)                   \
  X(kContainer, "Container", kLeft)           \
  X(kPod, "Pod", kLeft)                       \
  X(kNetid, "Netid", kLeft)                   \
  X(kState, "State", kLeft)                   \
  X(kRecvQ, "Recv-Q", kLeft) /* as ss */      \
  X(kSendQ, "Send-Q", kLeft)                  \
  X(kLocal, "Local Address:Port", kLeft)      \
  X(kPeer, "Peer Address:Port", kLeft)        \
  X(kProcess, "Process", kLeft)               \
  X(kAcceptQ, "Accept-Q", kRight)             \
  X(kFill, "Fill", kRight)                    \
  X(kSynRecv, "SYN-RECV", kRight)             \
  X(kUnaccepted, "Unaccepted", kRight)        \
  X(kDrops, "Drops", kRight)                  \
  X(kDropsInterval, "Drops/interval", kRight) \
  X(kCount, "Count", kRight)                  \
  X(kCounter, "Counter", kLeft)               \
  X(kTotal, "Total", kRight)                  \
  X(kSysctl, "Sysctl", kLeft)                 \
  X(kValue, "Value", kRight)                  \
  X(kPerSecond, "Per second", kRight)

namespace sockscope::render {

struct ColumnSpec {
  std::string_view heading;
  Align align;
  operator Table::Column() const { return Table::Column{std::string(heading), align}; }
};

namespace column {
#define SOCKSCOPE_COLUMN_CONSTANT(handle, text, alignment) \
  inline constexpr ColumnSpec handle{text, Align::alignment};
SOCKSCOPE_COLUMNS(SOCKSCOPE_COLUMN_CONSTANT)
#undef SOCKSCOPE_COLUMN_CONSTANT
}  // namespace column

// Every heading, in the order above (for the docs test).
std::span<const ColumnSpec> AllColumns();

}  // namespace sockscope::render
