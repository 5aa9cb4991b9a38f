// Pod names from the kubelet's /var/log/pods directory names: exact shapes
// only, so a hostile or odd entry names nothing rather than a wrong pod.
#include "collect/kubelet_pods.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "fakes/fake_files.h"

namespace sockscope::collect {
namespace {

// A macro so the test names below are literals: g++ 12 -O2 reports a false
// -Warray-bounds on std::string concatenations in an initializer list.
#define KUBELET_UID "0f5e2c1a-8d3b-4c1e-9a7f-2b6d4e8c0a11"
constexpr const char* kUid = KUBELET_UID;
#define LABEL_OF_64 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

TEST(ParsePodLogDirName, SplitsNamespaceNameAndUid) {
  auto got = ParsePodLogDirName("shop_web-7c9f6d8b5-x2x4p_" KUBELET_UID);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->first, kUid);
  EXPECT_EQ(got->second.pod_namespace, "shop");
  EXPECT_EQ(got->second.name, "web-7c9f6d8b5-x2x4p");
  // A pod name may be a dotted subdomain.
  auto dotted = ParsePodLogDirName("kube-system_etcd.node-1_" KUBELET_UID);
  ASSERT_TRUE(dotted);
  EXPECT_EQ(dotted->second.name, "etcd.node-1");
}

TEST(ParsePodLogDirName, RefusesEveryOtherShape) {
  // Each name is one literal (adjacent literals joined), not a missing comma.
  // NOLINTBEGIN(bugprone-suspicious-missing-comma)
  const std::vector<std::string_view> bad_names = {
      "",
      "shop_web",                                       // no UID
      "shop_web_0f5e2c1a-8d3b-4c1e-9a7f-2b6d4e8c0a1",   // short UID
      "shop_web_0F5E2C1A-8D3B-4C1E-9A7F-2B6D4E8C0A11",  // not the kubelet's
      "Shop_web_" KUBELET_UID,                          // upper case namespace
      "shop_web\x1b[2J_" KUBELET_UID,                   // terminal escape
      "shop__" KUBELET_UID,                             // empty name
      "_web_" KUBELET_UID,                              // empty namespace
      "shop_-web_" KUBELET_UID,                         // label starts with '-'
      "shop_web._" KUBELET_UID,                         // empty label
      "a_b_c_" KUBELET_UID,                             // '_' cannot be in a name
      LABEL_OF_64 "_web_" KUBELET_UID,                  // label over 63
  };
  // NOLINTEND(bugprone-suspicious-missing-comma)
  for (std::string_view bad : bad_names) EXPECT_FALSE(ParsePodLogDirName(bad)) << bad;
}

TEST(ReadPodNames, KeepsTheWellFormedEntriesAndToleratesNoDirectory) {
  fakes::FakeFiles files;
  files.SetDir("/var/log/pods", {"shop_web-0_" KUBELET_UID, "junk", ".hidden", "a_b_not-a-uid"});
  auto names = ReadPodNames(files);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names.at(kUid).name, "web-0");
  EXPECT_TRUE(ReadPodNames(files, "/elsewhere").empty());
  files.Deny("/var/log/pods");
  EXPECT_TRUE(ReadPodNames(files).empty());
}

}  // namespace
}  // namespace sockscope::collect
