#include "collect/container_identity.h"

#include <gtest/gtest.h>

#include <string>

namespace sockscope::collect {
namespace {

const std::string kId = "4f1c8d2a9b7e6f5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c";

TEST(ParseCgroupIdentity, DockerCgroupfsDriverV1) {
  std::string text = "12:pids:/docker/" + kId + "\n11:memory:/docker/" + kId +
                     "\n1:name=systemd:/docker/" + kId + "\n0::/\n";
  auto id = ParseCgroupIdentity(text);
  EXPECT_EQ(id.container, kId);
  EXPECT_EQ(id.runtime, "docker");
  EXPECT_EQ(id.pod, "");
  EXPECT_EQ(id.unit, "");
}

TEST(ParseCgroupIdentity, DockerSystemdDriverV2) {
  auto id = ParseCgroupIdentity("0::/system.slice/docker-" + kId + ".scope\n");
  EXPECT_EQ(id.container, kId);
  EXPECT_EQ(id.runtime, "docker");
  EXPECT_EQ(id.unit, "");  // the container's scope is not reported as a unit
}

TEST(ParseCgroupIdentity, KubernetesContainerdSystemdDriver) {
  auto id = ParseCgroupIdentity(
      "0::/kubepods.slice/kubepods-burstable.slice/"
      "kubepods-burstable-pod0f3a6c1e_2b4d_4e8f_9a1b_7c6d5e4f3a2b.slice/cri-containerd-" +
      kId + ".scope\n");
  EXPECT_EQ(id.container, kId);
  EXPECT_EQ(id.runtime, "containerd");
  EXPECT_EQ(id.pod, "0f3a6c1e-2b4d-4e8f-9a1b-7c6d5e4f3a2b");
}

TEST(ParseCgroupIdentity, KubernetesCrioBestEffortPod) {
  auto id = ParseCgroupIdentity(
      "0::/kubepods.slice/kubepods-besteffort.slice/"
      "kubepods-besteffort-pod11112222_3333_4444_5555_666677778888.slice/crio-" +
      kId + ".scope");
  EXPECT_EQ(id.runtime, "crio");
  EXPECT_EQ(id.container, kId);
  EXPECT_EQ(id.pod, "11112222-3333-4444-5555-666677778888");
}

TEST(ParseCgroupIdentity, KubernetesGuaranteedPodCgroupfsDriver) {
  // Guaranteed pods sit directly under kubepods, without a QoS level.
  auto id = ParseCgroupIdentity("4:memory:/kubepods/podAABBCCDD-1111-2222-3333-444455556666/" +
                                kId + "\n");
  EXPECT_EQ(id.pod, "aabbccdd-1111-2222-3333-444455556666");
  EXPECT_EQ(id.container, kId);
  EXPECT_EQ(id.runtime, "");
}

TEST(ParseCgroupIdentity, SystemdService) {
  auto id = ParseCgroupIdentity("0::/system.slice/nginx.service\n");
  EXPECT_TRUE(id.container.empty());
  EXPECT_TRUE(id.pod.empty());
  EXPECT_EQ(id.unit, "nginx.service");
}

TEST(ParseCgroupIdentity, HybridHierarchyTakesUnitFromSystemdLine) {
  auto id = ParseCgroupIdentity(
      "5:cpu,cpuacct:/\n1:name=systemd:/system.slice/postgresql@15-main.service\n0::/\n");
  EXPECT_EQ(id.unit, "postgresql@15-main.service");
}

TEST(ParseCgroupIdentity, RejectsLookAlikes) {
  // Wrong length, upper case, a conmon scope, a pod word outside kubepods.
  auto id = ParseCgroupIdentity(
      "0::/system.slice/docker-abc123.scope\n"
      "0::/docker/" +
      std::string(64, 'A') +
      "\n"
      "0::/machine.slice/crio-conmon-" +
      kId +
      ".scope\n"
      "0::/user.slice/pod11112222_3333_4444_5555_666677778888.slice\n");
  EXPECT_EQ(id.container, "");
  EXPECT_EQ(id.pod, "");
}

TEST(ParseCgroupIdentity, MalformedLinesAreIgnored) {
  auto id = ParseCgroupIdentity("garbage\n::\n7:cpu\n0::relative/docker/x\n\n");
  EXPECT_TRUE(id.empty());
}

TEST(ContainerMatches, PrefixAndRuntimeScheme) {
  ContainerIdentity id;
  id.container = kId;
  EXPECT_TRUE(ContainerMatches(id, "4f1c8d2a9b7e"));
  EXPECT_TRUE(ContainerMatches(id, "4F1C8D"));
  EXPECT_TRUE(ContainerMatches(id, "containerd://" + kId));
  EXPECT_FALSE(ContainerMatches(id, "4f1c8d2a9b7f"));
  EXPECT_FALSE(ContainerMatches(id, ""));
  EXPECT_FALSE(ContainerMatches(ContainerIdentity{}, "4f"));
}

TEST(PodMatches, DashesOrUnderscores) {
  ContainerIdentity id;
  id.pod = "0f3a6c1e-2b4d-4e8f-9a1b-7c6d5e4f3a2b";
  EXPECT_TRUE(PodMatches(id, "0f3a6c1e-2b4d-4e8f-9a1b-7c6d5e4f3a2b"));
  EXPECT_TRUE(PodMatches(id, "0F3A6C1E_2B4D_4E8F_9A1B_7C6D5E4F3A2B"));
  EXPECT_FALSE(PodMatches(id, "0f3a6c1e"));
  EXPECT_FALSE(PodMatches(ContainerIdentity{}, "0f3a6c1e-2b4d-4e8f-9a1b-7c6d5e4f3a2b"));
}

}  // namespace
}  // namespace sockscope::collect
