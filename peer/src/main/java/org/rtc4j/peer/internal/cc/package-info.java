/**
 * Congestion control for the connection core: a send-side bandwidth estimator of the GCC family,
 * a pacer, and the receiver's feedback. Pure functions of packets, feedback and time, sans-IO:
 * inputs are {@code handle*(long nowNanos, ...)}, outputs are read with getters and
 * {@code poll*()}, and each part says when it next needs the clock through {@code pollTimeout()}
 * (an absolute deadline). Nothing here reads a clock, owns a thread or allocates per packet once
 * warm.
 *
 * <ul>
 *   <li>Sender: {@link org.rtc4j.peer.internal.cc.CongestionController} turns transport-wide
 *       feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01) into a target bitrate:
 *       delay-based control of draft-ietf-rmcat-gcc-02 §5 (inter-group delay variation over
 *       5 ms send bursts, a trendline slope in place of the draft's Kalman filter as in
 *       libwebrtc's GoogCC, an over-use detector with the adaptive threshold of §5.4, AIMD rate
 *       control of §5.5), the loss-based controller of §6, the acknowledged bitrate, probing
 *       (start-up, further probing, after drops and periodically while application-limited),
 *       application-limited region (ALR) detection, REMB (draft-alvestrand-rmcat-remb-03) as a
 *       cap, and min/max bitrates.</li>
 *   <li>{@link org.rtc4j.peer.internal.cc.Pacer}: a leaky bucket at a multiple of the target,
 *       with priority queues (audio, retransmission, video, padding) over the core's buffer
 *       indices, probe clusters, padding, and a maximum queue delay.</li>
 *   <li>Receiver: {@link org.rtc4j.peer.internal.cc.TransportFeedbackGenerator} records arrivals
 *       and writes RTCP transport-cc feedback; {@link org.rtc4j.peer.internal.cc.RembGenerator}
 *       runs the same delay-based estimator on abs-send-time for senders that only understand
 *       REMB.</li>
 * </ul>
 *
 * Not API: the connection core owns these as fields and drives them.
 */
package org.rtc4j.peer.internal.cc;
