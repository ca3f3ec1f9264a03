#!/usr/bin/python3
"""A loopback TCP relay that records what clients send.

Usage: record_relay.py OUT_DIR TAG:LISTEN_PORT:TARGET_PORT [TAG:LISTEN_PORT:TARGET_PORT ...]

Each TAG listens on 127.0.0.1:LISTEN_PORT and relays every connection to
127.0.0.1:TARGET_PORT, both ways, unchanged. The bytes of each connection's
client-to-server direction are written to OUT_DIR/TAG-<n>.bin, n counting the
connections of that tag from 1. Runs until SIGTERM or SIGINT; prints "READY"
once every listener is up. Used by capture_seeds.sh to collect the seed corpora
of the fuzz targets from real clients and real ensemble members.
"""
import os
import select
import signal
import socket
import sys
import threading

lock = threading.Lock()
counts = {}


def pump(tag, client, server, out_dir):
    with lock:
        counts[tag] = counts.get(tag, 0) + 1
        n = counts[tag]
    path = os.path.join(out_dir, f"{tag}-{n}.bin")
    with open(path, "wb") as record:
        socks = [client, server]
        try:
            while True:
                readable, _, _ = select.select(socks, [], [])
                for s in readable:
                    data = s.recv(65536)
                    if not data:
                        return
                    other = server if s is client else client
                    other.sendall(data)
                    if s is client:
                        record.write(data)
                        record.flush()
        except OSError:
            return
        finally:
            for s in socks:
                try:
                    s.close()
                except OSError:
                    pass


def serve(tag, listener, target, out_dir):
    while True:
        client, _ = listener.accept()
        try:
            server = socket.create_connection(("127.0.0.1", target))
        except OSError:
            client.close()
            continue
        for s in (client, server):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=pump, args=(tag, client, server, out_dir), daemon=True).start()


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for spec in sys.argv[2:]:
        tag, listen, target = spec.split(":")
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", int(listen)))
        listener.listen(64)
        threading.Thread(target=serve, args=(tag, listener, int(target), out_dir), daemon=True).start()
    print("READY", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    return 0


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    sys.exit(main())
