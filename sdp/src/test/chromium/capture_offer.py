#!/usr/bin/env python3
"""Captures live SDP from headless Chromium, one page per kind:

    (default)           offer.html: createOffer() with audio, video and a data channel
    --answer            answer.html: a second connection's createAnswer() to such an offer
    --simulcast-answer  simulcast-answer.html: the answer to an offer sending rids q, h, f
    --ice-restart       ice-restart.html: after a full negotiation, the offerer stops video, adds a
                        simulcast video and calls createOffer({iceRestart: true})
    --recvonly-answer   recvonly-answer.html: the answer of a connection without tracks to an
                        SFU-style sendonly audio + video offer
    --later-offer       later-offer.html: the fifth offer of a connection, four sections added one
                        negotiation at a time (simulcast video, stream-less audio, video, audio),
                        with the candidates gathered; needs a loopback-only network namespace:
                        Chromium then gets --allow-loopback-in-peer-connection and plain (non-mDNS)
                        host candidates, and the two connections in the page talk over loopback

Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: no TCP port is
opened), loads the page from file:// and waits for it to write the SDP into the DOM. Fake media
devices and no ICE servers. Only ice-restart.html calls setLocalDescription, with
iceTransportPolicy 'relay' and no servers, so nothing is gathered and nothing is sent anywhere.
Writes ../resources/corpus/chromium-live-<kind>.sdp (offer, answer, simulcast-answer,
ice-restart-offer) with CRLF line ends.

    usage: python3 sdp/src/test/chromium/capture_offer.py [--answer | --simulcast-answer | --ice-restart |
           --recvonly-answer | --later-offer]
           [/path/to/chromium [output.sdp]]
    (as root, prefix "unshare -n" to run Chromium in a network namespace with no interface up)
"""
import json, os, pathlib, shutil, subprocess, sys, tempfile, time

here = pathlib.Path(__file__).resolve().parent
args = sys.argv[1:]
kinds = {"--answer": "answer", "--ice-restart": "ice-restart", "--simulcast-answer": "simulcast-answer",
         "--recvonly-answer": "recvonly-answer", "--later-offer": "later-offer"}
kind = next((kinds[a] for a in args if a in kinds), "offer")
args = [a for a in args if a not in kinds]
chromium = args[0] if len(args) > 0 else "/usr/bin/chromium"
default_name = {"offer": "chromium-live-offer.sdp", "answer": "chromium-live-answer.sdp",
                "ice-restart": "chromium-live-ice-restart-offer.sdp",
                "simulcast-answer": "chromium-live-simulcast-answer.sdp",
                "recvonly-answer": "chromium-live-recvonly-answer.sdp",
                "later-offer": "chromium-live-later-offer.sdp"}[kind]
out = pathlib.Path(args[1]) if len(args) > 1 else here.parent / "resources" / "corpus" / default_name

profile = tempfile.mkdtemp()


def _wire_fds(commands, replies):
    # Runs in the child. Duplicating first avoids dup2(3, 3), which would keep close-on-exec.
    os.dup2(commands, 3)
    os.dup2(replies, 4)


to_chrome_r, to_chrome_w = os.pipe()
from_chrome_r, from_chrome_w = os.pipe()
proc = subprocess.Popen(
    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
     "--no-first-run", f"--user-data-dir={profile}", "--use-fake-device-for-media-stream",
     "--use-fake-ui-for-media-stream", "--remote-debugging-pipe"]
    + (["--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns"]
       if kind == "later-offer" else [])
    + ["about:blank"],
    close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    # Chromium reads commands on fd 3 and writes replies on fd 4.
    preexec_fn=lambda: _wire_fds(os.dup(to_chrome_r), os.dup(from_chrome_w)))
os.close(to_chrome_r)
os.close(from_chrome_w)
reader = os.fdopen(from_chrome_r, "rb")
next_id = 0
pending = b""


def send(method, params=None, session=None):
    global next_id, pending
    next_id += 1
    msg = {"id": next_id, "method": method, "params": params or {}}
    if session:
        msg["sessionId"] = session
    os.write(to_chrome_w, json.dumps(msg).encode() + b"\0")
    while True:
        while b"\0" not in pending:
            chunk = os.read(from_chrome_r, 65536)
            if not chunk:
                raise SystemExit("chromium closed the pipe")
            pending += chunk
        raw, pending = pending.split(b"\0", 1)
        reply = json.loads(raw)
        if reply.get("id") == next_id:
            if "error" in reply:
                raise SystemExit(f"{method}: {reply['error']}")
            return reply["result"]


try:
    target = send("Target.createTarget", {"url": (here / f"{kind}.html").as_uri()})["targetId"]
    session = send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    deadline = time.monotonic() + 30
    text = "pending"
    while time.monotonic() < deadline:
        res = send("Runtime.evaluate", {"expression": "document.getElementById('sdp') ? "
                                        "document.getElementById('sdp').textContent : 'pending'",
                                        "returnByValue": True}, session)
        text = res["result"].get("value", "pending")
        # Under load the parser may have made the <pre> before its "pending" text: wait for a result.
        if text.startswith("v=0") or text.startswith("ERROR"):
            break
        time.sleep(0.2)
    if not text.startswith("v=0"):
        raise SystemExit("no SDP captured: " + text[:300])
    send("Browser.close")
finally:
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    shutil.rmtree(profile, ignore_errors=True)

sdp = text.replace("\r\n", "\n").replace("\n", "\r\n")
out.write_bytes(sdp.encode())
print(f"wrote {out} ({len(sdp)} chars)")
