/**
 * The {@code rtc4j} command line: runnable examples built only on the public API of
 * {@code org.rtc4j.peer} and {@code org.rtc4j.media}.
 *
 * <ul>
 *   <li>{@link org.rtc4j.examples.Main}: the picocli entry point of the fat jar and {@code ./rtc4j}.
 *   <li>{@link org.rtc4j.examples.RtcSession}: one PeerConnection with pacing ({@link org.rtc4j.examples.Pacer}),
 *       recording ({@link org.rtc4j.examples.Recorder}) and stats, shared by every command.
 *   <li>{@link org.rtc4j.examples.SignalServer} / {@link org.rtc4j.examples.SignalClient}: rooms of two
 *       peers relaying JSEP offers, answers and trickle candidates (RFC 8829, RFC 8838) as JSON over
 *       WebSocket (RFC 6455).
 *   <li>{@link org.rtc4j.examples.MediaServer} / {@link org.rtc4j.examples.HttpSignal}: the WHIP
 *       (RFC 9725) and WHEP servers and clients, on the {@code rtc4j-whip} library
 *       ({@code org.rtc4j.whip}); answers carry every candidate (RFC 8839 §5.1).
 *   <li>{@link org.rtc4j.examples.FrameCheck}: recordings compared frame by frame with what was sent.
 * </ul>
 *
 * <p>Every command prints progress for people and, last, one JSON line ({@link org.rtc4j.examples.Report});
 * it exits 0 only when it did what was asked, and reports bad input as one sentence
 * ({@link org.rtc4j.examples.Failure}).
 */
package org.rtc4j.examples;
