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


WORLDS = {
    "healthy": healthy,
    "unaccepted": unaccepted,
    "accept-queue-full": accept_queue_full,
    "backlog-capped": backlog_capped,
    "close-wait": close_wait,
    "syn-recv": syn_recv,
    "syn-recv-clients": syn_recv_clients,
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
