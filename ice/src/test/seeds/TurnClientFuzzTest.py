#!/usr/bin/env python3
"""Writes the seeds of TurnClientFuzzTest#hostileServer (scripts in the format its class comment
describes) into src/test/resources/org/rtc4j/ice/turn/TurnClientFuzzTestInputs/hostileServer/.
Run from the ice module: python3 src/test/seeds/TurnClientFuzzTest.py"""
import os
import struct

OUT = "src/test/resources/org/rtc4j/ice/turn/TurnClientFuzzTestInputs/hostileServer"
RAW, ERR, OK, DATA, CHAN, TIME, PERM, BIND, WRAP, CLOSE, LOST, ANY = range(12)
E401, E438, E486, E508, E437, E403 = range(6)  # indexes into ERROR_CODES
NONE, MI, MI256, WRONG = range(4)


def u8(v): return bytes([v & 0xFF])
def u16(v): return struct.pack(">H", v & 0xFFFF)
def u32(v): return struct.pack(">I", v & 0xFFFFFFFF)
def header(setup, seed=7, start_ms=0): return u8(setup) + u32(seed) + u32(start_ms)
def pool(i): return u8(i)
def v4(ip, port): return u8(6) + bytes(int(x) for x in ip.split(".")) + u16(port)
def v6(last, port): return u8(7) + bytes([0x20, 0x01, 0x0d, 0xb8] + [0] * 11 + [last]) + u16(port)


def error(sel, realm=None, nonce=None, algorithms=None, integrity=NONE, pick=0, flags=0):
    a = (realm is not None) | (nonce is not None) << 1 | (algorithms is not None) << 2
    b = u8(ERR) + u8(flags) + u8(pick) + u8(sel) + u8(a)
    if realm is not None: b += u8(realm)
    if nonce is not None: b += u8(nonce)
    if algorithms is not None: b += u8(algorithms)
    return b + u8(integrity)


def success(relayed=None, mapped=None, lifetime=None, integrity=MI, pick=0, flags=0):
    a = (relayed is not None) | (mapped is not None) << 1 | (lifetime is not None) << 2
    b = u8(OK) + u8(flags) + u8(pick) + u8(a)
    if relayed is not None: b += relayed
    if mapped is not None: b += mapped
    if lifetime is not None: b += u32(lifetime)
    return b + u8(integrity)


def data_indication(peer, payload): return u8(DATA) + u8(0) + bytes(range(12)) + peer + u16(len(payload)) + payload
def channel_data(index, payload, pad=False): return u8(CHAN) + u8(index) + u8(1 if pad else 0) + u16(len(payload)) + payload
def time(mode, amount=None): return u8(TIME) + u8(mode) + (u16(amount) if amount is not None else b"")
def wrap(peer, payload, off=0): return u8(WRAP) + peer + u16(len(payload)) + payload + u8(off)


ALLOCATE = error(E401, realm=0, nonce=0) + success(v4("192.0.2.15", 50000), v4("198.51.100.7", 40000), 600)

SEEDS = {
    # UDP: permission and channel asked before the allocation, 401, Allocate, both confirmed,
    # ChannelData on the bound channel and an unbound one, a Data indication, wrap both ways,
    # the refresh a minute before expiry, close.
    "udp-happy-path": header(0x00) + u8(PERM) + pool(0) + u8(BIND) + pool(2) + ALLOCATE
    + success(pick=1) + success(pick=0) + channel_data(0, b"hello") + channel_data(1, b"abc")
    + data_indication(pool(0), b"data") + wrap(pool(2), b"hello") + wrap(pool(0), b"hello", 1)
    + time(0) + success(lifetime=300) + u8(CLOSE),
    # TCP, SOFTWARE: SHA-256 offered with the nonce cookie, IPv6 relayed address, a channel, time.
    "tcp-sha256": header(0x01 | 0x08) + error(E401, realm=0, nonce=2, algorithms=0)
    + success(v6(1, 3000), None, 1200, MI256) + u8(BIND) + pool(3) + success(integrity=MI256)
    + channel_data(0, b"four", pad=True) + time(0) + time(0) + time(2, 700) + u8(LOST),
    # TLS, IPv6 relay: 401, 438 with a new nonce, then 486 Allocation Quota Reached.
    "tls-stale-then-quota": header(0x02 | 0x04) + error(E401, realm=0, nonce=0)
    + error(E438, realm=0, nonce=1) + error(E486, integrity=MI) + u8(RAW) + u8(0) + u16(8) + b"\x00\x01\x00\x00junk" + u8(0),
    # UDP, the server never answers: the RFC 8489 retransmissions, then TIMEOUT.
    "udp-silent": header(0x00, 99, 12345) + time(0) * 9 + success(v4("192.0.2.15", 1)),
    # Hostile answers to the authenticated Allocate: wrong MESSAGE-INTEGRITY, none, then a
    # verified success without XOR-RELAYED-ADDRESS (SERVER_ERROR).
    "udp-unverified-success": header(0x00) + error(E401, realm=1, nonce=0)
    + success(v4("192.0.2.15", 1), integrity=WRONG) + success(v4("192.0.2.15", 1), integrity=NONE)
    + u8(ANY) + u8(0) + u8(0) + u16(0x003) + u8(1) + u8(1) + u16(0x8022) + u16(3) + b"abc"
    + success(None, v4("198.51.100.7", 2), 60),
    # Permission refreshed after 240 s, refused with 403 at the refresh; channel refresh; close.
    "udp-permission-refresh-refused": header(0x00) + error(E401, realm=0, nonce=0)
    + success(v4("192.0.2.15", 50000), None, 3600) + u8(PERM) + pool(4) + success()
    + u8(BIND) + pool(5) + success() + time(0) + error(E403, integrity=MI) + time(0) + time(0)
    + time(3) + time(1, 500) + u8(CLOSE),
}

os.makedirs(OUT, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
