// Device names for "%dev" from /proc/net/igmp and /proc/net/if_inet6:
// index lines only, group lines and junk skipped, the first name kept.
#include "procfs/interfaces_parser.h"

#include <gtest/gtest.h>

namespace sockscope::procfs {
namespace {

TEST(InterfaceNames, FromIgmpAndIfInet6) {
  InterfaceNames names;
  AddInterfacesFromIgmp(
      "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n"
      "1\tlo        :     1      V3\n"
      "\t\t\t\t010000E0     1 0:00000000\t\t0\n"
      "4\teth0      :     1      V3\n"
      "x\tbad       :     1      V3\n"
      "5\tthisnameistoolong :     1      V3\n",
      names);
  AddInterfacesFromIfInet6(
      "00000000000000000000000000000001 01 80 10 80       lo\n"
      "fe800000000000000000000000000001 0b 40 20 80     veth7\n"
      "garbage\n",
      names);
  EXPECT_EQ(names.size(), 3u);
  EXPECT_EQ(names.at(1), "lo");
  EXPECT_EQ(names.at(4), "eth0");
  EXPECT_EQ(names.at(11), "veth7");  // hex index
}

}  // namespace
}  // namespace sockscope::procfs
