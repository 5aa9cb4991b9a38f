// BPF task_file iterator: one record per open socket file of every process,
// the owner map `--owners bpf` reads instead of walking /proc/PID/fd.
//
// Compiled at build time (clang -target bpf, CMakeLists.txt) and embedded in
// the binary as a libbpf skeleton. CO-RE: the kernel types below are the few
// fields this program reads, marked preserve_access_index, so libbpf moves
// each access to where the running kernel has the field (from its BTF,
// /sys/kernel/btf/vmlinux). No generated vmlinux.h: docs/design.md says why.
//
// The kernel's task_file iterator already skips a thread whose file table
// is its group leader's (CLONE_FILES), so each table is walked once.
#include <linux/types.h>

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

struct inode {
  unsigned short i_mode;
  unsigned long i_ino;
} __attribute__((preserve_access_index));

struct file {
  struct inode *f_inode;
} __attribute__((preserve_access_index));

struct task_struct {
  int pid;
  int tgid;
  char comm[16];
} __attribute__((preserve_access_index));

struct seq_file;

struct bpf_iter_meta {
  struct seq_file *seq;
} __attribute__((preserve_access_index));

struct bpf_iter__task_file {
  struct bpf_iter_meta *meta;
  struct task_struct *task;
  __u32 fd;
  struct file *file;
} __attribute__((preserve_access_index));

// The record read by src/sys/socket_fds_bpf.cpp (struct SocketFdRecord
// there): keep both in step.
struct socket_fd_record {
  __u64 inode;
  __u32 tgid;  // the process (what /proc and ss call its pid)
  __u32 pid;   // the thread whose table this is (the leader's, mostly)
  __u32 fd;
  char comm[16];
  __u32 reserved;
};

#define S_IFMT_BITS 0170000
#define S_IFSOCK_BITS 0140000

char LICENSE[] SEC("license") = "GPL";

SEC("iter/task_file")
int socket_fds(struct bpf_iter__task_file *ctx) {
  struct seq_file *seq = ctx->meta->seq;
  struct task_struct *task = ctx->task;
  struct file *file = ctx->file;
  if (!task || !file) return 0;
  const unsigned short mode = BPF_CORE_READ(file, f_inode, i_mode);
  if ((mode & S_IFMT_BITS) != S_IFSOCK_BITS) return 0;
  struct socket_fd_record r = {};
  r.inode = BPF_CORE_READ(file, f_inode, i_ino);
  r.tgid = (__u32)task->tgid;
  r.pid = (__u32)task->pid;
  r.fd = ctx->fd;
  bpf_probe_read_kernel_str(r.comm, sizeof r.comm, task->comm);
  bpf_seq_write(seq, &r, sizeof r);
  return 0;
}
