package org.rtc4j.media.vp9;

/**
 * Reads what a VP9 packetizer needs from the uncompressed header of a VP9 frame (VP9 bitstream
 * spec §6.2): whether it is a keyframe, and a keyframe's size.
 */
final class Vp9FrameHeader {

    boolean keyframe;
    int width;
    int height;

    private byte[] buf;
    private int bitPos;
    private int bitEnd;
    private boolean overrun;

    /** Returns false if the header is malformed or too short (the frame is then sent as predicted). */
    boolean parse(byte[] frame, int off, int len) {
        keyframe = false;
        width = height = 0;
        buf = frame;
        bitPos = off * 8;
        bitEnd = (off + len) * 8;
        overrun = false;
        if (bits(2) != 2) {                       // frame_marker
            return false;
        }
        int profile = bits(1) | (bits(1) << 1);
        if (profile == 3) {
            bits(1);                              // reserved_zero
        }
        if (bits(1) == 1) {                       // show_existing_frame
            return !overrun;
        }
        keyframe = bits(1) == 0;                  // frame_type: KEY_FRAME = 0
        bits(1);                                  // show_frame
        bits(1);                                  // error_resilient_mode
        if (!keyframe || overrun) {
            keyframe = keyframe && !overrun;
            return !overrun;
        }
        if (bits(24) != 0x498342) {               // frame_sync_code
            keyframe = false;
            return false;
        }
        if (profile >= 2) {
            bits(1);                              // ten_or_twelve_bit
        }
        int colorSpace = bits(3);
        if (colorSpace != 7) {                    // not CS_RGB
            bits(1);                              // color_range
            if (profile == 1 || profile == 3) {
                bits(3);                          // subsampling_x, subsampling_y, reserved_zero
            }
        } else if (profile == 1 || profile == 3) {
            bits(1);                              // reserved_zero
        }
        width = bits(16) + 1;
        height = bits(16) + 1;
        if (overrun) {
            keyframe = false;
        }
        return !overrun;
    }

    private int bits(int n) {
        if (bitPos + n > bitEnd) {
            overrun = true;
            return 0;
        }
        int v = 0;
        for (int i = 0; i < n; i++, bitPos++) {
            v = (v << 1) | ((buf[bitPos >>> 3] >>> (7 - (bitPos & 7))) & 1);
        }
        return v;
    }
}
