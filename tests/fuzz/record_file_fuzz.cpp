// Fuzzes the recording parser (--replay): the record framing and both
// replaying interfaces built on it, then a few reads from each.
#include <linux/netlink.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "procfs/proc_fs_record.h"
#include "sys/netlink_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sockscope;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto proc = procfs::MakeReplayProcFs(text)) {
    (void)(*proc)->ReadNetFile("tcp");
    (void)(*proc)->ReadSysctl("net/core/somaxconn");
    if (auto pids = (*proc)->ListPids(); pids && !pids->empty()) {
      if (auto dir = (*proc)->OpenPid(pids->front())) {
        char buf[64];
        if (auto fds = (*dir)->ListFds(); fds && !fds->empty())
          (void)(*dir)->ReadFdLink(fds->front(), buf);
        (void)(*dir)->ReadComm();
      }
    }
  }
  if (auto opener = sys::MakeReplayNetlinkOpener(text)) {
    if (auto socket = (*opener)->Open(NETLINK_SOCK_DIAG, 0)) {
      // The request most recordings hold first: a header only, any seq.
      uint8_t request[NLMSG_HDRLEN] = {NLMSG_HDRLEN};
      auto deadline = base::Deadline::After(std::chrono::milliseconds(1));
      if ((*socket)->Send(request, deadline)) {
        uint8_t buffer[4096];
        for (int i = 0; i < 8; ++i)
          if (!(*socket)->Receive(buffer, deadline)) break;
      }
    }
  }
  return 0;
}
