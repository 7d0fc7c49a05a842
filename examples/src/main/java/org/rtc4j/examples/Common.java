package org.rtc4j.examples;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class Common {

    @Option(names = {"-v", "--verbose"}, description = "Log the stack's steps to stderr, and show stack traces of errors.")
    boolean verbose;
}
