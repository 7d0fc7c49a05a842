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

    @Option(names = "--ice-credential", description = "Password for the TURN servers (never printed).")
    String iceCredential;

    @Option(names = "--relay-only", description = "Gather and use only relayed (TURN) candidates.")
    boolean relayOnly;
}
