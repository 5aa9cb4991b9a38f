#!/usr/bin/env bash
# Re-records the CLI golden tier's worlds (tests/cli/README.md): for each
# world, a private network and pid namespace where tests/cli/worlds.py builds
# a kernel state, then `sockscope --record` of every case of tests/cli/cases.txt.
# Root only. The private pid namespace keeps the owner walk to the world's own
# processes: nothing of the host is recorded.
#
#   sudo [CASES="ls-filter ..."] scripts/record-worlds.sh [BUILD_DIR] [WORLD...]
# then refresh the goldens: make goldens. CASES re-records only those cases
# (when a command's kernel requests change) and keeps the others.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-/usr/bin/python3}  # Debian's: a version manager's shim may take seconds to start
if [ "${1:-}" = "--inside" ]; then
  world=$2 bin=$3 out=$4
  ip link set lo up
  tmp=$(mktemp -d)
  pids=()
  case $world in
    backlog-capped) sysctl -qw net.core.somaxconn=16 ;;
    slow-reader) sysctl -qw net.ipv4.tcp_wmem="4096 2097152 4194304" ;;
    time-wait) sysctl -qw net.ipv4.tcp_max_tw_buckets=64 ;;
    ephemeral-ports) sysctl -qw net.ipv4.ip_local_port_range="40000 40063" ;;
    udp-send-errors)
      # A link where nobody answers ARP for 10.78.0.2: datagrams to it wait
      # in the neighbour queue, charged to the sender's buffer.
      ip link add ue0 type veth peer name ue1
      ip addr add 10.78.0.1/24 dev ue0
      ip link set ue0 up && ip link set ue1 up
      ;;
    syn-recv | syncookies | connect-stuck)
      # A peer namespace reached over a veth; what we send to 10.77.0.2 goes
      # to a MAC nobody has, so no handshake completes and no RST comes back.
      if [ "$world" = syncookies ]; then
        sysctl -qw net.ipv4.tcp_syncookies=1
      else
        sysctl -qw net.ipv4.tcp_syncookies=0
      fi
      unshare --net sleep 600 & peer=$!
      pids+=("$peer")
      sleep 0.2
      ip link add sr0 type veth peer name sr1
      ip link set sr1 netns "$peer"
      ip addr add 10.77.0.1/24 dev sr0 && ip link set sr0 up
      nsenter --net=/proc/$peer/ns/net sh -c \
        'ip link set lo up; ip addr add 10.77.0.2/24 dev sr1; ip link set sr1 up'
      ip neigh replace 10.77.0.2 lladdr 02:00:00:00:77:02 dev sr0 nud permanent
      ;;
  esac
  "$python" tests/cli/worlds.py "$world" "$tmp/ready" & pids+=($!)
  for _ in $(seq 100); do [ -e "$tmp/ready" ] && break; sleep 0.1; done
  if [ "$world" = syn-recv ] || [ "$world" = syncookies ]; then
    nsenter --net=/proc/${pids[0]}/ns/net "$python" tests/cli/worlds.py syn-recv-clients "$tmp/c" &
    pids+=($!)
    for _ in $(seq 100); do [ -e "$tmp/c" ] && break; sleep 0.1; done
    sleep 1
  fi
  run=("$bin")
  # sock_diag refused (a seccomp profile, a missing module): every socket()
  # fails, as netlink's does where it is filtered.
  [ "$world" = no-netlink ] && run=(strace -f -qq -o /dev/null -e trace=socket -e inject=socket:error=EACCES "$bin")
  while read -r name formats args; do
    case $name in ''|'#'*) continue ;; esac
    if [ -n "${CASES:-}" ]; then
      case " $CASES " in *" $name "*) ;; *) continue ;; esac
    fi
    rm -rf "${out:?}/$name"
    # shellcheck disable=SC2086  # the arguments are words
    "${run[@]}" --record "$out/$name" $args >/dev/null 2>&1 || true
    # The command line of the manifest names the recording directory:
    # make it relative so no path of this machine is kept.
    sed -i "s|^command .*|command sockscope --record $name $args|" "$out/$name/manifest"
  done < tests/cli/cases.txt
  kill "${pids[@]}" 2>/dev/null || true
  rm -rf "$tmp"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "record-worlds: run as root (namespaces)" >&2; exit 1; }
build=${1:-build}
shift || true
worlds=("$@")
[ ${#worlds[@]} -gt 0 ] || worlds=(healthy unaccepted accept-queue-full backlog-capped close-wait syn-recv
    accept-queue-high syncookies slow-reader pile-up udp-drops udp-send-errors time-wait
    ephemeral-ports connect-stuck no-netlink)
bin=$(realpath "$build/sockscope")
for w in "${worlds[@]}"; do
  out=tests/fixtures/recordings/$w
  [ -n "${CASES:-}" ] || rm -rf "$out"
  mkdir -p "$out"
  echo "record-worlds: $w"
  unshare --net --pid --fork --mount-proc bash "$0" --inside "$w" "$bin" "$out"
done
