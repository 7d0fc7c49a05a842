package org.rtc4j.examples;

/**
 * A run that cannot do what was asked, for a reason the user can act on: a missing file, a URL that
 * does not answer, a server that says no, a peer that left. {@link Main} prints the message as one
 * sentence on standard error (the stack trace only with {@code --verbose}) and exits non-zero.
 */
public final class Failure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit code for a failure: 1 (picocli uses 2 for a bad command line). */
    public static final int EXIT_CODE = 1;

    public Failure(String sentence) {
        super(sentence);
    }

    public Failure(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}
