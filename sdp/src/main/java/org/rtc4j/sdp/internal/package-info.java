/**
 * Internals of the SDP module: the token table and character helpers the parser uses. Not API;
 * may change without notice.
 */
package org.rtc4j.sdp.internal;
