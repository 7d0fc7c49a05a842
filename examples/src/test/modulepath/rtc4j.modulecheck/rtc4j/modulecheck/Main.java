package rtc4j.modulecheck;

import java.lang.module.ModuleDescriptor;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rtc4j.examples.HelloRtc4j;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.rtp.RtpHeaderWriter;
import org.rtc4j.rtp.RtpPacket;
import org.rtc4j.sdp.SessionDescription;
import org.rtc4j.srtp.SrtpContext;
import org.rtc4j.srtp.SrtpProfile;

/**
 * Uses the stack as an application on the module path would: checks that every rtc4j module
 * resolved as an explicit named module, that internal packages stay closed, runs an SRTP round
 * trip and reads an offer through the exported packages, then runs the README's example
 * ({@code HelloRtc4j}, compiled into this module by ModulePathIT): a call between two connections
 * on 127.0.0.1. Prints one line per check and exits 0 only if all of them passed.
 */
public final class Main {

    public static void main(String[] args) throws Exception {
        for (String name : List.of("org.rtc4j.sdp", "org.rtc4j.ice", "org.rtc4j.dtls", "org.rtc4j.srtp", "org.rtc4j.peer")) {
            Module m = ModuleLayer.boot().findModule(name).orElseThrow(() -> new AssertionError(name + " not resolved"));
            ModuleDescriptor d = m.getDescriptor();
            check(!d.isAutomatic(), name + " is an automatic module");
            System.out.println("resolved " + name + " exports " + d.exports().stream().filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source).sorted().toList());
        }
        check(PeerConnection.class.getModule().getName().equals("org.rtc4j.peer"), "PeerConnection is not in org.rtc4j.peer");
        Module dtls = ModuleLayer.boot().findModule("org.rtc4j.dtls").orElseThrow();
        check(!dtls.isExported("org.rtc4j.dtls.bc"), "org.rtc4j.dtls.bc is exported");
        Module srtp = SrtpContext.class.getModule();
        check(!srtp.isExported("org.rtc4j.rtp.internal"), "org.rtc4j.rtp.internal is exported to everyone");
        check(srtp.isExported("org.rtc4j.rtp.internal", PeerConnection.class.getModule()),
                "org.rtc4j.rtp.internal is not exported to org.rtc4j.peer");

        srtpRoundTrip();
        offer();
        // The README's example, compiled into this module: a call between two connections on 127.0.0.1.
        HelloRtc4j.main(args);
        System.out.println("module path OK");
    }

    /** An RTP packet written, protected, unprotected and parsed through org.rtc4j.rtp and org.rtc4j.srtp. */
    private static void srtpRoundTrip() {
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        Arrays.fill(key, (byte) 7);
        Arrays.fill(salt, (byte) 9);
        SrtpContext tx = SrtpContext.create(profile, key, salt);
        SrtpContext rx = SrtpContext.create(profile, key, salt);
        byte[] buf = new byte[200];
        RtpHeaderWriter w = new RtpHeaderWriter().reset().payloadType(96).sequenceNumber(4711).timestamp(90_000).ssrc(0x1234);
        int h = w.writeTo(buf, 0);
        for (int i = 0; i < 100; i++) {
            buf[h + i] = (byte) i;
        }
        int protectedLength = tx.protectRtp(buf, 0, h + 100);
        check(protectedLength == h + 100 + profile.rtpTagLength(), "protect returned " + protectedLength);
        int length = rx.unprotectRtp(buf, 0, protectedLength);
        check(length == h + 100, "unprotect returned " + length);
        RtpPacket p = RtpPacket.of(buf, 0, length);
        check(p.sequenceNumber() == 4711 && p.ssrc() == 0x1234 && p.payloadLength() == 100, "RTP header read back wrong");
        System.out.println("srtp round trip OK (" + profile + ")");
    }

    /** The offer of a connection on 127.0.0.1, read through org.rtc4j.sdp. */
    private static void offer() throws Exception {
        try (PeerConnection pc = PeerConnection.create(Configuration.builder().loopbackOnly().build())) {
            pc.addTrack(MediaStreamTrack.video("camera"), "stream");
            SessionDescription offer = SessionDescription.parse(pc.createOffer().get(60, TimeUnit.SECONDS).sdp());
            check(offer.media().stream().anyMatch(m -> m.kind().equals("video")), "the offer has no video section");
            System.out.println("offer OK: " + offer.media().size() + " media section(s)");
        }
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            throw new AssertionError(failure);
        }
    }
}
