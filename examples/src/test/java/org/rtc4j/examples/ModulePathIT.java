package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtc4j.media.file.IvfReader;

/**
 * rtc4j as named modules on the module path, the way a modular application uses it: the library
 * jars' descriptors export exactly the API packages, an application module compiles against the
 * exported packages and cannot see the internal ones, and it runs the README's example (a call over
 * 127.0.0.1) on the module path.
 */
class ModulePathIT {

    /** The packages each library exports to everyone. Anything else, internal packages first, stays inside. */
    private static final Map<String, Set<String>> EXPORTS = Map.of(
            "org.rtc4j.sdp", Set.of("org.rtc4j.sdp"),
            "org.rtc4j.ice", Set.of("org.rtc4j.ice", "org.rtc4j.ice.mdns", "org.rtc4j.ice.turn", "org.rtc4j.net",
                "org.rtc4j.stun"),
            "org.rtc4j.dtls", Set.of("org.rtc4j.dtls"),
            "org.rtc4j.srtp", Set.of("org.rtc4j.rtp", "org.rtc4j.rtcp", "org.rtc4j.srtp"),
            "org.rtc4j.sctp", Set.of("org.rtc4j.sctp", "org.rtc4j.sctp.chunk", "org.rtc4j.sctp.dcep"),
            "org.rtc4j.peer", Set.of("org.rtc4j.peer", "org.rtc4j.media", "org.rtc4j.media.audio", "org.rtc4j.media.av1",
                    "org.rtc4j.media.file", "org.rtc4j.media.h264", "org.rtc4j.media.vp8", "org.rtc4j.media.vp9"),
            "org.rtc4j.whip", Set.of("org.rtc4j.whip"));

    /** Qualified exports, "package to module": the only holes in the boundary. */
    private static final Map<String, Set<String>> QUALIFIED_EXPORTS = Map.of(
            "org.rtc4j.srtp", Set.of("org.rtc4j.rtp.internal to org.rtc4j.peer"));

    /** Third-party modules the libraries require by name. */
    private static final Map<String, Set<String>> REQUIRES = Map.of(
            "org.rtc4j.dtls", Set.of("org.bouncycastle.provider", "org.bouncycastle.tls", "org.bouncycastle.pkix", "org.slf4j"),
            "org.rtc4j.ice", Set.of("org.slf4j"),
            "org.rtc4j.srtp", Set.of("org.slf4j"),
            "org.rtc4j.sctp", Set.of("org.slf4j"),
            "org.rtc4j.peer", Set.of("org.slf4j", "org.rtc4j.sdp", "org.rtc4j.ice", "org.rtc4j.dtls", "org.rtc4j.srtp",
                "org.rtc4j.sctp"),
            "org.rtc4j.whip", Set.of("org.slf4j", "org.rtc4j.peer", "org.rtc4j.sdp", "java.net.http", "jdk.httpserver"));

