package org.rtc4j.examples;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rtc4j} command line: one runnable jar, one subcommand per example. Every command
 * prints progress for people while it runs and, as its last line on standard output, a JSON
 * summary ({@link Report}); it exits 0 only when it did what was asked.
 */
@Command(name = "rtc4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "rtc4j, a pure-Java WebRTC stack: examples.",
        subcommands = {
            LoopbackCommand.class, SignalCommand.class, PeerCommand.class, WhipServerCommand.class,
            WhepServerCommand.class, WhipCommand.class, WhepCommand.class, DemoCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Start with: ./rtc4j loopback"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command (try: rtc4j loopback).");
    }

    public static void main(String[] args) {
        boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
        configureLogging(verbose);
        System.exit(run(verbose, args));
    }

    static void configureLogging(boolean verbose) {
        // The JDK HTTP server (WHIP, WHEP, demo): a request must arrive, and a response leave, within 10 s.
        System.setProperty("sun.net.httpserver.maxReqTime", "10");
        System.setProperty("sun.net.httpserver.maxRspTime", "10");
        // Answers leave at once: without TCP_NODELAY the response's last segment waited for the client's
        // delayed ACK (about 40 ms of every WHIP/WHEP setup, seen in captures against Firefox and Chromium).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        if (!verbose) {
            System.setProperty("org.slf4j.simpleLogger.log.org.java_websocket", "off");
            // Redis outages are reported once by RedisRoomBus, not per reconnection attempt.
            System.setProperty("org.slf4j.simpleLogger.log.io.lettuce", "error");
            System.setProperty("org.slf4j.simpleLogger.log.io.netty", "error");
        }
    }

    static int run(boolean verbose, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("rtc4j " + commandLine.getCommandName() + ": " + sentence(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return Failure.EXIT_CODE;
        });
        return cli.execute(args);
    }

    /** The one sentence a user sees for an exception. */
    static String sentence(Throwable e) {
        if (e instanceof Failure) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return "unexpected " + e.getClass().getSimpleName() + (m == null ? "" : ": " + m) + " (run with --verbose for details).";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"rtc4j " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
