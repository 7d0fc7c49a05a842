package org.rtc4j.examples;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class Common {

    @Option(names = {"-v", "--verbose"}, description = "Log the stack's steps to stderr, and show stack traces of errors.")
    boolean verbose;

    @Option(names = "--all-interfaces",
            description = "Gather ICE candidates on every interface, not only 127.0.0.1 (to reach another machine).")
    boolean allInterfaces;
}
