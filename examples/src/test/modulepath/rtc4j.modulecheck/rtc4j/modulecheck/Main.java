package rtc4j.modulecheck;

import java.lang.module.ModuleDescriptor;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.RtpSender;
import org.rtc4j.rtp.RtpHeaderWriter;
import org.rtc4j.rtp.RtpPacket;
import org.rtc4j.sdp.SessionDescription;
import org.rtc4j.srtp.SrtpContext;
import org.rtc4j.srtp.SrtpProfile;

/**
 * Uses the stack as an application on the module path would: checks that every rtc4j module
 * resolved as an explicit named module, reads RTP and SDP through the exported packages, runs an
 * SRTP round trip and a call between two peer connections on 127.0.0.1. Prints one line per
 * check and exits 0 only if all of them passed.
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
        call();
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

    /** Two connections on 127.0.0.1 (ICE, DTLS, SRTP): one VP8 frame from alice arrives at bob unchanged. */
    private static void call() throws Exception {
        Configuration config = Configuration.builder().loopbackOnly().build();
        try (PeerConnection alice = PeerConnection.create(config); PeerConnection bob = PeerConnection.create(config)) {
            CompletableFuture<Void> aliceReady = new CompletableFuture<>();
            CompletableFuture<Void> bobReady = new CompletableFuture<>();
            alice.onIceCandidate(c -> { if (c != null) bobReady.thenRun(() -> bob.addIceCandidate(c)); });
            bob.onIceCandidate(c -> { if (c != null) aliceReady.thenRun(() -> alice.addIceCandidate(c)); });
            CompletableFuture<EncodedFrame> received = new CompletableFuture<>();
            bob.onTrack(track -> track.receiver().onFrame(received::complete));
            RtpSender video = alice.addTrack(MediaStreamTrack.video("camera"), "stream");

            Description offer = alice.createOffer().get(30, TimeUnit.SECONDS);
            SessionDescription parsed = SessionDescription.parse(offer.sdp());
            check(parsed.media().stream().anyMatch(m -> m.kind().equals("video")), "the offer has no video section");
            alice.setLocalDescription(offer).get(30, TimeUnit.SECONDS);
            bob.setRemoteDescription(offer).get(30, TimeUnit.SECONDS);
            bobReady.complete(null);
            Description answer = bob.createAnswer().get(30, TimeUnit.SECONDS);
            bob.setLocalDescription(answer).get(30, TimeUnit.SECONDS);
            alice.setRemoteDescription(answer).get(30, TimeUnit.SECONDS);
            aliceReady.complete(null);

            byte[] frame = new byte[3000];  // a VP8 keyframe as far as RTP is concerned: P bit (bit 0) clear
            for (int i = 1; i < frame.length; i++) {
                frame[i] = (byte) (i * 31);
            }
            for (long ts = 0; !received.isDone() && ts < 900 * 3000; ts += 3000) {  // 30 fps, 30 s at most
                video.sendFrame(new EncodedFrame(frame, ts, true, Codec.VP8));      // dropped until connected
                Thread.sleep(33);
            }
            EncodedFrame got = received.get(1, TimeUnit.SECONDS);
            check(Arrays.equals(frame, got.data()), "bob received a different frame");
            System.out.println("call OK: bob received " + got.data().length + " bytes of " + got.codec());
        }
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            throw new AssertionError(failure);
        }
    }
}