    /** The library jars and what they need at run time, taken from this test's class path. */
    static List<Path> libraryModulePath() {
        List<Path> path = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> {
                    String n = p.getFileName().toString();
                    return n.endsWith(".jar") && (n.matches("rtc4j-(sdp|ice|dtls|srtp|sctp|peer|whip)-.*") || n.matches("bc[a-z]+-jdk18on-.*")
                            || n.matches("slf4j-(api|simple)-.*"));
                })
                .toList();
        assertEquals(7, path.stream().filter(p -> p.getFileName().toString().startsWith("rtc4j-")).count(),
                "the seven library jars (run after package) on the class path: " + path);
        return path;
    }

    @Test
    void libraryDescriptorsExportOnlyTheApi() {
        ModuleFinder finder = ModuleFinder.of(libraryModulePath().toArray(Path[]::new));
        for (String name : EXPORTS.keySet()) {
            ModuleDescriptor d = finder.find(name).map(ModuleReference::descriptor)
                    .orElseThrow(() -> new AssertionError(name + " is not a module in its jar"));
            assertFalse(d.isAutomatic(), name + " must have a module-info.class, not an automatic name");
            Set<String> exported = d.exports().stream().filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(EXPORTS.get(name)), exported, name + " exports");
            Set<String> qualified = d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                    .map(e -> e.source() + " to " + String.join(",", new TreeSet<>(e.targets())))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(QUALIFIED_EXPORTS.getOrDefault(name, Set.of())), qualified, name + " qualified exports");
            assertTrue(d.opens().isEmpty() && !d.isOpen(), name + " opens nothing to reflection");
            Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
            assertTrue(requires.containsAll(REQUIRES.getOrDefault(name, Set.of())), name + " requires " + requires);
            for (String p : d.packages()) {
                if (p.contains(".internal") || p.endsWith(".bc")) {
                    assertFalse(exported.contains(p), name + " exports its internal package " + p);
                }
            }
        }
    }

    @Test
    void anApplicationModuleSeesOnlyExportedPackages(@TempDir Path tmp) throws IOException {
        Path classes = compileApplication(tmp);
        assertTrue(Files.isRegularFile(classes.resolve("module-info.class")));

        // The same application, reaching for the Bouncy Castle adapter and an internal package.
        Path src = tmp.resolve("bad/rtc4j.modulecheck");
        copyApplication(src);
        Files.writeString(src.resolve("rtc4j/modulecheck/Internal.java"), """
                package rtc4j.modulecheck;
                class Internal {
                    Object adapter = org.rtc4j.dtls.bc.BcDtlsAdapter.class;
                    Object rtx = org.rtc4j.rtp.internal.RtpRetransmission.class;
                }
                """);
        Compilation c = compile(src, tmp.resolve("bad-classes"));
        assertFalse(c.ok, "an application must not compile against internal packages:\n" + c.log);
        assertTrue(c.log.contains("package org.rtc4j.dtls.bc is not visible"), c.log);
        assertTrue(c.log.contains("package org.rtc4j.rtp.internal is not visible"), c.log);
    }

    @Test
    void anApplicationModuleMakesACall(@TempDir Path tmp) throws Exception {
        Path classes = compileApplication(tmp);
        String modulePath = Stream.concat(libraryModulePath().stream(), Stream.of(classes))
                .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "-m", "rtc4j.modulecheck/rtc4j.modulecheck.Main");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String out = Files.readString(tmp.resolve("out.txt"));
        assertTrue(exited, "the module path program did not finish within 120 s:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("resolved org.rtc4j.peer exports [org.rtc4j.media, org.rtc4j.media.audio"), out);
        assertTrue(out.contains("srtp round trip OK"), out);
        assertTrue(out.contains("offer OK"), out);
        int keyframe;
        try (var in = Files.newInputStream(Path.of("src/main/resources", CLIP))) {
            keyframe = new IvfReader(in).next().data().length;
        }
        assertTrue(out.contains("bob received EncodedFrame[VP8 ts="), out);
        assertTrue(out.contains(" key " + keyframe + " B]"), "bob received the clip's first keyframe:\n" + out);
        assertTrue(out.strip().endsWith("module path OK"), out);
    }

    private static Path compileApplication(Path tmp) throws IOException {
        Path src = tmp.resolve("src/rtc4j.modulecheck");
        copyApplication(src);
        Path classes = tmp.resolve("classes");
        Compilation c = compile(src, classes);
        assertTrue(c.ok, "the application module compiles against the exported packages:\n" + c.log);
        copy(Path.of("src/main/resources", CLIP), classes.resolve(CLIP));  // HelloRtc4j's keyframe
        return classes;
    }

    /**
     * The application's sources: src/test/modulepath/rtc4j.modulecheck, plus the README's example
     * (HelloRtc4j) from this module's main sources.
     */
    private static void copyApplication(Path dst) throws IOException {
        Path from = Path.of("src/test/modulepath/rtc4j.modulecheck");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                copy(f, dst.resolve(from.relativize(f).toString()));
            }
        }
        copy(Path.of("src/main/java", HELLO), dst.resolve(HELLO));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static final String HELLO = "org/rtc4j/examples/HelloRtc4j.java";
    private static final String CLIP = "org/rtc4j/examples/media/vp8.ivf";

    private record Compilation(boolean ok, String log) {}

    private static Compilation compile(Path moduleSource, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror", "-d", classes.toString(),
                "--module-path", libraryModulePath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
        try (Stream<Path> files = Files.walk(moduleSource)) {
            files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).forEach(args::add);
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int status = javac.run(null, log, log, args.toArray(String[]::new));
        return new Compilation(status == 0, log.toString(StandardCharsets.UTF_8));
    }
}
