package org.rtc4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of a test's own ({@code ip netns add}), with loopback up and nothing else,
 * where processes run ({@link #prefix()}) and nftables shapes their traffic: loss, rate limits. The
 * test's JVM stays outside, so the rules never touch another test running side by side. Needs
 * root (or CAP_SYS_ADMIN and CAP_NET_ADMIN), {@code ip} and {@code nft}; see {@link #unavailable()}.
 */
final class NetNamespace implements AutoCloseable {
    private static final String TABLE = "rtc4j_netem";

    final String name;

    private NetNamespace(String name) {
        this.name = name;
    }

    /** Why namespaces cannot be made here, or null when they can. */
    static String unavailable() {
        for (String tool : new String[] {"/usr/sbin/ip", "/usr/sbin/nft"}) {
            if (!Files.isExecutable(Path.of(tool)) && !Files.isExecutable(Path.of(tool.replace("/usr/sbin", "/sbin")))) {
                return tool + " is not installed (apt-get install iproute2 nftables)";
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces and nftables need root (./run-tests as root runs the suite so)";
        }
        return null;
    }

    /** Creates {@code rtc4j-<tag>-<pid>} with loopback up. */
    static NetNamespace create(String tag) throws IOException, InterruptedException {
        NetNamespace ns = new NetNamespace("rtc4j-" + tag + "-" + ProcessHandle.current().pid());
        exec("", "ip", "netns", "add", ns.name);
        try {
            exec("", "ip", "netns", "exec", ns.name, "ip", "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** The command prefix that runs a program inside the namespace ({@code ip} execs it: same pid). */
    List<String> prefix() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Drops {@code percent}% of the UDP datagrams arriving on any interface (both directions over lo). */
    void loss(int percent) throws IOException, InterruptedException {
        rules(percent <= 0 ? "" : "meta l4proto udp numgen random mod 100 < " + percent + " drop");
    }

    /**
     * Replaces the namespace's shaping rules with {@code rules} (nft statements of one input chain,
     * one a line), or removes them all when blank.
     */
    void rules(String rules) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        script.append("table inet ").append(TABLE).append(" {}\n");
        script.append("delete table inet ").append(TABLE).append('\n');
        if (!rules.isBlank()) {
            script.append("table inet ").append(TABLE).append(" {\n chain input {\n")
                    .append("  type filter hook input priority 0; policy accept;\n");
            for (String r : rules.split("\n")) {
                script.append("  ").append(r).append('\n');
            }
            script.append(" }\n}\n");
        }
        exec(script.toString(), "ip", "netns", "exec", name, "nft", "-f", "-");
    }

    /** {@code nft list ruleset} in the namespace (for failure messages). */
    String ruleset() {
        try {
            return exec("", "ip", "netns", "exec", name, "nft", "list", "ruleset");
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "(" + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            exec("", "ip", "netns", "del", name);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // already gone
        }
    }

    /** Runs {@code cmd} with {@code input} on its stdin; its output, or an IOException if it fails. */
    private static String exec(String input, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": still running after 20 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out.strip());
        }
        return out;
    }
}
