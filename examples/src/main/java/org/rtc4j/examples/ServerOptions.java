package org.rtc4j.examples;

import picocli.CommandLine.Option;

/** Options the WHIP, WHEP and demo servers share. */
public final class ServerOptions {

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--connect-timeout", defaultValue = "15",
            description = "Seconds a session may take to connect before it is closed (default ${DEFAULT-VALUE}).")
    int connectTimeout;

    @Option(names = "--seconds", description = "Stop after this many seconds (default: run until stopped).")
    Integer seconds;
}
