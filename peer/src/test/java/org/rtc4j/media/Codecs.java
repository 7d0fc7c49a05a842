package org.rtc4j.media;

import org.rtc4j.media.audio.AudioDepacketizer;
import org.rtc4j.media.audio.AudioPacketizer;
import org.rtc4j.media.av1.Av1Depacketizer;
import org.rtc4j.media.av1.Av1Packetizer;
import org.rtc4j.media.h264.H264Depacketizer;
import org.rtc4j.media.h264.H264Packetizer;
import org.rtc4j.media.vp8.Vp8Depacketizer;
import org.rtc4j.media.vp8.Vp8Packetizer;
import org.rtc4j.media.vp9.Vp9Depacketizer;
import org.rtc4j.media.vp9.Vp9Packetizer;

final class Codecs {

    private Codecs() {}

    static Packetizer packetizer(Codec codec, int maxPayload) {
        switch (codec) {
            case VP8:
                return new Vp8Packetizer(maxPayload, 0x7FF0); // PictureID wraps during the test
            case VP9:
                return new Vp9Packetizer(maxPayload, 0x7FF0);
            case H264:
                return new H264Packetizer(maxPayload);
            case AV1:
                return new Av1Packetizer(maxPayload);
            default:
                return new AudioPacketizer(codec, maxPayload);
        }
    }

    static Depacketizer depacketizer(Codec codec) {
        switch (codec) {
            case VP8:
                return new Vp8Depacketizer();
            case VP9:
                return new Vp9Depacketizer();
            case H264:
                return new H264Depacketizer();
            case AV1:
                return new Av1Depacketizer();
            default:
                return new AudioDepacketizer(codec);
        }
    }
}
