package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar carries rtc4j's LICENSE and NOTICE and a THIRD-PARTY.md that lists exactly the
 * libraries it bundles, at the versions it bundles.
 */
class ThirdPartyIT {

    private static final Path ROOT = Path.of(System.getProperty("rtc4j.root", ".."));

    @Test
    void theJarCarriesLicenseNoticeAndThirdPartyList() throws Exception {
        try (JarFile jar = new JarFile(Cli.jar().toFile())) {
            for (String name : new String[] {"LICENSE", "NOTICE", "THIRD-PARTY.md"}) {
                ZipEntry e = jar.getEntry("META-INF/" + name);
                assertNotNull(e, "META-INF/" + name + " in the runnable jar");
                assertArrayEquals(Files.readAllBytes(ROOT.resolve(name)), jar.getInputStream(e).readAllBytes(),
                        "META-INF/" + name + " is rtc4j's " + name + ", not a bundled library's");
            }
            // jackson-core's notices for the FastDoubleParser code it embeds stay as it ships them.
            for (String name : new String[] {"FastDoubleParser-NOTICE", "FastDoubleParser-LICENSE", "thirdparty-LICENSE"}) {
                assertNotNull(jar.getEntry("META-INF/" + name), "META-INF/" + name + " in the runnable jar");
            }
        }
    }

    @Test
    void thirdPartyListsEveryBundledArtifactAtItsVersion() throws Exception {
        Set<String> bundled = new TreeSet<>();
        Matcher dep = Pattern.compile("^\\s+([\\w.-]+):([\\w.-]+):jar:([\\w.-]+):(compile|runtime)", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of(System.getProperty("rtc4j.bundled", "target/bundled-dependencies.txt"))));
        while (dep.find()) {
            bundled.add(dep.group(1) + ":" + dep.group(2) + ":" + dep.group(3));
        }
        assertTrue(bundled.size() >= 10 && bundled.stream().anyMatch(a -> a.startsWith("org.bouncycastle:bcprov-jdk18on:")), bundled.toString());

        Set<String> listed = new TreeSet<>();
        Matcher row = Pattern.compile("^\\| `([\\w.-]+:[\\w.-]+:[\\w.-]+)` \\|", Pattern.MULTILINE)
                .matcher(Files.readString(ROOT.resolve("THIRD-PARTY.md"), StandardCharsets.UTF_8));
        while (row.find()) {
            listed.add(row.group(1));
        }
        assertEquals(bundled, listed, "THIRD-PARTY.md's table lists exactly the bundled artifacts (groupId:artifactId:version)");
    }
}
