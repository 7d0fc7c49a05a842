package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every command explains itself with --help (in-process; CliIT runs the jar for the top level). */
class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"loopback", "signal", "peer", "whip-server", "whep-server", "whip", "whep", "demo"})
    void everyCommandHasHelp(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(command, "--help"));
        String help = out.toString();
        assertTrue(help.startsWith("Usage: rtc4j " + command), help);
        assertTrue(help.contains("--verbose"), help);
        assertTrue(help.contains("--help"), help);
    }

    /** Every peer takes the network options of issue 15, documented in its help. */
    @ParameterizedTest
    @ValueSource(strings = {"loopback", "peer", "whip-server", "whep-server", "whip", "whep", "demo"})
    void everyPeerDocumentsItsNetworkOptions(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(command, "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        for (String option : new String[] {"--ice-server=URL", "--ice-username", "--ice-credential", "--relay-only",
                "--ice-tcp", "--turn-ca=FILE", "RTC4J_ICE_CREDENTIAL"}) {
            assertTrue(help.contains(option), command + " documents " + option + ": " + help);
        }
        assertTrue(help.contains("ICE-TCP") && help.contains("turns:"), help);
    }

    /** The file senders say they report the target and keep the file's bitrate (issue 16). */
    @ParameterizedTest
    @ValueSource(strings = {"peer", "whep-server", "whip", "demo"})
    void fileSendersSayTheyCannotFollowTheTarget(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(command, "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("target") && help.contains("re-encode"), help);
    }
}
