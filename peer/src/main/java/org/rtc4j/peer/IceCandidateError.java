package org.rtc4j.peer;

/**
 * A STUN or TURN server that gave no candidate (W3C {@code RTCPeerConnectionIceErrorEvent}): wrong
 * credentials, an allocation refused (486, 508), or a server that did not answer. Never carries the
 * credentials.
 *
 * @param url the server's URL as configured (without credentials)
 * @param errorCode the STUN error code the server answered (RFC 8489 §14.8), or 701 when it did not
 *     answer or could not be reached (W3C)
 * @param errorText the server's reason phrase, or what went wrong
 * @param reason the typed reason ({@code WRONG_CREDENTIALS}, {@code QUOTA_REACHED}, ...)
 */
public record IceCandidateError(String url, int errorCode, String errorText, String reason) {}
