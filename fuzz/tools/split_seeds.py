#!/usr/bin/python3
"""Turns what capture_seeds.sh recorded into raw inputs for each fuzz target.

Usage: split_seeds.py CAPTURE_DIR OUT_DIR

CAPTURE_DIR holds record_relay.py's recordings (client-*.bin: what clients
sent the engine; peer-*.bin: what ensemble members sent each other), data/
(data directories: log.* and snapshot.* files), srvr/ (srvr and stat
answers) and cfg/ (zoo.cfg and other Java properties files). OUT_DIR/<target>/ receives one file per input, in the
layout fuzz/targets/<target>.cpp documents; capture_seeds.sh then keeps the
ones that reach distinct code (libFuzzer -merge). Long recordings are cut at
a frame boundary (kMaxStream), so that seeds stay small.
"""
import hashlib
import os
import pathlib
import shutil
import sys

MAX_STREAM = 64 * 1024      # a client_session / frame_reader seed
MAX_FILE = 256 * 1024       # a log segment or snapshot seed
PEER_HANDSHAKE = 13         # "ZSQP", version, 8-byte server id (server/peer_transport.cpp)
REQUEST_TYPE = 4            # index of quorum::Request in Message::Body (quorum/messages.h)


def be32(b, at):
    return int.from_bytes(b[at:at + 4], "big")


def frames(stream, start=0):
    """(offset, payload) of each whole length-prefixed frame."""
    at = start
    while len(stream) - at >= 4:
        n = be32(stream, at)
        if n > len(stream) - at - 4:
            return
        yield at, stream[at + 4:at + 4 + n]
        at += 4 + n


def cut(stream, limit, start=0):
    """The stream up to the last frame boundary within `limit` bytes."""
    end = start
    for at, payload in frames(stream, start):
        if at + 4 + len(payload) > limit:
            break
        end = at + 4 + len(payload)
    return stream[:end] if len(stream) > limit else stream


def varint(b, at):
    shift = value = 0
    while True:
        byte = b[at]
        at += 1
        value |= (byte & 0x7f) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def forwarded(message):
    """The payload of a quorum Request message, or None."""
    if len(message) < 2 or message[1] != REQUEST_TYPE:
        return None
    try:
        at = 2
        for _ in range(3):  # from, link, seq
            _, at = varint(message, at)
        n, at = varint(message, at)
        return message[at:at + n] if at + n <= len(message) else None
    except IndexError:
        return None


def frames_with_crc(file, start=20):
    """(offset, payload) of each record of a log segment or snapshot: after the
    20-byte file header, length, crc, payload; a zero length ends the data."""
    at = start
    while len(file) - at >= 8:
        n = be32(file, at)
        if n == 0 or n > len(file) - at - 8:
            return
        yield at, file[at + 8:at + 8 + n]
        at += 8 + n


def end_of_data(file):
    """A log segment without its zero-filled preallocated tail."""
    end = 20
    for at, payload in frames_with_crc(file):
        end = at + 8 + len(payload)
    return file[:end]


class Out:
    def __init__(self, root):
        self.root = pathlib.Path(root)

    def put(self, target, data):
        d = self.root / target
        d.mkdir(parents=True, exist_ok=True)
        (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    cap = pathlib.Path(sys.argv[1])
    out = Out(sys.argv[2])
    shutil.rmtree(sys.argv[2], ignore_errors=True)

    for rec in sorted(cap.glob("client-*.bin")):
        stream = rec.read_bytes()
        if not stream:
            continue
        seed = cut(stream, MAX_STREAM)
        out.put("client_session", seed)
        out.put("frame_reader", b"\x01\x00" + seed)
        for i, (_, payload) in enumerate(frames(stream)):
            if len(payload) <= 4096:
                out.put("request_records", (b"\x00" if i == 0 else b"\x01") + payload)

    for rec in sorted(cap.glob("peer-*.bin")):
        stream = rec.read_bytes()
        for _, payload in frames(stream, PEER_HANDSHAKE):
            if len(payload) > 4096:
                continue
            out.put("quorum_messages", payload)
            fwd = forwarded(payload)
            if fwd is not None:
                out.put("forwarded_request", fwd)

    for f in sorted(cap.glob("data/**/log.*")):
        segment = end_of_data(f.read_bytes())
        for _, payload in frames_with_crc(segment):
            if len(payload) <= 4096:
                out.put("txn_codec", payload)
        if len(segment) > MAX_FILE:
            segment = segment[:20] + b"".join(
                segment[at:at + 8 + len(p)] for at, p in frames_with_crc(segment) if at + 8 + len(p) <= MAX_FILE)
        out.put("txn_log", b"\x00" + segment)
    for f in sorted(cap.glob("data/**/snapshot.*")):
        snap = f.read_bytes()
        if len(snap) <= MAX_FILE and not f.name.endswith(".tmp"):
            out.put("snapshot", b"\x00" + snap)

    for f in sorted(cap.glob("cfg/*")):
        text = f.read_bytes()
        if f.suffix == ".cfg":
            out.put("zoo_cfg", text)
        out.put("java_properties", text)
    for f in sorted(cap.glob("srvr/*.txt")):
        text = f.read_bytes()
        out.put("srvr_mode", text)
        out.put("srvr_info", text)
    for f in sorted(cap.glob("export/*.json")):
        text = f.read_bytes()
        out.put("export_file", text)
        out.put("json", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
