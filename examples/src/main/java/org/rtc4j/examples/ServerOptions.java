package org.rtc4j.examples;

import org.rtc4j.whip.WhipServer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options the WHIP, WHEP and demo servers share. */
public final class ServerOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--connect-timeout", defaultValue = "15",
            description = "Seconds a session may take to connect before it is closed (default ${DEFAULT-VALUE}).")
    int connectTimeout;

    @Option(names = "--seconds", description = "Stop after this many seconds (default: run until stopped).")
    Integer seconds;

    @Option(names = "--udp-port", paramLabel = "P",
            description = "Serve every session on this one UDP port (0 picks one), told apart by ICE username and remote "
                    + "address; the sessions then share one event loop (default: a socket per session).")
    Integer udpPort;

    @Option(names = "--ice-lite",
            description = "ICE-lite (a=ice-lite): answer checks only, as a server with a public address does.")
    boolean iceLite;

    int maxSessions = WhipServer.DEFAULT_MAX_SESSIONS;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "" + WhipServer.DEFAULT_MAX_SESSIONS,
            description = "Sessions open at once; a POST beyond them gets 503 (default ${DEFAULT-VALUE}).")
    void maxSessions(int n) {
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--max-sessions must be at least 1 (got " + n + ")");
        }
        maxSessions = n;
    }
}
