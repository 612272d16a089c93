package org.sluice.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;

/** {@code Include} and {@code IncludeOptional}. */
class ConfigReaderIncludeTest {

    @TempDir
    Path root;

    private Path write(String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private ConfigReader reader() {
        return ConfigReader.builder().serverRoot(root).build();
    }

    private List<String> argsOf(List<ConfigNode> nodes) {
        return nodes.stream().map(ConfigNode::rawArgs).toList();
    }

    private ConfigException readFails(Path file) {
        ConfigReader reader = reader();
        return (ConfigException) assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(ConfigException.class).actual();
    }

    @Test
    void readsAnIncludedFileInPlace() throws Exception {
        write("conf/ports.conf", "Listen 2\nListen 3\n");
        Path main = write("conf/main.conf", "Listen 1\nInclude conf/ports.conf\nListen 4\n");

        assertThat(argsOf(reader().read(main))).containsExactly("1", "2", "3", "4");
    }

    @Test
    void locatesIncludedDirectivesInTheirOwnFile() throws Exception {
        Path ports = write("conf/ports.conf", "\nListen 2\n");
        Path main = write("conf/main.conf", "Include conf/ports.conf\n");

        assertThat(reader().read(main).get(0).location()).isEqualTo(new ConfigLocation(ports.toString(), 2));
    }

    @Test
    void includesIntoTheCurrentSection() throws Exception {
        write("conf/vhost-body.conf", "ServerName a\n");
        Path main = write("conf/main.conf", "<VirtualHost *:80>\nInclude conf/vhost-body.conf\n</VirtualHost>\n");

        ConfigNode vhost = reader().read(main).get(0);

        assertThat(vhost.children()).extracting(ConfigNode::name).containsExactly("ServerName");
    }

    @Test
    void matchesTheNameCaseInsensitively() throws Exception {
        write("conf/a.conf", "Listen 1\n");
        Path main = write("conf/main.conf", "include conf/a.conf\nINCLUDEOPTIONAL conf/a.conf\n");

        assertThat(argsOf(reader().read(main))).containsExactly("1", "1");
    }

    @Test
    void acceptsAnAbsolutePath() throws Exception {
        Path other = write("elsewhere/x.conf", "Listen 9\n");
        Path main = write("conf/main.conf", "Include \"" + other + "\"\n");

        assertThat(argsOf(reader().read(main))).containsExactly("9");
    }

    @Test
    void includesWildcardMatchesSortedByName() throws Exception {
        write("conf.d/20-b.conf", "Listen 20\n");
        write("conf.d/10-a.conf", "Listen 10\n");
        write("conf.d/30-c.conf", "Listen 30\n");
        write("conf.d/notes.txt", "Listen 99\n");
        Path main = write("main.conf", "Include conf.d/*.conf\n");

        assertThat(argsOf(reader().read(main))).containsExactly("10", "20", "30");
    }

    @Test
    void supportsQuestionMarkAndBracketWildcards() throws Exception {
        write("conf.d/a1.conf", "Listen 1\n");
        write("conf.d/a2.conf", "Listen 2\n");
        write("conf.d/a3.conf", "Listen 3\n");
        write("conf.d/ab.conf", "Listen 4\n");
        Path main = write("main.conf", "Include conf.d/a[12].conf\nInclude conf.d/a?.conf\nInclude conf.d/a[!0-9].conf\n");

        assertThat(argsOf(reader().read(main))).containsExactly("1", "2", "1", "2", "3", "4", "4");
    }

    @Test
    void doesNotMatchHiddenFilesWithAWildcard() throws Exception {
        write("conf.d/.hidden.conf", "Listen 0\n");
        write("conf.d/shown.conf", "Listen 1\n");
        Path main = write("main.conf", "Include conf.d/*.conf\n");

        assertThat(argsOf(reader().read(main))).containsExactly("1");
    }

    @Test
    void supportsWildcardsInDirectoryComponents() throws Exception {
        write("sites/b/vhost-b.conf", "Listen 2\n");
        write("sites/a/vhost-a.conf", "Listen 1\n");
        write("sites/a/other.conf", "Listen 99\n");
        write("sites/vhost-file.conf", "Listen 98\n");
        Path main = write("main.conf", "Include sites/*/vhost*.conf\n");

        assertThat(argsOf(reader().read(main))).containsExactly("1", "2");
    }

    @Test
    void includesEveryFileOfADirectoryRecursivelyInNameOrder() throws Exception {
        write("conf.d/b.conf", "Listen 3\n");
        write("conf.d/a/inner.conf", "Listen 1\n");
        write("conf.d/a/z.conf", "Listen 2\n");
        Path main = write("main.conf", "Include conf.d\n");

        assertThat(argsOf(reader().read(main))).containsExactly("1", "2", "3");
    }

    @Test
    void failsOnAWildcardThatMatchesNothing() throws Exception {
        Files.createDirectories(root.resolve("conf.d"));
        Path main = write("main.conf", "Listen 1\nInclude conf.d/*.conf\n");

        ConfigException e = readFails(main);

        assertThat(e).hasMessage("No matches for the wildcard '*.conf' in '" + root.resolve("conf.d") + "', failing");
        assertThat(e.location()).isEqualTo(new ConfigLocation(main.toString(), 2));
    }

    @Test
    void failsOnAMissingPlainFile() throws Exception {
        Path main = write("main.conf", "\nInclude missing.conf\n");

        ConfigException e = readFails(main);

        assertThat(e).hasMessage("Could not open configuration file " + root.resolve("missing.conf")
                + ": No such file or directory");
        assertThat(e.location()).isEqualTo(new ConfigLocation(main.toString(), 2));
    }

    @Test
    void failsWithoutExactlyOneArgument() throws Exception {
        Path main = write("main.conf", "Include a b\n");

        assertThat(readFails(main)).hasMessageStartingWith("Include takes one argument, ");
    }

    @Test
    void reportsAnErrorInAnIncludedFileAtItsOwnLine() throws Exception {
        Path inner = write("inner.conf", "Listen 1\n</VirtualHost>\n");
        Path main = write("main.conf", "Include inner.conf\n");

        ConfigException e = readFails(main);

        assertThat(e).hasMessage("</VirtualHost> without matching <VirtualHost> section");
        assertThat(e.location()).isEqualTo(new ConfigLocation(inner.toString(), 2));
    }

    @Test
    void doesNotLetASectionSpanFiles() throws Exception {
        Path inner = write("inner.conf", "<VirtualHost *:80>\n");
        Path main = write("main.conf", "Include inner.conf\n</VirtualHost>\n");

        ConfigException e = readFails(main);

        assertThat(e).hasMessage("<VirtualHost> was not closed.");
        assertThat(e.location()).isEqualTo(new ConfigLocation(inner.toString(), 1));
    }

    @Test
    void optionalIgnoresAWildcardThatMatchesNothing() throws Exception {
        Files.createDirectories(root.resolve("conf.d"));
        Path main = write("main.conf", "IncludeOptional conf.d/*.conf\nListen 1\n");

        assertThat(argsOf(reader().read(main))).containsExactly("1");
    }

    @Test
    void optionalIgnoresAMissingDirectoryBeforeAWildcard() throws Exception {
        Path main = write("main.conf", "IncludeOptional nowhere/*/x*.conf\nListen 1\n");

        assertThat(argsOf(reader().read(main))).containsExactly("1");
    }

    @Test
    void optionalIgnoresAMissingPlainFile() throws Exception {
        Path main = write("main.conf", "IncludeOptional missing.conf\nListen 1\n");

        assertThat(argsOf(reader().read(main))).containsExactly("1");
    }

    @Test
    void optionalStillReadsWhatExists() throws Exception {
        write("conf.d/a.conf", "Listen 2\n");
        Path main = write("main.conf", "IncludeOptional conf.d/*.conf\n");

        assertThat(argsOf(reader().read(main))).containsExactly("2");
    }

    @Test
    void optionalStillReportsErrorsInsideTheIncludedFile() throws Exception {
        write("conf.d/a.conf", "<Location />\n");
        Path main = write("main.conf", "IncludeOptional conf.d/*.conf\n");

        assertThat(readFails(main)).hasMessage("<Location> was not closed.");
    }

    @Test
    void stopsAnIncludeLoopAtTheDepthLimit() throws Exception {
        Path main = write("main.conf", "Listen 1\nInclude main.conf\n");

        ConfigException e = readFails(main);

        assertThat(e).hasMessage("Exceeded the maximum include directory nesting level of 128. "
                + "You have probably a recursion somewhere.");
        assertThat(e.location()).isEqualTo(new ConfigLocation(main.toString(), 2));
    }

    @Test
    void stopsAMutualIncludeLoop() throws Exception {
        write("a.conf", "Include b.conf\n");
        write("b.conf", "Include a.conf\n");
        Path main = write("main.conf", "Include a.conf\n");

        assertThat(readFails(main)).hasMessageStartingWith("Exceeded the maximum include directory nesting level");
    }

    @Test
    void allowsDeepButFiniteIncludeChains() throws Exception {
        for (int i = 0; i < 100; i++) {
            write("chain/" + i + ".conf", "Include chain/" + (i + 1) + ".conf\n");
        }
        write("chain/100.conf", "Listen 100\n");

        assertThat(argsOf(reader().read(root.resolve("chain/0.conf")))).containsExactly("100");
    }
}
