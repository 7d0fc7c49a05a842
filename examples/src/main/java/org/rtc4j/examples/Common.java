package org.rtc4j.examples;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class Common {

    @Option(names = {"-v", "--verbose"}, description = "Log the stack's steps to stderr, and show stack traces of errors.")
    boolean verbose;

    @Option(names = "--all-interfaces",
            description = "Gather ICE candidates on every interface, not only 127.0.0.1 (to reach another machine).")
    boolean allInterfaces;

    @Option(names = "--ice-server", paramLabel = "URL",
            description = "A STUN or TURN server (stun:, turn:, turns:, ?transport=tcp); repeatable.")
    java.util.List<String> iceServers = new java.util.ArrayList<>();

    @Option(names = "--ice-username", description = "Username for the TURN servers.")
    String iceUsername;

    /** Where the TURN password can be given instead of {@code --ice-credential}, out of sight of {@code ps}. */
    public static final String CREDENTIAL_ENV = "RTC4J_ICE_CREDENTIAL";

    @Option(names = "--ice-credential",
            description = "Password for the TURN servers (never printed). A command line is visible to every user"
                    + " of the machine (ps): prefer the environment variable " + CREDENTIAL_ENV + ".")
    String iceCredential;

    @Option(names = "--relay-only", description = "Gather and use only relayed (TURN) candidates.")
    boolean relayOnly;

    /** {@code --ice-credential}, or else the environment's {@value #CREDENTIAL_ENV}, or null. */
    String iceCredential() {
        return iceCredential != null ? iceCredential : System.getenv(CREDENTIAL_ENV);
    }
}
