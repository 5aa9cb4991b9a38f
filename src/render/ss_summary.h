// `ls -s`: ss's socket summary (ss -s), from one namespace's
// /proc/net/sockstat, sockstat6 and Tcp.CurrEstab, in ss's exact layout so
// scripts that read it keep working:
//   Total: 180
//   TCP:   12 (estab 4, closed 1, orphaned 0, timewait 2)
//
//   Transport Total     IP        IPv6
//   RAW       1         1         0
//   ...
// A count the kernel did not give prints as 0, as in ss; the run's notes and
// exit code say what was missing.
#pragma once

#include <string>

#include "model/snapshot.h"

namespace sockscope::render {

void AppendSsSummary(std::string& out, const model::NetnsData& ns);

}  // namespace sockscope::render
