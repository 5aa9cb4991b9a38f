// PreferHugePages marks exactly the 2 MiB-aligned interior of a range for
// transparent huge pages: the kernel then splits the mapping there, and
// /proc/self/smaps shows the "hg" flag (VM_HUGEPAGE) on that part only.
#include "sys/heap_policy.h"

#include <sys/mman.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

namespace sockscope::sys {
namespace {

constexpr uintptr_t kHuge = uintptr_t{2} << 20;

// The VmFlags of the mapping of this process that holds `address`.
std::string FlagsOfMappingAt(uintptr_t address) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= address && address < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return "";
}

bool HasHugePageFlag(uintptr_t address) {
  return FlagsOfMappingAt(address).find(" hg") != std::string::npos;
}

bool KernelHasTransparentHugePages() {
  return access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0;
}

class HugePages : public ::testing::Test {
 protected:
  void SetUp() override {
    void* p = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(p, MAP_FAILED);
    base_ = reinterpret_cast<uintptr_t>(p);
  }
  void TearDown() override {
    if (base_) munmap(reinterpret_cast<void*>(base_), kBytes);
  }
  static constexpr size_t kBytes = 16 << 20;
  uintptr_t base_ = 0;
};

TEST_F(HugePages, OnlyTheAlignedInteriorOfARangeIsMarked) {
  ASSERT_TRUE(KernelHasTransparentHugePages()) << "this kernel has no transparent huge pages";
  const uintptr_t start = ((base_ + kHuge - 1) & ~(kHuge - 1)) + 4096;  // just past a boundary
  PreferHugePages(reinterpret_cast<const void*>(start), 3 * kHuge);
  const uintptr_t first = (start + kHuge - 1) & ~(kHuge - 1);
  EXPECT_TRUE(HasHugePageFlag(first)) << FlagsOfMappingAt(first);
  EXPECT_TRUE(HasHugePageFlag(first + kHuge)) << FlagsOfMappingAt(first + kHuge);
  EXPECT_FALSE(HasHugePageFlag(start)) << "before the first boundary";
  EXPECT_FALSE(HasHugePageFlag(first + 2 * kHuge)) << "after the last whole huge page";
}

TEST_F(HugePages, ARangeWithoutAWholeHugePageIsLeftAlone) {
  const uintptr_t start = ((base_ + kHuge - 1) & ~(kHuge - 1)) + 4096;
  PreferHugePages(reinterpret_cast<const void*>(start), kHuge);  // crosses no whole page
  PreferHugePages(reinterpret_cast<const void*>(start), 0);
  EXPECT_FALSE(HasHugePageFlag(start));
  EXPECT_FALSE(HasHugePageFlag(start + kHuge - 4096));
}

}  // namespace
}  // namespace sockscope::sys
