// BPF task_file iterator: one record per open socket file of every process,
// the owner map `--owners bpf` reads instead of walking /proc/PID/fd; and
// one per epoll instance, whose watch lists the diagnosis reads (from
// /proc/PID/fdinfo/FD, for the few processes holding a listener).
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

struct qstr {
  const unsigned char *name;
} __attribute__((preserve_access_index));

struct dentry {
  struct qstr d_name;
} __attribute__((preserve_access_index));

struct path {
  struct dentry *dentry;
} __attribute__((preserve_access_index));

struct file {
  struct path f_path;
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
  __u32 kind;  // RECORD_SOCKET or RECORD_EPOLL
};

#define RECORD_SOCKET 0
#define RECORD_EPOLL 1

#define S_IFMT_BITS 0170000
#define S_IFSOCK_BITS 0140000
#define S_IFREG_BITS 0100000

char LICENSE[] SEC("license") = "GPL";

SEC("iter/task_file")
int socket_fds(struct bpf_iter__task_file *ctx) {
  struct seq_file *seq = ctx->meta->seq;
  struct task_struct *task = ctx->task;
  struct file *file = ctx->file;
  if (!task || !file) return 0;
  const unsigned short mode = BPF_CORE_READ(file, f_inode, i_mode);
  struct socket_fd_record r = {};
  if ((mode & S_IFMT_BITS) == S_IFSOCK_BITS) {
    r.kind = RECORD_SOCKET;
    r.inode = BPF_CORE_READ(file, f_inode, i_ino);
  } else if ((mode & S_IFMT_BITS) == 0 || (mode & S_IFMT_BITS) == S_IFREG_BITS) {
    // An anonymous inode (no file type bits; a regular file's on kernels
    // that give them one): an epoll instance is the one named
    // "[eventpoll]", as /proc/PID/fd shows it.
    char name[12] = {};
    const unsigned char *text = BPF_CORE_READ(file, f_path.dentry, d_name.name);
    if (bpf_probe_read_kernel_str(name, sizeof name, text) != sizeof name) return 0;
    if (name[0] != '[' || name[1] != 'e' || name[2] != 'v' || name[3] != 'e' || name[4] != 'n' ||
        name[5] != 't' || name[6] != 'p' || name[7] != 'o' || name[8] != 'l' || name[9] != 'l' ||
        name[10] != ']')
      return 0;
    r.kind = RECORD_EPOLL;
  } else {
    return 0;
  }
  r.tgid = (__u32)task->tgid;
  r.pid = (__u32)task->pid;
  r.fd = ctx->fd;
  bpf_probe_read_kernel_str(r.comm, sizeof r.comm, task->comm);
  bpf_seq_write(seq, &r, sizeof r);
  return 0;
}
