package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's Install section, done as a user would: {@code mvn install} of a copy of the source
 * tree, then a project whose POM is the README's snippet (import the BOM, depend on
 * {@code rtc4j-peer}) builds and runs against what was installed.
 *
 * <p>Nothing goes into the shared local repository: the nested builds use a local repository in a
 * temporary directory, filled from this build's local repository through a {@code file:} mirror
 * (no network is needed or used).
 */
class ConsumerProjectIT {

    private static final List<String> LIBRARIES =
            List.of("rtc4j-sdp", "rtc4j-ice", "rtc4j-dtls", "rtc4j-srtp", "rtc4j-sctp", "rtc4j-peer", "rtc4j-whip");

    private static Path root() {
        return Path.of(System.getProperty("rtc4j.root", "..")).toAbsolutePath().normalize();
    }

    private static String version() {
        return System.getProperty("rtc4j.version", "0.1.0-SNAPSHOT");
    }

    @Test
    void theBomListsEveryPublishedLibrary() throws Exception {
        Document bom = xml(root().resolve("bom/pom.xml"));
        Set<String> managed = new TreeSet<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            managed.add(child((Element) deps.item(i), "artifactId"));
        }
        Document parent = xml(root().resolve("pom.xml"));
        assertEquals(child(parent.getDocumentElement(), "version"), child(bom.getDocumentElement(), "version"),
                "the BOM's version moves with the parent's");
        Set<String> published = new TreeSet<>();
        NodeList modules = parent.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            Path pom = root().resolve(modules.item(i).getTextContent().trim()).resolve("pom.xml");
            Element project = xml(pom).getDocumentElement();
            String packaging = child(project, "packaging");
            boolean skipped = Files.readString(pom).contains("<maven.deploy.skip>true</maven.deploy.skip>");
            if (!skipped && (packaging == null || packaging.equals("jar"))) {
                published.add(child(project, "artifactId"));
            }
        }
        assertEquals(new TreeSet<>(LIBRARIES), published, "the published libraries");
        assertEquals(published, managed, "the BOM manages exactly the published libraries");
    }

    @Test
    void aProjectBuildsAgainstTheInstalledArtifacts(@TempDir Path tmp) throws Exception {
        Path repo = tmp.resolve("repo");
        Path settings = tmp.resolve("settings.xml");
        Path seed = Path.of(System.getProperty("rtc4j.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        Files.writeString(settings, """
                <settings>
                  <mirrors>
                    <mirror><id>seed</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(seed.toUri()));

        // A fresh copy of the sources, as a clone would be; `mvn install` of the published modules.
        Path clone = tmp.resolve("rtc4j");
        copyTree(root(), clone);
        mvn(clone, tmp.resolve("install.log"), settings, repo, "install", "-DskipTests", "-pl", "bom,peer,whip", "-am");
        Path installed = repo.resolve("org/rtc4j");
        assertTrue(Files.isRegularFile(installed.resolve("rtc4j-bom/" + version() + "/rtc4j-bom-" + version() + ".pom")));
        for (String a : LIBRARIES) {
            for (String suffix : List.of(".pom", ".jar", "-sources.jar", "-javadoc.jar")) {
                Path f = installed.resolve(a + "/" + version() + "/" + a + "-" + version() + suffix);
                assertTrue(Files.isRegularFile(f), "installed: " + f);
            }
        }

        // The consumer: the README's dependency snippet in an otherwise ordinary project.
        Path consumer = tmp.resolve("consumer");
        Files.createDirectories(consumer.resolve("src/main/java/consumer"));
        Files.writeString(consumer.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>consumer</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                %s
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                        <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                        <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.3</version></plugin>
                        <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                      </plugins>
                    </pluginManagement>
                  </build>
                </project>
                """.formatted(readmeSnippet()));
        Files.writeString(consumer.resolve("src/main/java/consumer/Main.java"), """
                package consumer;

                import java.util.concurrent.TimeUnit;
                import org.rtc4j.peer.Configuration;
                import org.rtc4j.peer.Description;
                import org.rtc4j.peer.MediaStreamTrack;
                import org.rtc4j.peer.PeerConnection;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        try (PeerConnection pc = PeerConnection.create(Configuration.builder().loopbackOnly().build())) {
                            pc.addTrack(MediaStreamTrack.video("camera"), "stream");
                            Description offer = pc.createOffer().get(60, TimeUnit.SECONDS);
                            System.out.println(offer.type().w3cName() + (offer.sdp().contains("m=video") ? " with video" : " without video"));
                        }
                    }
                }
                """);
        mvn(consumer, tmp.resolve("consumer.log"), settings, repo, "package",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath", "-Dmdep.outputFile=cp.txt");
        String cp = consumer.resolve("target/classes") + java.io.File.pathSeparator + Files.readString(consumer.resolve("cp.txt")).strip();
        assertTrue(cp.contains("rtc4j-peer-" + version() + ".jar") && cp.contains("rtc4j-sdp-" + version() + ".jar")
                && cp.contains("bcprov-jdk18on"), "rtc4j-peer brings the stack: " + cp);
        assertTrue(cp.contains(repo.toString()), "resolved from the temporary repository: " + cp);
        Path out = tmp.resolve("run.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp, "consumer.Main")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the consumer finished");
        String log = Files.readString(out);
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("offer with video"), log);
    }

    /** The XML block of the README's Install section. */
    static String readmeSnippet() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        int install = readme.indexOf("\n## Install");
        assertTrue(install >= 0, "README has an Install section");
        Matcher m = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(install), "the Install section shows the POM snippet");
        String snippet = m.group(1);
        assertTrue(snippet.contains("<artifactId>rtc4j-bom</artifactId>") && snippet.contains("<scope>import</scope>")
                && snippet.contains("<artifactId>rtc4j-peer</artifactId>"), snippet);
        assertTrue(snippet.contains("<version>" + version() + "</version>"), "the README names the current version: " + snippet);
        return snippet;
    }

    private static void mvn(Path dir, Path log, Path settings, Path repo, String... goals) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-s", settings.toString(), "-Dmaven.repo.local=" + repo));
        cmd.addAll(List.of(goals));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = p.waitFor(15, TimeUnit.MINUTES);
        if (!exited) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        String tail = out.substring(Math.max(0, out.length() - 6000));
        assertTrue(exited, "mvn " + String.join(" ", goals) + " did not finish in 15 minutes:\n" + tail);
        assertEquals(0, p.exitValue(), "mvn " + String.join(" ", goals) + " in " + dir + ":\n" + tail);
    }

    /** Copies the source tree without build output or version control. */
    private static void copyTree(Path from, Path to) throws IOException {
        Set<String> skip = Set.of("target", ".git", ".idea", "results");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = from.relativize(f);
                boolean skipped = false;
                for (Path part : rel) {
                    skipped |= skip.contains(part.toString());
                }
                if (!skipped) {
                    Path dst = to.resolve(rel.toString());
                    Files.createDirectories(dst.getParent());
                    Files.copy(f, dst);
                }
            }
        }
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    /** The text of a direct child element, or null. */
    private static String child(Element e, String name) {
        for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c.getTextContent().trim();
            }
        }
        return null;
    }
}
