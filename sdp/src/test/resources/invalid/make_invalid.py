#!/usr/bin/env python3
"""Writes the *_invalid.sdp files: each is ../corpus/chromium-live-offer.sdp with one rule of
RFC 8866 or JSEP (RFC 9429 §5.8) broken, and expected.tsv: file, Reason, the number of the line
that breaks the rule (where the fault was put, not what the parser said). Run it from this folder."""
import re

BASE = open('../corpus/chromium-live-offer.sdp', newline='').read()
LINES = BASE.split('\r\n')
if LINES[-1] == '':
    LINES.pop()

def first(prefix, start=0):
    for i in range(start, len(LINES)):
        if LINES[i].startswith(prefix):
            return i
    raise KeyError(prefix)

AUDIO = first('m=audio')
VIDEO = first('m=video')
DATA = first('m=application')

cases = []  # (name, reason, lines, faulty line index or None for line 0)

def case(name, reason, lines, at):
    cases.append((name, reason, lines, at))

def replace(i, text):
    l = list(LINES); l[i] = text; return l

def insert(i, text):
    l = list(LINES); l.insert(i, text); return l

def delete(i):
    l = list(LINES); del l[i]; return l

# RFC 8866 §5: required lines, in order
case('missing-version', 'MISSING_VERSION', delete(0), 0)
case('version-1', 'UNSUPPORTED_VERSION', replace(0, 'v=1'), 0)
case('missing-origin', 'MISSING_LINE', delete(1), 1)              # s= comes where o= must
case('missing-session-name', 'MISSING_LINE', delete(2), 2)        # t= comes where s= must
case('missing-timing', 'MISSING_LINE', delete(3), 3)              # a= comes before any t=
case('duplicate-origin', 'DUPLICATE_LINE', insert(2, LINES[1]), 2)
case('connection-after-timing', 'MISPLACED_LINE', insert(4, 'c=IN IP4 0.0.0.0'), 4)
case('information-after-attributes', 'MISPLACED_LINE', insert(AUDIO + 3, 'i=audio'), AUDIO + 3)
case('bandwidth-after-attributes', 'MISPLACED_LINE', insert(AUDIO + 3, 'b=AS:64'), AUDIO + 3)
case('session-line-in-media', 'MISPLACED_LINE', insert(AUDIO + 1, 'u=https://example.com/'), AUDIO + 1)
case('repeat-before-timing', 'MISPLACED_LINE', insert(3, 'r=604800 3600 0'), 3)
case('zone-without-repeat', 'MISPLACED_LINE', insert(4, 'z=2882844526 -1h'), 4)
case('media-without-connection', 'MISSING_LINE', delete(AUDIO + 1), AUDIO)
# RFC 8866 §9 grammar of the other lines
case('origin-session-id-not-digits', 'INVALID_ORIGIN', replace(1, 'o=- 1020408249a3946017 2 IN IP4 127.0.0.1'), 1)
case('timing-not-ntp', 'INVALID_TIMING', replace(3, 't=1 2'), 3)
case('repeat-without-offset', 'INVALID_TIMING', insert(4, 'r=7d 1h'), 4)
case('zone-odd', 'INVALID_TIMING', insert(4, 'r=7d 1h 0') [:5] + ['z=2882844526'] + LINES[4:], 5)
case('email-without-at', 'INVALID_FIELD', insert(3, 'e=nobody'), 3)
case('phone-letters', 'INVALID_FIELD', insert(3, 'p=call me'), 3)
case('uri-with-space', 'INVALID_FIELD', insert(3, 'u=https://exa mple.com/'), 3)
case('key-unknown-method', 'INVALID_FIELD', insert(4, 'k=secret'), 4)
case('bandwidth-type-not-token', 'INVALID_BANDWIDTH', insert(AUDIO + 2, 'b=A(S:64'), AUDIO + 2)
# RFC 8866 §5.14 m= line
m = LINES[AUDIO]
case('media-no-formats', 'INVALID_MEDIA', replace(AUDIO, 'm=audio 9 UDP/TLS/RTP/SAVPF'), AUDIO)
case('media-rtp-format-not-a-number', 'INVALID_MEDIA', replace(AUDIO, m + ' opus'), AUDIO)
case('media-rtp-format-128', 'INVALID_MEDIA', replace(AUDIO, m + ' 128'), AUDIO)
case('media-truncated-proto', 'INVALID_MEDIA', replace(AUDIO, m.replace('UDP/TLS/RTP/SAVPF', 'UDP/TLS/RTP/')), AUDIO)
case('media-proto-empty-segment', 'INVALID_MEDIA', replace(AUDIO, m.replace('UDP/TLS/RTP/SAVPF', 'UDP//RTP/SAVPF')), AUDIO)
case('media-type-not-token', 'INVALID_MEDIA', replace(AUDIO, m.replace('m=audio', 'm=au(dio')), AUDIO)
case('media-zero-ports', 'INVALID_MEDIA', replace(AUDIO, m.replace('m=audio 9 ', 'm=audio 9/0 ')), AUDIO)
# JSEP §5.8.1-5.8.2: a single ..., at its level
after = lambda prefix, start=AUDIO: first(prefix, start) + 1  # a repeat goes after the first one
case('duplicate-ice-ufrag', 'DUPLICATE_LINE', insert(after('a=ice-ufrag'), 'a=ice-ufrag:aaaa'), after('a=ice-ufrag'))
case('two-directions', 'DUPLICATE_LINE', insert(after('a=sendrecv'), 'a=recvonly'), after('a=sendrecv'))
case('duplicate-mid', 'DUPLICATE_LINE', insert(after('a=mid'), 'a=mid:7'), after('a=mid'))
case('duplicate-rtcp-mux', 'DUPLICATE_LINE', insert(after('a=rtcp-mux'), 'a=rtcp-mux'), after('a=rtcp-mux'))
case('duplicate-ptime', 'DUPLICATE_LINE', insert(AUDIO + 3, 'a=ptime:20') [:AUDIO + 4] + ['a=ptime:40'] + LINES[AUDIO + 3:], AUDIO + 4)
case('duplicate-setup', 'DUPLICATE_LINE', insert(after('a=setup'), 'a=setup:active'), after('a=setup'))
case('rtpmap-twice-for-one-payload-type', 'DUPLICATE_LINE', insert(first('a=rtpmap:111') + 1, 'a=rtpmap:111 opus/48000/2'), first('a=rtpmap:111') + 1)
case('rtpmap-at-session-level', 'MISPLACED_LINE', insert(5, 'a=rtpmap:111 opus/48000/2'), 5)
case('candidate-at-session-level', 'MISPLACED_LINE', insert(5, 'a=candidate:1 1 udp 2122260223 192.0.2.1 9 typ host'), 5)
case('group-in-media', 'MISPLACED_LINE', insert(AUDIO + 3, 'a=group:BUNDLE 0'), AUDIO + 3)
case('ice-lite-in-media', 'MISPLACED_LINE', insert(AUDIO + 3, 'a=ice-lite'), AUDIO + 3)
# RFC 8839 §5 grammar
case('ice-ufrag-too-short', 'INVALID_ATTRIBUTE', replace(first('a=ice-ufrag'), 'a=ice-ufrag:ef8'), first('a=ice-ufrag'))
case('ice-pwd-not-ice-chars', 'INVALID_ATTRIBUTE', replace(first('a=ice-pwd'), 'a=ice-pwd:QvsbUqCvWXGry5o4FBwENlH!'), first('a=ice-pwd'))
case('ice-options-comma', 'INVALID_ATTRIBUTE', replace(first('a=ice-options'), 'a=ice-options:trickle,renomination'), first('a=ice-options'))
case('candidate-without-typ', 'INVALID_ATTRIBUTE', insert(AUDIO + 3, 'a=candidate:1 1 udp 2122260223 192.0.2.1 9 host'), AUDIO + 3)
case('candidate-extension-without-value', 'INVALID_ATTRIBUTE', insert(AUDIO + 3, 'a=candidate:1 1 udp 2122260223 192.0.2.1 9 typ host generation'), AUDIO + 3)
case('candidate-port-too-big', 'INVALID_ATTRIBUTE', insert(AUDIO + 3, 'a=candidate:1 1 udp 2122260223 192.0.2.1 65536 typ host'), AUDIO + 3)
# JSEP §5.8.3 and the RFCs of the attributes: what a section's lines say together
case('rtcp-mux-only-without-rtcp-mux', 'MISSING_LINE', replace(first('a=rtcp-mux', AUDIO), 'a=rtcp-mux-only'), AUDIO)
case('simulcast-rid-without-rid-line', 'INVALID_ATTRIBUTE', insert(VIDEO + 3, 'a=simulcast:send q;h'), VIDEO + 3)
case('mid-in-two-sections', 'INVALID_ATTRIBUTE', replace(first('a=mid', VIDEO), 'a=mid:0'), first('a=mid', VIDEO))
case('attribute-name-not-token', 'INVALID_ATTRIBUTE', insert(AUDIO + 3, 'a=x(y):1'), AUDIO + 3)

with open('expected.tsv', 'w') as tsv:
    tsv.write('# file\treason\tline (1-based; 0: not on one line)\n')
    for name, reason, lines, at in cases:
        f = name + '_invalid.sdp'
        with open(f, 'w', newline='') as out:
            out.write('\r\n'.join(lines) + '\r\n')
        tsv.write(f'{f}\t{reason}\t{0 if at is None else at + 1}\n')
print(len(cases), 'cases')
