package org.rtc4j.whip;

/**
 * A WHIP or WHEP request that failed: the endpoint answered with an unexpected status, sent a
 * response the protocol does not allow, or could not be reached ({@link #status()} is then 0).
 * The message names the URL and the status, and the first line of the body the server sent.
 */
public final class WhipException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * @param status the HTTP status, or 0 when there was no usable response
   * @param message what went wrong
   * @param cause the I/O failure, or null
   */
  public WhipException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status the endpoint answered with, or 0 when no response came. */
  public int status() {
    return status;
  }
}
