package org.rtc4j.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.media.file.IvfReader;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.DataChannel;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.RtpSender;

/**
 * Embedding rtc4j: two peers in one JVM, one VP8 frame and one data channel message from alice to
 * bob (the README's example).
 */
public final class HelloRtc4j {

    public static void main(String[] args) throws Exception {
        Received r = exchange();
        System.out.println("bob received " + r.frame() + " and \"" + r.message() + "\"");
    }

    /** What bob got. */
    record Received(EncodedFrame frame, String message) {}

    static Received exchange() throws Exception {
        Configuration config = Configuration.builder().loopbackOnly().build();
        try (PeerConnection alice = PeerConnection.create(config); PeerConnection bob = PeerConnection.create(config)) {
            // A real application sends descriptions and candidates over its own signaling channel;
            // a candidate is added once its receiver has the remote description.
            CompletableFuture<Void> aliceReady = new CompletableFuture<>();
            CompletableFuture<Void> bobReady = new CompletableFuture<>();
            alice.onIceCandidate(c -> { if (c != null) bobReady.thenRun(() -> bob.addIceCandidate(c)); });
            bob.onIceCandidate(c -> { if (c != null) aliceReady.thenRun(() -> alice.addIceCandidate(c)); });
            CompletableFuture<EncodedFrame> received = new CompletableFuture<>();
            bob.onTrack(track -> track.receiver().onFrame(received::complete));
            RtpSender video = alice.addTrack(MediaStreamTrack.video("camera"), "stream");
            CompletableFuture<String> message = new CompletableFuture<>();
            bob.onDataChannel(channel -> channel.onMessage(m -> message.complete(m.text())));
            DataChannel chat = alice.createDataChannel("chat");                     // before the offer
            chat.onOpen(() -> chat.send("hello bob"));

            Description offer = alice.createOffer().get();
            alice.setLocalDescription(offer).get();
            bob.setRemoteDescription(offer).get();
            bobReady.complete(null);
            Description answer = bob.createAnswer().get();
            bob.setLocalDescription(answer).get();
            alice.setRemoteDescription(answer).get();
            aliceReady.complete(null);

            byte[] keyframe = new IvfReader(HelloRtc4j.class.getResourceAsStream("media/vp8.ivf")).next().data();
            for (long ts = 0; !received.isDone() && ts < 900 * 3000; ts += 3000) {  // 30 fps, 30 s at most
                video.sendFrame(new EncodedFrame(keyframe, ts, true, Codec.VP8));   // dropped until connected
                Thread.sleep(33);
            }
            return new Received(received.get(1, TimeUnit.SECONDS), message.get(10, TimeUnit.SECONDS));
        }
    }
}
