#!/usr/bin/env python3
"""Kernel states for the CLI golden tier, built inside a private network (and
pid) namespace by scripts/record-worlds.sh. `worlds.py WORLD READY_FILE` builds
WORLD, touches READY_FILE once the kernel shows it, then holds every socket
until killed. Addresses are 127.0.0.1 (and 10.77.0.0/24 for syn-recv)."""
import os
import socket
import sys
import threading
import time


def listener(port, backlog, host="127.0.0.1"):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(backlog)
    return s


def connect(port, host="127.0.0.1", blocking=True):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if blocking:
        c.connect((host, port))
    else:
        c.setblocking(False)
        try:
            c.connect((host, port))
        except BlockingIOError:
            pass
    return c


held = []


def healthy():
    srv = listener(8080, 128)
    held.append(srv)

    def serve():
        while True:
            conn, _ = srv.accept()
            held.append(conn)

    threading.Thread(target=serve, daemon=True).start()
    for _ in range(4):
        c = connect(8080)
        c.sendall(b"hello")
        held.append(c)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 5353))
    held.append(u)
    time.sleep(0.3)


def unaccepted():
    held.append(listener(8081, 64))  # never accepts
    for _ in range(5):
        held.append(connect(8081))


def accept_queue_full():
    held.append(listener(8082, 4))  # never accepts

    def keep_connecting():  # new SYNs all the time: ListenOverflows grows
        while True:
            held.append(connect(8082, blocking=False))
            time.sleep(0.02)

    threading.Thread(target=keep_connecting, daemon=True).start()
    time.sleep(1.5)


def backlog_capped():
    # net.core.somaxconn is 16 in this namespace (record-worlds.sh): the
    # backlog of 4096 asked for is cut to 16.
    held.append(listener(8083, 4096))
    for _ in range(20):
        held.append(connect(8083, blocking=False))
    time.sleep(1.0)


def close_wait():
    srv = listener(8084, 64)
    held.append(srv)
    clients = [connect(8084) for _ in range(20)]
    for _ in clients:
        conn, _ = srv.accept()
        held.append(conn)  # accepted and never closed
    for c in clients:
        c.close()  # the peer's FIN: the server side goes to CLOSE-WAIT
    time.sleep(0.3)


def syn_recv():
    # The listener lives in this namespace on 10.77.0.1; clients live in a
    # peer namespace (record-worlds.sh) and never see the SYN-ACKs, so every
    # request stays half-open. Here we only listen.
    held.append(listener(8085, 16, host="10.77.0.1"))


def syn_recv_clients():
    while True:
        held.append(connect(8085, host="10.77.0.1", blocking=False))
        time.sleep(0.01)


def accept_queue_high():
    held.append(listener(8086, 10))  # never accepts: 9 of 10 queued
    for _ in range(9):
        held.append(connect(8086))
    time.sleep(0.2)


def syncookies():
    # As syn-recv, with net.ipv4.tcp_syncookies=1 (record-worlds.sh): once
    # the SYN queue of 16 is full, SYNs are answered with cookies.
    held.append(listener(8085, 16, host="10.77.0.1"))


def slow_reader():
    # A server that accepts and never reads, clients that write until their
    # send buffers (net.ipv4.tcp_wmem default 2 MiB here) are full: Recv-Q
    # stuck on the server side, Send-Q unacknowledged on the client side.
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    srv.bind(("127.0.0.1", 8088))
    srv.listen(64)
    held.append(srv)
    clients = [connect(8088) for _ in range(8)]
    for _ in clients:
        held.append(srv.accept()[0])
    chunk = b"x" * 65536
    for c in clients:
        c.setblocking(False)
        held.append(c)
        try:
            while True:
                c.send(chunk)
        except BlockingIOError:
            pass
    time.sleep(0.5)


def pile_up():
    # A client that opens connections to one server and never reuses or
    # closes them: 40 idle ones, then one more every 50 ms (at most 600).
    srv = listener(6390, 1024)
    held.append(srv)

    def serve():
        while True:
            held.append(srv.accept()[0])

    threading.Thread(target=serve, daemon=True).start()
    for _ in range(40):
        held.append(connect(6390))
    time.sleep(1.5)

    def grow():
        for _ in range(600):
            held.append(connect(6390))
            time.sleep(0.05)

    threading.Thread(target=grow, daemon=True).start()
    time.sleep(0.2)


def udp_drops():
    # A receiver with a small buffer that never reads (a hung DNS server),
    # a sender with a query every 200 us.
    r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    r.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
    r.bind(("127.0.0.1", 5354))
    held.append(r)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect(("127.0.0.1", 5354))
    held.append(s)

    def send():
        while True:
            try:
                s.send(b"query", socket.MSG_DONTWAIT)
            except OSError:
                pass
            time.sleep(0.0002)

    threading.Thread(target=send, daemon=True).start()
    time.sleep(0.5)


def udp_send_errors():
    # 10.78.0.2 is on a veth (record-worlds.sh) where nobody answers ARP:
    # datagrams wait for the neighbour holding the sender's small buffer, and
    # further sends of a socket that does not wait fail (SndbufErrors).
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    s.setblocking(False)
    held.append(s)

    def send():
        while True:
            try:
                s.sendto(b"x" * 512, ("10.78.0.2", 5355))
            except OSError:
                pass
            time.sleep(0.001)

    threading.Thread(target=send, daemon=True).start()
    time.sleep(0.5)


def time_wait():
    # net.ipv4.tcp_max_tw_buckets is 64 here (record-worlds.sh): 48 client
    # ends closed first wait in TIME-WAIT.
    srv = listener(8089, 64)
    held.append(srv)
    clients = [connect(8089) for _ in range(48)]
    accepted = [srv.accept()[0] for _ in clients]
    for c in clients:
        c.close()
    time.sleep(0.1)
    for a in accepted:
        a.close()
    time.sleep(0.3)


def ephemeral_ports():
    # net.ipv4.ip_local_port_range is 40000-40063 here (record-worlds.sh):
    # 50 connections to one server hold 50 of its 64 ports.
    srv = listener(8090, 128)
    held.append(srv)
    for _ in range(50):
        held.append(connect(8090))
        held.append(srv.accept()[0])
    time.sleep(0.2)


def connect_stuck():
    # 10.77.0.2 is on a veth whose answers never reach us (record-worlds.sh):
    # connects stay in SYN-SENT and their SYNs are retransmitted after 1s.
    for _ in range(8):
        held.append(connect(5432, host="10.77.0.2", blocking=False))
    time.sleep(1.5)


WORLDS = {
    "healthy": healthy,
    "unaccepted": unaccepted,
    "accept-queue-full": accept_queue_full,
    "backlog-capped": backlog_capped,
    "close-wait": close_wait,
    "syn-recv": syn_recv,
    "syn-recv-clients": syn_recv_clients,
    "accept-queue-high": accept_queue_high,
    "syncookies": syncookies,
    "slow-reader": slow_reader,
    "pile-up": pile_up,
    "udp-drops": udp_drops,
    "udp-send-errors": udp_send_errors,
    "time-wait": time_wait,
    "ephemeral-ports": ephemeral_ports,
    "connect-stuck": connect_stuck,
    "no-netlink": healthy,
}

if __name__ == "__main__":
    world, ready = sys.argv[1], sys.argv[2]
    if world == "syn-recv-clients":
        open(ready, "w").close()
        syn_recv_clients()
    WORLDS[world]()
    open(ready, "w").close()
    while True:
        time.sleep(3600)
