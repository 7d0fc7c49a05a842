package org.rtc4j.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rtc4j.media.audio.AudioPacketizer;
import org.rtc4j.media.audio.G711;
import org.rtc4j.media.audio.OpusToc;
import org.rtc4j.media.h264.H264ProfileLevelId;
import org.rtc4j.media.h264.H264ProfileLevelId.Level;
import org.rtc4j.media.h264.H264ProfileLevelId.Profile;

class AudioAndProfileTest {

    @Test
    void g711TablesMatchTheStandardsAnchors() {
        // G.711: zero encodes to 0xFF (mu-law) and 0xD5 (A-law); full scale to 0x80 / 0xAA.
        assertEquals((byte) 0xFF, G711.linearToUlaw(0));
        assertEquals((byte) 0xD5, G711.linearToAlaw(0));
        assertEquals((byte) 0x80, G711.linearToUlaw(32767));
        assertEquals((byte) 0x00, G711.linearToUlaw(-32768));
        assertEquals((byte) 0xAA, G711.linearToAlaw(32767));
        assertEquals((byte) 0x2A, G711.linearToAlaw(-32768));
        assertEquals(32124, G711.ulawToLinear((byte) 0x80));
        assertEquals(32256, G711.alawToLinear((byte) 0xAA));
        // Every code word decodes to a value that encodes back to it (mu-law has two zeros).
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            assertEquals(c == 0x7F ? (byte) 0xFF : code, G711.linearToUlaw(G711.ulawToLinear(code)), "mu-law " + c);
            assertEquals(code, G711.linearToAlaw(G711.alawToLinear(code)), "A-law " + c);
        }
        // Companding error stays within half a quantization step.
        for (int x = -32000; x <= 32000; x += 7) {
            int u = G711.ulawToLinear(G711.linearToUlaw(x));
            int a = G711.alawToLinear(G711.linearToAlaw(x));
            assertTrue(Math.abs(u - x) <= Math.max(4, Math.abs(x) / 16), "mu-law " + x + " -> " + u);
            assertTrue(Math.abs(a - x) <= Math.max(8, Math.abs(x) / 16), "A-law " + x + " -> " + a);
        }
    }

    @Test
    void g711FramesLargerThanAPayloadAreCutOnSampleBoundaries() throws MediaFormatException {
        AudioPacketizer p = new AudioPacketizer(Codec.PCMU, 100);
        byte[] frame = new byte[240]; // 30 ms
        p.startTalkspurt();
        p.packetize(frame, 0, frame.length, 0xFFFF_FFB0L);
        byte[] buf = new byte[100];
        assertEquals(100, p.next(buf, 0));
        assertEquals(0xFFFF_FFB0L, p.timestamp());
        assertTrue(p.marker(), "first packet of the talkspurt");
        assertEquals(100, p.next(buf, 0));
        assertEquals(0x14L, p.timestamp(), "timestamp advances by samples and wraps");
        assertFalse(p.marker());
        assertEquals(40, p.next(buf, 0));
        assertFalse(p.hasNext());
        p.packetize(frame, 0, 160, 1000);
        p.next(buf, 0);
        assertFalse(p.marker(), "no new talkspurt: marker stays zero (RFC 3551 §4.1)");
        p.startTalkspurt();
        p.packetize(frame, 0, 160, 1160);
        p.next(buf, 0);
        assertTrue(p.marker());
    }

    @Test
    void opusTocGivesPacketDurations() throws MediaFormatException {
        // RFC 6716 §3.1: config 31 (CELT FB 20 ms), code 0 -> 960 samples; config 3 (SILK NB 60 ms)
        // code 1 (two frames) -> 5760; code 3 with M = 3 at 20 ms -> 2880.
        assertEquals(960, OpusToc.packetSamples48k(new byte[] {(byte) (31 << 3)}, 0, 1));
        assertEquals(5760, OpusToc.packetSamples48k(new byte[] {(byte) (3 << 3 | 1)}, 0, 1));
        assertEquals(2880, OpusToc.packetSamples48k(new byte[] {(byte) (31 << 3 | 3), 3}, 0, 2));
        assertEquals(120, OpusToc.packetSamples48k(new byte[] {(byte) (16 << 3)}, 0, 1));
    }

    @Test
    void profileLevelIdsAreClassified() {
        // RFC 6184 §8.1 / H.264 Annex A: the ids browsers offer.
        assertEquals(Optional.of(new H264ProfileLevelId(Profile.CONSTRAINED_BASELINE, Level.L3_1)),
                H264ProfileLevelId.parse("42e01f"));
        assertEquals(Profile.CONSTRAINED_BASELINE, H264ProfileLevelId.parse("42c01f").get().profile());
        assertEquals(Profile.CONSTRAINED_BASELINE, H264ProfileLevelId.parse("4d801f").get().profile(),
                "Main with constraint_set0 is decodable as Constrained Baseline");
        assertEquals(Profile.CONSTRAINED_BASELINE, H264ProfileLevelId.parse("58c01f").get().profile());
        assertEquals(Profile.BASELINE, H264ProfileLevelId.parse("42001f").get().profile());
        assertEquals(Profile.BASELINE, H264ProfileLevelId.parse("58801f").get().profile());
        assertEquals(Profile.MAIN, H264ProfileLevelId.parse("4d001f").get().profile());
        assertEquals(Profile.HIGH, H264ProfileLevelId.parse("640032").get().profile());
        assertEquals(Level.L5, H264ProfileLevelId.parse("640032").get().level());
        assertEquals(Profile.CONSTRAINED_HIGH, H264ProfileLevelId.parse("640c1f").get().profile());
        assertEquals(Profile.PREDICTIVE_HIGH_444, H264ProfileLevelId.parse("f4001f").get().profile());
        // Level 1b: level_idc 11 with constraint_set3 in the Baseline family, or level_idc 9.
        assertEquals(Level.L1B, H264ProfileLevelId.parse("42f00b").get().level());
        assertEquals(Level.L1_1, H264ProfileLevelId.parse("42e00b").get().level());
        assertEquals(Level.L1B, H264ProfileLevelId.parse("640c09").get().level());
        assertEquals("42f00b", H264ProfileLevelId.parse("42f00b").get().toString());
        assertEquals("640c09", H264ProfileLevelId.parse("640c09").get().toString());
        assertEquals("42e01f", new H264ProfileLevelId(Profile.CONSTRAINED_BASELINE, Level.L3_1).toString());
        // Unusable.
        assertTrue(H264ProfileLevelId.parse("42e0").isEmpty());
        assertTrue(H264ProfileLevelId.parse("zz0000").isEmpty());
        assertTrue(H264ProfileLevelId.parse("58001f").isEmpty(), "Extended profile");
        assertTrue(H264ProfileLevelId.parse("42e063").isEmpty(), "level_idc 99");
        assertTrue(H264ProfileLevelId.parse("42e21f").isEmpty(), "reserved_zero_2bits set");
        assertTrue(H264ProfileLevelId.parse("42e81f").isEmpty(), "constraint_set4 on Baseline");
        assertTrue(H264ProfileLevelId.parse("4d201f").isEmpty(), "Main with constraint_set2");
        assertTrue(H264ProfileLevelId.parse("64081f").isEmpty(), "High with set4 only (Progressive High)");
        assertEquals(Profile.MAIN, H264ProfileLevelId.parse("4d401f").get().profile(), "set1 is free on Main");
    }

    @Test
    void profileNegotiation() {
        Map<String, String> cb31 = Map.of("profile-level-id", "42e01f", "level-asymmetry-allowed", "1",
                "packetization-mode", "1");
        Map<String, String> main = Map.of("profile-level-id", "4d001f");
        Map<String, String> cbMain = Map.of("profile-level-id", "4D801F");
        assertTrue(H264ProfileLevelId.isSameProfile(cb31, cbMain));
        assertFalse(H264ProfileLevelId.isSameProfile(cb31, main));
        // Absent: Constrained Baseline 3.1 as libwebrtc assumes (the RFC would say Baseline 1).
        assertEquals(Optional.of(new H264ProfileLevelId(Profile.CONSTRAINED_BASELINE, Level.L3_1)),
                H264ProfileLevelId.fromFmtp(Map.of()));
        assertTrue(H264ProfileLevelId.isSameProfile(Map.of(), cb31));
        assertFalse(H264ProfileLevelId.isSameProfile(Map.of(), main));
        assertEquals("42000a", H264ProfileLevelId.RFC_6184_DEFAULT.toString()); // level_idc 10

        // Level asymmetry allowed on both sides: answer with our own level.
        Map<String, String> cb52Asym = Map.of("profile-level-id", "42e034", "level-asymmetry-allowed", "1");
        assertEquals(Optional.of("42e034"), H264ProfileLevelId.answerProfileLevelId(cb31, cb52Asym));
        // Not on both sides: the lower of the two levels.
        Map<String, String> cb52 = Map.of("profile-level-id", "42e034");
        assertEquals(Optional.of("42e01f"), H264ProfileLevelId.answerProfileLevelId(cb31, cb52));
        Map<String, String> cb1b = Map.of("profile-level-id", "42f00b");
        assertEquals(Optional.of("42f00b"), H264ProfileLevelId.answerProfileLevelId(cb31, cb1b));
        assertEquals(Optional.empty(), H264ProfileLevelId.answerProfileLevelId(cb31, main));
        assertEquals(Level.L1B, H264ProfileLevelId.answerLevel(Level.L1_1, Level.L1B, false));
        assertEquals(Level.L1, H264ProfileLevelId.answerLevel(Level.L1, Level.L1B, false));
    }
}
