package org.sluice.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;

/** Read-time handlers, the server root, and {@code <IfFile>}. */
class ConfigReaderReadTimeTest {

    @TempDir
    Path root;

    private Path write(String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static final ReadTimeHandler SERVER_ROOT =
            (node, reader) -> reader.serverRoot(Path.of(node.args().get(0)));

    @Test
    void runsAHandlerWhileReadingAndLeavesItsDirectiveOutOfTheTree() throws Exception {
        List<ConfigNode> seen = new ArrayList<>();
        ConfigReader reader = ConfigReader.builder().serverRoot(root)
                .readTimeHandler("LoadModule", (node, r) -> seen.add(node)).build();

        List<ConfigNode> nodes = reader.readDirectives("LoadModule echo modules/echo.jar\nListen 1\n", "-C");

        assertThat(nodes).extracting(ConfigNode::name).containsExactly("Listen");
        assertThat(seen).containsExactly(new ConfigNode("LoadModule", "echo modules/echo.jar",
                List.of("echo", "modules/echo.jar"), new ConfigLocation("-C", 1), false, List.of()));
    }

    @Test
    void matchesHandlerNamesCaseInsensitively() throws Exception {
        List<String> seen = new ArrayList<>();
        ConfigReader reader = ConfigReader.builder()
                .readTimeHandlers(Map.of("loadmodule", (node, r) -> seen.add(node.name()))).build();

        reader.readDirectives("LOADMODULE a b\n", "-C");

        assertThat(seen).containsExactly("LOADMODULE");
    }

    @Test
    void letsAHandlerAffectLaterConditionals() throws Exception {
        List<String> loaded = new ArrayList<>();
        ConfigReader reader = ConfigReader.builder()
                .moduleLoaded(loaded::contains)
                .readTimeHandler("LoadModule", (node, r) -> loaded.add(node.args().get(0))).build();

        List<ConfigNode> nodes = reader.readDirectives(
                "LoadModule echo x\n<IfModule echo_module>\nProtocolHandler echo\n</IfModule>\n", "-C");

        assertThat(nodes).extracting(ConfigNode::name).containsExactly("ProtocolHandler");
    }

    @Test
    void reportsAHandlerErrorAtItsDirective() throws Exception {
        Path main = write("main.conf", "Listen 1\nLoadModule nope\n");
        ConfigReader reader = ConfigReader.builder().serverRoot(root)
                .readTimeHandler("LoadModule", (node, r) -> {
                    throw new ConfigException(node.location(), "LoadModule takes two arguments");
                }).build();

        assertThatThrownBy(() -> reader.read(main))
                .isInstanceOf(ConfigException.class)
                .hasMessage("LoadModule takes two arguments")
                .extracting(e -> ((ConfigException) e).location())
                .isEqualTo(new ConfigLocation(main.toString(), 2));
    }

    @Test
    void resolvesIncludesAgainstAServerRootChangedWhileReading() throws Exception {
        Path other = Files.createDirectories(root.resolve("other"));
        write("other/conf/ports.conf", "Listen 2\n");
        Path main = write("main.conf", "ServerRoot \"" + other + "\"\nInclude conf/ports.conf\n");
        ConfigReader reader = ConfigReader.builder().serverRoot(root)
                .readTimeHandler("ServerRoot", SERVER_ROOT).build();

        List<ConfigNode> nodes = reader.read(main);

        assertThat(nodes).extracting(ConfigNode::rawArgs).containsExactly("2");
        assertThat(reader.serverRoot()).isEqualTo(other);
    }

    @Test
    void readsIfFileContentsWhenTheFileExists() throws Exception {
        write("conf/extra.conf", "");
        ConfigReader reader = ConfigReader.builder().serverRoot(root).build();

        List<ConfigNode> nodes = reader.readDirectives(
                "<IfFile conf/extra.conf>\nListen 1\n</IfFile>\n<IfFile !conf/extra.conf>\nListen 2\n</IfFile>\n", "-C");

        assertThat(nodes).extracting(ConfigNode::rawArgs).containsExactly("1");
    }

    @Test
    void skipsIfFileContentsWhenTheFileIsMissing() throws Exception {
        ConfigReader reader = ConfigReader.builder().serverRoot(root).build();

        List<ConfigNode> nodes = reader.readDirectives(
                "<IfFile missing.conf>\nListen 1\n</IfFile>\n<IfFile !missing.conf>\nListen 2\n</IfFile>\n", "-C");

        assertThat(nodes).extracting(ConfigNode::rawArgs).containsExactly("2");
    }

    @Test
    void acceptsAQuotedAbsolutePathInIfFile() throws Exception {
        Path file = write("my dir/x", "");
        ConfigReader reader = ConfigReader.builder().build();

        List<ConfigNode> nodes = reader.readDirectives("<IfFile \"" + file + "\">\nListen 1\n</IfFile>\n", "-C");

        assertThat(nodes).hasSize(1);
    }

    @Test
    void resolvesIfFileAgainstTheCurrentServerRoot() throws Exception {
        write("other/marker", "");
        ConfigReader reader = ConfigReader.builder().serverRoot(root)
                .readTimeHandler("ServerRoot", SERVER_ROOT).build();

        List<ConfigNode> nodes = reader.readDirectives(
                "ServerRoot " + root.resolve("other") + "\n<IfFile marker>\nListen 1\n</IfFile>\n", "-C");

        assertThat(nodes).hasSize(1);
    }
}
