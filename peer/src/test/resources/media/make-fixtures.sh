#!/bin/sh
# Regenerates the media fixtures used by the org.rtc4j.media tests (Debian ffmpeg 5.x).
# Every file is a few seconds of a synthetic test pattern or tone: small, deterministic input.
set -eu
cd "$(dirname "$0")"
FF="ffmpeg -hide_banner -loglevel error -y"

# VP8, 5 s, 320x240 at 30 fps, a keyframe every 2 s (used by the examples' demo too).
$FF -f lavfi -i testsrc=size=320x240:rate=30:duration=5 -pix_fmt yuv420p -c:v libvpx -b:v 300k -g 60 \
    -auto-alt-ref 0 -f ivf vp8.ivf
# VP9, 3 s, 320x240, non-scalable, keyframe every 2 s.
$FF -f lavfi -i testsrc=size=320x240:rate=30:duration=3 -pix_fmt yuv420p -c:v libvpx-vp9 -b:v 300k -g 60 \
    -deadline realtime -cpu-used 8 -f ivf vp9.ivf
# AV1, 2 s, 320x240, keyframe every 30 frames (libaom, realtime speed).
$FF -f lavfi -i testsrc=size=320x240:rate=30:duration=2 -pix_fmt yuv420p -c:v libaom-av1 -b:v 200k -g 30 \
    -usage realtime -cpu-used 8 -f ivf av1.ivf
# H.264 constrained baseline, Annex B with access unit delimiters, keyframe every 2 s.
$FF -f lavfi -i testsrc=size=320x240:rate=30:duration=4 -c:v libx264 -profile:v baseline \
    -level 3.1 -pix_fmt yuv420p -b:v 300k -g 60 -keyint_min 60 -sc_threshold 0 -bf 0 \
    -x264-params aud=1 -f h264 h264.h264
# Opus in Ogg, 5 s, 48 kHz stereo 440 Hz / 660 Hz tones, 20 ms frames (demo audio).
$FF -f lavfi -i sine=frequency=440:sample_rate=48000:duration=5 \
    -f lavfi -i sine=frequency=660:sample_rate=48000:duration=5 \
    -filter_complex '[0:a][1:a]join=inputs=2:channel_layout=stereo' \
    -c:a libopus -b:a 64k -frame_duration 20 -f ogg opus.ogg
