#!/usr/bin/env python3
"""Captures a live SDP offer (audio + video + data channel) from headless Chromium; with --answer
the answer a second peer connection in the same page gives to such an offer; with --ice-restart
the offerer's next offer after that negotiation (video stopped, a simulcast video added, ICE
restart; see ice-restart.html).

Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: no TCP port is
opened), loads offer.html (or answer.html, ice-restart.html) from file:// and waits for the page
to write the SDP of createOffer() (or, after setRemoteDescription(offer), createAnswer()) into
the DOM. Fake media
devices, no ICE servers and no setLocalDescription: nothing is gathered and nothing is sent
anywhere. Writes ../resources/corpus/chromium-live-offer.sdp (or chromium-live-answer.sdp,
chromium-live-ice-restart-offer.sdp) with CRLF line ends. ice-restart.html calls
setLocalDescription, but with iceTransportPolicy 'relay' and no ICE servers there is nothing to
gather.

    usage: python3 sdp/src/test/chromium/capture_offer.py [--answer | --ice-restart] [/path/to/chromium [output.sdp]]
    (as root, prefix "unshare -n" to run Chromium in a network namespace with no interface up)
"""
import json, os, pathlib, shutil, subprocess, sys, tempfile, time

here = pathlib.Path(__file__).resolve().parent
args = sys.argv[1:]
kind = "answer" if "--answer" in args else "ice-restart" if "--ice-restart" in args else "offer"
args = [a for a in args if a not in ("--answer", "--ice-restart")]
chromium = args[0] if len(args) > 0 else "/usr/bin/chromium"
default_name = {"offer": "chromium-live-offer.sdp", "answer": "chromium-live-answer.sdp",
                "ice-restart": "chromium-live-ice-restart-offer.sdp"}[kind]
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
     "--use-fake-ui-for-media-stream", "--remote-debugging-pipe", "about:blank"],
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
        if text != "pending":
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
