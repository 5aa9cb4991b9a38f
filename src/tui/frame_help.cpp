// The `?` overlay of the top frame.
#include "tui/frame_parts.h"

namespace sockscope::tui {

std::vector<std::string> HelpLines() {
  return {
      "HELP (? or Esc closes)",
      "  q         quit",
      "  s         sort by: queue fill, SYN-RECV, drops, port",
      "  /         filter listeners, same grammar as `sockscope ls`",
      "            (e.g. sport = :443 or src 10.0.0.0/8); Enter applies, Esc cancels",
      "  p         pause / resume collection",
      "  ?         this help",
      "",
      "  ACCEPT-Q  connections waiting for accept() / queue max = min(backlog, somaxconn)",
      "  FILL      ACCEPT-Q as a bar; the kernel refuses handshakes past the max",
      "  LAST MIN  accept-queue length at each sample of the last minute",
      "  SYN-RECV  half-open requests (SYN received, SYN-ACK sent)",
      "  UNACC     connections completed but not yet held by any process",
      "  DROPS     packets the listener dropped (sk_drops)",
      "  OWNER     process holding the listener: name[pid]",
  };
}

}  // namespace sockscope::tui
